import { createHash } from "node:crypto";
import { gatewayResponse } from "../responses/respond.js";
import { getHeader, pathSegments } from "../server/request.js";
import type { GatewayResult, RequestContext, StepOutcome } from "../server/types.js";

/**
 * REST: a non-SigV4 Authorization header on an unknown route is answered with the signature
 * parser's error rather than Missing Authentication Token (reference §6, §16 vector 3).
 * The hashed value is the whole header value [U].
 */
function incompleteSignatureMessage(authorization: string): string | undefined {
  const space = authorization.indexOf(" ");
  const params = space < 0 ? authorization : authorization.slice(space + 1);
  if (params.split(",").every((p) => p.includes("="))) return undefined;
  const hash = createHash("sha256").update(authorization).digest("base64");
  return `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${hash}'.`;
}

/** No route: REST 403 Missing Authentication Token (or the signature error), HTTP API 404 (reference §2). */
function routeMiss(ctx: RequestContext): GatewayResult {
  if (ctx.gateway.definition.apiType === "REST") {
    const auth = getHeader(ctx.req, "authorization");
    const message = auth !== undefined ? incompleteSignatureMessage(auth) : undefined;
    if (message !== undefined) return gatewayResponse(ctx, "MISSING_AUTHENTICATION_TOKEN", { message, errorType: "IncompleteSignatureException" });
  }
  return gatewayResponse(ctx, "MISSING_AUTHENTICATION_TOKEN");
}

/** Route: the generated matcher picks the route and its path parameters, or the API type's miss. */
export function matchRoute(ctx: RequestContext): StepOutcome {
  const match = ctx.gateway.definition.match(ctx.method, pathSegments(ctx.rawPath));
  if (!match) {
    ctx.req.resume();
    return routeMiss(ctx);
  }
  ctx.route = match.route;
  ctx.pathParameters = match.params;
  return undefined;
}
