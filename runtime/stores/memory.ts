import { fullBucket, hasToken, MICRO_TOKENS, refill, type BucketState } from "../throttle/token-bucket.js";
import type { RateLimitStore, TokenBucketLimits } from "./store.js";

/**
 * Buckets one memory store keeps at most (STYLE.md §10.12: every in-memory store is bounded). Past it the least
 * recently used bucket is dropped; it comes back full, which admits at most one burst more for a key idle long
 * enough to be the least recent of 100,000.
 */
export const MAX_BUCKETS = 100_000;

/** Options of {@link createMemoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /** Bound on the number of buckets (default {@link MAX_BUCKETS}). */
  readonly maxBuckets?: number;
}

/** The in-memory rate limit store: one process's buckets, bounded, answering synchronously. */
export function createMemoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): RateLimitStore & { readonly size: number } {
  const maxBuckets = options.maxBuckets ?? MAX_BUCKETS;
  // A Map keeps insertion order: re-inserting on use makes its first key the least recently used.
  const buckets = new Map<string, BucketState>();
  const refilled: BucketState[] = [];
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
      }
      // All-or-nothing: only a request every bucket admits takes a token from each.
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!.key;
        buckets.delete(key);
        buckets.set(key, { tokens: refilled[i]!.tokens - MICRO_TOKENS, updatedAt: refilled[i]!.updatedAt });
      }
      while (buckets.size > maxBuckets) buckets.delete(buckets.keys().next().value!);
      return -1;
    },
  };
}
