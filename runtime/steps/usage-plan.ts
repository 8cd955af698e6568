import { gatewayResponse } from "../responses/respond.js";
import { quotaLimit, quotaPeriod } from "../throttle/quota.js";
import { QUOTA_REFUSED, STORE_UNAVAILABLE, type QuotaRequest } from "../stores/store.js";
import type { RequestContext, RouteDefinition, StageDefinition, StepOutcome, ThrottleLimits } from "../server/types.js";
import type { ResolvedApiKey } from "../auth/api-key.js";

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
  // Per API key, this route's buckets and the quota of the current period, made on the key's first request and the
  // quota again when a period ends: the request path allocates nothing for them (test/bench usage-plan).
  const perKey = new Map<ResolvedApiKey, KeyLimits>();
  return (ctx) => {
    const g = ctx.gateway;
    const key = ctx.apiKey;
    const now = ctx.startTime;
    if (key === undefined) return buckets.length === 0 ? undefined : admitWith(ctx, g.limits.admit(buckets, undefined, now));
    let limits = perKey.get(key);
    if (limits === undefined) perKey.set(key, (limits = keyLimits(key, ctx.route!.methodKey ?? ctx.route!.routeKey, buckets)));
    const plan = key.plan!;
    if (plan.quota !== undefined && (limits.quota === undefined || now >= limits.quota.periodEnd || now < limits.quota.periodStart)) {
      const period = quotaPeriod(plan.quota.period, now);
      limits.quota = { key: `quota:${key.planBucket}`, periodStart: period.start, periodEnd: period.end, limit: quotaLimit(plan.quota, period.start, g.startedAt) };
    }
    return admitWith(ctx, g.limits.admit(limits.buckets, limits.quota, now, key.usageKey));
  };
}

/** One key's limits on one route: its buckets, inner layers first, and the quota of the period in force. */
interface KeyLimits {
  readonly buckets: readonly Bucket[];
  quota: QuotaRequest | undefined;
}

function keyLimits(key: ResolvedApiKey, methodKey: string, buckets: readonly Bucket[]): KeyLimits {
  const method = key.planMethodThrottles[methodKey];
  const plan = key.plan!;
  const own: Bucket[] = [];
  if (method) own.push({ key: `${key.planBucket}:${methodKey}`, limits: method });
  if (plan.throttle) own.push({ key: key.planBucket, limits: plan.throttle });
  return { buckets: own.length === 0 ? buckets : own.concat(buckets), quota: undefined };
}

function admitWith(ctx: RequestContext, admitted: number | Promise<number>): StepOutcome | Promise<StepOutcome> {
  if (typeof admitted === "number") return answer(ctx, admitted);
  return admitted.then((a) => answer(ctx, a));
}

function answer(ctx: RequestContext, admitted: number): StepOutcome {
  if (admitted === -1) return undefined;
  ctx.req.resume();
  if (admitted === STORE_UNAVAILABLE) return gatewayResponse(ctx, "API_CONFIGURATION_ERROR");
  return gatewayResponse(ctx, admitted === QUOTA_REFUSED ? "QUOTA_EXCEEDED" : "THROTTLED");
}
