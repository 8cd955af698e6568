// Operating a stage as users do, with gwc commands on builds outside the repository: the admin listener of
// `gwc serve --admin-port` (token from the environment, loopback only), `gwc usage` (GetUsage) and `gwc cache flush`
// through it on the memory store, and the same commands on the Redis store directly.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { request } from "undici";
import { GWC, killAll, run, startServer, stop, type ServerProcess } from "../helpers/processes.js";
import { REPO_ROOT } from "../helpers/gateway.js";
import { deleteKeys, REDIS_URL, redisUp } from "../helpers/redis.js";

const TOKEN = "admin-token-0123456789abcdef";
const ENV_KEY = "env-key-from-the-environment-42";
const today = (): string => new Date().toISOString().slice(0, 10);

/** Copies the two fixtures under names of their own into a fresh folder outside the repository and builds them. */
async function buildOutside(): Promise<{ dir: string; plans: string; cache: string; names: { plans: string; cache: string } }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gwc-admin-"));
  const names = { plans: `plans${randomUUID().slice(0, 6)}`, cache: `cache${randomUUID().slice(0, 6)}` };
  cpSync(path.join(REPO_ROOT, "test/fixtures/rest-usage-plans"), path.join(dir, "specs", names.plans), { recursive: true });
  cpSync(path.join(REPO_ROOT, "test/fixtures/rest-cache"), path.join(dir, "specs", names.cache), { recursive: true });
  const built = await run(process.execPath, [GWC, "build", "specs"], { cwd: dir });
  assert.equal(built.code, 0, built.stderr);
  return { dir, plans: path.join(dir, "generated", names.plans), cache: path.join(dir, "generated", names.cache), names };
}

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base = { ...process.env };
  delete base.GWC_REDIS_URL;
  delete base.GWC_ADMIN_PORT;
  return { ...base, GWC_TEST_PARTNER_KEY: ENV_KEY, GWC_ADMIN_TOKEN: TOKEN, ...extra };
}

/** The admin listener's URL, from the gateway's log line. */
function adminUrl(gw: ServerProcess): string {
  const line = gw.stderr().split("\n").find((l) => l.includes("admin listener"));
  assert.ok(line, `no admin listener line in: ${gw.stderr()}`);
  return (JSON.parse(line) as { url: string }).url;
}

async function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await request(url, { headers });
  await res.body.dump();
  return res.statusCode;
}

async function count(url: string): Promise<number> {
  const res = await request(url);
  return ((await res.body.json()) as { n: number }).n;
}

describe("the admin listener on the memory store", () => {
  const started: ChildProcess[] = [];
  let built: Awaited<ReturnType<typeof buildOutside>>;
  let plans: ServerProcess;
  let cache: ServerProcess;
  before(async () => {
    built = await buildOutside();
    plans = await startServer(started, process.execPath, [GWC, "serve", built.plans, "--port", "0", "--stage", "prod", "--admin-port", "0"], { cwd: os.tmpdir(), env: env() });
    cache = await startServer(started, process.execPath, [GWC, "serve", built.cache, "--port", "0", "--admin-port", "0"], { cwd: os.tmpdir(), env: env() });
  });
  after(() => {
    killAll(started);
    rmSync(built.dir, { recursive: true, force: true });
  });

  it("refuses a request without the token, or with another, with 401", async () => {
    const url = `${adminUrl(plans)}/usageplans/gold/usage?startDate=${today()}&endDate=${today()}`;
    assert.equal(await status(url), 401);
    assert.equal(await status(url, { authorization: "Bearer not-the-token-at-all" }), 401);
    assert.equal(await status(url, { authorization: `Bearer ${TOKEN}` }), 200);
    assert.match(adminUrl(plans), /^http:\/\/127\.0\.0\.1:\d+$/, "it listens on loopback only");
  });

  it("gwc usage reports each key's admitted requests of today, as GetUsage does, and nothing refused", async () => {
    const metered = { "x-api-key": "metered-key-value-0123456789" };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await status(`${plans.url}/metered`, metered));
    for (let i = 0; i < 2; i++) statuses.push(await status(`${plans.url}/keyed`, { "x-api-key": ENV_KEY }));
    assert.deepEqual(statuses, [200, 200, 429, 200, 200], "metered's quota is 2 a day");
    const metering = await run(process.execPath, [GWC, "usage", built.plans, "--admin", adminUrl(plans), "--plan", "metered", "--start", today(), "--end", today(), "--format", "json"], { cwd: os.tmpdir(), env: env() });
    assert.equal(metering.code, 0, metering.stderr);
    assert.deepEqual(JSON.parse(metering.stdout), { usagePlanId: "metered", startDate: today(), endDate: today(), items: { "metered-key": [[2, 0]] } });
    const gold = await run(process.execPath, [GWC, "usage", built.plans, "--admin", adminUrl(plans), "--plan", "gold", "--key", "env-key", "--start", today(), "--end", today()], { cwd: os.tmpdir(), env: env() });
    assert.equal(gold.code, 0, gold.stderr);
    assert.match(gold.stdout, new RegExp(`env-key\\n    ${today()}\\s+2 requests\\n`));
  });

  it("gwc usage explains an unknown plan, a bad date and a memory store without --admin in one line", async () => {
    const unknown = await run(process.execPath, [GWC, "usage", built.plans, "--admin", adminUrl(plans), "--plan", "nope", "--start", today(), "--end", today()], { cwd: os.tmpdir(), env: env() });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^gwc: the admin listener answered 404: Invalid Usage Plan ID specified/);
    const badDate = await run(process.execPath, [GWC, "usage", built.plans, "--admin", adminUrl(plans), "--plan", "gold", "--start", "2026-02-30", "--end", today()], { cwd: os.tmpdir(), env: env() });
    assert.equal(badDate.code, 1);
    assert.match(badDate.stderr, /startDate must be a date written YYYY-MM-DD/);
    const memory = await run(process.execPath, [GWC, "usage", built.plans, "--plan", "gold", "--start", today(), "--end", today()], { cwd: os.tmpdir(), env: env() });
    assert.equal(memory.code, 2);
    assert.match(memory.stderr, /keeps its limits and cache in memory.*--admin/);
  });

  it("gwc cache flush empties the stage's cache: the next request runs the integration again", async () => {
    const a = await count(`${cache.url}/items?type=flush`);
    assert.equal(await count(`${cache.url}/items?type=flush`), a);
    const flushed = await run(process.execPath, [GWC, "cache", "flush", built.cache, "--admin", adminUrl(cache)], { cwd: os.tmpdir(), env: env() });
    assert.equal(flushed.code, 0, flushed.stderr);
    assert.match(flushed.stderr, /flushed the response cache of .* stage prod/);
    assert.notEqual(await count(`${cache.url}/items?type=flush`), a);
  });

  it("gwc cache flush refuses a stage without a cache", async () => {
    const r = await run(process.execPath, [GWC, "cache", "flush", built.cache, "--stage", "dev", "--admin", adminUrl(cache)], { cwd: os.tmpdir(), env: env() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /stage "dev" has no response cache/);
  });

  it("does not start an admin listener without a token long enough, and says so in one line", async () => {
    const r = await run(process.execPath, [GWC, "serve", built.plans, "--port", "0", "--admin-port", "0"], { cwd: os.tmpdir(), env: env({ GWC_ADMIN_TOKEN: "short" }), timeout: 20_000 });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /GWC_ADMIN_TOKEN/);
    assert.equal(await stop(plans.child), 0, "the running gateway stops cleanly with its listener");
  });
});

