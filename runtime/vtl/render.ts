import { VtlHost } from "./host.js";
import { isJavaList, isVtlMap, type VtlMap } from "./values.js";

/**
 * How a value prints where a template writes it (`$x`, `"$x"`): Java `toString()`, except that
 * null prints as nothing. AWS renders a missing JSONPath, a null value, `$input.body.attr` on a
 * string and a `Map.put` result all as "" (reference §4.7 [V], vectors aws/input-path-formatting/*,
 * aws/input-body-formatting/*), where stock Velocity would print the reference's own text.
 */
export function str(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  return javaString(value, []);
}

/**
 * Java `String.valueOf(value)`: maps as `{k=v, k2=v2}` (`AbstractMap.toString`), template lists as
 * `[a, b]`, JSON lists as compact JSON (reference §4.7 [V]), null as `null`. `seen` holds the
 * collections being printed, so a map that contains itself prints `(this Map)` as Java does
 * instead of recursing forever.
 */
export function javaString(value: unknown, seen: unknown[]): string {
  switch (typeof value) {
    case "string": return value;
    case "number": return javaNumber(value);
    case "boolean": return value ? "true" : "false";
    case "undefined": return "null";
    case "bigint": return value.toString();
    default: break;
  }
  if (value === null) return "null";
  if (value instanceof VtlHost) return value.vtlString();
  if (Array.isArray(value)) {
    if (!isJavaList(value)) return jsonText(value);
    if (seen.includes(value)) return "(this Collection)";
    seen.push(value);
    const text = "[" + value.map((item) => (item === value ? "(this Collection)" : javaString(item, seen))).join(", ") + "]";
    seen.pop();
    return text;
  }
  if (isVtlMap(value)) return javaMapString(value, seen);
  return "";
}

function javaMapString(map: VtlMap, seen: unknown[]): string {
  if (seen.includes(map)) return "(this Map)";
  seen.push(map);
  const parts: string[] = [];
  for (const key of Object.keys(map)) {
    const item = map[key];
    parts.push(key + "=" + (item === map ? "(this Map)" : javaString(item, seen)));
  }
  seen.pop();
  return "{" + parts.join(", ") + "}";
}

/**
 * A number as Java prints it. JSON integers are Java `Integer`/`Long` (plain digits); other
 * numbers are `Double`, which switches to `1.0E7` notation outside [1e-3, 1e7). JS cannot tell
 * `1.0` from `1`, so an integral double prints without `.0` (a known difference).
 */
export function javaNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) return String(n);
  const [mantissa = "", exponent = ""] = n.toExponential().split("e");
  return (mantissa.includes(".") ? mantissa : mantissa + ".0") + "E" + exponent.replace(/^\+/, "");
}

/**
 * Compact JSON of a value: what `$input.json()` returns and how JSON lists print. Host objects
 * serialise as their string; a structure that contains itself (only a template can build one)
 * serialises as null rather than throwing.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value, jsonReplacer) ?? "null";
  } catch {
    return "null";
  }
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof VtlHost) return value.vtlString();
  if (typeof value === "bigint") return Number(value);
  return value;
}

/** `str`, but a null value prints as `text` (the reference as written): stock Velocity's rendering of a null reference. */
export function strOr(value: unknown, text: string): string {
  return value === null || value === undefined ? text : str(value);
}
