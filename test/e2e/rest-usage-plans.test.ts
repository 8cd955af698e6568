// API keys and usage-plan throttling over a real socket (reference §7, vectors 35, 36, 38): the AWS statuses,
// bodies and error types, keys from the environment or as hashes, per-key plan limits, stage method limits.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { request } from "undici";
import { buildSpec, REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";
import { ManualClock } from "../helpers/manual-clock.js";
import { createGateway } from "../../runtime/server/gateway.js";
import { isServeError } from "../../runtime/server/errors.js";

const SPEC = path.join(REPO_ROOT, "test/fixtures/rest-usage-plans");
const ENV_KEY = "env-key-from-the-environment-42";
const value = (name: string): string => `${name}-value-0123456789`;

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; errorType: string | undefined }> {
  const res = await request(url, { headers });
  const text = await res.body.text();
  return { status: res.statusCode, body: JSON.parse(text) as unknown, errorType: res.headers["x-amzn-errortype"] as string | undefined };
}

const FORBIDDEN = { status: 403, body: { message: "Forbidden" }, errorType: "ForbiddenException" };
const THROTTLED = { status: 429, body: { message: "Too Many Requests" }, errorType: "TooManyRequestsException" };
const OK = { status: 200, body: { ok: true }, errorType: undefined };

describe("API keys and usage plans (REST, stage prod)", () => {
  let gw: RunningGateway;
  const clock = new ManualClock();
  before(async () => {
    gw = await startGateway(SPEC, { stage: "prod", clock, env: { GWC_TEST_PARTNER_KEY: ENV_KEY } });
  });
  after(() => gw.close());

  const refusals: Array<[string, Record<string, string>]> = [
    ["no x-api-key header (vector 35)", {}],
    ["an unknown key", { "x-api-key": "not-a-key-of-this-api-0000" }],
    ["a disabled key", { "x-api-key": value("disabled-key") }],
    ["a key in no usage plan", { "x-api-key": value("orphan-key") }],
    ["a key whose plan is not on this stage (vector 36)", { "x-api-key": value("dev-only-key") }],
  ];
  for (const [name, headers] of refusals) {
    it(`answers 403 Forbidden to ${name}`, async () => {
      assert.deepEqual(await get(`${gw.url}/keyed`, headers), FORBIDDEN);
    });
  }

  it("admits a key read from the environment, and a key given by its hash, in any header case", async () => {
    assert.deepEqual(await get(`${gw.url}/keyed`, { "x-api-key": ENV_KEY }), OK);
    assert.deepEqual(await get(`${gw.url}/keyed`, { "X-API-Key": value("hashed-key") }), OK);
  });

  it("tells the Lambda function the key and its id only on a method that requires one", async () => {
    assert.deepEqual((await get(`${gw.url}/whoami`, { "x-api-key": ENV_KEY })).body, { apiKey: ENV_KEY, apiKeyId: "env-key", has: true });
    assert.deepEqual((await get(`${gw.url}/whoami-open`, { "x-api-key": ENV_KEY })).body, { apiKey: null, apiKeyId: null, has: false });
  });

  it("ignores a key on a method that does not require one", async () => {
    clock.advance(10_000);
    assert.deepEqual(await get(`${gw.url}/open`, { "x-api-key": "not-a-key-of-this-api-0000" }), OK);
  });

  it("throttles a key at the plan's method limit, rate 1 burst 1: two at once give 200 then 429 (vector 38)", async () => {
    clock.advance(10_000);
    const [a, b] = await Promise.all([get(`${gw.url}/limited`, { "x-api-key": ENV_KEY }), get(`${gw.url}/limited`, { "x-api-key": ENV_KEY })]);
    assert.deepEqual([a, b].map((r) => r.status).sort(), [200, 429]);
    assert.deepEqual([a, b].find((r) => r.status === 429), THROTTLED);
    // Plan limits are per key: another key of the plan still has its token.
    assert.deepEqual(await get(`${gw.url}/limited`, { "x-api-key": value("hashed-key") }), OK);
    // One second later the bucket holds a token again.
    clock.advance(1_000);
    assert.deepEqual(await get(`${gw.url}/limited`, { "x-api-key": ENV_KEY }), OK);
  });

  it("counts a key's requests against its plan's quota: the third of 2 per DAY is 429 Limit Exceeded until the next UTC day (vector 39)", async () => {
    const metered = { "x-api-key": value("metered-key") };
    // Start the count at the beginning of a UTC day, so the two requests and the refusal fall in one period.
    const day = 86_400_000;
    clock.advance(day - (clock.now() % day));
    assert.deepEqual(await get(`${gw.url}/metered`, metered), OK);
    assert.deepEqual(await get(`${gw.url}/metered`, metered), OK);
    assert.deepEqual(await get(`${gw.url}/metered`, metered), { status: 429, body: { message: "Limit Exceeded" }, errorType: "LimitExceededException" });
    // A method that requires no key is not metered (vector 37), whatever the key's quota.
    assert.deepEqual(await get(`${gw.url}/open`, metered), OK);
    clock.advance(day - 1 - (clock.now() % day));
    assert.equal((await get(`${gw.url}/metered`, metered)).status, 429, "still the same UTC day");
    clock.advance(1);
    assert.deepEqual(await get(`${gw.url}/metered`, metered), OK);
  });

  it("throttles every client at the stage's method setting: burst 2, then 429 until a token is back", async () => {
    clock.advance(10_000);
    assert.deepEqual(await get(`${gw.url}/open`), OK);
    assert.deepEqual(await get(`${gw.url}/open`), OK);
    assert.deepEqual(await get(`${gw.url}/open`), THROTTLED);
    clock.advance(999);
    assert.deepEqual(await get(`${gw.url}/open`), THROTTLED);
    clock.advance(1);
    assert.deepEqual(await get(`${gw.url}/open`), OK);
  });
});

