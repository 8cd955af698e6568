// Usage-plan limits on the Redis store, over real sockets: two gateway processes on one Redis enforce one limit,
// and a Redis of the test's own that stops mid-run gives the documented behaviour (fail open, no crash, one log
// line) and recovery when it returns. The machine's Redis is used for the first, never stopped or flushed.
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

const ENV_KEY = "env-key-from-the-environment-42";

async function status(url: string): Promise<number> {
  const res = await request(url, { headers: { "x-api-key": ENV_KEY } });
  await res.body.dump();
  return res.statusCode;
}

/** Builds the fixture under an API name of its own, so its Redis keys are its own too. */
const buildFixture = (tmp: string): Promise<{ entry: string; api: string }> => buildFixtureAs("rest-usage-plans", tmp, "plans");

function gatewayEnv(redisUrl: string): NodeJS.ProcessEnv {
  return { ...process.env, PORT: "0", GWC_STAGE: "prod", GWC_REDIS_URL: redisUrl, GWC_TEST_PARTNER_KEY: ENV_KEY };
}

const skip = await redisUp("the Redis usage-plan tests");

describe("two gateway processes on one Redis", { skip }, () => {
  let gws: GatewaysOnRedis;
  let a: ServerProcess;
  let b: ServerProcess;
  before(async () => {
    gws = await startGatewaysOnRedis(2, "rest-usage-plans", "plans", REDIS_URL, { GWC_TEST_PARTNER_KEY: ENV_KEY });
    [a, b] = gws.servers as [ServerProcess, ServerProcess];
  });
  after(() => gws?.close());

  it("admits no more than one key's plan limit (rate 1, burst 1) across both, under concurrent load", async () => {
    const sent = 40;
    const t0 = performance.now();
    const statuses = await Promise.all(Array.from({ length: sent }, (_, i) => status(`${(i % 2 === 0 ? a : b).url}/limited`)));
    const seconds = (performance.now() - t0) / 1000;
    const admitted = statuses.filter((s) => s === 200).length;
    // The model's bound: a bucket of burst 1 refilled at 1 token/s admits at most 1 + ⌊seconds⌋ requests.
    // Two memory stores (one per process) would admit 2 in the first second.
    const bound = 1 + Math.floor(seconds);
    process.stdout.write(`# two processes: sent ${sent}, admitted ${admitted}, model bound ${bound} (${seconds.toFixed(3)} s)\n`);
    assert.ok(admitted >= 1, "the first request finds the burst");
    assert.ok(admitted <= bound, `admitted ${admitted} > bound ${bound}`);
    assert.deepEqual(new Set(statuses), admitted === sent ? new Set([200]) : new Set([200, 429]));
  });
});

describe("a Redis that stops and comes back", { skip }, () => {
  const started: ChildProcess[] = [];
  const tmp = path.join(REPO_ROOT, ".tmp", `redis-fault-${randomUUID().slice(0, 8)}`);
  let redis: OwnRedis;
  let gw: ServerProcess;
  let closed: ServerProcess;

  before(async () => {
    mkdirSync(tmp, { recursive: true });
    redis = await startOwnRedis();
    const built = await buildFixture(tmp);
    gw = await startServer(started, process.execPath, [built.entry], { cwd: tmp, env: gatewayEnv(redis.url) });
    closed = await startServer(started, process.execPath, [built.entry], { cwd: tmp, env: { ...gatewayEnv(redis.url), GWC_STORE_FAILURE: "closed" } });
  });
  after(async () => {
    killAll(started);
    await redis?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("throttles while Redis answers, serves unthrottled while it is down, and throttles again when it is back", async () => {
    assert.deepEqual([await status(`${gw.url}/limited`), await status(`${gw.url}/limited`)], [200, 429]);
    await redis.stop();
    // Down: every request is served (fail open), none waits past the command timeout, the process stays up.
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      assert.equal(await status(`${gw.url}/limited`), 200);
      assert.ok(performance.now() - t0 < 2_000, "a request waited on the dead Redis");
    }
    assert.equal(gw.child.exitCode, null, "the gateway process stays up");
    // Failing closed, a request with limits is refused with 500; one without limits is served.
    const res = await request(`${closed.url}/limited`, { headers: { "x-api-key": ENV_KEY } });
    assert.equal(res.statusCode, 500);
    assert.deepEqual(await res.body.json(), { message: "Internal server error" });
    const open = await request(`${closed.url}/whoami-open`);
    await open.body.dump();
    assert.equal(open.statusCode, 200);
    assert.match(closed.stderr(), /fail closed/);
    await redis.start();
    // Back (a fresh, empty Redis): the client reconnects by itself and the plan limit applies again.
    let resumed = false;
    for (let i = 0; i < 60 && !resumed; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const pair = [await status(`${gw.url}/limited`), await status(`${gw.url}/limited`)];
      resumed = pair.includes(429);
    }
    assert.ok(resumed, "throttling did not resume after Redis came back");
    const log = gw.stderr();
    assert.equal(log.match(/Redis store unreachable/g)?.length, 1, `one outage line: ${log}`);
    assert.match(log, /Redis store answers again/);
    assert.equal(await stop(gw.child), 0);
  });
});
