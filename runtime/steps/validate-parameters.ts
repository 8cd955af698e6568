import { gatewayResponse } from "../responses/respond.js";
import { getHeader, queryValue } from "../server/request.js";
import type { RequestContext, StepOutcome } from "../server/types.js";

function isBlank(v: string | undefined): boolean {
  return v === undefined || v.trim() === "";
}

/**
 * Validation, parameters first (reference §5): every required parameter must be present and not
 * blank (`?q1=` fails); 400 names the missing ones in AWS's order. Runs on routes with required
 * parameters only.
 */
export function validateParameters(ctx: RequestContext): StepOutcome {
  const missing: string[] = [];
  for (const p of ctx.route!.requiredParameters ?? []) {
    const v = p.in === "header" ? getHeader(ctx.req, p.name) : p.in === "querystring" ? queryValue(ctx.rawQuery, p.name) : ctx.pathParameters?.[p.name];
    if (isBlank(v)) missing.push(p.name);
  }
  if (missing.length === 0) return undefined;
  return gatewayResponse(ctx, "BAD_REQUEST_PARAMETERS", { message: `Missing required request parameters: [${missing.join(", ")}]` });
}
