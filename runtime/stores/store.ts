/**
 * Store interfaces for state shared between gateway instances (ARCHITECTURE.md "Runtime").
 *
 * The usage-plan and response-cache stores exist twice — in memory (memory.ts: bounded, the embedded default) and on
 * Redis (redis.ts: atomic Lua scripts, Redis Cluster compatible: every multi-key operation keeps its keys in one
 * hash slot); the connection registry is the WebSocket issue's design. One contract suite per store
 * (`test/helpers/contracts/`) runs against both. Every method takes
 * the current time from the caller (`Clock.now()`), never from the store, so rules can be
 * checked in virtual time; the Redis store passes it into its scripts for the same reason.
 */

/** Token bucket state as stored: tokens left and when they were last refilled (epoch ms). */
export interface TokenBucketState {
  readonly tokens: number;
  readonly updatedAt: number;
}

/** Limits of one bucket, API Gateway's names: `rateLimit` tokens/s, capacity `burstLimit`. */
export interface TokenBucketLimits {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** Throttling (plan-method → plan → stage-method → stage → account, reference §7). */
export interface RateLimitStore {
  /**
   * Refills every bucket in `keys` to `now`, then takes one token from each only if all have
   * one (all-or-nothing, so a request rejected by an inner limit does not drain an outer one).
   * Answers the index of the first bucket that had no token, or -1 when admitted; synchronously where the
   * store can (memory), so the request pipeline stays synchronous.
   */
  take(keys: readonly { readonly key: string; readonly limits: TokenBucketLimits }[], now: number): number | Promise<number>;
}

/** Usage-plan quota counters (`quota.limit` per `DAY|WEEK|MONTH` period, reference §7). */
export interface QuotaStore {
  /**
   * Counts one request against `key` in the period starting at `periodStart` (epoch ms, UTC
   * calendar boundary) if the count is below `limit`. Resolves with the remaining count, or -1
   * when the quota was already exhausted (nothing counted).
   */
  consume(key: string, periodStart: number, periodEnd: number, limit: number, now: number): number | Promise<number>;
}

/** A quota to count a request against, with the limit in force for its period. */
export interface QuotaRequest {
  readonly key: string;
  readonly periodStart: number;
  readonly periodEnd: number;
  readonly limit: number;
}

/** What {@link UsagePlanStore.admit} answers when the buckets had tokens but the quota was exhausted. */
export const QUOTA_REFUSED = -2;

/** Throttle, quota and daily usage together: the usage-plan step's store, one round trip per request on Redis. */
export interface UsagePlanStore extends RateLimitStore, QuotaStore {
  /**
   * `take(keys, now)`, then, when admitted and `quota` is given, `consume` it, then, when still admitted and `usage` is
   * given, counts the request in that key's UTC day (for GetUsage). Answers -1 when admitted (and counted), the
   * index of the first empty bucket (nothing taken, nothing counted), or {@link QUOTA_REFUSED} when the quota was
   * exhausted (the tokens were taken: throttling comes first, reference §0 step 8). A store that cannot answer and
   * is configured to fail closed answers {@link STORE_UNAVAILABLE}.
   */
  admit(keys: readonly { readonly key: string; readonly limits: TokenBucketLimits }[], quota: QuotaRequest | undefined, now: number, usage?: string): number | Promise<number>;
  /** Requests counted under usage key `usage` on each of `days` (`YYYY-MM-DD`, UTC), in order; 0 for a day without any. */
  usage(usage: string, days: readonly string[]): number[] | Promise<number[]>;
}

/** What {@link UsagePlanStore.admit} answers when the store could not be reached and fails closed. */
export const STORE_UNAVAILABLE = -3;

/** Days of usage a store keeps per key (GetUsage looks back at most this far). */
export const USAGE_RETENTION_DAYS = 90;

/** The UTC day of an epoch-ms time, as GetUsage writes dates: `YYYY-MM-DD`. */
export function utcDay(now: number): string {
  return new Date(now - (now % 86_400_000)).toISOString().slice(0, 10);
}

/**
 * A cached integration response (reference §8): its status, its headers as a flat `[name, value, …]` list without
 * the ones that belong to one request (request ids, trace id, Content-Length, Connection), and its body.
 */
export interface CachedResponse {
  readonly statusCode: number;
  readonly headers: readonly string[];
  readonly body: Buffer;
  /** Epoch ms from which the entry is stale (stored at + TTL). */
  readonly expiresAt: number;
}

/**
 * A stage's response cache (reference §8): entries by cache key, within a byte budget. Answers synchronously where
 * the store can (memory); on Redis, an unreachable store answers a miss and stores nothing (the cache is bypassed).
 */
export interface ResponseCacheStore {
  /** The entry under `key`, unless it is stale at `now`. */
  get(key: string, now: number): CachedResponse | undefined | Promise<CachedResponse | undefined>;
  /** Stores `value` under `key`, replacing any entry there; least recently used entries go to keep the budget. */
  set(key: string, value: CachedResponse, now: number): void | Promise<void>;
  /** Empties the stage's cache (API Gateway's FlushStageCache). */
  flush(): void | Promise<void>;
  /** The byte budget. */
  readonly capacityBytes: number;
}

/** One open WebSocket connection, as @connections GET reports it (reference §12). */
export interface ConnectionRecord {
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly lastActiveAt: number;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  /** Which gateway instance holds the socket, so a POST to @connections reaches it. */
  readonly instanceId: string;
}

/** The WebSocket connection registry shared by every instance. */
export interface ConnectionStore {
  put(record: ConnectionRecord): Promise<void>;
  get(connectionId: string): Promise<ConnectionRecord | undefined>;
  touch(connectionId: string, now: number): Promise<void>;
  delete(connectionId: string): Promise<boolean>;
}
