import type { IncomingMessage } from "node:http";
import { MAX_PAYLOAD_BYTES } from "../server/limits.js";
import { closingConnection, gatewayResponse } from "../responses/respond.js";
import type { RequestContext, StepOutcome } from "../server/types.js";

/** Reads the whole body up to the payload limit; `"too-large"` when it exceeds it. */
function readAll(req: IncomingMessage): Promise<Buffer | undefined | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(size === 0 ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

/**
 * Buffers the request body into `ctx.body` (routes whose integration streams it skip this step).
 * A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3): reading
 * it would only add listeners, a promise, and a costly listener removal when node dumps the stream
 * at response end (test/bench profile). A chunked body over 10 MB is 413 (reference §14).
 */
export function readBody(ctx: RequestContext): StepOutcome | Promise<StepOutcome> {
  const { req } = ctx;
  if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) return undefined;
  return readAll(req).then((body) => {
    if (body === "too-large") return closingConnection(gatewayResponse(ctx, "REQUEST_TOO_LARGE"));
    ctx.body = body;
    return undefined;
  });
}
