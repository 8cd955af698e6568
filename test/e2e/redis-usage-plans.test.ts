// Usage-plan limits on the Redis store, over real sockets: two gateway processes on one Redis enforce one limit,
// and a Redis of the test's own that stops mid-run gives the documented behaviour (fail open, no crash, one log
// line) and recovery when it returns. The machine's Redis is used for the first, never stopped or flushed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import path from "node:path";
import { request } from "undici";
import { build } from "../../compiler/build.js";
import { writeToDisk } from "../../compiler/emit/output.js";
import { formatHuman } from "../../compiler/diagnostics/format.js";
import { REPO_ROOT } from "../helpers/gateway.js";
import { killAll, startServer, stop, type ServerProcess } from "../helpers/processes.js";
import { deleteKeys, REDIS_URL, redisUp } from "../helpers/redis.js";

const ENV_KEY = "env-key-from-the-environment-42";

async function status(url: string): Promise<number> {
  const res = await request(url, { headers: { "x-api-key": ENV_KEY } });
  await res.body.dump();
  return res.statusCode;
}

/** Builds the usage-plans fixture under an API name of its own, so its Redis keys are its own too. */
async function buildFixture(tmp: string): Promise<{ entry: string; api: string }> {
  const api = `plans${randomUUID().slice(0, 8)}`;
  cpSync(path.join(REPO_ROOT, "test/fixtures/rest-usage-plans"), path.join(tmp, "specs", api), { recursive: true });
  const result = await build({ specsDir: path.join(tmp, "specs"), outDir: path.join(tmp, "out") });
  assert.equal(result.hasErrors, false, formatHuman(result.diagnostics));
  writeToDisk(result.root, result.files, result.outDirs);
  return { entry: path.join(tmp, "out", api, "server.mjs"), api };
}

function gatewayEnv(redisUrl: string): NodeJS.ProcessEnv {
  return { ...process.env, PORT: "0", GWC_STAGE: "prod", GWC_REDIS_URL: redisUrl, GWC_TEST_PARTNER_KEY: ENV_KEY };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const skip = await redisUp("the Redis usage-plan tests");

describe("two gateway processes on one Redis", { skip }, () => {
  const started: ChildProcess[] = [];
  // Inside the repository, so the built gateway resolves gwc/runtime.
  const tmp = path.join(REPO_ROOT, ".tmp", `redis-two-${randomUUID().slice(0, 8)}`);
  let api: string;
  let a: ServerProcess;
  let b: ServerProcess;
  before(async () => {
    mkdirSync(tmp, { recursive: true });
    const built = await buildFixture(tmp);
    api = built.api;
    a = await startServer(started, process.execPath, [built.entry], { cwd: tmp, env: gatewayEnv(REDIS_URL) });
    b = await startServer(started, process.execPath, [built.entry], { cwd: tmp, env: gatewayEnv(REDIS_URL) });
  });
  after(async () => {
    killAll(started);
    await deleteKeys(REDIS_URL, `{gwc:${api}:prod}:*`);
    rmSync(tmp, { recursive: true, force: true });
  });

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
  let port: number;
  let redis: ChildProcess | undefined;
  let gw: ServerProcess;

  const startRedis = async (): Promise<void> => {
    redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    for (let i = 0; i < 50; i++) {
      if (await portTaken(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on port ${port} did not start`);
  };
  const stopRedis = async (): Promise<void> => {
    if (!redis || redis.exitCode !== null) return;
    const exited = once(redis, "exit");
    redis.kill("SIGKILL");
    await exited;
  };

  before(async () => {
    mkdirSync(tmp, { recursive: true });
    port = await freePort();
    await startRedis();
    const built = await buildFixture(tmp);
    gw = await startServer(started, process.execPath, [built.entry], { cwd: tmp, env: gatewayEnv(`redis://127.0.0.1:${port}/0`) });
  });
  after(async () => {
    killAll(started);
    await stopRedis();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("throttles while Redis answers, serves unthrottled while it is down, and throttles again when it is back", async () => {
    assert.deepEqual([await status(`${gw.url}/limited`), await status(`${gw.url}/limited`)], [200, 429]);
    await stopRedis();
    // Down: every request is served (fail open), none waits past the command timeout, the process stays up.
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      assert.equal(await status(`${gw.url}/limited`), 200);
      assert.ok(performance.now() - t0 < 2_000, "a request waited on the dead Redis");
    }
    assert.equal(gw.child.exitCode, null, "the gateway process stays up");
    await startRedis();
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

/** True when something already listens on `port` (the redis-server the test started is up). */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(true));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(false)));
  });
}
