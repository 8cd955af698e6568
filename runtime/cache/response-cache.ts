/**
 * The REST response cache's rules (reference §8): which requests of a route are cached and for how long, the
 * cache key, what an entry holds and weighs, and the `Cache-Control: max-age=0` strategies. The store keeps the
 * entries (stores/memory.ts, stores/redis.ts); the cache step applies these rules (steps/cache.ts).
 *
 * Every point the reference marks unconfirmed is one named constant here, and the README's caching section.
 */
import { queryValues } from "../server/request.js";
import type { CacheKeyParameter, MethodCacheSetting, RequestContext, RouteDefinition, StageDefinition } from "../server/types.js";

/** TTL when a method setting gives none: 300 s (reference §8). 0 turns caching off; at most 3600 s. */
export const DEFAULT_CACHE_TTL_SECONDS = 300;
export const MAX_CACHE_TTL_SECONDS = 3600;

/** The largest response API Gateway caches: 1,048,576 bytes (reference §8); a larger one is served, not cached. */
export const MAX_CACHED_RESPONSE_BYTES = 1_048_576;

/** Bytes per GB of `cacheClusterSize` (the cluster's memory size: binary gigabytes). */
export const BYTES_PER_CACHE_GB = 1024 ** 3;

/** Bookkeeping bytes counted per entry on top of its key, headers and body, so that empty entries have a weight. */
export const ENTRY_OVERHEAD_BYTES = 64;

/**
 * What a caller not authorized to invalidate gets with `Cache-Control: max-age=0`, when no method setting says:
 * AWS's console defaults, "Require authorization" checked and "Ignore cache control header; add a warning in
 * response header" [U: the API's defaults are not documented].
 */
export const DEFAULT_REQUIRE_AUTHORIZATION_FOR_CACHE_CONTROL = true;
export const DEFAULT_UNAUTHORIZED_STRATEGY = "SUCCEED_WITH_RESPONSE_HEADER";

/** The warning SUCCEED_WITH_RESPONSE_HEADER adds [U: name and text are not documented; this is the one AWS users report]. */
export const UNAUTHORIZED_CACHE_CONTROL_WARNING = "199 Cache-control headers were ignored because the caller was unauthorized.";

/**
 * Which integration responses are cached: every one the integration answered, whatever its status [U: reference §8
 * "non-2xx reportedly cached"]; the gateway's own responses (timeouts, malformed Lambda results) never are.
 */
export const CACHES_ERROR_STATUSES = true;

/** The stage default key of `methodSettings`. */
const EVERY_METHOD = "*/*";

/** A route's caching on one stage, resolved from its method setting over the stage default. */
export interface RouteCache {
  /** Entry lifetime in ms (> 0). */
  readonly ttlMs: number;
  /** `GET`: only GET requests are cached (the stage default); `ALL`: every request of the route (its own setting). */
  readonly methods: "GET" | "ALL";
  readonly requireAuthorization: boolean;
  readonly strategy: NonNullable<MethodCacheSetting["unauthorizedCacheControlHeaderStrategy"]>;
  readonly keyParameters: readonly CacheKeyParameter[];
  /** The prefix of the route's keys: resource path and namespace. */
  readonly keyPrefix: string;
}

/**
 * The caching of `route` on `stage`, or undefined when the stage has no cache or the route is not cached. A field of
 * the method's own setting wins over the stage default's (`*\/*`), field by field. With the stage cache on, GET
 * methods are cached unless a setting says `cachingEnabled: false`; other methods only when their own setting says
 * `cachingEnabled: true` (reference §8, vector 53: the stage default caches GET only).
 */
export function routeCache(route: RouteDefinition, stage: StageDefinition): RouteCache | undefined {
  if (stage.cacheClusterSize === undefined) return undefined;
  const own = route.methodKey === undefined ? undefined : stage.methodCacheSettings?.[route.methodKey];
  const all = stage.methodCacheSettings?.[EVERY_METHOD];
  const method = route.routeKey.slice(0, route.routeKey.indexOf(" "));
  let methods: RouteCache["methods"];
  if (own?.cachingEnabled === true) methods = "ALL";
  else if (own?.cachingEnabled === false || all?.cachingEnabled === false) return undefined;
  else if (method === "GET" || method === "ANY") methods = "GET";
  else return undefined;
  const ttl = own?.cacheTtlInSeconds ?? all?.cacheTtlInSeconds ?? DEFAULT_CACHE_TTL_SECONDS;
  if (ttl <= 0) return undefined;
  return {
    ttlMs: Math.min(ttl, MAX_CACHE_TTL_SECONDS) * 1000,
    methods,
    requireAuthorization: own?.requireAuthorizationForCacheControl ?? all?.requireAuthorizationForCacheControl ?? DEFAULT_REQUIRE_AUTHORIZATION_FOR_CACHE_CONTROL,
    strategy: own?.unauthorizedCacheControlHeaderStrategy ?? all?.unauthorizedCacheControlHeaderStrategy ?? DEFAULT_UNAUTHORIZED_STRATEGY,
    keyParameters: route.cacheKeyParameters ?? [],
    keyPrefix: JSON.stringify([route.resource, route.cacheNamespace ?? null]),
  };
}

