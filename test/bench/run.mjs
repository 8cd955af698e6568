#!/usr/bin/env node
// `npm run bench`: the gwc benchmark harness (issue 10). Never part of `npm test`.
//
// Builds the bench specs into .tmp/bench/, bundles each gateway with `gwc bundle` and runs it with
// plain node, starts the limits and peers next to it, and measures every comparison on loopback
// with one load generator (wrk when installed, else autocannon), server and load generator
// pinned to different cores, each case repeated with the cases of one comparison interleaved.
// Writes test/bench/results/latest.json and test/bench/RESULTS.md.
//
// Options: --quick (1 s, 1 repetition: smoke test) --only <case,…> --duration <s>
//          --connections <n> (50) --reps <n> (3) --warmup <s> (1) --no-pin --load wrk|autocannon
//          --max-minutes <n> (90: the whole run is stopped past it) --note <text> (shown in the
//          report) --list
import { parseArgs } from "node:util";
import { spawnSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { cpuMsOf, freePort, installCleanup, killAllSync, memoryOf, pinned, resetPeak, sampleTreeRss, stillRunning, hasTaskset } from "./lib/proc.mjs";
import { detectLoadGenerator, loadGeneratorVersion, runLoad } from "./lib/load.mjs";
import { SERVERS } from "./lib/servers.mjs";
import { findNginx } from "./lib/peers.mjs";
import { spread, ratio } from "./lib/stats.mjs";
import { renderMarkdown } from "./lib/report.mjs";
import { createRequire } from "node:module";

const BENCH = import.meta.dirname;
const ROOT = path.resolve(BENCH, "../..");
const TMP = path.join(ROOT, ".tmp/bench");
const GWC = path.join(ROOT, "compiler/gwc.mjs");
const LARGE = path.resolve(ROOT, "test/corpus/openapi/large");
const YAML = createRequire(path.join(ROOT, "package.json"))("yaml");

const CASES = {
  "lambda-v1": "1. Lambda proxy, REST payload 1.0",
  "usage-plan": "1b. Lambda proxy behind an API key, plan throttle and quota (memory store)",
  "cache-hit": "1c. Response cache hit (Lambda proxy route on a cached stage) vs raw node:http answering from a Map",
  "lambda-v2": "2. Lambda proxy, HTTP API payload 2.0",
  proxy: "3. HTTP_PROXY, GET/POST, 1 KB and 1 MB bodies",
  validated: "4. Validated POST (body model + required parameters)",
  mock: "5. MOCK",
  errors: "6. Error paths under load",
  inproc: "7. In-process validators: generated (ajv standalone) vs ajv at run time",
  vtl: "7b. In-process mapping templates: compiled (gwc) vs velocityjs rendering the same template",
  compiler: "8. Compiler: build time, peak RSS, output and bundle size, cold start",
  workers: "Multi-core: gwc serve --workers 1 vs 2",
};

const { values: opt } = parseArgs({
  options: {
    quick: { type: "boolean" },
    only: { type: "string" },
    duration: { type: "string" },
    connections: { type: "string" },
    reps: { type: "string" },
    warmup: { type: "string" },
    "no-pin": { type: "boolean" },
    load: { type: "string" },
    "max-minutes": { type: "string" },
    note: { type: "string" },
    list: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
  strict: true,
});
if (opt.help || opt.list) {
  process.stdout.write(`npm run bench -- [--quick] [--only case,…] [--duration s] [--connections n] [--reps n] [--warmup s] [--no-pin] [--load wrk|autocannon] [--max-minutes n]\n\nCases (case 9, memory, is reported from every server case):\n`);
  for (const [id, title] of Object.entries(CASES)) process.stdout.write(`  ${id.padEnd(10)} ${title}\n`);
  process.exit(0);
}
const num = (v, d) => (v === undefined ? d : Number(v));
const only = opt.only ? opt.only.split(",").map((s) => s.trim()).filter(Boolean) : Object.keys(CASES);
for (const c of only) if (!CASES[c]) {
  process.stderr.write(`bench: unknown case ${c}; cases: ${Object.keys(CASES).join(", ")}\n`);
  process.exit(2);
}
const cores = os.availableParallelism();
const cfg = {
  quick: Boolean(opt.quick),
  durationS: Math.max(1, Math.round(num(opt.duration, opt.quick ? 1 : 5))),
  reps: Math.max(1, num(opt.reps, opt.quick ? 1 : 3)),
  warmupS: Math.max(0, Math.round(num(opt.warmup, 1))),
  connections: Math.max(1, num(opt.connections, 50)),
  pin: !opt["no-pin"] && cores >= 2 && hasTaskset(),
  maxMinutes: num(opt["max-minutes"], 90),
};
const ctx = {
  root: ROOT,
  bench: BENCH,
  tmp: TMP,
  logs: path.join(TMP, "logs"),
  pin: cfg.pin,
  serverCpu: cfg.pin ? "0" : undefined,
  loadCpu: cfg.pin ? "1" : undefined,
  backendPort: 0,
};

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

installCleanup((sig) => log(`${sig}: stopping every process started`));
const hardStop = setTimeout(() => {
  log(`run exceeded --max-minutes ${cfg.maxMinutes}: stopping`);
  killAllSync();
  process.exit(3);
}, cfg.maxMinutes * 60_000);
hardStop.unref();

function sh(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", cwd: ROOT, ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${(r.stderr || r.stdout || "").slice(-2000)}`);
  return r.stdout;
}

/** Installs the bench peers from test/bench/package-lock.json when they are missing. */
function ensurePeers() {
  if (existsSync(path.join(BENCH, "node_modules"))) return undefined;
  log("installing the bench peers (npm ci --prefix test/bench)…");
  const r = spawnSync("npm", ["ci", "--prefix", BENCH, "--no-audit", "--no-fund"], { stdio: ["ignore", "inherit", "inherit"], cwd: ROOT, timeout: 10 * 60_000 });
  if (r.status !== 0) {
    rmSync(path.join(BENCH, "node_modules"), { recursive: true, force: true });
    return `npm ci --prefix test/bench failed (${r.status ?? r.signal})`;
  }
  return undefined;
}

/** The bench specs (test/bench/specs/<api>) and the handlers each gets: function name → file in handlers/. */
const BENCH_APIS = {
  "bench-rest": { Hello: "hello.mjs" },
  "bench-http": { Hello: "hello.mjs" },
  "bench-cache": { Cached: "cached.mjs" },
};

/** Bench specs → .tmp/bench/specs (handler added, backend port filled) → generated → dist bundles. */
async function prepare() {
  rmSync(TMP, { recursive: true, force: true });
  mkdirSync(ctx.logs, { recursive: true });
  mkdirSync(path.join(TMP, "bodies"), { recursive: true });
  sh(process.execPath, [GWC, "build-runtime"]);
  ctx.backendPort = await freePort();
  for (const [api, handlers] of Object.entries(BENCH_APIS)) {
    const dir = path.join(TMP, "specs", api);
    cpSync(path.join(BENCH, "specs", api), dir, { recursive: true });
    mkdirSync(path.join(dir, "handlers"), { recursive: true });
    for (const [name, file] of Object.entries(handlers)) cpSync(path.join(BENCH, "handlers", file), path.join(dir, `handlers/${name}.mjs`));
  }
  const gw = path.join(TMP, "specs/bench-rest/gateway.yaml");
  writeFileSync(gw, readFileSync(gw, "utf8").replace("127.0.0.1:BACKEND_PORT", `127.0.0.1:${ctx.backendPort}`));
  sh(process.execPath, [GWC, "build", path.relative(ROOT, path.join(TMP, "specs")), "--out", path.relative(ROOT, path.join(TMP, "generated"))]);
  for (const api of Object.keys(BENCH_APIS)) {
    sh(process.execPath, [GWC, "bundle", path.join(TMP, "generated", api), "--out", path.join(TMP, "dist", api)]);
  }
  const body = (n) => {
    const b = Buffer.alloc(n, "b");
    b[0] = 0x22;
    b[n - 1] = 0x22;
    return b;
  };
  writeFileSync(path.join(TMP, "bodies/1k.bin"), body(1024));
  writeFileSync(path.join(TMP, "bodies/1m.bin"), body(1024 * 1024));
  writeFileSync(path.join(TMP, "bodies/valid.json"), JSON.stringify({ name: "widget", quantity: 3, price: 9.5, tags: ["a", "b"], kind: "a" }));
  writeFileSync(path.join(TMP, "bodies/invalid.json"), JSON.stringify({ name: "", quantity: 0, tags: "none" }));
}

// ---------------------------------------------------------------------------------------------
// Server cases: rows (server × request), measured interleaved; comparisons within a group.

const JSON_POST = (body) => ({ method: "POST", body, headers: { "content-type": "application/json", "x-tenant": "acme" } });

function groups() {
  const q = "/lambda?name=bench&page=1";
  const proxyScenarios = [
    { id: "get-1k", title: "GET, 1 KB response", path: "/bytes/1024", method: "GET" },
    { id: "get-1m", title: "GET, 1 MB response", path: "/bytes/1048576", method: "GET" },
    { id: "post-1k", title: "POST, 1 KB request body", path: "/upload", method: "POST", body: "1k.bin" },
    { id: "post-1m", title: "POST, 1 MB request body", path: "/upload", method: "POST", body: "1m.bin" },
  ];
  const proxyServers = [
    ["direct", "backendDirect", "limit"],
    ["gwc", "gwcRest", "gwc"],
    ["undici-request", "undiciRequest", "node-limit"],
    ["undici-dispatch", "undiciDispatch", "node-limit"],
    ["fastify", "fastifyProxy", "peer"],
    ["nginx", "nginx", "peer"],
  ];
  return [
    {
      id: "lambda-v1",
      servers: ["gwcRest", "rawV1", "slsDefault", "slsInProcess"],
      rows: [
        { id: "gwc", server: "gwcRest", role: "gwc", method: "GET", path: q, expect: 200 },
        { id: "raw", server: "rawV1", role: "limit", method: "GET", path: q, expect: 200 },
        { id: "sls-default", server: "slsDefault", role: "peer", method: "GET", path: q, expect: 200 },
        { id: "sls-inprocess", server: "slsInProcess", role: "peer", method: "GET", path: q, expect: 200 },
      ],
      comparisons: [{ title: `GET ${q}`, rows: ["gwc", "raw", "sls-default", "sls-inprocess"], limit: "raw", subject: "gwc" }],
    },
    {
      id: "usage-plan",
      servers: ["gwcRest", "gwcRestRedis"],
      rows: [
        { id: "keyed", server: "gwcRest", role: "gwc", label: "gwc GET /lambda-keyed (x-api-key, plan throttle, quota)", method: "GET", path: q.replace("/lambda", "/lambda-keyed"), headers: { "x-api-key": "bench-key-value-0123456789" }, expect: 200 },
        // The same header on the route that needs no key (AWS ignores it there): only the key, throttle and quota steps differ.
        { id: "open", server: "gwcRest", role: "limit", label: "gwc GET /lambda (no key required; same x-api-key header)", method: "GET", path: q, headers: { "x-api-key": "bench-key-value-0123456789" }, expect: 200 },
        { id: "keyed-redis", server: "gwcRestRedis", role: "gwc", label: "gwc GET /lambda-keyed on the Redis store", method: "GET", path: q.replace("/lambda", "/lambda-keyed"), headers: { "x-api-key": "bench-key-value-0123456789" }, expect: 200 },
      ],
      comparisons: [
        { title: "API key + plan throttle + quota vs the same Lambda route without", rows: ["keyed", "open"], limit: "open", subject: "keyed" },
        { title: "The Redis store's cost: keyed route on Redis vs on memory", rows: ["keyed-redis", "keyed"], limit: "keyed", subject: "keyed-redis" },
      ],
    },
    {
      id: "cache-hit",
      servers: ["gwcCache", "rawCacheMap", "rawCacheMapIds"],
      // The check request is the one miss (the function runs and its answer is stored); the warm-up
      // and every measured request after it are hits (TTL 3600 s).
      rows: [
        { id: "gwc", server: "gwcCache", role: "gwc", label: "gwc GET /cached, answered from the stage cache (memory store)", method: "GET", path: "/cached", expect: 200 },
        { id: "raw", server: "rawCacheMap", role: "limit", method: "GET", path: "/cached", expect: 200 },
        { id: "raw-ids", server: "rawCacheMapIds", role: "peer", method: "GET", path: "/cached", expect: 200 },
      ],
      comparisons: [
        { title: "GET /cached: a cache hit vs raw node:http answering from a Map", rows: ["gwc", "raw"], limit: "raw", subject: "gwc" },
        { title: "GET /cached: the same Map server also sending API Gateway's two id headers", rows: ["gwc", "raw-ids"], limit: "raw-ids", subject: "gwc" },
      ],
    },
    {
      id: "lambda-v2",
      servers: ["gwcHttp", "rawV2"],
      rows: [
        { id: "gwc", server: "gwcHttp", role: "gwc", method: "GET", path: q, expect: 200 },
        { id: "raw", server: "rawV2", role: "limit", method: "GET", path: q, expect: 200 },
      ],
      comparisons: [{ title: `GET ${q}`, rows: ["gwc", "raw"], limit: "raw", subject: "gwc" }],
    },
    {
      id: "proxy",
      infrastructure: ["backend"],
      servers: proxyServers.map(([, s]) => s),
      rows: proxyScenarios.flatMap((sc) =>
        proxyServers.map(([id, server, role]) => ({
          id: `${sc.id}/${id}`,
          scenario: sc.id,
          server,
          role,
          method: sc.method,
          path: (server === "gwcRest" || SERVERS[server].prefix ? "/proxy" : "") + sc.path,
          body: sc.body,
          headers: sc.body ? { "content-type": "application/octet-stream" } : undefined,
          expect: 200,
        })),
      ),
      comparisons: proxyScenarios.map((sc) => ({
        title: sc.title,
        scenario: sc.id,
        rows: proxyServers.map(([id]) => `${sc.id}/${id}`),
        limit: `${sc.id}/direct`,
        subject: `${sc.id}/gwc`,
      })),
    },
    {
      id: "validated",
      servers: ["gwcRest", "fastifyAjv", "rawMock"],
      rows: [
        { id: "gwc", server: "gwcRest", role: "gwc", path: "/items?version=1", ...JSON_POST("valid.json"), expect: 201 },
        { id: "fastify-ajv", server: "fastifyAjv", role: "peer", path: "/items?version=1", ...JSON_POST("valid.json"), expect: 201 },
        // Not a peer: node:http answering the POST with a constant, no parsing or validation at all,
        // the ceiling any validating server stays under (shows whether "1.5× Fastify" is reachable).
        { id: "raw", server: "rawMock", role: "ceiling", label: "raw node:http constant, no validation (ceiling)", path: "/items?version=1", ...JSON_POST("valid.json"), expect: 200 },
      ],
      comparisons: [{ title: "POST /items (valid body, header and query)", rows: ["gwc", "fastify-ajv", "raw"], limit: "raw", subject: "gwc" }],
    },
    {
      id: "mock",
      servers: ["gwcRest", "rawMock"],
      rows: [
        { id: "gwc", server: "gwcRest", role: "gwc", method: "GET", path: "/mock", expect: 200 },
        { id: "raw", server: "rawMock", role: "limit", method: "GET", path: "/mock", expect: 200 },
        { id: "gwc-vtl", server: "gwcRest", role: "gwc", label: "gwc GET /mock-vtl (the same body from a VTL response template)", method: "GET", path: "/mock-vtl", expect: 200 },
      ],
      comparisons: [
        { title: "GET /mock", rows: ["gwc", "raw"], limit: "raw", subject: "gwc" },
        { title: "MOCK with a VTL response template vs the same with a static one", rows: ["gwc-vtl", "gwc"], limit: "gwc", subject: "gwc-vtl" },
      ],
    },
    {
      id: "errors",
      servers: ["gwcRest"],
      rows: [
        { id: "mock-200", server: "gwcRest", role: "success", label: "gwc GET /mock → 200", method: "GET", path: "/mock", expect: 200 },
        { id: "unknown-403", server: "gwcRest", role: "error", label: "gwc GET /no/such/route → 403", method: "GET", path: "/no/such/route", expect: 403 },
        { id: "valid-201", server: "gwcRest", role: "success", label: "gwc POST /items valid → 201", path: "/items?version=1", ...JSON_POST("valid.json"), expect: 201 },
        { id: "invalid-400", server: "gwcRest", role: "error", label: "gwc POST /items invalid body → 400", path: "/items?version=1", ...JSON_POST("invalid.json"), expect: 400 },
      ],
      comparisons: [
        { title: "unknown route (403) vs GET /mock (200)", rows: ["unknown-403", "mock-200"], limit: "mock-200", subject: "unknown-403" },
        { title: "invalid body (400) vs valid POST /items (201)", rows: ["invalid-400", "valid-201"], limit: "valid-201", subject: "invalid-400" },
      ],
    },
    {
      id: "workers",
      servers: ["gwcWorkers1", "gwcWorkers2"],
      rows: [
        { id: "workers-1", server: "gwcWorkers1", role: "limit", method: "GET", path: q, expect: 200 },
        { id: "workers-2", server: "gwcWorkers2", role: "gwc", method: "GET", path: q, expect: 200 },
      ],
      comparisons: [{ title: `GET ${q} (Lambda proxy)`, rows: ["workers-2", "workers-1"], limit: "workers-1", subject: "workers-2" }],
    },
  ];
}

/** One request the way the load generator sends it; resolves with the status. */
function checkRequest(url, row) {
  return new Promise((resolve, reject) => {
    const body = row.body ? readFileSync(path.join(TMP, "bodies", row.body)) : undefined;
    const req = http.request(url, { method: row.method, headers: { ...(row.headers ?? {}), ...(body ? { "content-length": body.length } : {}) }, agent: false, timeout: 15_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

async function runGroup(group, loadKind) {
  const out = { id: group.id, title: CASES[group.id], servers: {}, rows: [], comparisons: [], unavailable: {} };
  const started = {};
  try {
    for (const key of [...(group.infrastructure ?? []), ...group.servers]) {
      const def = SERVERS[key];
      const reason = def.unavailable?.(ctx);
      if (reason) {
        out.unavailable[key] = reason;
        log(`${group.id}: ${def.label} unavailable: ${reason}`);
        continue;
      }
      try {
        log(`${group.id}: starting ${def.label}`);
        const t0 = performance.now();
        started[key] = await def.start(ctx);
        await sleep(200);
        const mem = memoryOf(started[key].proc.pid);
        out.servers[key] = { label: def.label, what: def.what, startMs: performance.now() - t0, idleRssMb: mem.rssKb / 1024 };
      } catch (err) {
        out.unavailable[key] = String(err.message ?? err).split("\n")[0];
        log(`${group.id}: ${def.label} failed to start: ${out.unavailable[key]}`);
      }
    }
    const rows = [];
    for (const row of group.rows) {
      const r = { ...row, label: row.label ?? SERVERS[row.server].label, samples: [] };
      out.rows.push(r);
      if (!started[row.server]) {
        r.unavailable = out.unavailable[row.server] ?? "not started";
        continue;
      }
      const url = started[row.server].base + row.path;
      try {
        const status = await checkRequest(url, row);
        if (status !== row.expect) throw new Error(`answered ${status}, expected ${row.expect}`);
      } catch (err) {
        r.unavailable = `check request failed: ${err.message}`;
        log(`${group.id}/${row.id}: ${r.unavailable}`);
        continue;
      }
      r.request = { url, method: row.method, headers: row.headers, bodyFile: row.body ? path.join(TMP, "bodies", row.body) : undefined };
      rows.push(r);
    }
    const load = (r, durationS) =>
      runLoad(loadKind, { request: r.request, durationS, connections: cfg.connections, cpus: ctx.loadCpu, scratchDir: TMP, tag: `${group.id}-${r.id}`.replace(/\W+/g, "_") });
    if (cfg.warmupS > 0) for (const r of rows) await load(r, cfg.warmupS).catch(() => {});
    for (let rep = 0; rep < cfg.reps; rep++) {
      const order = rows.map((_, i) => rows[(i + rep) % rows.length]);
      for (const r of order) {
        const pid = started[r.server].proc.pid;
        const reset = resetPeak(pid);
        try {
          const cpu0 = cpuMsOf(pid);
          const res = await load(r, cfg.durationS);
          const cpuMs = cpuMsOf(pid) - cpu0;
          const mem = memoryOf(pid);
          // CPU time per request of the server (all its processes and threads): far less disturbed
          // by other work on the machine than req/s, since it counts only the server's own cycles.
          const cpuUsPerReq = res.requests > 0 ? (cpuMs * 1000) / res.requests : null;
          r.samples.push({ ...res, cpuMs, cpuUsPerReq, peakRssMb: mem.hwmKb / 1024, rssMb: mem.rssKb / 1024, peakIsSinceStart: !reset });
          log(`${group.id}/${r.id} rep ${rep + 1}: ${res.rps.toFixed(0)} req/s, ${cpuUsPerReq?.toFixed(0)} µs CPU/req, p50 ${res.p50.toFixed(2)} ms, p99 ${res.p99.toFixed(2)} ms, peak RSS ${(mem.hwmKb / 1024).toFixed(0)} MB${res.errors ? `, ${res.errors} errors` : ""}${res.non2xx && r.expect < 300 ? `, ${res.non2xx} non-2xx` : ""}`);
        } catch (err) {
          r.samples.push({ error: String(err.message ?? err).slice(0, 300) });
          log(`${group.id}/${r.id} rep ${rep + 1}: ${err.message}`);
        }
        if (started[r.server].proc.exited) {
          r.unavailable = `server exited during the run: ${JSON.stringify(started[r.server].proc.exited)}`;
        }
      }
    }
  } finally {
    await Promise.all(Object.values(started).map((s) => s.proc.stop()));
  }
  for (const r of out.rows) {
    delete r.request;
    const ok = r.samples.filter((s) => !s.error);
    r.summary = {
      rps: spread(ok.map((s) => s.rps)),
      p50: spread(ok.map((s) => s.p50)),
      p99: spread(ok.map((s) => s.p99)),
      peakRssMb: spread(ok.map((s) => s.peakRssMb)),
      cpuUsPerReq: spread(ok.map((s) => s.cpuUsPerReq)),
      errors: ok.reduce((a, s) => a + s.errors, 0),
      non2xx: ok.reduce((a, s) => a + s.non2xx, 0),
    };
  }
  const byId = new Map(out.rows.map((r) => [r.id, r]));
  for (const c of group.comparisons) {
    const subject = byId.get(c.subject);
    const limit = c.limit ? byId.get(c.limit) : undefined;
    out.comparisons.push({
      ...c,
      entries: c.rows.map((id) => {
        const r = byId.get(id);
        return {
          id,
          toLimit: limit ? ratio(r.summary.rps.median, limit.summary.rps.median) : null,
          subjectOverThis: ratio(subject.summary.rps.median, r.summary.rps.median),
          // The same ratios by CPU time per request (efficiency): limit's CPU ÷ this one's.
          cpuToLimit: limit ? ratio(limit.summary.cpuUsPerReq.median, r.summary.cpuUsPerReq.median) : null,
          cpuSubjectOverThis: ratio(r.summary.cpuUsPerReq.median, subject.summary.cpuUsPerReq.median),
        };
      }),
      p99AddedMs: limit && subject.summary.p99.median !== null && limit.summary.p99.median !== null ? subject.summary.p99.median - limit.summary.p99.median : null,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Case 7: in-process validators (a child under tsx, pinned to the server core).

function runInproc() {
  const ms = cfg.quick ? 100 : 500;
  const [c, a] = pinned(ctx.serverCpu, process.execPath, ["--import", "tsx", path.join(BENCH, "lib/inproc.mjs"), path.join(TMP, "inproc"), String(ms), String(cfg.reps)]);
  const r = spawnSync(c, a, { cwd: ROOT, encoding: "utf8", timeout: 10 * 60_000, maxBuffer: 64 << 20 });
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith("BENCH_JSON "));
  if (!line) throw new Error(`inproc failed (${r.status ?? r.signal}): ${(r.stderr ?? "").slice(-1500)}`);
  return { msPerRep: ms, rows: JSON.parse(line.slice("BENCH_JSON ".length)) };
}

// ---------------------------------------------------------------------------------------------
// Case 7b: mapping templates in process (a child under tsx, pinned to the server core).

function runVtl() {
  const renders = cfg.quick ? 5_000 : 100_000;
  const [c, a] = pinned(ctx.serverCpu, process.execPath, ["--import", "tsx", path.join(BENCH, "lib/vtl.mjs"), String(renders), String(cfg.reps)]);
  const r = spawnSync(c, a, { cwd: ROOT, encoding: "utf8", timeout: 10 * 60_000, maxBuffer: 64 << 20 });
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith("BENCH_JSON "));
  if (!line) throw new Error(`vtl failed (${r.status ?? r.signal}): ${(r.stderr ?? "").slice(-1500)}`);
  return { renders, rows: JSON.parse(line.slice("BENCH_JSON ".length)) };
}

// ---------------------------------------------------------------------------------------------
// Case 8: compiler.

function dirSize(dir) {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    n += st.isDirectory() ? dirSize(p) : st.size;
  }
  return n;
}

/**
 * The corpus specs are not API Gateway exports: gwc (like API Gateway's import) refuses a
 * resource path whose segment mixes text and a parameter (GWC2008: GitHub's
 * `{base}...{head}`, OpenAI's `{response_id}?beta=true`). Those paths are removed and listed in
 * the results; a spec that needs no change is copied byte for byte.
 */
function adaptSpec(text, isYaml) {
  const doc = isYaml ? YAML.parse(text) : JSON.parse(text);
  const changes = [];
  const mixed = (seg) => seg.includes("{") && !/^\{[^{}]+\}$/.test(seg);
  for (const p of Object.keys(doc.paths ?? {})) {
    if (p.split("/").some(mixed)) {
      delete doc.paths[p];
      changes.push(`removed path ${p}`);
    }
  }
  if (changes.length === 0) return { text, changes };
  return { text: isYaml ? YAML.stringify(doc, { aliasDuplicateObjects: false }) : JSON.stringify(doc, null, 2), changes };
}

/** `gwc build` of one folder: wall time, peak RSS (node's own, and the sampled process tree). */
function timedBuild(specDir, outDir) {
  return new Promise((resolve) => {
    const rssFile = path.join(TMP, `maxrss-${process.hrtime.bigint()}`);
    const t0 = performance.now();
    const child = spawn(process.execPath, ["--import", path.join(BENCH, "lib/maxrss-preload.mjs"), GWC, "build", path.relative(ROOT, specDir), "--out", path.relative(ROOT, outDir)], {
      cwd: ROOT,
      env: { ...process.env, GWC_BENCH_MAXRSS_FILE: rssFile },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const stopSampling = sampleTreeRss(child.pid, 25);
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 5 * 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const wallS = (performance.now() - t0) / 1000;
      const treePeakMb = stopSampling() / 1024;
      let peakRssMb = null;
      try {
        peakRssMb = Number(readFileSync(rssFile, "utf8")) / 1024;
        rmSync(rssFile);
      } catch {
        /* killed */
      }
      resolve({ code, wallS, peakRssMb, treePeakMb, stderrTail: err.trim().split("\n").slice(-2).join(" | ").slice(0, 300) });
    });
  });
}

/** Spawn → URL printed → first response received, for a bundled server. */
function coldStart(serverFile, urlPath) {
  return new Promise(async (resolve, reject) => {
    const port = await freePort();
    const [c, a] = pinned(ctx.serverCpu, process.execPath, [serverFile]);
    const t0 = performance.now();
    const child = spawn(c, a, { env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "ignore"], detached: true });
    const done = (v, e) => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* gone */
      }
      clearTimeout(timer);
      e ? reject(e) : resolve(v);
    };
    const timer = setTimeout(() => done(undefined, new Error("no response within 20 s")), 20_000);
    let buf = "";
    child.stdout.on("data", (d) => {
      if (buf.includes("\n")) return;
      buf += d;
      if (!buf.includes("\n")) return;
      const listenMs = performance.now() - t0;
      http.get(`${buf.split("\n")[0].trim()}${urlPath}`, { agent: false }, (res) => {
        res.resume();
        res.on("end", () => done({ firstResponseMs: performance.now() - t0, listenMs, status: res.statusCode }));
      }).on("error", (e) => done(undefined, e));
    });
    child.on("exit", (code) => done(undefined, new Error(`server exited (${code}) before answering`)));
  });
}

async function runCompiler() {
  const specs = [
    { name: "kubernetes", file: "kubernetes-swagger.json.unprocessed.json" },
    { name: "stripe", file: "stripe-spec3.2022-04-12.json" },
    { name: "github", file: "github-api.github.com.2020-08.json" },
    { name: "openai", file: "openai-openapi.yaml" },
  ];
  const base = path.join(TMP, "corpus");
  const result = { builds: [], coldStarts: [] };
  const adaptations = {};
  for (const s of specs) {
    const dir = path.join(base, "specs", s.name);
    mkdirSync(dir, { recursive: true });
    // Each spec in its own API folder as openapi.json (the OpenAI spec is YAML: openapi.yaml),
    // minus what gwc refuses to build (see adaptSpec), so the whole pipeline runs.
    const isYaml = s.file.endsWith(".yaml");
    const adapted = adaptSpec(readFileSync(path.join(LARGE, s.file), "utf8"), isYaml);
    adaptations[s.name] = adapted.changes;
    writeFileSync(path.join(dir, isYaml ? "openapi.yaml" : "openapi.json"), adapted.text);
  }
  const outDir = path.join(base, "generated");
  const samples = Object.fromEntries(specs.map((s) => [s.name, []]));
  for (let rep = 0; rep < cfg.reps; rep++) {
    for (const s of specs) {
      log(`compiler: gwc build ${s.name} (rep ${rep + 1})`);
      samples[s.name].push(await timedBuild(path.join(base, "specs", s.name), outDir));
    }
  }
  const bundles = [{ name: "bench-rest", file: path.join(TMP, "dist/bench-rest/server.mjs"), path: "/mock" }];
  for (const s of specs) {
    const runs = samples[s.name];
    const built = path.join(outDir, s.name);
    const row = {
      name: s.name,
      file: s.file,
      inputBytes: statSync(path.join(LARGE, s.file)).size,
      exitCodes: runs.map((r) => r.code),
      wallS: spread(runs.map((r) => r.wallS)),
      peakRssMb: spread(runs.map((r) => r.peakRssMb)),
      treePeakMb: spread(runs.map((r) => r.treePeakMb)),
      diagnostics: runs[0].stderrTail,
      adapted: adaptations[s.name],
    };
    if (existsSync(path.join(built, "server.mjs"))) {
      row.outputBytes = dirSize(built);
      const t0 = performance.now();
      try {
        sh(process.execPath, [GWC, "bundle", built, "--out", path.join(base, "dist", s.name)]);
        row.bundleS = (performance.now() - t0) / 1000;
        row.bundleBytes = statSync(path.join(base, "dist", s.name, "server.mjs")).size;
        bundles.push({ name: s.name, file: path.join(base, "dist", s.name, "server.mjs"), path: "/" });
      } catch (err) {
        row.bundleError = String(err.message).split("\n")[0];
      }
    }
    result.builds.push(row);
  }
  const coldReps = cfg.quick ? 1 : 5;
  for (const b of bundles) {
    const runs = [];
    for (let i = 0; i < coldReps; i++) {
      try {
        runs.push(await coldStart(b.file, b.path));
      } catch (err) {
        runs.push({ error: err.message });
      }
    }
    const ok = runs.filter((r) => !r.error);
    result.coldStarts.push({
      name: b.name,
      bundleBytes: statSync(b.file).size,
      firstResponseMs: spread(ok.map((r) => r.firstResponseMs)),
      listenMs: spread(ok.map((r) => r.listenMs)),
      status: ok[0]?.status,
      errors: runs.filter((r) => r.error).map((r) => r.error),
    });
    log(`compiler: cold start ${b.name}: ${result.coldStarts.at(-1).firstResponseMs.median?.toFixed(0)} ms to first response`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------

function machine() {
  const cpuModel = os.cpus()[0]?.model ?? "unknown";
  const nproc = Number(spawnSync("nproc", [], { encoding: "utf8" }).stdout.trim()) || cores;
  let loadavg = os.loadavg().map((x) => x.toFixed(2)).join(" ");
  return { nproc, cpuModel, memGb: +(os.totalmem() / 2 ** 30).toFixed(1), kernel: os.release(), node: process.version, loadavgAtStart: loadavg };
}

async function main() {
  const started = new Date();
  const args = process.argv.slice(2).filter((a, i, all) => a !== "--note" && all[i - 1] !== "--note" && !a.startsWith("--note="));
  const command = `npm run bench${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`;
  const peersProblem = ensurePeers();
  const loadKind = detectLoadGenerator(opt.load);
  if (loadKind === "autocannon" && !existsSync(path.join(BENCH, "node_modules/autocannon"))) throw new Error("neither wrk nor autocannon is available (install wrk, or let the harness install the bench peers)");
  log(`load generator: ${loadKind}; pinning: ${cfg.pin ? `server core ${ctx.serverCpu}, load core ${ctx.loadCpu}` : "off"}; ${cfg.durationS} s × ${cfg.reps} rep(s), ${cfg.connections} connections`);
  log("building and bundling the bench specs into .tmp/bench/ …");
  await prepare();
  const nginx = findNginx();
  const results = {
    meta: {
      date: started.toISOString(),
      command,
      machine: machine(),
      loadGenerator: loadGeneratorVersion(loadKind, BENCH),
      nginx: nginx?.version ?? null,
      pinning: cfg.pin ? { server: ctx.serverCpu, load: ctx.loadCpu, note: "proxied backend on the load core; backend-direct limit on the server core" } : null,
      config: { durationS: cfg.durationS, reps: cfg.reps, warmupS: cfg.warmupS, connections: cfg.connections, quick: cfg.quick, only },
      peersProblem: peersProblem ?? null,
      note: opt.note ?? null,
    },
    groups: [],
    inproc: null,
    vtl: null,
    compiler: null,
  };
  const selected = only;
  for (const g of groups()) {
    if (!selected.includes(g.id)) continue;
    log(`== ${CASES[g.id]}`);
    try {
      results.groups.push(await runGroup(g, loadKind));
    } catch (err) {
      results.groups.push({ id: g.id, title: CASES[g.id], error: String(err.stack ?? err) });
      log(`${g.id} failed: ${err.message}`);
    }
  }
  if (selected.includes("inproc")) {
    log(`== ${CASES.inproc}`);
    try {
      results.inproc = runInproc();
    } catch (err) {
      results.inproc = { error: String(err.message ?? err) };
      log(`inproc failed: ${err.message}`);
    }
  }
  if (selected.includes("vtl")) {
    log(`== ${CASES.vtl}`);
    try {
      results.vtl = runVtl();
    } catch (err) {
      results.vtl = { error: String(err.message ?? err) };
      log(`vtl failed: ${err.message}`);
    }
  }
  if (selected.includes("compiler")) {
    log(`== ${CASES.compiler}`);
    try {
      results.compiler = await runCompiler();
    } catch (err) {
      results.compiler = { error: String(err.stack ?? err) };
      log(`compiler failed: ${err.message}`);
    }
  }
  results.meta.finished = new Date().toISOString();
  results.meta.loadavgAtEnd = os.loadavg().map((x) => x.toFixed(2)).join(" ");
  mkdirSync(path.join(BENCH, "results"), { recursive: true });
  writeFileSync(path.join(BENCH, "results/latest.json"), JSON.stringify(results, null, 2) + "\n");
  const md = renderMarkdown(results, { cases: CASES, servers: SERVERS });
  // Only a full run (every case, default repetitions) replaces the committed RESULTS.md.
  const full = !cfg.quick && !opt.only && cfg.reps >= 3;
  const mdFile = full ? path.join(BENCH, "RESULTS.md") : path.join(BENCH, "results/latest.md");
  writeFileSync(mdFile, md);
  log(`wrote test/bench/results/latest.json and ${path.relative(ROOT, mdFile)}`);
  process.stdout.write(md);
}

try {
  await main();
} catch (err) {
  log(`failed: ${err.stack ?? err}`);
  process.exitCode = 1;
} finally {
  const left = stillRunning();
  killAllSync();
  if (left.length > 0) log(`stopped leftover processes: ${left.join(", ")}`);
  clearTimeout(hardStop);
}
