// The REST response cache against the §8 model (models/response-cache-model.ts), over a real socket in virtual
// time: random sequences of clock moves and requests to the test/fixtures/rest-cache gateway (GET /items keyed on
// type only, TTL 60 s; GET /items/{id} keyed on id and x-tenant; GET /short, TTL 5 s; POST /items, never cached;
// POST /search, cached by its own setting; GET /strict, /warned, /quiet, one Cache-Control strategy each; GET
// /uncached), compared request by request with the model. The gateway starts once; each run moves the clock past
// every TTL first and prefixes its query and path values, so no run sees another's entries.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import fc from "fast-check";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";
import { ManualClock } from "../helpers/manual-clock.js";
import { testSeed } from "../helpers/seed.js";
import { AdvanceClockCommand } from "./commands/cache/advance-clock.js";
import { SendRequestCommand } from "./commands/cache/send-request.js";
import { createCacheWorldModel, loadCacheFixture, sendRequest, type CacheFixture, type CacheRequestSpec, type CacheWorldModel, type CacheWorldReal } from "./commands/cache/fixture.js";

const SEED = testSeed();
const SPEC = path.join(REPO_ROOT, "test/fixtures/rest-cache");

/** The clock move before each run: past the longest TTL a method setting may give (3600 s), so earlier entries are stale. */
const RUN_GAP_MS = 2 * 3_600_000;

/** Clock moves of 0–70 s, often exactly at a TTL (5 s, 60 s) or one ms either side of one, often within the short TTL. */
const advanceArb = fc
  .oneof(
    { weight: 3, arbitrary: fc.constantFrom(0, 1, 4_999, 5_000, 5_001, 59_999, 60_000, 60_001) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 4_999 }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 70 }).map((s) => s * 1000) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 70_000 }) },
  )
  .map((ms) => new AdvanceClockCommand(ms));

/** No Cache-Control mostly; `max-age=0` alone, among other directives, in capitals; and a max-age that is not 0. */
const cacheControlArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constant("max-age=0") },
  { weight: 1, arbitrary: fc.constant("no-store, max-age=0") },
  { weight: 1, arbitrary: fc.constant("MAX-AGE=0") },
  { weight: 1, arbitrary: fc.constant("max-age=60") },
);

/** A request command; undefined parts are left out (an absent parameter, no Cache-Control). */
function requestCommand(routeKey: string, cacheControl: string | undefined, parts: { query?: Record<string, string | undefined>; pathParameters?: Record<string, string>; headers?: Record<string, string | undefined>; body?: string | undefined }): SendRequestCommand {
  const defined = (values: Record<string, string | undefined> = {}): Record<string, string> => Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
  const headers = defined({ ...parts.headers, "cache-control": cacheControl });
  const request: CacheRequestSpec = { routeKey, query: defined(parts.query), pathParameters: parts.pathParameters ?? {}, headers, ...(parts.body === undefined ? {} : { body: parts.body }) };
  return new SendRequestCommand(request);
}

/** Absent one time in four. */
const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 4 });
/**
 * Mostly two type values, so that runs revisit entries; sometimes values that encode differently (a space is `+` on
 * the wire, a `+` is `%2B`), which must stay different keys.
 */
const typeArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom("a", "b") }, { weight: 1, arbitrary: fc.constantFrom("a b", "a+b", "é") });
const bodyArb = optional(fc.constantFrom("{}", '{"q":1}', "other"));

/** GET /items?type=T&department=D: type is the only key parameter (vector 52). */
const itemsArb = fc.record({ type: optional(typeArb), department: optional(fc.constantFrom("A", "B")), cc: cacheControlArb }).map((r) => requestCommand("GET /items", r.cc, { query: { type: r.type, department: r.department } }));

