// One contract for every store implementation (STYLE.md §8; undici's cacheStoreTests): the memory and the Redis
// stores must admit and count exactly what the reference models do, in virtual time.
import { it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { QUOTA_REFUSED, type UsagePlanStore } from "../../../runtime/stores/store.js";
import { modelThrottle, type ModelLimits } from "../../property/models/token-bucket-model.js";
import { testSeed } from "../seed.js";

const SEED = testSeed();

/** Stores under test: made once per suite, closed at its end. */
export interface StoresUnderTest {
  readonly limits: UsagePlanStore;
}

const limitsArb: fc.Arbitrary<ModelLimits> = fc.record({
  rateLimit: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000 }).map((m) => m / 1000), fc.integer({ min: 1, max: 100 })),
  burstLimit: fc.integer({ min: 0, max: 8 }),
});

const timesArb = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 401, max: 4_000 })), { minLength: 1, maxLength: 40 }).map((gaps) => {
  let t = 1_700_000_000_000;
  return gaps.map((g) => (t += g));
});

/**
 * The contract. `stores()` gives the stores (set up by the caller's `before`); `numRuns` is lower for a store
 * behind a network round trip. Each run uses keys of its own, so runs never see each other's state.
 */
export function storeContract(stores: () => StoresUnderTest, numRuns: number): void {
  let run = 0;
  const fresh = (): string => `contract-${process.pid}-${Date.now()}-${run++}`;

  it("admits exactly the requests the token bucket model admits, one bucket or several, all-or-nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(limitsArb, { minLength: 1, maxLength: 3 }), timesArb, async (layers, times) => {
        const id = fresh();
        const buckets = layers.map((limits, i) => ({ key: `${id}:${i}`, limits }));
        const got: number[] = [];
        for (const t of times) got.push(await stores().limits.take(buckets, t));
        assert.deepEqual(got, modelThrottle(layers, times));
      }),
      { seed: SEED, numRuns },
    );
  });

  it("counts at most limit requests per period, and starts again in the next period", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5 }), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 20 }), async (limit, periods) => {
        const key = fresh();
        const counted = new Map<number, number>();
        const day = 86_400_000;
        const base = 1_700_006_400_000; // a UTC midnight
        for (const p of [...periods].sort((a, b) => a - b)) {
          const start = base + p * day;
          const left = await stores().limits.consume(key, start, start + day, limit, start + 1);
          const before = counted.get(p) ?? 0;
          if (before < limit) {
            assert.equal(left, limit - before - 1);
            counted.set(p, before + 1);
          } else assert.equal(left, -1);
        }
      }),
      { seed: SEED, numRuns },
    );
  });

  it("admits throttle and quota in one call: a full bucket refuses before the quota counts, a full quota after the tokens are taken", async () => {
    await fc.assert(
      fc.asyncProperty(limitsArb, fc.integer({ min: 0, max: 4 }), timesArb, async (limits, quotaLimit, times) => {
        const id = fresh();
        const buckets = [{ key: `${id}:b`, limits }];
        const quota = { key: `${id}:q`, periodStart: 0, periodEnd: 1e15, limit: quotaLimit };
        const throttle = modelThrottle([limits], times);
        let counted = 0;
        const want = throttle.map((refused) => {
          if (refused >= 0) return refused;
          if (counted >= quotaLimit) return QUOTA_REFUSED;
          counted++;
          return -1;
        });
        const got: number[] = [];
        for (const t of times) got.push(await stores().limits.admit(buckets, quota, t));
        assert.deepEqual(got, want);
      }),
      { seed: SEED, numRuns },
    );
  });

  it("counts each admitted request with a usage key in its UTC day, and nothing refused", async () => {
    await fc.assert(
      fc.asyncProperty(limitsArb, fc.integer({ min: 0, max: 4 }), fc.array(fc.integer({ min: 0, max: 30 * 3_600_000 }), { minLength: 1, maxLength: 25 }), async (limits, quotaLimit, offsets) => {
        const id = fresh();
        const buckets = [{ key: `${id}:b`, limits }];
        const day = 86_400_000;
        const base = 1_700_006_400_000; // a UTC midnight
        const times = offsets.sort((a, b) => a - b).map((o) => base + o);
        // The quota is per UTC day, as the usage count: both start again at midnight.
        const perDay = new Map<string, number>();
        for (const t of times) {
          const start = t - (t % day);
          const admitted = await stores().limits.admit(buckets, { key: `${id}:q`, periodStart: start, periodEnd: start + day, limit: quotaLimit }, t, `${id}:u`);
          const name = new Date(start).toISOString().slice(0, 10);
          if (admitted === -1) perDay.set(name, (perDay.get(name) ?? 0) + 1);
        }
        const days = ["2023-11-14", "2023-11-15", "2023-11-16", "2023-11-17"];
        assert.equal(new Date(base).toISOString().slice(0, 10), "2023-11-15");
        assert.deepEqual(await stores().limits.usage(`${id}:u`, days), days.map((d) => perDay.get(d) ?? 0));
        for (const n of perDay.values()) assert.ok(n <= quotaLimit);
      }),
      { seed: SEED, numRuns },
    );
  });
}