const skip = await redisUp("the Redis admin tests");

describe("gwc usage and gwc cache flush on the Redis store", { skip }, () => {
  const started: ChildProcess[] = [];
  let built: Awaited<ReturnType<typeof buildOutside>>;
  let plans: ServerProcess;
  let cache: ServerProcess;
  before(async () => {
    built = await buildOutside();
    plans = await startServer(started, process.execPath, [GWC, "serve", built.plans, "--port", "0", "--stage", "prod", "--store", REDIS_URL], { cwd: os.tmpdir(), env: env() });
    cache = await startServer(started, process.execPath, [GWC, "serve", built.cache, "--port", "0", "--store", REDIS_URL], { cwd: os.tmpdir(), env: env() });
  });
  after(async () => {
    killAll(started);
    await deleteKeys(REDIS_URL, `{gwc:${built.names.plans}:prod}:*`);
    await deleteKeys(REDIS_URL, `{gwc:${built.names.cache}:prod}:*`);
    rmSync(built.dir, { recursive: true, force: true });
  });

  it("reads a key's usage from Redis, counted by the gateway process", async () => {
    for (let i = 0; i < 3; i++) assert.equal(await status(`${plans.url}/keyed`, { "x-api-key": ENV_KEY }), 200);
    const r = await run(process.execPath, [GWC, "usage", built.plans, "--store", REDIS_URL, "--stage", "prod", "--plan", "gold", "--start", today(), "--end", today(), "--format", "json"], { cwd: os.tmpdir(), env: env() });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { items: Record<string, [number, number | null][]> };
    assert.deepEqual(report.items["env-key"], [[3, null]]);
    assert.deepEqual(report.items["hashed-key"], [[0, null]]);
  });

  it("flushes the stage cache in Redis", async () => {
    const a = await count(`${cache.url}/items?type=redis-flush`);
    assert.equal(await count(`${cache.url}/items?type=redis-flush`), a);
    const r = await run(process.execPath, [GWC, "cache", "flush", built.cache, "--store", REDIS_URL], { cwd: os.tmpdir(), env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.notEqual(await count(`${cache.url}/items?type=redis-flush`), a);
  });

  it("says in one line when the Redis store does not answer", async () => {
    const r = await run(process.execPath, [GWC, "usage", built.plans, "--store", "redis://127.0.0.1:1/0", "--plan", "gold", "--start", today(), "--end", today()], { cwd: os.tmpdir(), env: env(), timeout: 20_000 });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^gwc: the Redis store did not answer/);
  });
});
