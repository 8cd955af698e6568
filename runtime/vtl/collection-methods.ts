import { VtlHost } from "./host.js";
import { javaString } from "./render.js";
import { createMap, isInteger, isNull, isVtlList, isVtlMap, javaList, mapGet, mapPut, type VtlMap } from "./values.js";

/** Java `equals` between members of collections (`contains`, `indexOf`, `containsValue`). */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (isNull(a) || isNull(b)) return isNull(a) && isNull(b);
  if (a === b) return true;
  if (isVtlList(a) && isVtlList(b)) return a.length === b.length && a.every((item, i) => javaEquals(item, b[i]));
  if (isVtlMap(a) && isVtlMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && javaEquals(a[k], b[k]));
  }
  return false;
}

/** Map keys are strings (JSON object keys); any other key is first printed as Java would [U]. */
function keyOf(key: unknown): string {
  return typeof key === "string" ? key : javaString(key, []);
}

/** One `Map.Entry` of `entrySet()`: `$e.key`, `$e.value`, `$e.getKey()`; prints as `key=value`. */
export class VtlMapEntry extends VtlHost {
  constructor(readonly key: string, readonly value: unknown) {
    super();
  }

  vtlProperty(name: string): unknown {
    return name === "key" ? this.key : name === "value" ? this.value : null;
  }

  vtlCall(name: string, args: readonly unknown[]): unknown {
    if (args.length !== 0) return null;
    if (name === "getKey") return this.key;
    if (name === "getValue") return this.value;
    if (name === "toString") return this.vtlString();
    return null;
  }

  vtlString(): string {
    return this.key + "=" + javaString(this.value, []);
  }
}

/** `java.util.Map` methods (JSON objects are `LinkedHashMap`s: insertion order, null values allowed). */
export function callMapMethod(map: VtlMap, name: string, args: readonly unknown[]): unknown {
  const [a, b] = args;
  switch (`${name}/${args.length}`) {
    case "get/1": return mapGet(map, keyOf(a)) ?? null;
    case "getOrDefault/2": return Object.hasOwn(map, keyOf(a)) ? map[keyOf(a)] : b;
    case "put/2": return mapPut(map, keyOf(a), b) ?? null;
    case "putIfAbsent/2": return isNull(mapGet(map, keyOf(a))) ? (mapPut(map, keyOf(a), b), null) : map[keyOf(a)];
    case "putAll/1":
      if (isVtlMap(a)) for (const k of Object.keys(a)) mapPut(map, k, a[k]);
      return null;
    case "remove/1": {
      const key = keyOf(a);
      const previous = mapGet(map, key);
      delete map[key];
      return previous ?? null;
    }
    case "containsKey/1": return Object.hasOwn(map, keyOf(a));
    case "containsValue/1": return Object.values(map).some((v) => javaEquals(v, a));
    case "keySet/0": return javaList(Object.keys(map));
    case "values/0": return javaList(Object.values(map));
    case "entrySet/0": return javaList(Object.keys(map).map((k) => new VtlMapEntry(k, map[k])));
    case "size/0": return Object.keys(map).length;
    case "isEmpty/0": return Object.keys(map).length === 0;
    case "clear/0":
      for (const k of Object.keys(map)) delete map[k];
      return null;
    case "equals/1": return javaEquals(map, a);
    case "toString/0": return javaString(map, []);
    default: return null;
  }
}

/** `java.util.List` methods. Index arguments must be integers in range, as Java requires. */
export function callListMethod(list: unknown[], name: string, args: readonly unknown[]): unknown {
  const [a, b] = args;
  switch (`${name}/${args.length}`) {
    case "size/0": return list.length;
    case "isEmpty/0": return list.length === 0;
    case "get/1": return isInteger(a) && a >= 0 && a < list.length ? list[a] : null;
    case "add/1":
      list.push(a);
      return true;
    case "add/2":
      if (isInteger(a) && a >= 0 && a <= list.length) list.splice(a, 0, b);
      return null;
    case "addAll/1":
      if (!isVtlList(a)) return null;
      list.push(...a);
      return a.length > 0;
    case "set/2": {
      if (!isInteger(a) || a < 0 || a >= list.length) return null;
      const previous = list[a];
      list[a] = b;
      return previous;
    }
    case "remove/1": {
      if (isInteger(a)) return a >= 0 && a < list.length ? list.splice(a, 1)[0] : null;
      const i = list.findIndex((item) => javaEquals(item, a));
      if (i >= 0) list.splice(i, 1);
      return i >= 0;
    }
    case "contains/1": return list.some((item) => javaEquals(item, a));
    case "indexOf/1": return list.findIndex((item) => javaEquals(item, a));
    case "lastIndexOf/1": return list.findLastIndex((item) => javaEquals(item, a));
    case "subList/2":
      return isInteger(a) && isInteger(b) && a >= 0 && a <= b && b <= list.length ? javaList(list.slice(a, b)) : null;
    case "clear/0":
      list.length = 0;
      return null;
    case "equals/1": return javaEquals(list, a);
    case "toString/0": return javaString(list, []);
    default: return null;
  }
}

/** A copy of a map (for the scope's own maps). */
export function copyMap(source: Readonly<Record<string, unknown>>): VtlMap {
  const map = createMap();
  for (const k of Object.keys(source)) mapPut(map, k, source[k]);
  return map;
}
