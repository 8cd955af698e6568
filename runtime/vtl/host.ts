/**
 * Objects that are not plain data: `$input`, `$util`, `$foreach`, `#define` blocks, map entries.
 * Velocity reaches their members by Java introspection; here each one answers property reads and
 * method calls itself, so the dispatcher needs no per-class tables.
 */
export abstract class VtlHost {
  /** `$host.name`: Velocity's getter lookup (`getName()`, `isName()`); null when there is none. */
  abstract vtlProperty(name: string): unknown;
  /** `$host.name(args)`; null when there is no such method (rendered as empty, like an unknown property). */
  abstract vtlCall(name: string, args: readonly unknown[]): unknown;
  /** What `$host` renders as (Java `toString()`). */
  abstract vtlString(): string;
}