/**
 * The value a key parameter takes in this request (null when absent), as the integration would see it. A header or
 * query parameter sent more than once keys by all its values, as sent: the integration may see any of them (the
 * last in a Lambda event's single-value maps, all in its multi-value ones), so two requests that differ in one
 * never share an entry.
 */
function parameterValue(ctx: RequestContext, p: CacheKeyParameter): string | readonly string[] | null {
  switch (p.in) {
    case "path": return ctx.pathParameters?.[p.name] ?? null;
    case "querystring": {
      const values = queryValues(ctx.rawQuery, p.name);
      return values.length === 0 ? null : values.length === 1 ? values[0]! : values;
    }
    case "header": {
      const values = ctx.req.headersDistinct[p.name.toLowerCase()];
      return values === undefined ? null : values.length === 1 ? values[0]! : values;
    }
    case "multivaluequerystring": return queryValues(ctx.rawQuery, p.name);
    case "multivalueheader": return ctx.req.headersDistinct[p.name.toLowerCase()] ?? [];
  }
}

/**
 * The cache key of this request: method, resource path, namespace and each key parameter's value, in that order
 * (reference §8). Parameters that are not key parameters are not in it: `?type=a&department=A` and
 * `?type=a&department=B` share an entry when only `type` is one (vector 52). JSON keeps the parts apart, so two
 * requests that differ in a key parameter never share a key.
 */
export function cacheKeyOf(ctx: RequestContext, cache: RouteCache): string {
  let key = `${ctx.method} ${cache.keyPrefix}`;
  for (const p of cache.keyParameters) key += JSON.stringify(parameterValue(ctx, p));
  return key;
}

/** The bytes an entry weighs against the budget: key, headers and body, plus {@link ENTRY_OVERHEAD_BYTES}. */
export function entryBytes(key: string, headers: readonly string[], body: Buffer): number {
  let n = ENTRY_OVERHEAD_BYTES + Buffer.byteLength(key) + body.length;
  for (const h of headers) n += Buffer.byteLength(h);
  return n;
}

/** The size of an entry as API Gateway limits it: headers and body. */
export function responseBytes(headers: readonly string[], body: Buffer): number {
  let n = body.length;
  for (const h of headers) n += Buffer.byteLength(h);
  return n;
}

/** `cacheClusterSize` (GB, as AWS writes it) as a byte budget. */
export function clusterBytes(size: string): number {
  return Math.floor(Number(size) * BYTES_PER_CACHE_GB);
}

/** True when the request asks to bypass and refresh the cache: `Cache-Control: max-age=0` (reference §8). */
export function asksInvalidation(ctx: RequestContext): boolean {
  const value = ctx.req.headers["cache-control"];
  if (value === undefined) return false;
  return /(?:^|,)\s*max-age\s*=\s*"?0+"?\s*(?:,|$)/i.test(value);
}

/**
 * Whether the caller may invalidate the entry: the `execute-api:InvalidateCache` permission on the method. gwc has
 * no IAM principals yet (issue #17), so where authorization is required no caller holds it.
 */
export function mayInvalidate(_ctx: RequestContext, cache: RouteCache): boolean {
  return !cache.requireAuthorization;
}

/**
 * Response headers that belong to one request, not to the cached response: each answer from cache gets its own
 * ids. `X-Amzn-Trace-Id` is kept in the entry, and a hit answers it with its own request's trace id.
 */
const PER_REQUEST_HEADERS = new Set(["x-amzn-requestid", "x-amz-apigw-id", "apigw-requestid", "content-length", "connection", "transfer-encoding", "date", "keep-alive"]);

/** An answer's headers as an entry keeps them: a flat list, without the per-request ones. */
export function cacheableHeaders(headers: Record<string, string | string[]> | readonly string[]): string[] {
  const out: string[] = [];
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) if (!PER_REQUEST_HEADERS.has(headers[i]!.toLowerCase())) out.push(headers[i]!, headers[i + 1]!);
    return out;
  }
  for (const [name, value] of Object.entries(headers as Record<string, string | string[]>)) {
    if (PER_REQUEST_HEADERS.has(name.toLowerCase())) continue;
    if (Array.isArray(value)) for (const v of value) out.push(name, v);
    else out.push(name, value);
  }
  return out;
}
