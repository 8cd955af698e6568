// The markdown report (test/bench/RESULTS.md) and the targets of issue 10, from results/latest.json.

const f0 = (x) => (x === null || x === undefined ? "–" : Math.round(x).toLocaleString("en-US"));
const f1 = (x) => (x === null || x === undefined ? "–" : x.toFixed(1));
const f2 = (x) => (x === null || x === undefined ? "–" : x.toFixed(2));
const fx = (x) => (x === null || x === undefined ? "–" : `${x.toFixed(2)}×`);
const range = (s, fmt) => (s.median === null ? "–" : s.n > 1 ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median));
const mb = (bytes) => (bytes === undefined || bytes === null ? "–" : `${(bytes / 2 ** 20).toFixed(2)} MB`);

function row(group, id) {
  return group?.rows?.find((r) => r.id === id);
}
function rps(group, id) {
  return row(group, id)?.summary?.rps?.median ?? null;
}
function div(a, b) {
  return a !== null && b !== null && b > 0 ? a / b : null;
}
function cpu(group, id) {
  return row(group, id)?.summary?.cpuUsPerReq?.median ?? null;
}
/** "a relative to b" by CPU time per request: b's CPU ÷ a's (> 1: a needs less CPU per request). */
function cpuRatio(group, a, b) {
  return div(cpu(group, b), cpu(group, a));
}

