import { findApiKey } from "../auth/api-key.js";
import { gatewayResponse } from "../responses/respond.js";
import { getHeader } from "../server/request.js";
import type { RequestContext, StepOutcome } from "../server/types.js";

/**
 * API key (reference §0 step 7, §7): on a method with `apiKeyRequired`, the `x-api-key` header (any case) must be a
 * key that is enabled and in a usage plan of this stage; otherwise 403 `{"message":"Forbidden"}` (INVALID_API_KEY,
 * vectors 35, 36). Runs only on routes that require a key: elsewhere a key is ignored, as on AWS.
 */
export function checkApiKey(ctx: RequestContext): StepOutcome {
  const value = getHeader(ctx.req, "x-api-key");
  const key = value === undefined ? undefined : findApiKey(ctx.gateway.apiKeys, value);
  if (key === undefined || !key.enabled || key.plan === undefined) {
    ctx.req.resume();
    return gatewayResponse(ctx, "INVALID_API_KEY");
  }
  ctx.apiKey = key;
  return undefined;
}
