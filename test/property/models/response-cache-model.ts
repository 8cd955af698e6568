/**
 * Reference model of Amazon API Gateway's REST response cache (reference §8, vectors 52–54), written from the
 * reference alone and sharing no code with runtime/cache/:
 *
 * - Which methods are cached: with the stage cache on, GET unless a setting turns caching off; any other method only
 *   when its own method setting says `cachingEnabled: true` (vector 53: the stage default caches GET only). The
 *   method's own setting wins over the stage default (`*\/*`); TTL default 300 s, 0 = off.
 * - The key: method + resource path + the values of the method's `cacheKeyParameters` (headers by case-insensitive
 *   name, query and path by exact name). Parameters that are not key parameters are not in it (vector 52). An absent
 *   parameter is its own value, apart from an empty one.
 * - A request whose key has an entry stored less than TTL ago is a hit: the integration does not run and the stored
 *   response is served. Otherwise it is a miss: the integration runs and its response is stored with
 *   `expiresAt = now + ttl`, stale from that instant on.
 * - `Cache-Control: max-age=0`: where invalidation needs no authorization, a miss that refreshes the entry. Where it
 *   does, no caller of gwc is authorized (it has no IAM principals), and the method's
 *   `unauthorizedCacheControlHeaderStrategy` applies: FAIL_WITH_403 → 403 and no integration run (vector 54);
 *   SUCCEED_WITH_RESPONSE_HEADER → the normal cached behaviour plus a warning header; SUCCEED_WITHOUT_RESPONSE_HEADER
 *   → the normal cached behaviour.
 *
 * The model does not guess what the reference leaves undocumented [U]: the defaults of
 * `requireAuthorizationForCacheControl` and of the strategy must be given by the stage, or the model throws when it
 * needs them. Entry size limits, cached statuses and the cache's byte budget are outside the model; its user keeps
 * responses small and successful.
 *
 * The integration is a function the user passes in (`integrate`), called once per miss, so that the model says both
 * whether the integration ran and which response is served.
 */

/** `unauthorizedCacheControlHeaderStrategy` values (reference §8). */
export type ModelUnauthorizedStrategy = "FAIL_WITH_403" | "SUCCEED_WITH_RESPONSE_HEADER" | "SUCCEED_WITHOUT_RESPONSE_HEADER";

/** One entry of a stage's `methodSettings`, the fields that concern caching. */
export interface ModelMethodSetting {
  readonly cachingEnabled?: boolean;
  readonly cacheTtlInSeconds?: number;
  readonly requireAuthorizationForCacheControl?: boolean;
  readonly unauthorizedCacheControlHeaderStrategy?: ModelUnauthorizedStrategy;
}

/** A stage as far as caching goes. */
export interface ModelStage {
  readonly cacheClusterEnabled: boolean;
  /** Keyed `*\/*` (the stage default) or `<resource path>/<METHOD>`, as in AWS's method settings. */
  readonly methodSettings: Readonly<Record<string, ModelMethodSetting>>;
}

/** A cache key parameter: `method.request.<in>.<name>`. */
export interface ModelKeyParameter {
  readonly in: "querystring" | "path" | "header";
  readonly name: string;
}

/** A method of the API: its HTTP method, resource path and cache key parameters. */
export interface ModelMethod {
  readonly httpMethod: string;
  readonly resource: string;
  readonly cacheKeyParameters: readonly ModelKeyParameter[];
}