/** Every target of issue 10 with its measured value: { target, value, unit, ok }. */
export function evaluateTargets(results) {
  const g = Object.fromEntries(results.groups.map((x) => [x.id, x]));
  const out = [];
  const add = (target, value, pass, fmt = fx, byCpu = null) =>
    out.push({ target, value, shown: value === null ? "unavailable" : fmt(value), ok: value === null ? null : pass(value), byCpu, byCpuShown: byCpu === null ? "–" : fx(byCpu), byCpuOk: byCpu === null ? null : pass(byCpu) });
  const p99add = (group, subject, limit) => {
    const s = row(group, subject)?.summary?.p99?.median;
    const l = row(group, limit)?.summary?.p99?.median;
    return s === undefined || l === undefined || s === null || l === null ? null : s - l;
  };
  const ms = (x) => `${x >= 0 ? "+" : ""}${x.toFixed(2)} ms`;
  if (g["lambda-v1"]) {
    const l1 = g["lambda-v1"];
    add("Lambda 1.0: gwc ≥ 0.85× raw wrapper", div(rps(l1, "gwc"), rps(l1, "raw")), (v) => v >= 0.85, fx, cpuRatio(l1, "gwc", "raw"));
    add("Lambda 1.0: gwc ≥ 8× serverless-offline --useInProcess", div(rps(l1, "gwc"), rps(l1, "sls-inprocess")), (v) => v >= 8, fx, cpuRatio(l1, "gwc", "sls-inprocess"));
    add("Lambda 1.0: gwc vs serverless-offline default (no target)", div(rps(l1, "gwc"), rps(l1, "sls-default")), () => true, fx, cpuRatio(l1, "gwc", "sls-default"));
    add("Lambda 1.0: p99 added over the raw wrapper < 1 ms", p99add(g["lambda-v1"], "gwc", "raw"), (v) => v < 1, ms);
  }
  if (g["usage-plan"]) {
    const u = g["usage-plan"];
    add("Usage plan: API key + plan throttle + quota cost ≤ 5% of the Lambda proxy path (keyed ≥ 0.95× unkeyed)", div(rps(u, "keyed"), rps(u, "open")), (v) => v >= 0.95, fx, cpuRatio(u, "keyed", "open"));
    add("Usage plan on Redis: keyed route on the Redis store ÷ on memory (reported, no target)", div(rps(u, "keyed-redis"), rps(u, "keyed")), () => true, fx, cpuRatio(u, "keyed-redis", "keyed"));
  }
  if (g["cache-hit"]) {
    const c = g["cache-hit"];
    add("Cache hit: gwc serves a hit at ≥ 0.9× raw node:http answering from a Map", div(rps(c, "gwc"), rps(c, "raw")), (v) => v >= 0.9, fx, cpuRatio(c, "gwc", "raw"));
    add("Cache hit: gwc ÷ raw node:http + Map sending the same two AWS id headers (reported, no target)", div(rps(c, "gwc"), rps(c, "raw-ids")), () => true, fx, cpuRatio(c, "gwc", "raw-ids"));
    add("Cache hit: p99 added over raw node:http + Map (reported, no target)", p99add(c, "gwc", "raw"), () => true, ms);
  }
  if (g["lambda-v2"]) {
    add("Lambda 2.0: gwc ≥ 0.85× raw wrapper", div(rps(g["lambda-v2"], "gwc"), rps(g["lambda-v2"], "raw")), (v) => v >= 0.85, fx, cpuRatio(g["lambda-v2"], "gwc", "raw"));
    add("Lambda 2.0: p99 added over the raw wrapper < 1 ms", p99add(g["lambda-v2"], "gwc", "raw"), (v) => v < 1, ms);
  }
  if (g.workers) add("Multi-core: 2 workers ÷ 1 worker (no target; the load generator shares the 2 cores)", div(rps(g.workers, "workers-2"), rps(g.workers, "workers-1")), () => true, fx, cpuRatio(g.workers, "workers-2", "workers-1"));
  if (g.proxy) {
    for (const sc of ["get-1k", "get-1m", "post-1k", "post-1m"]) {
      const p = g.proxy;
      const gwc = rps(p, `${sc}/gwc`);
      const best = Math.max(rps(p, `${sc}/undici-request`) ?? 0, rps(p, `${sc}/undici-dispatch`) ?? 0) || null;
      const bestCpu = Math.max(cpuRatio(p, `${sc}/gwc`, `${sc}/undici-request`) ?? 0, cpuRatio(p, `${sc}/gwc`, `${sc}/undici-dispatch`) ?? 0) || null;
      const leanest = bestCpu === null ? null : Math.min(cpuRatio(p, `${sc}/gwc`, `${sc}/undici-request`) ?? Infinity, cpuRatio(p, `${sc}/gwc`, `${sc}/undici-dispatch`) ?? Infinity);
      add(`HTTP_PROXY ${sc}: gwc ≥ 0.9× hand-written undici proxy (faster variant)`, div(gwc, best), (v) => v >= 0.9, fx, leanest);
      add(`HTTP_PROXY ${sc}: gwc ≥ 1.4× Fastify + http-proxy`, div(gwc, rps(p, `${sc}/fastify`)), (v) => v >= 1.4, fx, cpuRatio(p, `${sc}/gwc`, `${sc}/fastify`));
      add(`HTTP_PROXY ${sc}: gwc ≥ 0.6× nginx`, div(gwc, rps(p, `${sc}/nginx`)), (v) => v >= 0.6, fx, cpuRatio(p, `${sc}/gwc`, `${sc}/nginx`));
      add(`HTTP_PROXY ${sc}: p99 added over the backend < 1 ms`, p99add(p, `${sc}/gwc`, `${sc}/direct`), (v) => v < 1, ms);
    }
    for (const [a, b] of [["get-1m", "get-1k"], ["post-1m", "post-1k"]]) {
      const big = row(g.proxy, `${a}/gwc`)?.summary?.peakRssMb?.median ?? null;
      const small = row(g.proxy, `${b}/gwc`)?.summary?.peakRssMb?.median ?? null;
      add(`HTTP_PROXY: gwc peak RSS does not grow with body size (${a} ÷ ${b}, ≤ 1.25×)`, div(big, small), (v) => v <= 1.25);
    }
  }
  if (g.validated) {
    add("Validated POST: gwc ≥ 1.5× Fastify + ajv", div(rps(g.validated, "gwc"), rps(g.validated, "fastify-ajv")), (v) => v >= 1.5, fx, cpuRatio(g.validated, "gwc", "fastify-ajv"));
    add("Validated POST: Fastify + ajv ÷ raw node:http without validation (the room 1.5× needs: ≤ 0.67×)", div(rps(g.validated, "fastify-ajv"), rps(g.validated, "raw")), (v) => v <= 0.67, fx, cpuRatio(g.validated, "fastify-ajv", "raw"));
  }
  if (g.mock) {
    add("MOCK: gwc ≥ 0.85× raw node:http", div(rps(g.mock, "gwc"), rps(g.mock, "raw")), (v) => v >= 0.85, fx, cpuRatio(g.mock, "gwc", "raw"));
    add("MOCK: p99 added over raw node:http < 1 ms", p99add(g.mock, "gwc", "raw"), (v) => v < 1, ms);
    add("MOCK with a VTL response template ≥ 0.9× the same with a static template", div(rps(g.mock, "gwc-vtl"), rps(g.mock, "gwc")), (v) => v >= 0.9, fx, cpuRatio(g.mock, "gwc-vtl", "gwc"));
  }
  const vt = results.vtl;
  if (vt && !vt.error) {
    for (const r of vt.rows) add(`Mapping template ${r.template}: compiled ≥ 10× velocityjs rendering it`, r.velocityjsUs / r.compiledUs, (v) => v >= 10, fx);
  }
  if (g.errors) {
    add("Errors: unknown route (403) costs no more than a success (≥ 1×, 5% noise allowed)", div(rps(g.errors, "unknown-403"), rps(g.errors, "mock-200")), (v) => v >= 0.95, fx, cpuRatio(g.errors, "unknown-403", "mock-200"));
    add("Errors: invalid body (400) costs no more than a success (≥ 1×, 5% noise allowed)", div(rps(g.errors, "invalid-400"), rps(g.errors, "valid-201")), (v) => v >= 0.95, fx, cpuRatio(g.errors, "invalid-400", "valid-201"));
  }
  const c = results.compiler;
  if (c && !c.error) {
    const k = c.builds.find((b) => b.name === "kubernetes");
    if (k) {
      add("Compiler: Kubernetes build < 10 s", k.exitCodes.every((x) => x === 0) ? k.wallS.median : null, (v) => v < 10, (v) => `${v.toFixed(2)} s`);
      add("Compiler: Kubernetes build < 1 GB peak RSS (process tree)", k.treePeakMb.median, (v) => v < 1024, (v) => `${v.toFixed(0)} MB`);
    }
    for (const cs of c.coldStarts) add(`Cold start to first response < 300 ms (${cs.name})`, cs.firstResponseMs.median, (v) => v < 300, (v) => `${v.toFixed(0)} ms`);
  }
  return out;
}

