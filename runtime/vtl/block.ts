import { VtlRenderError } from "./errors.js";
import { VtlHost } from "./host.js";

/** A `#define($name) ... #end` block: rendered afresh each time `$name` is printed. */
export class VtlBlock extends VtlHost {
  constructor(private readonly render: () => string) {
    super();
  }

  vtlProperty(): unknown {
    return null;
  }

  vtlCall(name: string, args: readonly unknown[]): unknown {
    return name === "toString" && args.length === 0 ? this.render() : null;
  }

  vtlString(): string {
    return this.render();
  }
}

/** `#define`: the block as a value. */
export function block(render: () => string): VtlBlock {
  return new VtlBlock(render);
}

/** Velocity's `velocimacro.max.depth` default: a macro nested deeper fails the render. */
export const MAX_MACRO_DEPTH = 20;

/** Current macro nesting. Renders are synchronous, so one counter serves every request. */
let depth = 0;

/** Runs a macro body, failing the render past {@link MAX_MACRO_DEPTH} instead of overflowing the stack. */
export function macro(body: () => string): string {
  if (depth >= MAX_MACRO_DEPTH) throw new VtlRenderError(`macro calls nested deeper than ${MAX_MACRO_DEPTH}`);
  depth++;
  try {
    return body();
  } finally {
    depth--;
  }
}
