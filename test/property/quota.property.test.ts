import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createMemoryQuotaStore } from "../../runtime/stores/memory.js";
import { quotaLimit, quotaPeriod } from "../../runtime/throttle/quota.js";
import { modelPeriodStart, modelQuota, type ModelQuota } from "./models/quota-model.js";
import { testSeed } from "../helpers/seed.js";

const SEED = testSeed();
const DAY = 86_400_000;

const quotaArb: fc.Arbitrary<ModelQuota> = fc.record({
  limit: fc.integer({ min: 0, max: 6 }),
  period: fc.constantFrom("DAY" as const, "WEEK" as const, "MONTH" as const),
  offset: fc.integer({ min: 0, max: 4 }),
});

/** Any instant from 1970 to 2100: leap years (2000 was one, 2100 is not), month lengths, and week starts. */
const instantArb = fc.integer({ min: 0, max: Date.UTC(2100, 11, 31) });

/** Request times from a start: gaps from 0 to 40 days, many a few ms either side of a midnight. */
function timesFrom(start: number): fc.Arbitrary<number[]> {
  const gap = fc.oneof(fc.integer({ min: 0, max: 3 * 3_600_000 }), fc.integer({ min: 0, max: 40 * DAY }), fc.integer({ min: -2, max: 2 }).map((d) => ({ toMidnight: d })));
  return fc.array(gap, { minLength: 1, maxLength: 60 }).map((gaps) => {
    let t = start;
    return gaps.map((g) => {
      if (typeof g === "number") t += g;
      else t = Math.max(t, Math.ceil((t + 1) / DAY) * DAY + g.toMidnight);
      return t;
    });
  });
}

/** What the runtime admits: the quota step's period, limit and counter, in order. */
function runtimeQuota(quota: ModelQuota, startedAt: number, times: readonly number[]): boolean[] {
  const store = createMemoryQuotaStore();
  return times.map((t) => {
    const period = quotaPeriod(quota.period, t);
    return store.consume("key", period.start, period.end, quotaLimit(quota, period.start, startedAt), t) !== -1;
  });
}

describe(`quotas against the calendar model (seed ${SEED})`, () => {
  it("puts every instant in the UTC day, Sunday week and month the model finds", () => {
    fc.assert(
      fc.property(fc.constantFrom("DAY" as const, "WEEK" as const, "MONTH" as const), instantArb, (period, t) => {
        const p = quotaPeriod(period, t);
        assert.equal(p.start, modelPeriodStart(period, t));
        assert.ok(p.start <= t && t < p.end, "the period holds the instant");
        assert.equal(p.end, modelPeriodStart(period, p.end), "the period ends where the next one starts");
        assert.equal(modelPeriodStart(period, p.end - 1), p.start, "its last ms is still in it");
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("admits exactly the requests the model admits, across period boundaries and with offset", () => {
    fc.assert(
      fc.property(
        quotaArb,
        instantArb.chain((start) => fc.tuple(fc.constant(start), timesFrom(start))),
        (quota, [start, times]) => {
          assert.deepEqual(runtimeQuota(quota, start, times), modelQuota(quota, start, times));
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("keeps at most maxCounters counters", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 200 }), (max, keys) => {
        const store = createMemoryQuotaStore({ maxCounters: max });
        for (const k of keys) store.consume(`k${k}`, 0, DAY, 5, 0);
        assert.ok(store.size <= max);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
