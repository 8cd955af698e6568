import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayResponseCustomisation, GatewayResponseType, ResolvedGatewayResponse } from "../responses/gateway-responses.js";
import type { Clock } from "../clock.js";
import type { ResolvedApiKey } from "../auth/api-key.js";
import type { ResponseCacheStore, UsagePlanStore } from "../stores/store.js";

/** REST (v1) or HTTP (v2) API. */
export type ApiType = "REST" | "HTTP";

/** A token bucket's limits, API Gateway's names: refilled at `rateLimit` per second up to `burstLimit` (reference §7). */
export interface ThrottleLimits {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** A stage as generated from gateway.yaml. */
export interface StageDefinition {
  readonly name: string;
  readonly variables: Readonly<Record<string, string>>;
  /** `methodSettings` throttles by method key: `*\/*` (every method) or `/pets/GET`. */
  readonly methodThrottles?: Readonly<Record<string, ThrottleLimits>>;
  /** `cacheClusterSize` in GB (`0.5` … `237`) when the stage has a response cache (`cacheClusterEnabled`). */
  readonly cacheClusterSize?: string;
  /** The caching fields of `methodSettings` by method key, as written; a field left out inherits from `*\/*`. */
  readonly methodCacheSettings?: Readonly<Record<string, MethodCacheSetting>>;
}

/** The caching fields of one `methodSettings` entry (reference §8). */
export interface MethodCacheSetting {
  readonly cachingEnabled?: boolean;
  readonly cacheTtlInSeconds?: number;
  readonly requireAuthorizationForCacheControl?: boolean;
  readonly unauthorizedCacheControlHeaderStrategy?: "FAIL_WITH_403" | "SUCCEED_WITH_RESPONSE_HEADER" | "SUCCEED_WITHOUT_RESPONSE_HEADER";
}

/** A `cacheKeyParameters` entry: a method request parameter by location and name. */
export interface CacheKeyParameter {
  readonly in: "path" | "querystring" | "header" | "multivaluequerystring" | "multivalueheader";
  readonly name: string;
}

/** An API key as generated: where its value comes from, never the value. */
export interface ApiKeyDefinition {
  /** The key's name (`$context.identity.apiKeyId`). */
  readonly name: string;
  /** Environment variable holding the value, read at start-up. */
  readonly env?: string;
  /** SHA-256 of the value, hex. */
  readonly sha256?: string;
  readonly enabled: boolean;
}

/** A usage plan's quota as generated (reference §7). */
export interface QuotaDefinition {
  readonly limit: number;
  readonly period: "DAY" | "WEEK" | "MONTH";
  /** Requests taken off the limit in the initial period. */
  readonly offset: number;
}

/** A usage plan as generated. */
export interface UsagePlanDefinition {
  readonly name: string;
  /** Limits per API key of the plan, on each of its stages. */
  readonly throttle: ThrottleLimits | undefined;
  /** Requests per API key per calendar period (UTC), or none. */
  readonly quota?: QuotaDefinition;
  /** The plan's stages, each with per-method limits by method key. */
  readonly stages: Readonly<Record<string, Readonly<Record<string, ThrottleLimits>>>>;
  /** Names of the plan's keys. */
  readonly apiKeys: readonly string[];
}

/** A declared parameter that request validation requires (`method.request.<in>.<name>`). */
export interface RequiredParameter {
  readonly in: "path" | "querystring" | "header";
  readonly name: string;
}

/** What a streamed body writes into: the client's response (a node:http ServerResponse), or a copy of it on its way. */
export interface BodySink {
  write(chunk: Buffer): boolean;
  end(): void;
  once(event: "drain", listener: () => void): unknown;
  destroy(): void;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
}

/**
 * A body the integration produces while the response is written (HTTP_PROXY): the respond step
 * calls `pipeTo` once, after writing the status and headers, and the body writes its chunks into
 * `sink` (honouring back-pressure) and ends it; the returned promise settles when it has.
 */
export interface StreamedBody {
  readonly kind: "stream";
  pipeTo(sink: BodySink): Promise<void>;
}

/**
 * What a step answers with instead of continuing: status, headers and body, written to the socket
 * by the respond step alone (runtime/responses/respond.ts `respond`). Headers are a record, or a
 * flat `[name, value, …]` list where order, case and repeated names matter (proxied responses).
 * The respond step sets Content-Length for a Buffer body.
 */
export interface GatewayResult {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]> | string[];
  readonly body: Buffer | StreamedBody;
  /** Set when this is one of API Gateway's gateway responses (`$context.error.responseType`). */
  readonly gatewayResponse?: GatewayResponseType;
}

/** What a pipeline step returns: `undefined` to continue with the next step, or the answer. */
export type StepOutcome = GatewayResult | undefined;

/**
 * One step of the request pipeline (runtime/server/pipeline.ts): a plain function over the request
 * context. It returns a promise only when it must wait (a body to read, a backend), so a request
 * that waits for nothing runs synchronously end to end.
 */
export type Step = (ctx: RequestContext) => StepOutcome | Promise<StepOutcome>;

/** Runs the integration for one request and answers with its response value. Never throws past the pipeline. */
export type Integration = (ctx: RequestContext) => GatewayResult | Promise<GatewayResult>;

/** Validates a parsed request body against one model. */
export type ModelValidator = (data: unknown) => boolean;

/** Chooses the body model for a media type (lower case, no parameters); `undefined` → no model (not validated). */
export type BodyValidator = (contentType: string) => ModelValidator | undefined;

