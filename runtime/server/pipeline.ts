/**
 * The request pipeline: every request runs these steps in this order, which follows Amazon API
 * Gateway's (shared/reference/aws-api-gateway.md §0 gives the evidence for it). Each step is a
 * plain function over the request context in its own module under runtime/steps/, and returns
 * `undefined` to go on or the answer (a gateway response or a response value); `respond` alone
 * writes the answer to the socket. The runner awaits only when a step returns a promise, so a
 * request that waits for nothing (a MOCK answer, a validation error) is handled synchronously.
 *
 * A new capability is a new step in its slot below, and in `stepsForRoute` when only some routes
 * need it; no other file has to change. The slots still empty name the issue that fills them.
 *
 *   receive          checkPayloadLimit       413 for a declared body over 10 MB
 *   route            matchRoute              generated matcher; REST 403 / HTTP API 404 on a miss
 *   (CORS preflight: HTTP APIs answer OPTIONS before authorization, issue #17)
 *   resource policy  (issue #17)
 *   authorizer       (issue #17: Lambda TOKEN/REQUEST, JWT, Cognito, IAM)
 *   API key          checkApiKey             403 for a missing, unknown or disabled key, or one in no plan of the stage
 *                    (the AUTHORIZER key source: issue #17)
 *   throttle, quota  usage-plan step         buckets plan-method → plan → stage-method → stage → account (429 Too
 *                                            Many Requests), then the key's quota in UTC calendar periods (429
 *                                            Limit Exceeded): one store call, one round trip on Redis
 *   read body        readBody                buffered unless the integration streams it
 *   validate         validateParameters, validateBody   400s, parameters first (reference §5)
 *   cache lookup     cache lookup            a fresh entry under the request's cache key answers; Cache-Control
 *                                            max-age=0 refreshes it or meets the route's strategy (reference §8)
 *   request mapping  (issue #16: VTL request templates, parameter mappings)
 *   integration      integrate               mock | http | http_proxy | Lambda proxy
 *   response mapping (issue #16: VTL response templates, response parameters)
 *   cache store      storeInCache            the integration's answer kept for the route's TTL (a streamed body
 *                                            copied on its way to the client)
 *   compress         (issue #20: minimumCompressionSize)
 *   respond          respond                 the only writer to the socket
 *   metrics, access log (issue #20: after the response, from the answer's status and type)
 */
import { checkPayloadLimit } from "../steps/payload-limit.js";
import { matchRoute } from "../steps/route.js";
import { readBody } from "../steps/read-body.js";
import { validateParameters } from "../steps/validate-parameters.js";
import { validateBody } from "../steps/validate-body.js";
import { integrate } from "../steps/integrate.js";
import { checkApiKey } from "../steps/api-key.js";
import { createUsagePlanStep, routeBuckets } from "../steps/usage-plan.js";
import { createCacheLookup, storeInCache } from "../steps/cache.js";
import { routeCache } from "../cache/response-cache.js";
import type { GatewayResult, GatewayRuntime, RequestContext, RouteDefinition, Step, StepOutcome } from "./types.js";

/** Steps before the route is known, run for every request; none of them waits. */
const REQUEST_STEPS: readonly ((ctx: RequestContext) => StepOutcome)[] = [checkPayloadLimit, matchRoute];

/**
 * The steps one route needs on this gateway's stage, in pipeline order: a route without a key requirement has no
 * API key step, one no limit applies to has no throttle step, one without validation no validation step, one the
 * stage does not cache no cache steps.
 */
export function stepsForRoute(route: RouteDefinition, runtime: GatewayRuntime): readonly Step[] {
  const steps: Step[] = [];
  if (route.apiKeyRequired) steps.push(checkApiKey);
  const buckets = routeBuckets(route, runtime.stage, runtime.definition.accountThrottle);
  // A route that requires a key has the step even without limits: it counts the key's daily usage.
  if (buckets.length > 0 || route.apiKeyRequired === true) steps.push(createUsagePlanStep(buckets));
  if (!route.streamsBody) steps.push(readBody);
  if (route.requiredParameters) steps.push(validateParameters);
  if (route.validateBody) steps.push(validateBody);
  const cache = runtime.cache === undefined ? undefined : routeCache(route, runtime.stage);
  if (cache === undefined) {
    steps.push(integrate);
    return steps;
  }
  steps.push(createCacheLookup(cache), integrateAndStore);
  return steps;
}

/** The integration, its answer kept by the cache store step (the steps after the integration run on its answer). */
function integrateAndStore(ctx: RequestContext): GatewayResult | Promise<GatewayResult> {
  const answer = integrate(ctx);
  return isPromise(answer) ? answer.then((a) => storeInCache(ctx, a)) : storeInCache(ctx, answer);
}

/** A route's steps on this gateway, computed on its first request (routes are constants of the generated code). */
function routeSteps(runtime: GatewayRuntime, route: RouteDefinition): readonly Step[] {
  let steps = runtime.routeSteps.get(route);
  if (steps === undefined) runtime.routeSteps.set(route, (steps = stepsForRoute(route, runtime)));
  return steps;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === "function";
}

/**
 * Runs `steps` from `from` until one answers; awaits only a step that returns a promise. The last
 * step of a route (the integration) always answers.
 */
function runSteps(ctx: RequestContext, steps: readonly Step[], from: number): GatewayResult | Promise<GatewayResult> {
  for (let i = from; i < steps.length; i++) {
    const outcome = steps[i]!(ctx);
    if (outcome === undefined) continue;
    if (isPromise<StepOutcome>(outcome)) return outcome.then((o) => (o === undefined ? runSteps(ctx, steps, i + 1) : o));
    return outcome;
  }
  throw new Error(`pipeline of ${ctx.route?.routeKey ?? "a request"} ended without an answer`);
}

/** The answer to one request: the request steps, then the route's own. */
export function runPipeline(ctx: RequestContext): GatewayResult | Promise<GatewayResult> {
  for (const step of REQUEST_STEPS) {
    const outcome = step(ctx);
    if (outcome !== undefined) return outcome;
  }
  return runSteps(ctx, routeSteps(ctx.gateway, ctx.route!), 0);
}