describe("API keys at start-up", () => {
  let definition: Parameters<typeof createGateway>[0];
  let files: Map<string, string>;
  let cleanup: () => void;
  before(async () => {
    const built = await buildSpec(SPEC);
    cleanup = built.cleanup;
    const dir = path.join(built.outDir, "rest-usage-plans");
    definition = ((await import(path.join(dir, "server.mjs"))) as { definition: typeof definition }).definition;
    files = new Map();
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        const full = path.join(d, name);
        if (statSync(full).isDirectory()) walk(full);
        else files.set(full, readFileSync(full, "utf8"));
      }
    };
    walk(dir);
  });
  after(() => cleanup());

  it("refuses to start without the key's environment variable, naming the variable", () => {
    assert.throws(() => createGateway(definition, { stage: "prod", env: {} }), (err: unknown) => {
      assert.ok(isServeError(err));
      assert.equal(err.code, "GWC_API_KEY");
      assert.match(err.message, /API key "env-key": environment variable GWC_TEST_PARTNER_KEY is not set/);
      return true;
    });
  });

  it("refuses a key value shorter than AWS's 20 characters, without printing it", () => {
    assert.throws(() => createGateway(definition, { stage: "prod", env: { GWC_TEST_PARTNER_KEY: "short-secret" } }), (err: unknown) => {
      assert.ok(isServeError(err));
      assert.match(err.message, /GWC_TEST_PARTNER_KEY has 12 characters; API Gateway keys have 20 to 128/);
      assert.doesNotMatch(err.message, /short-secret/);
      return true;
    });
  });

  it("writes no key value into the build: only the variable name and the hashes", () => {
    const all = [...files.values()].join("\n");
    assert.match(all, /env: "GWC_TEST_PARTNER_KEY"/);
    for (const name of ["hashed-key", "disabled-key", "orphan-key", "dev-only-key"]) assert.ok(!all.includes(value(name)), `${name}'s value is in the build`);
    assert.match(all, /sha256: "e1dc31d7db126d777ffdb27c9728dce8474017a01f636189bcd86d525597f755"/, "hashes are written in lower case");
  });
});
