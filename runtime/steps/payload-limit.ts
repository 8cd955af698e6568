import { MAX_PAYLOAD_BYTES } from "../server/limits.js";
import { closingConnection, gatewayResponse } from "../responses/respond.js";
import type { RequestContext, StepOutcome } from "../server/types.js";

/**
 * Receive: a declared Content-Length over 10 MB is refused before anything else (reference §0, §14):
 * 413, and the connection closes since the body is not read.
 */
export function checkPayloadLimit(ctx: RequestContext): StepOutcome {
  const length = ctx.req.headers["content-length"];
  if (length === undefined || Number(length) <= MAX_PAYLOAD_BYTES) return undefined;
  ctx.req.resume();
  return closingConnection(gatewayResponse(ctx, "REQUEST_TOO_LARGE"));
}
