/** Brand of gwc's runtime errors (STYLE.md §6). */
const GWC_ERROR = Symbol.for("gwc.error");

/**
 * A template that cannot finish rendering (a macro recursing past its limit). The gateway turns
 * it into a 500, as AWS does for a template that fails at run time [U].
 */
export class VtlRenderError extends Error {
  override readonly name = "VtlRenderError";
  readonly code = "VTL_RENDER_ERROR";
  readonly [GWC_ERROR] = true;
}

/** True for a {@link VtlRenderError} from any copy of the runtime (checked by brand). */
export function isVtlRenderError(err: unknown): err is VtlRenderError {
  return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[GWC_ERROR] === true && (err as { code?: unknown }).code === "VTL_RENDER_ERROR";
}

/**
 * `#stop` inside a macro, a `#define` block or an interpolated string: thrown up to the
 * template's function, carrying what the innermost function had rendered so far.
 */
export class VtlStop {
  constructor(readonly partial: string) {}
}

/** The signal thrown by a nested `#stop`. */
export function stop(partial: string): VtlStop {
  return new VtlStop(partial);
}

/** In the template's `catch`: the output to keep after a `#stop`, or the error rethrown. */
export function stopped(signal: unknown): string {
  if (signal instanceof VtlStop) return signal.partial;
  throw signal;
}
