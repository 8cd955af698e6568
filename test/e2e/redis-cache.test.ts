// The response cache on the Redis store, over real sockets: two gateway processes on one Redis share their stage's
// entries, and a Redis of the test's own that stops mid-run makes the cache a pass-through (no crash, no error
// answers) until it returns. The machine's Redis is used for the first, never stopped or flushed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { request } from "undici";
import { buildFixtureAs, REPO_ROOT } from "../helpers/gateway.js";
import { killAll, startServer, stop, type ServerProcess } from "../helpers/processes.js";
import { REDIS_URL, redisUp, startGatewaysOnRedis, startOwnRedis, type GatewaysOnRedis, type OwnRedis } from "../helpers/redis.js";

/** The body of a GET: the fixture's Counter function answers its invocation count `n` in its process. */
async function get(url: string): Promise<{ status: number; body: { n: number; type: string | null } }> {
  const res = await request(url);
  return { status: res.statusCode, body: (await res.body.json()) as { n: number; type: string | null } };
}

/** Builds the fixture under an API name of its own, so its Redis keys are its own too. */
const buildFixture = (tmp: string): Promise<{ entry: string; api: string }> => buildFixtureAs("rest-cache", tmp, "cache");

const env = (redisUrl: string): NodeJS.ProcessEnv => ({ ...process.env, PORT: "0", GWC_STAGE: "prod", GWC_REDIS_URL: redisUrl });

const skip = await redisUp("the Redis response cache tests");

describe("two gateway processes on one Redis share the stage cache", { skip }, () => {
  let gws: GatewaysOnRedis;
  let a: ServerProcess;
  let b: ServerProcess;
  before(async () => {
    gws = await startGatewaysOnRedis(2, "rest-cache", "cache", REDIS_URL);
    [a, b] = gws.servers as [ServerProcess, ServerProcess];
  });
  after(() => gws?.close());

  it("answers from B what A stored: B's function never runs for that key", async () => {
    const fromA = await get(`${a.url}/items?type=shared`);
    assert.equal(fromA.status, 200);
    const fromB = await get(`${b.url}/items?type=shared`);
    assert.deepEqual(fromB, fromA);
    // B's own first invocation, for another key, is its first: the shared entry did not run it.
    const own = await get(`${b.url}/items?type=b-only`);
    assert.equal(own.body.n, 1);
  });
});

describe("the response cache on a Redis that stops and comes back", { skip }, () => {
  const started: ChildProcess[] = [];
  const tmp = path.join(REPO_ROOT, ".tmp", `redis-cache-fault-${randomUUID().slice(0, 8)}`);
  let redis: OwnRedis;
  let gw: ServerProcess;
  before(async () => {
    mkdirSync(tmp, { recursive: true });
    redis = await startOwnRedis();
    const built = await buildFixture(tmp);
    gw = await startServer(started, process.execPath, [built.entry], { cwd: tmp, env: env(redis.url) });
  });
  after(async () => {
    killAll(started);
    await redis?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("caches while Redis answers, passes every request through while it is down, and caches again when it is back", async () => {
    const first = await get(`${gw.url}/items?type=x`);
    assert.equal((await get(`${gw.url}/items?type=x`)).body.n, first.body.n);
    await redis.stop();
    let last = first.body.n;
    for (let i = 0; i < 4; i++) {
      const t0 = performance.now();
      const r = await get(`${gw.url}/items?type=x`);
      assert.equal(r.status, 200);
      assert.ok(r.body.n > last, "with Redis down the integration runs for every request");
      last = r.body.n;
      assert.ok(performance.now() - t0 < 2_000, "a request waited on the dead Redis");
    }
    assert.equal(gw.child.exitCode, null);
    await redis.start();
    let cachedAgain = false;
    for (let i = 0; i < 60 && !cachedAgain; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const one = await get(`${gw.url}/items?type=y`);
      const two = await get(`${gw.url}/items?type=y`);
      cachedAgain = one.status === 200 && two.body.n === one.body.n;
    }
    assert.ok(cachedAgain, "caching did not resume after Redis came back");
    assert.equal(gw.stderr().match(/Redis store unreachable/g)?.length, 1);
    assert.equal(await stop(gw.child), 0);
  });
});
