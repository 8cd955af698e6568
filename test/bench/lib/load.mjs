// The load generator: wrk when installed (Debian package `wrk`), else autocannon from the bench
// peers. One generator for every case of a run; it runs pinned to its own core.
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pinned } from "./proc.mjs";

const HERE = import.meta.dirname;

/** "wrk" when a working wrk is on PATH, else "autocannon". `force` picks one explicitly. */
export function detectLoadGenerator(force) {
  if (force === "autocannon") return "autocannon";
  const wrk = spawnSync("wrk", ["--version"], { encoding: "utf8" });
  const ok = wrk.error === undefined && /wrk/.test(`${wrk.stdout}${wrk.stderr}`);
  if (force === "wrk" && !ok) throw new Error("--load wrk asked for, but wrk is not installed (apt-get install -y wrk)");
  return ok ? "wrk" : "autocannon";
}

/** Version text of the load generator, for the results. */
export function loadGeneratorVersion(kind, benchDir) {
  if (kind === "wrk") return spawnSync("wrk", ["--version"], { encoding: "utf8" }).stdout.split("\n")[0]?.split(" Copyright")[0]?.trim() ?? "wrk";
  try {
    return `autocannon ${JSON.parse(spawnSync("node", ["-p", "JSON.stringify(require('autocannon/package.json').version)"], { cwd: benchDir, encoding: "utf8" }).stdout)}`;
  } catch {
    return "autocannon";
  }
}

function luaString(s) {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** A wrk script for one request shape; it prints the summary as one JSON line at the end. */
function wrkScript(file, { method, headers, bodyFile }) {
  const lines = [`wrk.method = ${luaString(method)}`];
  for (const [k, v] of Object.entries(headers ?? {})) lines.push(`wrk.headers[${luaString(k)}] = ${luaString(v)}`);
  if (bodyFile) lines.push(`do local f = assert(io.open(${luaString(bodyFile)}, "rb")); wrk.body = f:read("*a"); f:close() end`);
  lines.push(`
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nBENCH_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"meanUs":%.1f}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
`);
  writeFileSync(file, lines.join("\n"));
}

function run(cmd, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/**
 * Runs one load measurement. `request`: { url, method, headers, bodyFile }. Returns req/s, latency
 * percentiles in ms, request and error counts. `errors` counts transport errors; non-2xx/3xx
 * answers are in `non2xx` (expected on the error-path cases).
 */
export async function runLoad(kind, { request, durationS, connections, cpus, scratchDir, tag }) {
  const timeoutMs = (durationS + 30) * 1000;
  if (kind === "wrk") {
    const script = path.join(scratchDir, `wrk-${tag}.lua`);
    wrkScript(script, request);
    const [c, a] = pinned(cpus, "wrk", ["-t1", `-c${connections}`, `-d${durationS}s`, "--timeout", "10s", "-s", script, request.url]);
    const { code, out, err } = await run(c, a, timeoutMs);
    const line = out.split("\n").find((l) => l.startsWith("BENCH_JSON "));
    if (code !== 0 || !line) throw new Error(`wrk failed (${code}): ${err || out}`);
    const r = JSON.parse(line.slice("BENCH_JSON ".length));
    return {
      rps: r.requests / (r.durationUs / 1e6),
      p50: r.p50Us / 1000,
      p90: r.p90Us / 1000,
      p99: r.p99Us / 1000,
      max: r.maxUs / 1000,
      requests: r.requests,
      non2xx: r.statusErrors,
      errors: r.connectErrors + r.readErrors + r.writeErrors + r.timeouts,
      bytesPerSec: r.bytes / (r.durationUs / 1e6),
    };
  }
  const args = [path.join(HERE, "autocannon-child.mjs"), JSON.stringify({ ...request, durationS, connections })];
  const [c, a] = pinned(cpus, process.execPath, args);
  const { code, out, err } = await run(c, a, timeoutMs);
  const line = out.split("\n").find((l) => l.startsWith("BENCH_JSON "));
  if (code !== 0 || !line) throw new Error(`autocannon failed (${code}): ${err || out}`);
  return JSON.parse(line.slice("BENCH_JSON ".length));
}
