import { randomBytes } from "node:crypto";
import type { RequestContext } from "./types.js";

/** A random prefix per process, so that ids stay unique across workers and restarts. */
const EXTENDED_PREFIX = randomBytes(6).toString("base64").replace(/[+/]/g, "x");
let extendedCounter = 0;

/**
 * AWS's extended request ids are short opaque base64-looking strings (`IlUkzHpJIAMF2Ew=`); only
 * uniqueness matters. A per-process prefix and a counter give one for nothing (test/bench profile:
 * deriving it from the request id through a Buffer cost ~1 µs of every request).
 */
export function nextExtendedId(): string {
  extendedCounter = (extendedCounter + 1) % 0x7fffffffff;
  return EXTENDED_PREFIX + extendedCounter.toString(36).padStart(7, "0") + "=";
}

/**
 * `X-Amzn-Trace-Id` of a request, computed on first use: the client's, passed through (reference
 * §13: even with tracing off), else `Root=1-{8 hex epoch seconds}-{24 hex}` with the request id
 * supplying the random part.
 */
export function traceIdOf(ctx: RequestContext): string {
  if (ctx.traceId !== undefined) return ctx.traceId;
  const client = ctx.req.headers["x-amzn-trace-id"];
  const id = ctx.requestId;
  ctx.traceId =
    typeof client === "string"
      ? client
      : `Root=1-${Math.floor(ctx.startTime / 1000).toString(16).padStart(8, "0")}-${id.slice(9, 13)}${id.slice(14, 18)}${id.slice(19, 23)}${id.slice(24, 36)}`;
  return ctx.traceId;
}
