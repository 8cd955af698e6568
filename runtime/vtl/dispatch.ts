import { callListMethod, callMapMethod, javaEquals } from "./collection-methods.js";
import { VtlHost } from "./host.js";
import { javaString } from "./render.js";
import { callStringMethod } from "./string-methods.js";
import { isInteger, isNull, isVtlList, isVtlMap, mapGet, mapPut } from "./values.js";

/**
 * `$x.name`. Velocity tries a getter, then `Map.get("name")`, then `isName()`: so a map yields
 * its entry, and a string or list only answers `empty` (`isEmpty()`). Anything else is null,
 * which renders as "" (vector aws/input-body-formatting/body-attr-access/*: `$input.body.x` on
 * a string body).
 */
export function prop(target: unknown, name: string): unknown {
  if (isNull(target)) return null;
  if (target instanceof VtlHost) return target.vtlProperty(name);
  if (isVtlMap(target)) return mapGet(target, name) ?? null;
  if (name === "empty" && (typeof target === "string" || isVtlList(target))) return target.length === 0;
  return null;
}

/** `$x[key]`: a list by integer index, a map by key; anything else, or an index out of range, is null. */
export function index(target: unknown, key: unknown): unknown {
  if (isVtlList(target)) return isInteger(key) && key >= 0 && key < target.length ? target[key] : null;
  if (isVtlMap(target)) return typeof key === "string" ? mapGet(target, key) ?? null : null;
  if (target instanceof VtlHost && typeof key === "string") return target.vtlProperty(key);
  return null;
}

/** `$x.name(args)`: Java methods of strings, maps, lists, numbers and booleans; host objects answer for themselves. */
export function call(target: unknown, name: string, args: readonly unknown[]): unknown {
  if (isNull(target)) return null;
  if (typeof target === "string") return callStringMethod(target, name, args);
  if (target instanceof VtlHost) return target.vtlCall(name, args);
  if (isVtlList(target)) return callListMethod(target, name, args);
  if (isVtlMap(target)) return callMapMethod(target, name, args);
  return callScalarMethod(target, name, args);
}

/** `Integer`/`Long`/`Double` and `Boolean` methods. */
function callScalarMethod(value: unknown, name: string, args: readonly unknown[]): unknown {
  const signature = `${name}/${args.length}`;
  if (signature === "toString/0") return javaString(value, []);
  if (signature === "equals/1") return javaEquals(value, args[0]);
  if (typeof value === "number") {
    switch (signature) {
      case "intValue/0":
      case "longValue/0": return Math.trunc(value);
      case "doubleValue/0":
      case "floatValue/0": return value;
      case "compareTo/1": return typeof args[0] === "number" ? Math.sign(value - args[0]) : null;
      default: return null;
    }
  }
  if (typeof value === "boolean" && signature === "booleanValue/0") return value;
  return null;
}

/**
 * `#set($x.name = value)`: `Map.put` on a map, nothing on anything else. A null value is not
 * set: Velocity 1.7 (directive.set.null.allowed=false) leaves the target as it was.
 */
export function setProp(target: unknown, name: string, value: unknown): void {
  if (isNull(value)) return;
  if (isVtlMap(target)) mapPut(target, name, value);
}

/** `#set($x[key] = value)`: `Map.put` with a string key, `List.set` with an index in range. */
export function setIndex(target: unknown, key: unknown, value: unknown): void {
  if (isNull(value)) return;
  if (isVtlMap(target) && typeof key === "string") mapPut(target, key, value);
  else if (isVtlList(target) && isInteger(key) && key >= 0 && key < target.length) target[key] = value;
}