/** GET /items/{id} with or without x-tenant (any case, possibly empty): both are key parameters. */
const itemArb = fc
  .record({ id: fc.constantFrom("1", "2"), tenant: optional(fc.constantFrom("t1", "t2", "")), name: fc.constantFrom("x-tenant", "X-Tenant"), cc: cacheControlArb })
  .map((r) => requestCommand("GET /items/{id}", r.cc, { pathParameters: { id: r.id }, headers: { [r.name]: r.tenant } }));

/** The methods without key parameters: TTL 5 s, the three strategies, and one not cached. */
const plainArb = fc
  .record({ routeKey: fc.constantFrom("GET /short", "GET /strict", "GET /warned", "GET /quiet", "GET /uncached"), cc: cacheControlArb })
  .map((r) => requestCommand(r.routeKey, r.cc, {}));

/** POST /items: never cached under the stage default (vector 53). */
const postItemsArb = fc.record({ body: bodyArb, cc: cacheControlArb }).map((r) => requestCommand("POST /items", r.cc, { body: r.body }));

/** POST /search?type=T: cached by its own method setting; its body is not a key parameter. */
const searchArb = fc.record({ type: optional(typeArb), body: bodyArb, cc: cacheControlArb }).map((r) => requestCommand("POST /search", r.cc, { query: { type: r.type }, body: r.body }));

/** How often each kind of command comes (fc.commands picks among the list evenly). */
const commandArbs = [advanceArb, advanceArb, itemsArb, itemsArb, itemArb, plainArb, plainArb, plainArb, postItemsArb, searchArb];

/** The closing request of each run: /uncached runs the Counter, so a count the model did not expect shows here. */
const CLOSING = requestCommand("GET /uncached", undefined, {});

describe(`response cache against the §8 model over a real socket (seed ${SEED})`, () => {
  const clock = new ManualClock();
  let gw: RunningGateway;
  let fixture: CacheFixture;
  let runs = 0;

  before(async () => {
    gw = await startGateway(SPEC, { stage: "prod", clock });
    fixture = loadCacheFixture(SPEC, "prod");
  });
  after(async () => {
    await gw.close();
  });

  /** A fresh run: every earlier entry stale, a prefix of its own, and the Counter's count read from /uncached. */
  async function startRun(): Promise<{ model: CacheWorldModel; real: CacheWorldReal }> {
    clock.advance(RUN_GAP_MS);
    runs += 1;
    const probe = await sendRequest(gw.url, { routeKey: "GET /uncached", query: {}, pathParameters: {}, headers: {} });
    assert.equal(typeof probe.body.n, "number", "GET /uncached answers the Counter's count");
    const real: CacheWorldReal = { url: gw.url, clock, prefix: `r${runs}-`, requestIds: new Set([probe.headers["x-amzn-requestid"] as string]) };
    return { model: createCacheWorldModel(fixture, probe.body.n as number), real };
  }

  it("serves a hit, runs the integration, refuses or warns exactly where the model does", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 25, size: "max" }), async (commands) => {
        const world = await startRun();
        await fc.asyncModelRun(() => world, commands);
        await CLOSING.run(world.model, world.real);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });

  it("keeps a method's answer exactly until its TTL: hit 1 ms before, miss at it", async () => {
    // Few routes and many boundary moves, so that most runs cross a TTL with an entry waiting.
    const boundaryArb = fc.constantFrom(1, 4_999, 5_000, 55_000, 59_999, 60_000).map((ms) => new AdvanceClockCommand(ms));
    const requestArb = fc.oneof(
      fc.constantFrom("GET /short", "GET /warned").map((routeKey) => requestCommand(routeKey, undefined, {})),
      fc.constantFrom("a", "b").map((type) => requestCommand("GET /items", undefined, { query: { type } })),
      fc.constantFrom("a", "b").map((type) => requestCommand("POST /search", undefined, { query: { type } })),
    );
    await fc.assert(
      fc.asyncProperty(fc.commands([boundaryArb, requestArb, requestArb], { maxCommands: 20, size: "max" }), async (commands) => {
        const world = await startRun();
        await fc.asyncModelRun(() => world, commands);
        await CLOSING.run(world.model, world.real);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});