function comparisonTable(group, comparison) {
  const lines = [];
  lines.push(`**${comparison.title}**`, "");
  lines.push("| server | role | req/s median (min–max) | p50 ms | p99 ms | CPU µs/req | peak RSS MB | × limit | gwc ÷ this | by CPU/req: × limit | by CPU/req: gwc ÷ this |");
  lines.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const e of comparison.entries) {
    const r = group.rows.find((x) => x.id === e.id);
    if (r.unavailable && r.samples.length === 0) {
      lines.push(`| ${r.label} | ${r.role} | unavailable: ${r.unavailable.replace(/\|/g, "/")} | | | | | | | | |`);
      continue;
    }
    const s = r.summary;
    const notes = [];
    if (s.errors) notes.push(`${s.errors} socket errors`);
    if (s.non2xx && r.expect < 300) notes.push(`${s.non2xx} non-2xx`);
    lines.push(
      `| ${r.label}${notes.length ? ` (${notes.join(", ")})` : ""} | ${r.role} | ${range(s.rps, f0)} | ${f2(s.p50.median)} | ${f2(s.p99.median)} | ${f1(s.cpuUsPerReq?.median ?? null)} | ${f0(s.peakRssMb.median)} | ${e.toLimit === null ? "–" : fx(e.toLimit)} | ${e.id === comparison.subject ? "—" : fx(e.subjectOverThis)} | ${e.cpuToLimit == null ? "–" : fx(e.cpuToLimit)} | ${e.id === comparison.subject ? "—" : e.cpuSubjectOverThis == null ? "–" : fx(e.cpuSubjectOverThis)} |`,
    );
  }
  if (comparison.p99AddedMs !== null && comparison.p99AddedMs !== undefined) lines.push("", `p99 added over the limit: ${comparison.p99AddedMs >= 0 ? "+" : ""}${comparison.p99AddedMs.toFixed(2)} ms`);
  lines.push("");
  return lines;
}

