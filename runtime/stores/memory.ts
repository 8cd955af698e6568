import { fullBucket, hasToken, MICRO_TOKENS, refill, type BucketState } from "../throttle/token-bucket.js";
import { getHeapStatistics } from "node:v8";
import { LRUCache } from "lru-cache";
import { QUOTA_REFUSED, USAGE_RETENTION_DAYS, utcDay, type CachedResponse, type QuotaStore, type RateLimitStore, type ResponseCacheStore, type TokenBucketLimits, type UsagePlanStore } from "./store.js";
import { entryBytes } from "../cache/response-cache.js";

/**
 * Buckets one memory store keeps at most (STYLE.md §10.12: every in-memory store is bounded). Past it the least
 * recently used bucket is dropped; it comes back full, which admits at most one burst more for a key idle long
 * enough to be the least recent of 100,000.
 */
export const MAX_BUCKETS = 100_000;

/**
 * A Map bounded to `max` entries that drops the least recently used first, approximately: a use moves an entry to
 * the back only when it is not among the entries inserted or moved in the last `max / 2` (its place in the Map's
 * insertion order), so that most uses cost a lookup alone. An entry in use is never the first to go: at least
 * `max / 2` entries are older than it until its next use moves it again.
 */
class RecencyMap<V extends { seen: number }> {
  readonly #entries = new Map<string, V>();
  #moves = 0;
  constructor(readonly max: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    const v = this.#entries.get(key);
    if (v !== undefined && this.#moves - v.seen > this.max >>> 1) {
      this.#entries.delete(key);
      this.#entries.set(key, v);
      v.seen = ++this.#moves;
    }
    return v;
  }

  /** Adds a new entry (one not in the map) at the back, dropping the front ones past the bound. */
  add(key: string, v: V): void {
    v.seen = ++this.#moves;
    this.#entries.set(key, v);
    while (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
  }
}

/** A stored bucket: its state, changed in place (no allocation per request). */
interface StoredBucket {
  tokens: number;
  updatedAt: number;
  seen: number;
}

/** Options of {@link createMemoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /** Bound on the number of buckets (default {@link MAX_BUCKETS}). */
  readonly maxBuckets?: number;
}

/** The in-memory rate limit store: one process's buckets, bounded, answering synchronously. */
export function createMemoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): RateLimitStore & { readonly size: number } {
  const buckets = new RecencyMap<StoredBucket>(options.maxBuckets ?? MAX_BUCKETS);
  const refilled: BucketState[] = [];
  const found: (StoredBucket | undefined)[] = [];
  return {
    get size() {
      return buckets.size;
    },
    take(keys: readonly { readonly key: string; readonly limits: TokenBucketLimits }[], now: number): number {
      for (let i = 0; i < keys.length; i++) {
        const { key, limits } = keys[i]!;
        const stored = buckets.get(key);
        const state = stored === undefined ? fullBucket(limits, now) : refill(stored, limits, now);
        if (!hasToken(state)) return i;
        refilled[i] = state;
        found[i] = stored;
      }
      // All-or-nothing: only a request every bucket admits takes a token from each.
      for (let i = 0; i < keys.length; i++) {
        const stored = found[i];
        const tokens = refilled[i]!.tokens - MICRO_TOKENS;
        if (stored === undefined) buckets.add(keys[i]!.key, { tokens, updatedAt: refilled[i]!.updatedAt, seen: 0 });
        else {
          stored.tokens = tokens;
          stored.updatedAt = refilled[i]!.updatedAt;
        }
      }
      return -1;
    },
  };
}

/**
 * Quota counters one memory store keeps at most; past it the least recently used goes. A dropped counter starts
 * again at 0, which can admit up to one more quota for a key idle long enough to be the least recent of 100,000.
 */
export const MAX_QUOTA_COUNTERS = 100_000;

/** The in-memory quota store: one process's counters, bounded, answering synchronously. */
export function createMemoryQuotaStore(options: { readonly maxCounters?: number } = {}): QuotaStore & { readonly size: number } {
  const counters = new RecencyMap<{ periodStart: number; count: number; seen: number }>(options.maxCounters ?? MAX_QUOTA_COUNTERS);
  return {
    get size() {
      return counters.size;
    },
    consume(key: string, periodStart: number, _periodEnd: number, limit: number): number {
      const stored = counters.get(key);
      // A counter of an earlier period is spent: the new period starts at 0.
      const count = stored !== undefined && stored.periodStart === periodStart ? stored.count : 0;
      if (count >= limit) return -1;
      if (stored === undefined) counters.add(key, { periodStart, count: count + 1, seen: 0 });
      else {
        stored.periodStart = periodStart;
        stored.count = count + 1;
      }
      return limit - count - 1;
    },
  };
}

