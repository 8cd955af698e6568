/** Errors a gateway fails to start with, for a cause the user can fix: a stable code and a one-line message. */
/** Brand of gwc's runtime errors (STYLE.md §6): checked by brand, never with instanceof across copies. */
const SERVE_ERROR = Symbol.for("gwc.error");

/** Why a gateway could not start as a service, with a stable code and a one-line message. */
export class ServeError extends Error {
  readonly [SERVE_ERROR] = true;
  constructor(
    /** `GWC_BAD_PORT`, `GWC_PORT_IN_USE`, `GWC_PORT_DENIED`, `GWC_BAD_HOST`, `GWC_UNKNOWN_STAGE`, `GWC_API_KEY`, `GWC_BAD_STORE` or `GWC_ADMIN_TOKEN`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ServeError";
  }
}

/** True for a {@link ServeError} from any copy of the runtime (checked by brand, not `instanceof`). */
export function isServeError(err: unknown): err is ServeError {
  return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[SERVE_ERROR] === true && typeof (err as { code?: unknown }).code === "string";
}