/** RESULTS.md from the results object. */
export function renderMarkdown(results, { cases, servers }) {
  const m = results.meta;
  const L = [];
  L.push("# gwc benchmark results", "");
  L.push(`Generated by \`${m.command}\` (test/bench/run.mjs) on ${m.date}. Ratios compare figures from this one run;`);
  L.push("absolute figures drift from run to run and machine to machine.", "");
  L.push("| machine | |", "|---|---|");
  L.push(`| nproc | ${m.machine.nproc} |`, `| CPU | ${m.machine.cpuModel} |`, `| memory | ${m.machine.memGb} GiB |`, `| kernel | ${m.machine.kernel} |`, `| node | ${m.machine.node} |`);
  L.push(`| load generator | ${m.loadGenerator}, ${m.config.connections} connections, ${m.config.durationS} s per measurement, ${m.config.reps} repetition(s) interleaved, ${m.config.warmupS} s warm-up |`);
  L.push(`| pinning (taskset) | ${m.pinning ? `server core ${m.pinning.server}, load generator core ${m.pinning.load} (${m.pinning.note})` : "off"} |`);
  L.push(`| nginx | ${m.nginx ?? "not installed"} |`);
  L.push(`| load average | ${m.machine.loadavgAtStart} at start, ${m.loadavgAtEnd ?? "?"} at end |`, "");
  if (m.note) L.push(`> ${m.note}`, "");
  if (m.peersProblem) L.push(`> Bench peers: ${m.peersProblem}`, "");

  const targets = evaluateTargets(results);
  if (targets.length > 0) {
    L.push("## Targets (issue 10)", "");
    L.push("Measured by req/s (the issue's measure) and, where it applies, by CPU time per request of the server process tree (the same ratio computed from each server's own CPU use, which other load on the machine disturbs far less). On 2 cores the load generator has one core: near its ceiling the fastest servers all look alike by req/s, and CPU per request still tells them apart.", "");
    L.push("| target | req/s ratio | | by CPU/req | |", "|---|---:|---|---:|---|");
    const verdict = (ok) => (ok === null ? "n/a" : ok ? "met" : "**missed**");
    for (const t of targets) L.push(`| ${t.target} | ${t.shown} | ${verdict(t.ok)} | ${t.byCpuShown} | ${t.byCpu === null ? "" : verdict(t.byCpuOk)} |`);
    L.push("");
  }

  for (const group of results.groups) {
    L.push(`## ${group.title}`, "");
    if (group.error) {
      L.push(`Failed: \`${group.error.split("\n")[0]}\``, "");
      continue;
    }
    for (const c of group.comparisons) L.push(...comparisonTable(group, c));
    const un = Object.entries(group.unavailable ?? {});
    if (un.length > 0) {
      L.push("Unavailable in this run:", "");
      for (const [k, why] of un) L.push(`- ${servers[k]?.label ?? k}: ${why}`);
      L.push("");
    }
  }

  // Case 9: memory of every server, idle and under load.
  const mem = new Map();
  for (const group of results.groups) {
    for (const [key, s] of Object.entries(group.servers ?? {})) {
      const peaks = (group.rows ?? []).filter((r) => r.server === key).flatMap((r) => r.samples.filter((x) => !x.error).map((x) => x.peakRssMb));
      const prev = mem.get(key) ?? { label: s.label, idle: [], peak: [] };
      prev.idle.push(s.idleRssMb);
      prev.peak.push(...peaks);
      mem.set(key, prev);
    }
  }
  if (mem.size > 0) {
    L.push("## 9. Memory: server RSS, idle and under load", "");
    L.push("Peak RSS is VmHWM of the server's process tree during each measurement (reset before each one through /proc/<pid>/clear_refs); the figure is the largest over all its measurements.", "");
    L.push("| server | idle RSS MB | peak RSS under load MB |", "|---|---:|---:|");
    for (const v of mem.values()) L.push(`| ${v.label} | ${f0(Math.max(...v.idle))} | ${v.peak.length ? f0(Math.max(...v.peak)) : "–"} |`);
    L.push("");
  }

  if (results.inproc) {
    L.push(`## ${cases.inproc}`, "");
    if (results.inproc.error) L.push(`Failed: \`${results.inproc.error.split("\n")[0]}\``, "");
    else {
      L.push(`Validation of one generated valid instance per schema, ${results.inproc.msPerRep} ms per repetition, interleaved. "Load" is importing gwc's validators.mjs; "compile" is ajv compiling the same normalised schemas at start-up (per API).`, "");
      L.push("| spec | schema | dialect | instance bytes | generated ops/s | ajv at run time ops/s | generated ÷ run time | load ms vs compile ms |", "|---|---|---|---:|---:|---:|---:|---:|");
      for (const r of results.inproc.rows) {
        if (r.error) {
          L.push(`| ${r.api} | ${r.schema ?? ""} | ${r.dialect ?? ""} | ${r.error} | | | | |`);
          continue;
        }
        L.push(`| ${r.api} | ${r.schema} | ${r.dialect} | ${f0(r.sampleBytes)} | ${range(r.standaloneOps, f0)} | ${range(r.runtimeOps, f0)} | ${fx(r.standaloneOps.median / r.runtimeOps.median)} | ${f1(r.standaloneLoadMs)} vs ${f1(r.runtimeCompileMs)} |`);
      }
      L.push("");
    }
  }

  if (results.vtl) {
    L.push(`## ${cases.vtl}`, "");
    if (results.vtl.error) L.push(`Failed: \`${results.vtl.error.split("\n")[0]}\``, "");
    else {
      L.push(`${f0(results.vtl.renders)} renders per repetition, medians; each render makes its scope from the vector's input. velocityjs gets $input as plain functions over the same body.`, "");
      L.push("| template | gwc compiled µs | velocityjs.render µs | velocityjs, AST parsed once µs | render ÷ compiled | parsed once ÷ compiled |", "|---|---:|---:|---:|---:|---:|");
      for (const r of results.vtl.rows) L.push(`| ${r.template} | ${f2(r.compiledUs)} | ${f2(r.velocityjsUs)} | ${f2(r.preparsedUs)} | ${fx(r.velocityjsUs / r.compiledUs)} | ${fx(r.preparsedUs / r.compiledUs)} |`);
      L.push("");
    }
  }

  if (results.compiler) {
    L.push(`## ${cases.compiler}`, "");
    const c = results.compiler;
    if (c.error) L.push(`Failed: \`${c.error.split("\n")[0]}\``, "");
    else {
      L.push("Builds are not pinned (esbuild is multi-threaded). Peak RSS: node's own (getrusage) and the sampled process tree (node + esbuild).", "");
      L.push("| spec | input | exit | build wall s | peak RSS MB (node) | peak RSS MB (tree) | output | bundle | bundle s |", "|---|---:|---|---:|---:|---:|---:|---:|---:|");
      for (const b of c.builds) {
        L.push(`| ${b.name} | ${mb(b.inputBytes)} | ${[...new Set(b.exitCodes)].join(",")} | ${range(b.wallS, f2)} | ${range(b.peakRssMb, f0)} | ${range(b.treePeakMb, f0)} | ${mb(b.outputBytes)} | ${b.bundleError ? b.bundleError : mb(b.bundleBytes)} | ${f2(b.bundleS)} |`);
      }
      const adapted = c.builds.filter((b) => b.adapted?.length);
      if (adapted.length > 0) {
        L.push("", "Adapted copies (paths gwc refuses, GWC2008: a segment mixing text and a parameter):", "");
        for (const b of adapted) L.push(`- ${b.name}: ${b.adapted.join("; ")}`);
      }
      const failed = c.builds.filter((b) => b.exitCodes.some((x) => x !== 0));
      for (const b of failed) L.push(`- ${b.name} build did not succeed: ${b.diagnostics}`);
      L.push("", "Cold start of a bundled gateway (`node server.mjs`, pinned): spawn → URL printed → first response.", "");
      L.push("| bundle | size | listening ms | first response ms | status |", "|---|---:|---:|---:|---|");
      for (const s of c.coldStarts) L.push(`| ${s.name} | ${mb(s.bundleBytes)} | ${range(s.listenMs, f0)} | ${range(s.firstResponseMs, f0)} | ${s.status ?? s.errors.join("; ")} |`);
      L.push("");
    }
  }

  L.push("## What runs", "");
  L.push("Every Lambda case calls the one handler test/bench/handlers/hello.mjs (gwc bundles it; the peers import it), except the cache-hit case, whose handler test/bench/handlers/cached.mjs answers a constant body (gwc runs it once, the Map server makes its entry from it). Peers come from test/bench/package.json (own lockfile, installed by the harness with `npm ci --prefix test/bench`, never by the main `npm ci`):", "");
  L.push("- fastify 5 + @fastify/http-proxy: the Fastify proxy peer (case 3); fastify + ajv 8: the validation peer (case 4);");
  L.push("- serverless@3 + serverless-offline@13: the Lambda peer users run locally today (case 1; serverless 4 needs an online account);");
  L.push("- autocannon: the load generator when wrk is not installed. wrk and nginx (Debian packages) are used when installed, never required.", "");
  L.push("| server | what |", "|---|---|");
  for (const s of Object.values(servers)) L.push(`| ${s.label} | ${s.what} |`);
  L.push("");
  return L.join("\n");
}
