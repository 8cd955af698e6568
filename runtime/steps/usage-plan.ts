import { gatewayResponse } from "../responses/respond.js";
import { quotaLimit, quotaPeriod } from "../throttle/quota.js";
import { QUOTA_REFUSED, STORE_UNAVAILABLE, type QuotaRequest } from "../stores/store.js";
import type { RequestContext, RouteDefinition, StageDefinition, StepOutcome, ThrottleLimits } from "../server/types.js";

/** The stage default key of `methodSettings`: every method. */
const EVERY_METHOD = "*/*";

/** A bucket a request takes a token from: its store key and limits. */
export interface Bucket {
  readonly key: string;
  readonly limits: ThrottleLimits;
}

/**
 * The buckets of a route that do not depend on the API key, outer layers last: stage-method (the method's own
 * `methodSettings` entry, else the stage default `*\/*`, each method with a bucket of its own [U]), then the
 * account. Computed once per route.
 */
export function routeBuckets(route: RouteDefinition, stage: StageDefinition, account: ThrottleLimits | undefined): readonly Bucket[] {
  const out: Bucket[] = [];
  const methodKey = route.methodKey ?? route.routeKey;
  const stageLimits = stage.methodThrottles?.[methodKey] ?? stage.methodThrottles?.[EVERY_METHOD];
  if (stageLimits) out.push({ key: `stage:${methodKey}`, limits: stageLimits });
  if (account) out.push({ key: "account", limits: account });
  return out;
}

/**
 * Throttle, then quota (reference §0 step 8, §7), in one store call (one round trip on Redis):
 * - token buckets in the order plan-method → plan → stage-method → stage → account; the request takes a token
 *   from every bucket or from none, and the first empty one answers 429 `{"message":"Too Many Requests"}`
 *   (THROTTLED, vector 38); the plan's layers apply when the route required a key;
 * - then a request with a key counts against its plan's quota, whatever the backend answers [U]; past the
 *   period's limit, 429 `{"message":"Limit Exceeded"}` (QUOTA_EXCEEDED, `LimitExceededException`, no Retry-After;
 *   vector 39) until the next period;
 * - an admitted request with a key is counted in the key's UTC day (GetUsage, `gwc usage`).
 * A store configured to fail closed that cannot answer refuses the request: 500 Internal server error.
 */
export function createUsagePlanStep(buckets: readonly Bucket[]): (ctx: RequestContext) => StepOutcome | Promise<StepOutcome> {
  return (ctx) => {
    const g = ctx.gateway;
    const key = ctx.apiKey;
    const now = g.clock.now();
    let all = buckets;
    let quota: QuotaRequest | undefined;
    let usage: string | undefined;
    if (key !== undefined) {
      usage = key.usageKey;
      const methodKey = ctx.route!.methodKey ?? ctx.route!.routeKey;
      const method = key.planMethodThrottles[methodKey];
      const plan = key.plan!;
      if (method || plan.throttle) {
        const own: Bucket[] = [];
        if (method) own.push({ key: `${key.planBucket}:${methodKey}`, limits: method });
        if (plan.throttle) own.push({ key: key.planBucket, limits: plan.throttle });
        all = own.concat(buckets);
      }
      if (plan.quota) {
        const period = quotaPeriod(plan.quota.period, now);
        quota = { key: `quota:${key.planBucket}`, periodStart: period.start, periodEnd: period.end, limit: quotaLimit(plan.quota, period.start, g.startedAt) };
      }
    }
    if (all.length === 0 && quota === undefined && usage === undefined) return undefined;
    const admitted = g.limits.admit(all, quota, now, usage);
    if (typeof admitted === "number") return answer(ctx, admitted);
    return admitted.then((a) => answer(ctx, a));
  };
}

function answer(ctx: RequestContext, admitted: number): StepOutcome {
  if (admitted === -1) return undefined;
  ctx.req.resume();
  if (admitted === STORE_UNAVAILABLE) return gatewayResponse(ctx, "API_CONFIGURATION_ERROR");
  return gatewayResponse(ctx, admitted === QUOTA_REFUSED ? "QUOTA_EXCEEDED" : "THROTTLED");
}
