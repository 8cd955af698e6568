import { createMap, javaList, mapPut, type VtlMap } from "./values.js";

/** A list literal `[a, b]`: a Java `ArrayList`, printed as `[a, b]`. */
export function list(items: unknown[]): unknown[] {
  return javaList(items);
}

/** A map literal `{"k": v}`: a `LinkedHashMap` (keys in the order written; any key, `__proto__` too, is an ordinary key). */
export function map(entries: readonly (readonly [string, unknown])[]): VtlMap {
  const m = createMap();
  for (const [key, value] of entries) mapPut(m, key, value);
  return m;
}
