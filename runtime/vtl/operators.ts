import { javaEquals } from "./collection-methods.js";
import { javaString, str } from "./render.js";
import { isInteger, isJavaList, isNull, isVtlList, isVtlMap } from "./values.js";

/**
 * `#if($x)`: Velocity 1.7 treats null and `false` as false and everything else, "" and empty
 * lists included, as true. (Velocity 2 made empty values false; AWS runs 1.7 [U].)
 */
export function truthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false;
}

/**
 * `==`. Numbers compare by value, same-kind values with Java `equals`, and values of different
 * kinds by their printed text, as Velocity 1.7 does. Null prints as "", so a missing value
 * equals both `$null` and "" (reference §4.7 [V], vector aws/input-path-formatting/empty-body).
 */
export function eq(a: unknown, b: unknown): boolean {
  if (isNull(a) || isNull(b)) return str(a) === str(b);
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (typeof a === typeof b && typeof a !== "object") return a === b;
  if (isVtlList(a) && isVtlList(b) && isJavaList(a) === isJavaList(b)) return javaEquals(a, b);
  if (isVtlMap(a) && isVtlMap(b)) return javaEquals(a, b);
  return javaString(a, []) === javaString(b, []);
}

/** `!=`. */
export function ne(a: unknown, b: unknown): boolean {
  return !eq(a, b);
}

/** `<`, `<=`, `>`, `>=`: numbers by value, strings by `compareTo`; anything else is false (Velocity logs an error). */
function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** `<`. */
export function lt(a: unknown, b: unknown): boolean {
  const c = compare(a, b);
  return c !== undefined && c < 0;
}

/** `<=`. */
export function le(a: unknown, b: unknown): boolean {
  const c = compare(a, b);
  return c !== undefined && c <= 0;
}

/** `>`. */
export function gt(a: unknown, b: unknown): boolean {
  const c = compare(a, b);
  return c !== undefined && c > 0;
}

/** `>=`. */
export function ge(a: unknown, b: unknown): boolean {
  const c = compare(a, b);
  return c !== undefined && c >= 0;
}

/** `+`: numbers add; if either side is a string, Velocity 1.7 concatenates; a null operand gives null. */
export function add(a: unknown, b: unknown): unknown {
  if (isNull(a) || isNull(b)) return null;
  if (typeof a === "number" && typeof b === "number") return a + b;
  if (typeof a === "string" || typeof b === "string") return javaString(a, []) + javaString(b, []);
  return null;
}

/** `-`. */
export function sub(a: unknown, b: unknown): unknown {
  return typeof a === "number" && typeof b === "number" ? a - b : null;
}

/** `*`. */
export function mul(a: unknown, b: unknown): unknown {
  return typeof a === "number" && typeof b === "number" ? a * b : null;
}

/**
 * `/`: integer division between integers ("the fractional portion is truncated", Velocity user
 * guide); division by zero gives null, as Velocity's MathUtils does.
 */
export function div(a: unknown, b: unknown): unknown {
  if (typeof a !== "number" || typeof b !== "number" || b === 0) return null;
  return isInteger(a) && isInteger(b) ? Math.trunc(a / b) : a / b;
}

/** `%`: Java's remainder (sign of the dividend, as JS's); by zero gives null. */
export function mod(a: unknown, b: unknown): unknown {
  if (typeof a !== "number" || typeof b !== "number" || b === 0) return null;
  return a % b;
}

/** Unary `-`. */
export function neg(a: unknown): unknown {
  return typeof a === "number" ? -a : null;
}
