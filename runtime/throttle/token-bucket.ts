/**
 * Token bucket arithmetic (reference §7: capacity `burstLimit`, refilled at `rateLimit` tokens per second,
 * one token per request, starting full [U]). Pure: time comes from the caller.
 *
 * Tokens are counted in millionths and rates resolved to 1/1000 token per second, so with a clock in whole
 * milliseconds every refill is a whole number and no rounding accumulates: a bucket that should hold exactly
 * one token does, however the request times fall.
 */

/** Millionths of a token: the unit buckets are kept in. */
export const MICRO_TOKENS = 1_000_000;

/** What a bucket holds: tokens left (in millionths) and when it was last refilled (epoch ms). */
export interface BucketState {
  readonly tokens: number;
  readonly updatedAt: number;
}

/** A bucket's limits, API Gateway's names. */
export interface BucketLimits {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** A new bucket: full (reference §7 [U]: AWS does not say, a full start is the usual reading). */
export function fullBucket(limits: BucketLimits, now: number): BucketState {
  return { tokens: limits.burstLimit * MICRO_TOKENS, updatedAt: now };
}

/** The bucket at `now`: refilled for the time since it was last updated, never above capacity. A clock that went back refills nothing. */
export function refill(state: BucketState, limits: BucketLimits, now: number): BucketState {
  const capacity = limits.burstLimit * MICRO_TOKENS;
  const elapsed = now - state.updatedAt;
  if (elapsed <= 0) return { tokens: Math.min(state.tokens, capacity), updatedAt: state.updatedAt };
  // rateLimit tokens/s = rateLimit × 1000 millionths per ms.
  const perMs = Math.round(limits.rateLimit * 1000);
  const missing = capacity - state.tokens;
  const tokens = perMs > 0 && elapsed >= missing / perMs ? capacity : Math.min(capacity, state.tokens + elapsed * perMs);
  return { tokens, updatedAt: now };
}

/** True when the bucket holds a whole token. */
export function hasToken(state: BucketState): boolean {
  return state.tokens >= MICRO_TOKENS;
}
