/**
 * The value model of compiled templates. JSON from `$input.path()` / `$util.parseJson()` is used
 * as parsed, without copying: objects are Java maps, arrays are lists, and strings, numbers,
 * booleans and null are themselves. `undefined` (a variable never set) is Java null too.
 */
export type VtlMap = Record<string, unknown>;

/**
 * Lists made by the template (`[1, 2]`, ranges, `keySet()`, `split()`) are Java `ArrayList`s and
 * print as `[a, b]`; lists parsed from JSON print as compact JSON (reference §4.7 [V]). The set
 * marks the former; a WeakSet so marking never keeps a list alive.
 */
const JAVA_LISTS = new WeakSet<unknown[]>();

/** A list that prints the way Java's `AbstractCollection.toString()` does. */
export function javaList(items: unknown[]): unknown[] {
  JAVA_LISTS.add(items);
  return items;
}

/** True for lists made by the template rather than parsed from JSON. */
export function isJavaList(value: unknown[]): boolean {
  return JAVA_LISTS.has(value);
}

/** Java null: a missing value or JSON null. */
export function isNull(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** A map: a plain object (from JSON, a `{}` literal or the scope's own maps), never a host object. */
export function isVtlMap(value: unknown): value is VtlMap {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A list (JSON array or Java list). */
export function isVtlList(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/** A new empty map. Null prototype: keys such as `constructor` or `__proto__` are plain keys. */
export function createMap(): VtlMap {
  return Object.create(null) as VtlMap;
}

/**
 * `Map.get(key)`: own keys only, so `$m.constructor` or `$m.toString` never reach
 * Object.prototype.
 */
export function mapGet(map: VtlMap, key: string): unknown {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** `Map.put(key, value)`, returning the previous value; `__proto__` becomes an ordinary own key. */
export function mapPut(map: VtlMap, key: string, value: unknown): unknown {
  const previous = mapGet(map, key);
  if (key === "__proto__") Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
  return previous;
}

/** A value is an integer in Java's sense when JS holds it as an integral number (`1.0` from JSON is one too). */
export function isInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}