/**
 * Keys whose daily usage one memory store keeps at most; past it the least recently counted goes (its history is
 * lost, its limits are not affected).
 */
export const MAX_USAGE_KEYS = 100_000;

/** One key's daily usage: counts by UTC day, oldest first, at most USAGE_RETENTION_DAYS days; today's at hand. */
interface StoredUsage {
  readonly days: Map<string, number>;
  day: string;
  today: number;
  seen: number;
}

/** The in-memory usage-plan store: buckets, quota counters and daily usage, each bounded, answering synchronously. */
export function createMemoryUsagePlanStore(options: MemoryRateLimitStoreOptions & { readonly maxCounters?: number; readonly maxUsageKeys?: number } = {}): UsagePlanStore {
  const rateLimits = createMemoryRateLimitStore(options);
  const quotas = createMemoryQuotaStore(options);
  const usage = new RecencyMap<StoredUsage>(options.maxUsageKeys ?? MAX_USAGE_KEYS);
  let lastDayStart = Number.NaN;
  let lastDay = "";
  const count = (key: string, now: number): void => {
    const dayStart = now - (now % 86_400_000);
    if (dayStart !== lastDayStart) {
      lastDayStart = dayStart;
      lastDay = utcDay(now);
    }
    const stored = usage.get(key);
    if (stored === undefined) {
      usage.add(key, { days: new Map(), day: lastDay, today: 1, seen: 0 });
      return;
    }
    if (stored.day === lastDay) {
      stored.today++;
      return;
    }
    // A new day: the finished one joins the history.
    stored.days.set(stored.day, stored.today);
    if (stored.days.size > USAGE_RETENTION_DAYS) stored.days.delete(stored.days.keys().next().value!);
    stored.day = lastDay;
    stored.today = 1;
  };
  return {
    take: (keys, now) => rateLimits.take(keys, now),
    consume: (key, start, end, limit, now) => quotas.consume(key, start, end, limit, now),
    admit(keys, quota, now, usageKey) {
      const refused = keys.length === 0 ? -1 : (rateLimits.take(keys, now) as number);
      if (refused >= 0) return refused;
      if (quota !== undefined && (quotas.consume(quota.key, quota.periodStart, quota.periodEnd, quota.limit, now) as number) < 0) return QUOTA_REFUSED;
      if (usageKey !== undefined) count(usageKey, now);
      return -1;
    },
    usage(usageKey, days) {
      const stored = usage.get(usageKey);
      return days.map((d) => (stored === undefined ? 0 : d === stored.day ? stored.today : (stored.days.get(d) ?? 0)));
    },
  };
}

/**
 * The share of the process's heap limit an in-memory response cache may fill, whatever its `cacheClusterSize`: a
 * 0.5 GB cluster in a process with a 2 GB heap gets 0.5 GB; a 237 GB one does not crash the process. A stage that
 * needs more than a share of one process's memory belongs on the Redis store.
 */
export const MEMORY_CACHE_HEAP_SHARE = 0.25;

/** The budget an in-memory cache of `requestedBytes` gets in this process (see {@link MEMORY_CACHE_HEAP_SHARE}). */
export function memoryCacheBudget(requestedBytes: number): number {
  return Math.max(1, Math.min(requestedBytes, Math.floor(getHeapStatistics().heap_size_limit * MEMORY_CACHE_HEAP_SHARE)));
}

/**
 * lru-cache's get options, one object for every lookup: its default parameter would allocate one per lookup
 * (test/bench cache-hit). Not frozen: lru-cache writes its `status` field (undefined here) into it.
 */
const NO_OPTIONS = {};

/**
 * The in-memory response cache: entries weighed by {@link entryBytes}, least recently used evicted past
 * `capacityBytes`, stale entries dropped when read. Answers synchronously.
 */
export function createMemoryResponseCache(options: { readonly capacityBytes: number }): ResponseCacheStore & { readonly size: number; readonly bytes: number } {
  const capacityBytes = Math.max(1, Math.floor(options.capacityBytes));
  const entries = new LRUCache<string, CachedResponse>({
    maxSize: capacityBytes,
    sizeCalculation: (value, key) => entryBytes(key, value.headers, value.body),
  });
  return {
    capacityBytes,
    get size() {
      return entries.size;
    },
    get bytes() {
      return entries.calculatedSize;
    },
    get(key, now) {
      const entry = entries.get(key, NO_OPTIONS);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now) {
        entries.delete(key);
        return undefined;
      }
      return entry;
    },
    set(key, value) {
      // lru-cache refuses an entry larger than the whole budget by itself (and drops any older one under the key).
      entries.set(key, value);
    },
    flush() {
      entries.clear();
    },
  };
}
