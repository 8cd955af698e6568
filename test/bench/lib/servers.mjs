// Every server the benchmark runs: how to start it (pinned, on a free loopback port) and what it is.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { freePort, startProcess } from "./proc.mjs";
import { findNginx, nginxConfig, serverlessService, SERVERLESS_ENV } from "./peers.mjs";

/**
 * Server definitions. `start(ctx)` resolves with a running process (`proc`) and its base URL;
 * `unavailable(ctx)` returns a reason when the server cannot run on this machine, else undefined.
 * `prefix` is put before a scenario's path (the proxies serve the backend under /proxy).
 */
export const SERVERS = {
  gwcRest: {
    label: "gwc (bundled server.mjs, REST)",
    what: "the gateway under test: `gwc bundle` output of test/bench/specs/bench-rest, run with plain node",
    start: (ctx) => node(ctx, "gwc-rest", [path.join(ctx.tmp, "dist/bench-rest/server.mjs")], { cpus: ctx.serverCpu }),
  },
  gwcRestRedis: {
    label: "gwc (bundled server.mjs, REST) on the Redis store",
    what: "the same bundle with GWC_REDIS_URL=redis://127.0.0.1:6379/0: usage-plan buckets and quotas in the machine's Redis",
    start: (ctx) => node(ctx, "gwc-rest-redis", [path.join(ctx.tmp, "dist/bench-rest/server.mjs")], { cpus: ctx.serverCpu, env: { GWC_REDIS_URL: process.env.GWC_BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/0" } }),
  },
  gwcCache: {
    label: "gwc (bundled server.mjs, REST, stage cache on)",
    what: "the gateway under test: `gwc bundle` output of test/bench/specs/bench-cache (cacheClusterEnabled, TTL 3600 s, memory store)",
    start: (ctx) => node(ctx, "gwc-cache", [path.join(ctx.tmp, "dist/bench-cache/server.mjs")], { cpus: ctx.serverCpu }),
  },
  gwcHttp: {
    label: "gwc (bundled server.mjs, HTTP API)",
    what: "the gateway under test: `gwc bundle` output of test/bench/specs/bench-http (payload 2.0)",
    start: (ctx) => node(ctx, "gwc-http", [path.join(ctx.tmp, "dist/bench-http/server.mjs")], { cpus: ctx.serverCpu }),
  },
  gwcWorkers1: {
    label: "gwc serve --workers 1 (1 core)",
    what: "`gwc serve <built> --workers 1`: node:cluster primary + 1 worker, pinned to the server core",
    start: (ctx) => workers(ctx, 1, ctx.serverCpu),
  },
  gwcWorkers2: {
    label: "gwc serve --workers 2 (both cores, shared with the load generator)",
    what: "`gwc serve <built> --workers 2`: primary + 2 workers on both cores; the load generator shares one of them",
    start: (ctx) => workers(ctx, 2, ctx.pin ? "0-1" : undefined),
  },
  rawV1: {
    label: "raw node:http + 1.0 event (limit)",
    what: "servers/raw-lambda.mjs 1.0: node:http building the full REST 1.0 event and calling the same handler in-process",
    start: (ctx) => node(ctx, "raw-v1", [path.join(ctx.bench, "servers/raw-lambda.mjs"), "1.0"], { cpus: ctx.serverCpu }),
  },
  rawV2: {
    label: "raw node:http + 2.0 event (limit)",
    what: "servers/raw-lambda.mjs 2.0: the same for the HTTP API 2.0 event",
    start: (ctx) => node(ctx, "raw-v2", [path.join(ctx.bench, "servers/raw-lambda.mjs"), "2.0"], { cpus: ctx.serverCpu }),
  },
  rawCacheMap: {
    label: "raw node:http + Map lookup (limit)",
    what: "servers/raw-cache-map.mjs: node:http answering from a Map keyed by method + url, the entry made once from the same handler (handlers/cached.mjs)",
    start: (ctx) => node(ctx, "raw-cache-map", [path.join(ctx.bench, "servers/raw-cache-map.mjs")], { cpus: ctx.serverCpu }),
  },
  rawCacheMapIds: {
    label: "raw node:http + Map lookup + AWS's two id headers",
    what: "servers/raw-cache-map.mjs ids: the same, each answer also carrying x-amzn-RequestId (a random UUID) and x-amz-apigw-id, which every REST response of API Gateway (and gwc) has",
    start: (ctx) => node(ctx, "raw-cache-map-ids", [path.join(ctx.bench, "servers/raw-cache-map.mjs"), "ids"], { cpus: ctx.serverCpu }),
  },
  rawMock: {
    label: "raw node:http constant (limit)",
    what: "servers/raw-mock.mjs: node:http answering a constant JSON body with a request id",
    start: (ctx) => node(ctx, "raw-mock", [path.join(ctx.bench, "servers/raw-mock.mjs")], { cpus: ctx.serverCpu }),
  },
  slsDefault: {
    label: "serverless-offline 13 (default: worker threads)",
    what: "serverless@3 + serverless-offline@13, `serverless offline`, the same handler re-exported (peer)",
    unavailable: (ctx) => (existsSync(path.join(ctx.bench, "node_modules/serverless-offline")) ? undefined : "bench peers not installed"),
    start: (ctx) => serverless(ctx, false),
  },
  slsInProcess: {
    label: "serverless-offline 13 --useInProcess",
    what: "the same with `--useInProcess` (handler in the serverless process, its fastest mode)",
    unavailable: (ctx) => (existsSync(path.join(ctx.bench, "node_modules/serverless-offline")) ? undefined : "bench peers not installed"),
    start: (ctx) => serverless(ctx, true),
  },
  backendDirect: {
    label: "backend directly (limit)",
    what: "servers/backend.mjs on the server core, called without a proxy",
    start: (ctx) => node(ctx, "backend-direct", [path.join(ctx.bench, "servers/backend.mjs")], { cpus: ctx.serverCpu }),
  },
  backend: {
    label: "backend behind the proxies",
    what: "servers/backend.mjs on the load generator's core, on the port baked into bench-rest's stage variable",
    start: (ctx) => node(ctx, "backend", [path.join(ctx.bench, "servers/backend.mjs")], { cpus: ctx.loadCpu, port: ctx.backendPort }),
  },
  undiciRequest: {
    label: "node:http + undici Pool.request (node limit)",
    what: "servers/undici-proxy.mjs request: hand-written proxy, undici Pool.request + stream.pipeline",
    prefix: "/proxy",
    start: (ctx) => node(ctx, "undici-request", [path.join(ctx.bench, "servers/undici-proxy.mjs"), "request"], { cpus: ctx.serverCpu, env: { BACKEND_URL: `http://127.0.0.1:${ctx.backendPort}` } }),
  },
  undiciDispatch: {
    label: "node:http + undici Pool.dispatch (node limit)",
    what: "servers/undici-proxy.mjs dispatch: the same over Pool.dispatch with a streaming handler",
    prefix: "/proxy",
    start: (ctx) => node(ctx, "undici-dispatch", [path.join(ctx.bench, "servers/undici-proxy.mjs"), "dispatch"], { cpus: ctx.serverCpu, env: { BACKEND_URL: `http://127.0.0.1:${ctx.backendPort}` } }),
  },
  fastifyProxy: {
    label: "Fastify 5 + @fastify/http-proxy",
    what: "servers/fastify-proxy.mjs: Fastify with @fastify/http-proxy (peer)",
    prefix: "/proxy",
    unavailable: (ctx) => (existsSync(path.join(ctx.bench, "node_modules/@fastify/http-proxy")) ? undefined : "bench peers not installed"),
    start: (ctx) => node(ctx, "fastify-proxy", [path.join(ctx.bench, "servers/fastify-proxy.mjs")], { cpus: ctx.serverCpu, env: { BACKEND_URL: `http://127.0.0.1:${ctx.backendPort}` } }),
  },
  nginx: {
    label: "nginx proxy_pass (keep-alive upstream)",
    what: "nginx, 1 worker, generated config in .tmp/bench/nginx: proxy_pass to a keep-alive upstream, unbuffered (peer)",
    prefix: "/proxy",
    unavailable: () => (findNginx() ? undefined : "nginx is not installed (apt-get install -y nginx)"),
    start: async (ctx) => {
      const port = await freePort();
      const args = nginxConfig(path.join(ctx.tmp, "nginx"), { port, backendPort: ctx.backendPort });
      const base = `http://127.0.0.1:${port}`;
      const proc = await startProcess({ name: "nginx", cmd: findNginx().bin, args, cpus: ctx.serverCpu, readyUrl: `${base}/`, logFile: path.join(ctx.logs, "nginx.log") });
      return { proc, base };
    },
  },
  fastifyAjv: {
    label: "Fastify 5 + ajv 8",
    what: "servers/fastify-ajv.mjs: Fastify validating body, header and query with ajv against the same schema (peer)",
    unavailable: (ctx) => (existsSync(path.join(ctx.bench, "node_modules/fastify")) ? undefined : "bench peers not installed"),
    start: (ctx) => node(ctx, "fastify-ajv", [path.join(ctx.bench, "servers/fastify-ajv.mjs")], { cpus: ctx.serverCpu, env: { SPEC: path.join(ctx.tmp, "specs/bench-rest/openapi.yaml") } }),
  },
};

async function node(ctx, name, args, { cpus, env, port }) {
  const p = port ?? (await freePort());
  const base = `http://127.0.0.1:${p}`;
  const proc = await startProcess({
    name,
    cmd: process.execPath,
    args,
    env: { PORT: String(p), HOST: "127.0.0.1", ...env },
    cpus,
    readyUrl: `${base}/`,
    logFile: path.join(ctx.logs, `${name}.log`),
  });
  return { proc, base };
}

async function workers(ctx, n, cpus) {
  const p = await freePort();
  const base = `http://127.0.0.1:${p}`;
  const proc = await startProcess({
    name: `gwc-workers-${n}`,
    cmd: process.execPath,
    args: [path.join(ctx.root, "compiler/gwc.mjs"), "serve", path.join(ctx.tmp, "generated/bench-rest"), "--workers", String(n), "--port", String(p), "--host", "127.0.0.1"],
    cwd: ctx.root,
    cpus,
    readyUrl: `${base}/`,
    logFile: path.join(ctx.logs, `gwc-workers-${n}.log`),
  });
  return { proc, base };
}

async function serverless(ctx, inProcess) {
  const name = inProcess ? "sls-inprocess" : "sls-default";
  const dir = path.join(ctx.tmp, name);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const lambdaPort = await freePort();
  const args = serverlessService(dir, { benchDir: ctx.bench, port, lambdaPort, inProcess });
  const base = `http://127.0.0.1:${port}`;
  const proc = await startProcess({ name, cmd: process.execPath, args, cwd: dir, env: SERVERLESS_ENV, cpus: ctx.serverCpu, readyUrl: `${base}/lambda`, logFile: path.join(ctx.logs, `${name}.log`), timeoutMs: 90_000 });
  return { proc, base };
}
