import { gatewayResponse } from "../responses/respond.js";
import { quotaLimit, quotaPeriod } from "../throttle/quota.js";
import type { RequestContext, StepOutcome } from "../server/types.js";

/**
 * Quota (reference §0 step 8, §7): a request admitted by the API key and throttle steps counts against its key's
 * plan quota, whatever the backend answers [U]; once the period's limit is reached, 429 `{"message":"Limit
 * Exceeded"}` (QUOTA_EXCEEDED, `LimitExceededException`, no Retry-After; vector 39) until the next period.
 */
export function checkQuota(ctx: RequestContext): StepOutcome | Promise<StepOutcome> {
  const key = ctx.apiKey;
  const quota = key?.plan?.quota;
  if (key === undefined || quota === undefined) return undefined;
  const g = ctx.gateway;
  const now = g.clock.now();
  const period = quotaPeriod(quota.period, now);
  const left = g.quotas.consume(key.planBucket, period.start, period.end, quotaLimit(quota, period.start, g.startedAt), now);
  if (typeof left === "number") return left < 0 ? exceeded(ctx) : undefined;
  return left.then((l) => (l < 0 ? exceeded(ctx) : undefined));
}

function exceeded(ctx: RequestContext): StepOutcome {
  ctx.req.resume();
  return gatewayResponse(ctx, "QUOTA_EXCEEDED");
}
