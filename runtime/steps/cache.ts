import { gatewayResponse, restIdHeaders } from "../responses/respond.js";
import { traceIdOf } from "../server/ids.js";
import {
  asksInvalidation,
  CACHES_ERROR_STATUSES,
  cacheableHeaders,
  cacheKeyOf,
  MAX_CACHED_RESPONSE_BYTES,
  mayInvalidate,
  responseBytes,
  UNAUTHORIZED_CACHE_CONTROL_WARNING,
  type RouteCache,
} from "../cache/response-cache.js";
import type { CachedResponse } from "../stores/store.js";
import type { BodySink, GatewayResult, RequestContext, Step, StepOutcome, StreamedBody } from "../server/types.js";

/**
 * What FAIL_WITH_403 answers a caller that may not invalidate: ACCESS_DENIED with this message [U: AWS documents
 * the 403 only].
 */
export const INVALIDATION_DENIED_MESSAGE = "User is not authorized to access this resource";

/**
 * Cache lookup (reference §0 step 10, §8), after validation: a fresh entry under the request's cache key answers at
 * once (the integration does not run); on a miss the request goes on and {@link storeInCache} keeps the
 * integration's answer. `Cache-Control: max-age=0` from a caller who may invalidate skips the lookup and refreshes
 * the entry; from one who may not, the route's strategy applies: FAIL_WITH_403, or the cached answer with
 * (SUCCEED_WITH_RESPONSE_HEADER) or without a warning header.
 */
export function createCacheLookup(cache: RouteCache): Step {
  return (ctx) => {
    if (cache.methods === "GET" && ctx.method !== "GET") return undefined;
    const key = cacheKeyOf(ctx, cache);
    let warn = false;
    if (asksInvalidation(ctx)) {
      if (mayInvalidate(ctx, cache)) {
        ctx.cacheStatus = "miss";
        ctx.cacheStore = { key, ttlMs: cache.ttlMs, warn };
        return undefined;
      }
      if (cache.strategy === "FAIL_WITH_403") {
        ctx.req.resume();
        return gatewayResponse(ctx, "ACCESS_DENIED", { message: INVALIDATION_DENIED_MESSAGE });
      }
      warn = cache.strategy === "SUCCEED_WITH_RESPONSE_HEADER";
    }
    // The request's arrival time: an entry fresh when the request came is served.
    const found = ctx.gateway.cache!.get(key, ctx.startTime);
    if (found instanceof Promise) return found.then((entry) => lookedUp(ctx, cache, key, warn, entry));
    return lookedUp(ctx, cache, key, warn, found);
  };
}

function lookedUp(ctx: RequestContext, cache: RouteCache, key: string, warn: boolean, entry: CachedResponse | undefined): StepOutcome {
  if (entry === undefined) {
    ctx.cacheStatus = "miss";
    ctx.cacheStore = { key, ttlMs: cache.ttlMs, warn };
    return undefined;
  }
  ctx.cacheStatus = "hit";
  // REST only (HTTP APIs have no cache): the ids every REST response carries, then the stored headers.
  const headers = restIdHeaders(ctx).concat(entry.headers);
  for (let i = 4; i < headers.length; i += 2) if (headers[i]!.toLowerCase() === "x-amzn-trace-id") headers[i + 1] = traceIdOf(ctx);
  if (warn) headers.push("warning", UNAUTHORIZED_CACHE_CONTROL_WARNING);
  return { statusCode: entry.statusCode, headers, body: entry.body };
}

/**
 * Cache store (reference §0 step 14): keeps the integration's answer under the key the lookup chose, for the route's
 * TTL, unless it is one of the gateway's own responses or larger than {@link MAX_CACHED_RESPONSE_BYTES}. A streamed
 * body is copied while it goes to the client and stored once it has ended whole.
 */
export function storeInCache(ctx: RequestContext, answer: GatewayResult): GatewayResult {
  const pending = ctx.cacheStore;
  if (pending === undefined) return answer;
  const withWarning = pending.warn ? addHeader(answer, "warning", UNAUTHORIZED_CACHE_CONTROL_WARNING) : answer;
  if (answer.gatewayResponse !== undefined || (!CACHES_ERROR_STATUSES && answer.statusCode >= 400)) return withWarning;
  const headers = cacheableHeaders(answer.headers);
  const store = ctx.gateway.cache!;
  const keep = (body: Buffer): void => {
    if (responseBytes(headers, body) > MAX_CACHED_RESPONSE_BYTES) return;
    void store.set(pending.key, { statusCode: answer.statusCode, headers, body, expiresAt: ctx.gateway.clock.now() + pending.ttlMs }, ctx.gateway.clock.now());
  };
  if (Buffer.isBuffer(answer.body)) {
    keep(answer.body);
    return withWarning;
  }
  return { ...withWarning, body: copiedWhileSent(answer.body, MAX_CACHED_RESPONSE_BYTES - responseBytes(headers, Buffer.alloc(0)), keep) };
}

/** The same answer with one more header. */
function addHeader(answer: GatewayResult, name: string, value: string): GatewayResult {
  const headers = Array.isArray(answer.headers) ? [...answer.headers, name, value] : { ...answer.headers, [name]: value };
  return { ...answer, headers };
}

/**
 * A streamed body that writes to the client as before and keeps a copy of up to `limit` bytes; `done` gets the copy
 * when the body ended whole within the limit (a body cut off, or over the limit, is not kept).
 */
function copiedWhileSent(body: StreamedBody, limit: number, done: (copy: Buffer) => void): StreamedBody {
  return {
    kind: "stream",
    pipeTo(sink: BodySink): Promise<void> {
      let chunks: Buffer[] | undefined = [];
      let size = 0;
      const copy: BodySink = {
        write(chunk) {
          if (chunks !== undefined) {
            size += chunk.length;
            if (size > limit) chunks = undefined;
            else chunks.push(chunk);
          }
          return sink.write(chunk);
        },
        end() {
          sink.end();
          if (chunks !== undefined && !sink.destroyed) done(Buffer.concat(chunks, size));
          chunks = undefined;
        },
        once: (event, listener) => sink.once(event, listener),
        destroy() {
          chunks = undefined;
          sink.destroy();
        },
        get writableEnded() {
          return sink.writableEnded;
        },
        get destroyed() {
          return sink.destroyed;
        },
      };
      return body.pipeTo(copy);
    },
  };
}
