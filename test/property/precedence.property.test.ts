// Error precedence (reference §0: "first failing step wins"; steps 7–9): API key (403), then throttle (429 Too Many
// Requests), then quota (429 Limit Exceeded), then parameter validation (400), over a real socket in virtual time.
// Random schedules of requests with and without a valid key and a required parameter, compared with a model built
// from the reference: the GCRA bucket of models/token-bucket-model.ts for the plan's throttle (rate 1, burst 2) and a
// per-UTC-day count for its quota (4); a request refused at a step consumes nothing of the steps after it, and one
// that reaches validation has been counted in the quota, whatever validation says.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import fc from "fast-check";
import { request } from "undici";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";
import { ManualClock } from "../helpers/manual-clock.js";
import { testSeed } from "../helpers/seed.js";
import { GcraModel } from "./models/token-bucket-model.js";
import { modelPeriodStart } from "./models/quota-model.js";

const SEED = testSeed();
const SPEC = path.join(REPO_ROOT, "test/fixtures/rest-usage-plans");
const DAY = 86_400_000;

/** gateway.yaml's plan `precise`: throttle rate 1 burst 2, quota 4 a DAY; key precise-key. */
const PLAN = { throttle: { rateLimit: 1, burstLimit: 2 }, quotaPerDay: 4 };
const KEYS = {
  none: undefined,
  unknown: "not-a-key-of-this-api-00000",
  disabled: "disabled-key-value-0123456789",
  orphan: "orphan-key-value-0123456789",
  valid: "precise-key-value-0123456789",
} as const;

type KeyKind = keyof typeof KEYS;
interface Req {
  readonly gapMs: number;
  readonly key: KeyKind;
  readonly q: string | undefined;
}

type Outcome = readonly [number, string];
const FORBIDDEN: Outcome = [403, "Forbidden"];
const THROTTLED: Outcome = [429, "Too Many Requests"];
const QUOTA: Outcome = [429, "Limit Exceeded"];
const MISSING_Q: Outcome = [400, "Missing required request parameters: [q]"];
const OK: Outcome = [200, "ok"];

/** The reference's answer to each request of a schedule that starts with a full bucket and an unused day. */
function model(start: number, reqs: readonly Req[]): Outcome[] {
  const bucket = new GcraModel(PLAN.throttle);
  const used = new Map<number, number>();
  let t = start;
  return reqs.map((r) => {
    t += r.gapMs;
    if (r.key !== "valid") return FORBIDDEN;
    if (!bucket.allows(t)) return THROTTLED;
    bucket.take(t);
    const day = modelPeriodStart("DAY", t);
    const count = used.get(day) ?? 0;
    if (count >= PLAN.quotaPerDay) return QUOTA;
    used.set(day, count + 1);
    if (r.q === undefined || r.q.trim() === "") return MISSING_Q;
    return OK;
  });
}

const reqArb: fc.Arbitrary<Req> = fc.record({
  gapMs: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 1_200 }) }, { weight: 1, arbitrary: fc.constantFrom(999, 1_000, 1_001) }),
  key: fc.oneof({ weight: 6, arbitrary: fc.constant("valid" as const) }, { weight: 1, arbitrary: fc.constantFrom<KeyKind>("none", "unknown", "disabled", "orphan") }),
  q: fc.oneof({ weight: 4, arbitrary: fc.constant("pets") }, { weight: 1, arbitrary: fc.constantFrom(undefined, "", " ") }),
});

describe("error precedence: key, throttle, quota, validation (reference §0)", () => {
  let gw: RunningGateway;
  const clock = new ManualClock();
  before(async () => {
    gw = await startGateway(SPEC, { stage: "prod", clock, env: { GWC_TEST_PARTNER_KEY: "env-key-from-the-environment-42" } });
  });
  after(() => gw.close());

  it("answers every request as the first failing step of the model does", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(reqArb, { minLength: 1, maxLength: 24 }), async (reqs) => {
        // Each run starts a UTC day later (a fresh quota) and long after the last request (a full bucket).
        clock.advance(DAY + 10_000 - (clock.now() % DAY));
        const start = clock.now();
        const want = model(start, reqs);
        const got: Outcome[] = [];
        for (const r of reqs) {
          clock.advance(r.gapMs);
          const key = KEYS[r.key];
          const query = r.q === undefined ? "" : `?q=${encodeURIComponent(r.q)}`;
          const res = await request(`${gw.url}/precedence${query}`, { headers: key === undefined ? {} : { "x-api-key": key } });
          const body = (await res.body.json()) as { message?: string; ok?: boolean };
          got.push([res.statusCode, body.ok === true ? "ok" : String(body.message)]);
        }
        assert.deepEqual(got, want);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
