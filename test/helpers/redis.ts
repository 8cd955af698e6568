// Redis for tests: the machine's Redis at 127.0.0.1:6379 (GWC_TEST_REDIS_URL for another). With CI set, tests that
// need Redis must run; elsewhere they skip, loudly, when none answers. Tests never flush or stop that Redis: they
// use keys of their own and delete them, and fault tests start a redis-server of their own.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { connect, createServer } from "node:net";
import { mkdirSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { buildFixtureAs, REPO_ROOT } from "./gateway.js";
import { killAll, startServer, type ServerProcess } from "./processes.js";

/** The shared Redis the tests use. */
export const REDIS_URL = process.env.GWC_TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";

/** True when something accepts TCP connections at the URL's host and port. */
export function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/**
 * `false` when the shared Redis answers (run the tests), else the skip reason; with CI set a missing Redis throws:
 * Redis tests must run there.
 */
export async function redisUp(what: string): Promise<false | string> {
  if (await reachable(REDIS_URL)) return false;
  if (process.env.CI === "true") throw new Error(`CI is set but no Redis answers at ${REDIS_URL}: ${what} must run on CI`);
  process.stderr.write(`\n!!! SKIPPING ${what}: no Redis at ${REDIS_URL} (start one, or set GWC_TEST_REDIS_URL) !!!\n\n`);
  return `no Redis answers at ${REDIS_URL}`;
}

/** Deletes this run's keys from the shared Redis (they would expire anyway; this leaves nothing behind). */
export async function deleteKeys(url: string, pattern: string): Promise<void> {
  const { Redis } = await import("ioredis");
  const client = new Redis(url);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}

/** A redis-server of a test's own on a free port, which the test may stop and start again (never the shared one). */
export interface OwnRedis {
  readonly url: string;
  start(): Promise<void>;
  /** Kills it (SIGKILL: an outage, not a shutdown) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts a redis-server of the test's own on a free loopback port (no persistence). */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const own: OwnRedis = {
    url: `redis://127.0.0.1:${port}/0`,
    async start() {
      child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
      for (let i = 0; i < 50; i++) {
        if (await portTaken(port)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`redis-server on port ${port} did not start`);
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    },
  };
  await own.start();
  return own;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** True when something already listens on `port`. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(true));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(false)));
  });
}

/** Gateway processes of one freshly built fixture, sharing a Redis store. */
export interface GatewaysOnRedis {
  readonly servers: readonly ServerProcess[];
  /** The API name the fixture was built under: its Redis keys are `{gwc:<api>:<stage>}:…`. */
  readonly api: string;
  /** Kills the processes, deletes the API's keys from `redisUrl` and the build. */
  close(): Promise<void>;
}

/**
 * Builds `fixture` under an API name of its own (inside the repository, so the build resolves gwc/runtime) and
 * starts `count` processes of it on `redisUrl`, stage prod, with `env` added to the environment.
 */
export async function startGatewaysOnRedis(count: number, fixture: string, prefix: string, redisUrl: string, env: NodeJS.ProcessEnv = {}): Promise<GatewaysOnRedis> {
  const started: ChildProcess[] = [];
  const tmp = path.join(REPO_ROOT, ".tmp", `${prefix}-${randomUUID().slice(0, 8)}`);
  mkdirSync(tmp, { recursive: true });
  const { entry, api } = await buildFixtureAs(fixture, tmp, prefix);
  const servers: ServerProcess[] = [];
  const childEnv = { ...process.env, PORT: "0", GWC_STAGE: "prod", GWC_REDIS_URL: redisUrl, ...env };
  for (let i = 0; i < count; i++) servers.push(await startServer(started, process.execPath, [entry], { cwd: tmp, env: childEnv }));
  return {
    servers,
    api,
    async close() {
      killAll(started);
      await deleteKeys(redisUrl, `{gwc:${api}:prod}:*`);
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
