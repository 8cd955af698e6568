import { gatewayResponse } from "../responses/respond.js";
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
 * Throttle (reference §0 step 8, §7): token buckets in the order plan-method → plan → stage-method → stage →
 * account; the request takes a token from every bucket or from none, and the first empty one answers 429
 * `{"message":"Too Many Requests"}` (THROTTLED, vector 38). The plan's layers apply when the route required a key.
 */
export function createThrottleStep(buckets: readonly Bucket[]): (ctx: RequestContext) => StepOutcome | Promise<StepOutcome> {
  return (ctx) => {
    const key = ctx.apiKey;
    let all = buckets;
    if (key !== undefined) {
      const methodKey = ctx.route!.methodKey ?? ctx.route!.routeKey;
      const method = key.planMethodThrottles[methodKey];
      const plan = key.plan!.throttle;
      if (method || plan) {
        const own: Bucket[] = [];
        if (method) own.push({ key: `${key.planBucket}:${methodKey}`, limits: method });
        if (plan) own.push({ key: key.planBucket, limits: plan });
        all = own.concat(buckets);
      }
    }
    if (all.length === 0) return undefined;
    const taken = ctx.gateway.rateLimits.take(all, ctx.gateway.clock.now());
    if (typeof taken === "number") return taken < 0 ? undefined : throttled(ctx);
    return taken.then((t) => (t < 0 ? undefined : throttled(ctx)));
  };
}

function throttled(ctx: RequestContext): StepOutcome {
  ctx.req.resume();
  return gatewayResponse(ctx, "THROTTLED");
}