/** One route as the generated code describes it. */
export interface RouteDefinition {
  /** REST resource path template (`/pets/{id}`) or HTTP route path; `$default` for the default route. */
  readonly resource: string;
  /** `GET /pets/{id}`, `ANY /{proxy+}`, `$default`. */
  readonly routeKey: string;
  /** Stable short id of the resource (`$context.resourceId`). */
  readonly resourceId: string;
  /** Required parameters checked when `validateRequestParameters` is on, in AWS's message order. */
  readonly requiredParameters: readonly RequiredParameter[] | undefined;
  /** Body validation when `validateRequestBody` is on. */
  readonly validateBody: BodyValidator | undefined;
  /** True when the integration reads the request body as a stream (http_proxy without body validation). */
  readonly streamsBody: boolean;
  /** `apiKeyRequired`: the request needs a valid `x-api-key` in a plan of the stage (reference §7). */
  readonly apiKeyRequired?: boolean;
  /** Key of the route in method settings and plan throttles (`/pets/{id}/GET`). */
  readonly methodKey?: string;
  /** The integration's `cacheKeyParameters`: with the method and resource, the response cache key (reference §8). */
  readonly cacheKeyParameters?: readonly CacheKeyParameter[];
  /** The integration's `cacheNamespace`, when written. */
  readonly cacheNamespace?: string;
  /** The integration. */
  readonly integration: Integration;
}

/** What the generated matcher returns. */
export interface RouteMatch {
  readonly route: RouteDefinition;
  readonly params: Record<string, string> | undefined;
}

/** The generated matcher: method + non-empty path segments → route, or undefined for a miss. */
export type RouteMatcher = (method: string, segments: readonly string[]) => RouteMatch | undefined;

/** Everything the generated server entry hands to the runtime. */
export interface GatewayDefinition {
  readonly apiName: string;
  readonly apiType: ApiType;
  /** Stable id standing in for the API id (`$context.apiId`). */
  readonly apiId: string;
  readonly binaryMediaTypes: readonly string[];
  readonly stages: readonly StageDefinition[];
  readonly defaultStage: string;
  readonly match: RouteMatcher;
  readonly gatewayResponses: Readonly<Partial<Record<GatewayResponseType, GatewayResponseCustomisation>>>;
  readonly apiKeys?: readonly ApiKeyDefinition[];
  readonly usagePlans?: readonly UsagePlanDefinition[];
  /** The account-wide bucket (`account.throttle`), or none. */
  readonly accountThrottle?: ThrottleLimits;
  /** gateway.yaml `store`: `memory` (default) or a `redis://` URL without a password. */
  readonly store?: string;
  /** gateway.yaml `storeFailure`: what usage-plan checks do while a Redis store does not answer (default `open`). */
  readonly storeFailure?: "open" | "closed";
}

/** Options chosen when the gateway starts. */
export interface GatewayOptions {
  /** Stage to serve (default: the definition's default stage). */
  readonly stage?: string;
  readonly clock?: Clock;
  /** Where log lines go (default: stderr as JSON lines). */
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void;
  /** Account id reported in events (`$context.accountId`). */
  readonly accountId?: string;
  /** Stage variable values that replace the generated ones (as a canary's stageVariableOverrides). */
  readonly stageVariables?: Readonly<Record<string, string>>;
  /** Where API key values named `${env:NAME}` are read from at start-up (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Where token buckets and quota counters are kept (default: a new in-memory store). */
  readonly usagePlanStore?: UsagePlanStore;
  /** Where the stage's cached responses are kept, when it has a cache (default: in memory, sized by `cacheClusterSize`). */
  readonly responseCache?: ResponseCacheStore;
}

/** State shared by every request of one running gateway. */
export interface GatewayRuntime {
  readonly definition: GatewayDefinition;
  readonly stage: StageDefinition;
  readonly responses: Readonly<Record<GatewayResponseType, ResolvedGatewayResponse>>;
  readonly clock: Clock;
  readonly accountId: string;
  readonly log: (entry: Readonly<Record<string, unknown>>) => void;
  /** Requests in flight, for graceful shutdown. */
  inFlight: number;
  /** The API's keys, resolved for this stage at start-up. */
  readonly apiKeys: readonly ResolvedApiKey[];
  /** Token buckets and quota counters of the usage-plan step. */
  readonly limits: UsagePlanStore;
  /** The stage's response cache, or undefined when the stage has none. */
  readonly cache: ResponseCacheStore | undefined;
  /** When the gateway started (epoch ms): a quota's initial period is the one holding it. */
  readonly startedAt: number;
  /** Each route's steps, computed on its first request (runtime/server/pipeline.ts). */
  readonly routeSteps: WeakMap<RouteDefinition, readonly Step[]>;
}

/** One request as it flows through the pipeline. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly gateway: GatewayRuntime;
  readonly method: string;
  /** Path as received, percent-encoding kept, without the query string. */
  readonly rawPath: string;
  /** Query string without `?`, "" when none. */
  readonly rawQuery: string;
  readonly requestId: string;
  readonly extendedRequestId: string;
  /** `X-Amzn-Trace-Id` once computed: read it with `traceIdOf(ctx)`, which fills it on first use. */
  traceId: string | undefined;
  /** Epoch ms when the request arrived. */
  readonly startTime: number;
  route: RouteDefinition | undefined;
  pathParameters: Record<string, string> | undefined;
  /** The buffered body, when the route does not stream it; undefined when empty or streamed. */
  body: Buffer | undefined;
  /** Set by the respond step once it writes the response. */
  responded: boolean;
  /** The API key the request was admitted with, on a route that requires one. */
  apiKey: ResolvedApiKey | undefined;
  /** The response cache's answer for this request: `hit`, `miss`, or undefined where the cache had no part. */
  cacheStatus: "hit" | "miss" | undefined;
  /** Set by the cache lookup on a miss: where the integration's answer is to be stored, and whether it carries the warning. */
  cacheStore: { readonly key: string; readonly ttlMs: number; readonly warn: boolean } | undefined;
}