/** One request to a method. Header names may be in any case; a query parameter appears at most once. */
export interface ModelRequest {
  readonly method: ModelMethod;
  readonly query: Readonly<Record<string, string>>;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

/** What the model says happens to one request. */
export type ModelOutcome<R> =
  /** FAIL_WITH_403: refused with 403, the integration does not run. */
  | { readonly kind: "refused"; readonly status: 403 }
  /** The integration ran and `response` is its answer; `stored` when the method is cached. */
  | { readonly kind: "miss"; readonly response: R; readonly stored: boolean; readonly warning: boolean }
  /** Served from the cache: `response` is the stored answer, the integration does not run. */
  | { readonly kind: "hit"; readonly response: R; readonly warning: boolean };

/** How one method is cached on the stage. */
export interface ModelCaching {
  readonly ttlMs: number;
  /** undefined when the stage does not say [U]; needed only for `Cache-Control: max-age=0`. */
  readonly requireAuthorization: boolean | undefined;
  readonly strategy: ModelUnauthorizedStrategy | undefined;
}

/** The caching of `method` on `stage`, or undefined when it is not cached (reference §8, vector 53). */
export function modelCaching(stage: ModelStage, method: ModelMethod): ModelCaching | undefined {
  if (!stage.cacheClusterEnabled) return undefined;
  const own = stage.methodSettings[`${method.resource}/${method.httpMethod}`];
  const all = stage.methodSettings["*/*"];
  // "Only GET cached by default; others via method settings": the stage default enables GET only.
  const enabled = own?.cachingEnabled ?? (method.httpMethod === "GET" && (all?.cachingEnabled ?? true));
  if (!enabled) return undefined;
  const ttlSeconds = own?.cacheTtlInSeconds ?? all?.cacheTtlInSeconds ?? 300;
  if (ttlSeconds === 0) return undefined;
  return {
    ttlMs: ttlSeconds * 1000,
    requireAuthorization: own?.requireAuthorizationForCacheControl ?? all?.requireAuthorizationForCacheControl,
    strategy: own?.unauthorizedCacheControlHeaderStrategy ?? all?.unauthorizedCacheControlHeaderStrategy,
  };
}

/** True when the request carries `Cache-Control` with the directive `max-age=0` (reference §8). */
export function modelAsksInvalidation(headers: Readonly<Record<string, string>>): boolean {
  const value = headerOf(headers, "cache-control");
  if (value === undefined) return false;
  return value.split(",").some((directive) => directive.trim().toLowerCase() === "max-age=0");
}

function headerOf(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** The key parameter's value in the request, null when absent. */
function keyValue(request: ModelRequest, p: ModelKeyParameter): string | null {
  switch (p.in) {
    case "querystring":
      return Object.hasOwn(request.query, p.name) ? request.query[p.name]! : null;
    case "path":
      return Object.hasOwn(request.pathParameters, p.name) ? request.pathParameters[p.name]! : null;
    case "header":
      return headerOf(request.headers, p.name.toLowerCase()) ?? null;
  }
}

interface ModelEntry<R> {
  readonly response: R;
  readonly expiresAt: number;
}

/** The stage's cache: its entries, its own clock (ms from 0), and the integration it stands in front of. */
export class ResponseCacheModel<R> {
  readonly #stage: ModelStage;
  readonly #integrate: (request: ModelRequest) => R;
  readonly #entries = new Map<string, ModelEntry<R>>();
  #now = 0;

  constructor(stage: ModelStage, integrate: (request: ModelRequest) => R) {
    this.#stage = stage;
    this.#integrate = integrate;
  }

  /** Model time in ms since the model was made. */
  get now(): number {
    return this.#now;
  }

  /** Moves time forward by `ms` (never back). */
  advance(ms: number): void {
    if (ms < 0) throw new Error("model time only moves forward");
    this.#now += ms;
  }

  /** What happens to `request` now; a miss runs the integration and, on a cached method, stores its answer. */
  handle(request: ModelRequest): ModelOutcome<R> {
    const caching = modelCaching(this.#stage, request.method);
    if (caching === undefined) return { kind: "miss", response: this.#integrate(request), stored: false, warning: false };
    const key = JSON.stringify([request.method.httpMethod, request.method.resource, ...request.method.cacheKeyParameters.map((p) => keyValue(request, p))]);
    let warning = false;
    if (modelAsksInvalidation(request.headers)) {
      if (caching.requireAuthorization === undefined) throw new Error(`the stage does not say whether ${request.method.httpMethod} ${request.method.resource} requires authorization for Cache-Control [U]`);
      if (!caching.requireAuthorization) return this.#miss(key, caching, request, false);
      // Authorization is required and no caller of gwc holds execute-api:InvalidateCache.
      if (caching.strategy === undefined) throw new Error(`the stage gives no unauthorizedCacheControlHeaderStrategy for ${request.method.httpMethod} ${request.method.resource} [U]`);
      if (caching.strategy === "FAIL_WITH_403") return { kind: "refused", status: 403 };
      warning = caching.strategy === "SUCCEED_WITH_RESPONSE_HEADER";
    }
    const entry = this.#entries.get(key);
    if (entry !== undefined && this.#now < entry.expiresAt) return { kind: "hit", response: entry.response, warning };
    return this.#miss(key, caching, request, warning);
  }

  #miss(key: string, caching: ModelCaching, request: ModelRequest, warning: boolean): ModelOutcome<R> {
    const response = this.#integrate(request);
    this.#entries.set(key, { response, expiresAt: this.#now + caching.ttlMs });
    return { kind: "miss", response, stored: true, warning };
  }
}
