import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createMemoryRateLimitStore } from "../../runtime/stores/memory.js";
import { modelThrottle, type ModelLimits } from "./models/token-bucket-model.js";
import { testSeed } from "../helpers/seed.js";

const SEED = testSeed();

/** Limits as gateway.yaml allows them: fractional rates (to 1/1000), bursts from 0, and the zero-rate edge. */
const limitsArb: fc.Arbitrary<ModelLimits> = fc.record({
  rateLimit: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 50_000 }).map((m) => m / 1000) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 200 }) },
  ),
  burstLimit: fc.integer({ min: 0, max: 20 }),
});

/** Request times in whole ms: bursts at the same instant, and gaps up to several seconds. */
const timesArb = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 5, arbitrary: fc.integer({ min: 1, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 301, max: 5_000 }) }), { minLength: 1, maxLength: 120 })
  .map((gaps) => {
    let t = 1_700_000_000_000;
    return gaps.map((g) => (t += g));
  });

/**
 * Request times that probe a bucket's edges: gaps of one emission interval (1000 / rateLimit ms) and one ms either
 * side of it, where a refill that is a little fast or slow admits a request the model refuses or the reverse.
 */
function edgeTimesArb(limits: ModelLimits): fc.Arbitrary<number[]> {
  const interval = limits.rateLimit > 0 ? Math.max(1, Math.round(1000 / limits.rateLimit)) : 1000;
  const gap = fc.oneof(fc.constant(0), fc.constant(interval), fc.constant(Math.max(0, interval - 1)), fc.constant(interval + 1), fc.integer({ min: 0, max: 3 * interval }));
  return fc.array(gap, { minLength: 1, maxLength: 150 }).map((gaps) => {
    let t = 1_700_000_000_000;
    return gaps.map((g) => (t += g));
  });
}

/** What the memory store answers for each request, every layer a bucket of its own. */
function runtimeThrottle(layers: readonly ModelLimits[], times: readonly number[]): number[] {
  const store = createMemoryRateLimitStore();
  const buckets = layers.map((limits, i) => ({ key: `layer-${i}`, limits }));
  return times.map((t) => {
    const refused = store.take(buckets, t);
    assert.equal(typeof refused, "number", "the memory store answers synchronously");
    return refused as number;
  });
}

describe(`throttling against the token bucket model (seed ${SEED})`, () => {
  it("admits exactly the requests one bucket of any rate and burst admits", () => {
    fc.assert(
      fc.property(limitsArb, timesArb, (limits, times) => {
        assert.deepEqual(runtimeThrottle([limits], times), modelThrottle([limits], times));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("admits exactly what the model admits when requests arrive one emission interval apart, or one ms either side", () => {
    fc.assert(
      fc.property(limitsArb.chain((limits) => fc.tuple(fc.constant(limits), edgeTimesArb(limits))), ([limits, times]) => {
        assert.deepEqual(runtimeThrottle([limits], times), modelThrottle([limits], times));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("names the first refusing layer, and a refused request takes no token from any layer", () => {
    fc.assert(
      fc.property(fc.array(limitsArb, { minLength: 2, maxLength: 5 }), timesArb, (layers, times) => {
        assert.deepEqual(runtimeThrottle(layers, times), modelThrottle(layers, times));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("admits burstLimit requests at once, then rateLimit per second", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 20 }), (rate, burst) => {
        const t0 = 1_700_000_000_000;
        const atOnce = Array.from({ length: burst + 3 }, () => t0);
        const refused = runtimeThrottle([{ rateLimit: rate, burstLimit: burst }], [...atOnce, t0 + 1000]);
        assert.equal(refused.slice(0, burst + 3).filter((r) => r < 0).length, burst);
        assert.equal(refused[burst + 3], -1, "a second later at least one token is back");
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("keeps at most maxBuckets buckets", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 200 }), (max, keys) => {
        const store = createMemoryRateLimitStore({ maxBuckets: max });
        for (const k of keys) store.take([{ key: `k${k}`, limits: { rateLimit: 1, burstLimit: 1 } }], 0);
        assert.ok(store.size <= max, `${store.size} buckets kept, bound ${max}`);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
