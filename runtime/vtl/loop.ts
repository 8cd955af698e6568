import { VtlHost } from "./host.js";
import { isInteger, isVtlList, isVtlMap, javaList } from "./values.js";

/**
 * AWS caps a `#foreach` at 1,000 iterations (API Gateway quotas: "Number of iterations in a
 * #foreach ... #end loop in mapping templates"). The loop stops there, as Velocity's
 * `directive.foreach.maxloops` does [U: what AWS does past the cap is not documented].
 */
export const MAX_FOREACH_ITERATIONS = 1000;

/**
 * Ranges longer than this are refused (null): `[1..1000000000]` would otherwise allocate the whole
 * list before any loop cap applies. Ten times the loop cap leaves room for `.size()`-style use.
 */
export const MAX_RANGE_LENGTH = 10 * MAX_FOREACH_ITERATIONS;

/**
 * The state of one `#foreach`, which is also `$foreach`: `index` (from 0), `count` (from 1),
 * `hasNext`, `first`, `last`, `parent`, and the same as getter methods.
 */
export class VtlLoop extends VtlHost {
  /** Iterations this loop makes: the items, up to {@link MAX_FOREACH_ITERATIONS}. */
  readonly size: number;
  /** Position of the current item (-1 before the first). */
  index = -1;
  /** The current item. */
  item: unknown = undefined;

  constructor(
    private readonly items: readonly unknown[],
    /** The enclosing loop's `$foreach`, restored when this loop ends. */
    readonly parent: unknown,
  ) {
    super();
    this.size = Math.min(items.length, MAX_FOREACH_ITERATIONS);
  }

  /** Moves to the next item; false when the loop is done. */
  next(): boolean {
    if (++this.index >= this.size) return false;
    this.item = this.items[this.index];
    return true;
  }

  /** True before the last iteration: counted within the cap, so `#if($foreach.hasNext),#end` still closes a JSON list. */
  get hasNext(): boolean {
    return this.index < this.size - 1;
  }

  vtlProperty(name: string): unknown {
    switch (name) {
      case "index": return this.index;
      case "count": return this.index + 1;
      case "hasNext": return this.hasNext;
      case "first": return this.index === 0;
      case "last": return !this.hasNext;
      case "parent": return this.parent ?? null;
      default: return null;
    }
  }

  vtlCall(name: string, args: readonly unknown[]): unknown {
    if (args.length !== 0) return null;
    switch (name) {
      case "getIndex": return this.index;
      case "getCount": return this.index + 1;
      case "hasNext":
      case "getHasNext": return this.hasNext;
      case "isFirst":
      case "getFirst": return this.index === 0;
      case "isLast":
      case "getLast": return !this.hasNext;
      case "getParent": return this.parent ?? null;
      default: return null;
    }
  }

  vtlString(): string {
    return "";
  }
}

/**
 * A `#foreach` over `source`: a list's items, a map's values (Velocity iterates `Map.values()`);
 * anything else, null included, makes no iterations.
 */
export function loop(source: unknown, parent?: unknown): VtlLoop {
  const items = isVtlList(source) ? source : isVtlMap(source) ? Object.values(source) : [];
  return new VtlLoop(items, parent);
}

/** `[from..to]`: the integers from one end to the other, counting down when `from > to`. */
export function range(from: unknown, to: unknown): unknown[] | null {
  const a = typeof from === "string" && /^-?\d+$/.test(from) ? Number(from) : from;
  const b = typeof to === "string" && /^-?\d+$/.test(to) ? Number(to) : to;
  if (!isInteger(a) || !isInteger(b) || Math.abs(b - a) >= MAX_RANGE_LENGTH) return null;
  const step = a <= b ? 1 : -1;
  const items: number[] = [];
  for (let i = a; i !== b + step; i += step) items.push(i);
  return javaList(items);
}
