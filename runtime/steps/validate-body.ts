import { gatewayResponse } from "../responses/respond.js";
import { requestMediaType } from "../server/request.js";
import type { RequestContext, StepOutcome } from "../server/types.js";

/**
 * Validation, then the body (reference §5): against the model of the request's media type, when
 * the route has one for it. A missing or empty body is still validated and counts as an empty
 * object, as on AWS [V]; a body that is not JSON fails. Runs on routes with body models only.
 */
export function validateBody(ctx: RequestContext): StepOutcome {
  const validate = ctx.route!.validateBody!(requestMediaType(ctx));
  if (!validate) return undefined;
  let ok: boolean;
  try {
    ok = validate(ctx.body === undefined ? {} : JSON.parse(ctx.body.toString("utf8")));
  } catch {
    ok = false;
  }
  return ok ? undefined : gatewayResponse(ctx, "BAD_REQUEST_BODY");
}
