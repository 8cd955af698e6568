import { javaMatches, javaReplace, javaSplit } from "./java-regex.js";
import { isInteger, javaList } from "./values.js";

/**
 * `java.lang.String` methods on a string. Velocity picks a method by name and argument types; a
 * call whose arguments fit no overload, or whose Java method would throw (an index out of
 * range), yields null here, which renders as "".
 */
export function callStringMethod(s: string, name: string, args: readonly unknown[]): unknown {
  const [a, b] = args;
  switch (`${name}/${args.length}`) {
    case "length/0": return s.length;
    case "isEmpty/0": return s.length === 0;
    case "isBlank/0": return javaTrim(s).length === 0;
    case "toString/0": return s;
    case "trim/0": return javaTrim(s);
    case "toLowerCase/0": return s.toLowerCase();
    case "toUpperCase/0": return s.toUpperCase();
    case "hashCode/0": return javaHashCode(s);
    case "charAt/1": return isInteger(a) && a >= 0 && a < s.length ? s[a] : null;
    case "substring/1": return isInteger(a) && a >= 0 && a <= s.length ? s.slice(a) : null;
    case "substring/2": return isInteger(a) && isInteger(b) && a >= 0 && a <= b && b <= s.length ? s.slice(a, b) : null;
    case "indexOf/1": return typeof a === "string" ? s.indexOf(a) : null;
    case "indexOf/2": return typeof a === "string" && isInteger(b) ? s.indexOf(a, Math.max(0, b)) : null;
    case "lastIndexOf/1": return typeof a === "string" ? s.lastIndexOf(a) : null;
    case "lastIndexOf/2": return typeof a === "string" && isInteger(b) ? (b < 0 ? -1 : s.lastIndexOf(a, b)) : null;
    case "contains/1": return typeof a === "string" ? s.includes(a) : null;
    case "startsWith/1": return typeof a === "string" ? s.startsWith(a) : null;
    case "startsWith/2": return typeof a === "string" && isInteger(b) ? b >= 0 && s.startsWith(a, b) : null;
    case "endsWith/1": return typeof a === "string" ? s.endsWith(a) : null;
    case "equals/1": return typeof a === "string" && a === s;
    case "equalsIgnoreCase/1": return typeof a === "string" && equalsIgnoreCase(s, a);
    case "compareTo/1": return typeof a === "string" ? compareTo(s, a) : null;
    case "compareToIgnoreCase/1": return typeof a === "string" ? compareTo(foldCase(s), foldCase(a)) : null;
    case "concat/1": return typeof a === "string" ? s + a : null;
    case "repeat/1": return isInteger(a) && a >= 0 && a * s.length <= MAX_REPEAT_LENGTH ? s.repeat(a) : null;
    case "replace/2": return typeof a === "string" && typeof b === "string" ? s.replaceAll(a, () => b) : null;
    case "replaceAll/2": return typeof a === "string" && typeof b === "string" ? javaReplace(s, a, b, true) ?? null : null;
    case "replaceFirst/2": return typeof a === "string" && typeof b === "string" ? javaReplace(s, a, b, false) ?? null : null;
    case "matches/1": return typeof a === "string" ? javaMatches(s, a) ?? null : null;
    case "split/1": return split(s, a, 0);
    case "split/2": return isInteger(b) ? split(s, a, b) : null;
    default: return null;
  }
}

/** `String.repeat` results longer than this are refused (null) so a template cannot exhaust memory. */
const MAX_REPEAT_LENGTH = 10 * 1024 * 1024;

function split(s: string, pattern: unknown, limit: number): unknown {
  if (typeof pattern !== "string") return null;
  const parts = javaSplit(s, pattern, limit);
  return parts === undefined ? null : javaList(parts);
}

/** Java `trim()`: strips code units up to U+0020, not Unicode white space. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/** Java `String.hashCode()` (32-bit). */
function javaHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Java `compareTo`: the first differing UTF-16 unit, else the length difference. */
function compareTo(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Per-unit case folding as `String.CASE_INSENSITIVE_ORDER` does it (upper, then lower). */
function foldCase(s: string): string {
  let out = "";
  for (const unit of s.split("")) {
    const upper = unit.toUpperCase();
    out += (upper.length === 1 ? upper : unit).toLowerCase();
  }
  return out;
}

function equalsIgnoreCase(a: string, b: string): boolean {
  return a.length === b.length && foldCase(a) === foldCase(b);
}
