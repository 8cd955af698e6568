import { parseArgs, type ParseArgsConfig } from "node:util";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { register } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { spawn } from "node:child_process";
import cluster from "node:cluster";
import { createInterface } from "node:readline";
import type { BuildOptions as EsbuildOptions } from "esbuild";
import { formatHuman, formatJson, formatSummary } from "./diagnostics/format.js";
import { compareWithDisk, writeToDisk } from "./emit/output.js";
import { canonicalJson } from "./util/order.js";
import type { BuildResult } from "./build.js";

// The compiler (parsers, ajv, esbuild) loads only for the commands that need it: `gwc serve` and its
// workers start with the runtime alone (test/bench: a worker idled at ~130 MB with everything loaded).
const esbuild = async (options: EsbuildOptions): Promise<void> => {
  await (await import("esbuild")).build(options);
};
const loadCompiler = (): Promise<typeof import("./build.js")> => import("./build.js");
const loadApiFolders = (): Promise<typeof import("./load/api-folder.js")> => import("./load/api-folder.js");

/** The gwc package root (where runtime/ lives). */
const PACKAGE_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The built runtime every generated gateway imports as `gwc/runtime` (made by `prepare`/`prepack`). */
const RUNTIME_ENTRY = path.join(PACKAGE_ROOT, "dist/runtime/index.js");

/** The entry of a built API folder. */
const SERVER_ENTRY = "server.mjs";

/** What a built API's server.mjs exports. */
interface BuiltApi {
  readonly definition: import("gwc/runtime").GatewayDefinition;
  serve(options: import("gwc/runtime").ServeOptions): Promise<void>;
}

/** Exit codes (STYLE.md §6). */
const EXIT = { ok: 0, specErrors: 1, usage: 2, internal: 3 } as const;

class UsageError extends Error {}

/** A command that cannot do what was asked for a reason the user can fix (exit 1, one line). */
class RunError extends Error {}

const HELP: Record<string, string> = {
  main: `gwc — compile OpenAPI + Amazon API Gateway extensions into a Node gateway

Usage: gwc <command> [options]

Commands:
  build <specsDir>        Build every API folder under specsDir into generated/<api>/ beside specsDir
  serve <builtApiDir>     Serve a built API
  bundle <builtApiDir>    Make one self-contained server file that runs with plain node
  start [specsDir]        Build specsDir (default specs/) and serve its first API with the example backend
  usage <builtApiDir>     A usage plan's requests per API key and day (API Gateway's GetUsage)
  cache flush <builtApiDir>  Empty a stage's response cache (FlushStageCache)

Run 'gwc <command> --help' for a command's options.
Exit codes: 0 ok, 1 spec errors or a failure the message explains, 2 usage error, 3 internal error.
`,
  build: `Usage: gwc build <specsDir> [--out <dir>] [--check] [--dump-ir] [--format human|json]

Builds every API folder (one holding openapi.{yaml,yml,json} and optionally gateway.yaml) under
specsDir, or specsDir itself when it is an API folder. Paths written into the output are relative
to the folder that holds specsDir (the project folder), so any working folder gives the same bytes.

Options:
  --out <dir>        Output folder (default: generated/ in the folder that holds specsDir)
  --check            Write nothing; exit 1 listing stale, missing and orphaned files
  --dump-ir          Write nothing; print the IR of every API as canonical JSON
  --format <fmt>     Diagnostics as human text (default) or json
  -h, --help         Show this help
`,
  serve: `Usage: gwc serve <builtApiDir> [--port N] [--host H] [--stage S] [--workers N] [--store URL]
                 [--store-failure open|closed] [--admin-port N]

Serves a built API (the same as 'node <builtApiDir>/server.mjs' with PORT, HOST, GWC_STAGE). The
build may sit anywhere: 'gwc/runtime' resolves to this gwc's runtime.

Options:
  --port <n>         Port (default: $PORT or 3000; 0 = any free port)
  --host <h>         Interface (default: $HOST or 127.0.0.1)
  --stage <s>        Stage to serve (default: the API's default stage)
  --store <url>      Where usage-plan limits and the response cache are kept: memory, or
                     redis://host:port/db shared by every process that uses it (default: $GWC_REDIS_URL,
                     else gateway.yaml's store, else memory)
  --store-failure <m>  While Redis does not answer, usage-plan checks fail open (default: requests
                     served unthrottled) or closed (requests with limits answer 500); the cache is
                     bypassed either way (default: $GWC_STORE_FAILURE, else gateway.yaml's storeFailure)
  --admin-port <n>   Serve the admin API (GetUsage, cache flush) on 127.0.0.1:<n>; every request needs
                     'Authorization: Bearer $GWC_ADMIN_TOKEN' (default: $GWC_ADMIN_PORT; off when unset)
  --workers <n>      Serve from n worker processes sharing the port (node:cluster); the primary
                     prints the URL once all are listening and passes SIGTERM/SIGINT on to them
  -h, --help         Show this help
`,
  bundle: `Usage: gwc bundle <builtApiDir> --out <dir>

Writes <dir>/server.mjs: the gateway, the runtime, the handlers and their dependencies in one
file that runs with 'node server.mjs' in an otherwise empty folder.

Options:
  --out <dir>        Output folder (required)
  -h, --help         Show this help
`,
  usage: `Usage: gwc usage <builtApiDir> --plan P --start YYYY-MM-DD --end YYYY-MM-DD [--key K]
                 [--stage S] [--store URL | --admin URL] [--format human|json]

Prints how many requests each API key of usage plan P made per UTC day, and what was left of the
plan's quota after each day (API Gateway's GetUsage; --format json prints its JSON). Reads the Redis
store directly, or asks a running gateway's admin listener (--admin, with $GWC_ADMIN_TOKEN): the
only way to read the memory store, which lives in the gateway process.

Options:
  --plan <name>      Usage plan (required)
  --start <date>     First UTC day (required)
  --end <date>       Last UTC day (required; at most 90 days)
  --key <name>       One API key of the plan (default: all of them)
  --stage <s>        Stage (default: the API's default stage)
  --store <url>      Redis store (default: $GWC_REDIS_URL, else gateway.yaml's store)
  --admin <url>      A gateway's admin listener instead of the store
  --format <fmt>     human (default) or json
  -h, --help         Show this help
`,
  cache: `Usage: gwc cache flush <builtApiDir> [--stage S] [--store URL | --admin URL]

Empties a stage's response cache (API Gateway's FlushStageCache): in the Redis store directly, or
through a running gateway's admin listener (--admin, with $GWC_ADMIN_TOKEN), the only way to reach
the memory store.

Options:
  --stage <s>        Stage (default: the API's default stage)
  --store <url>      Redis store (default: $GWC_REDIS_URL, else gateway.yaml's store)
  --admin <url>      A gateway's admin listener instead of the store
  -h, --help         Show this help
`,
  start: `Usage: gwc start [specsDir] [--port N]

Builds specsDir (default: specs/), then serves the first API (in name order) that has an example
backend (backend.mjs), starting that backend too; with no backend anywhere, serves the first API.
Prints the gateway URL on one line.

Options:
  --port <n>         Port (default: $PORT or 3000)
  -h, --help         Show this help
`,
};

function parse(args: string[], options: NonNullable<ParseArgsConfig["options"]>): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function cmdBuild(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: "string" }, check: { type: "boolean" }, format: { type: "string" }, "dump-ir": { type: "boolean" } });
  if (values.help) return help("build");
  const specsDir = positionals[0];
  if (positionals.length !== 1 || !specsDir) throw new UsageError("build takes exactly one <specsDir>");
  if (!existsSync(specsDir)) throw new UsageError(`no such folder: ${specsDir}`);
  if (!statSync(specsDir).isDirectory()) throw new UsageError(`${specsDir} is a file; build takes a folder of API folders, or one API folder`);
  if (typeof values.out === "string") notAFile(values.out, "--out");
  const format = (values.format as string | undefined) ?? "human";
  if (format !== "human" && format !== "json") throw new UsageError(`--format must be human or json, not ${format}`);
  const cwd = process.cwd();
  const { build } = await loadCompiler();
  const result = await build({ cwd, specsDir, outDir: values.out as string | undefined });
  lastBuild = result;
  const root = result.root;
  // Output paths are relative to the project folder; what is printed is relative to where the user is.
  const shown = (file: string): string => path.relative(cwd, path.join(root, file)).split(path.sep).join("/") || ".";
  const diagnostics = result.diagnostics.map((d) => ({ ...d, location: { ...d.location, file: shown(d.location.file) } }));
  const internal = diagnostics.some((d) => d.code.startsWith("GWC9"));
  if (format === "json") process.stdout.write(formatJson(diagnostics));
  else if (diagnostics.length > 0) process.stderr.write(formatHuman(diagnostics) + formatSummary(diagnostics) + "\n");
  if (internal) return EXIT.internal;
  if (result.hasErrors) return EXIT.specErrors;
  if (values["dump-ir"]) {
    process.stdout.write(canonicalJson(result.apis) + "\n");
    return EXIT.ok;
  }
  if (values.check) {
    const stale = compareWithDisk(root, result.files, result.ownedDirs);
    const lines = [
      ...stale.changed.map((f) => `stale: ${shown(f)}`),
      ...stale.missing.map((f) => `missing: ${shown(f)}`),
      ...stale.orphaned.map((f) => `orphaned: ${shown(f)}`),
    ];
    if (lines.length > 0) {
      process.stderr.write(lines.join("\n") + `\ngenerated output is not up to date: run 'gwc build ${specsDir}'\n`);
      return EXIT.specErrors;
    }
    if (format === "human") process.stderr.write(`gwc: ${result.apis.length} API(s) up to date\n`);
    return EXIT.ok;
  }
  const written = writing(() => writeToDisk(root, result.files, result.ownedDirs));
  if (format === "human") {
    const n = written.changed.length + written.missing.length;
    process.stderr.write(`gwc: built ${result.apis.map((a) => a.name).join(", ") || "no APIs"} (${n} file(s) written, ${written.orphaned.length} removed)\n`);
  }
  return EXIT.ok;
}

/** A ServeError of the served build's runtime (runtime/server/serve.ts), recognised by brand and code. */
function isServeError(err: unknown): err is Error & { code: string } {
  const e = err as { [key: symbol]: unknown; code?: unknown } | null;
  return typeof e === "object" && e !== null && e[Symbol.for("gwc.error")] === true && typeof e.code === "string" && e.code.startsWith("GWC_");
}

/** The last build `cmdBuild` ran (for `gwc start`, which serves what it built). */
let lastBuild: BuildResult | undefined;

/** Checks that `dir` is a built API folder; returns its server entry (absolute). */
function builtEntry(dir: string): string {
  const entry = path.resolve(dir, SERVER_ENTRY);
  if (existsSync(entry)) return entry;
  if (existsSync(path.resolve(dir, "server.js")) && existsSync(path.resolve(dir, "manifest.json"))) {
    throw new UsageError(`${dir} was built by an older gwc (server.js, no ${SERVER_ENTRY}); rebuild it with 'gwc build'`);
  }
  const hint = existsSync(path.resolve(dir)) && findBuiltApis(dir).length > 0 ? `; built APIs in it: ${findBuiltApis(dir).map((n) => path.join(dir, n)).join(", ")}` : "; run 'gwc build <specsDir>' and pass generated/<api>";
  throw new UsageError(`${dir} is not a built API folder (no ${SERVER_ENTRY})${hint}`);
}

/** Names of the built API folders directly under `dir`. */
function findBuiltApis(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => existsSync(path.join(dir, n, SERVER_ENTRY))).sort();
  } catch {
    return [];
  }
}

/** Builds dist/runtime when it is missing (a checkout where `npm install` did not run `prepare`). */
async function ensureRuntime(): Promise<void> {
  if (!existsSync(RUNTIME_ENTRY)) await cmdBuildRuntime();
}

/**
 * Loads a built API with `gwc/runtime` resolving to this gwc's runtime (runtime-hook.mjs), so the
 * build may sit anywhere: in a project that installed gwc, or in a folder with no node_modules.
 */
async function loadBuilt(dir: string): Promise<BuiltApi> {
  const entry = builtEntry(dir);
  await ensureRuntime();
  register(new URL("./runtime-hook.mjs", import.meta.url), { data: { runtimeUrl: pathToFileURL(RUNTIME_ENTRY).href } });
  try {
    return (await import(pathToFileURL(entry).href)) as never;
  } catch (err) {
    const message = String((err as Error)?.message ?? err).split("\n")[0];
    throw new RunError(`cannot load ${path.join(dir, SERVER_ENTRY)}: ${message}; rebuild it with 'gwc build'`);
  }
}

/** Starts a loaded build; a cause the user can fix (port in use, unknown stage) is one line, exit 1. */
async function serveBuilt(mod: BuiltApi, options: import("gwc/runtime").ServeOptions): Promise<void> {
  try {
    await mod.serve(options);
  } catch (err) {
    if (isServeError(err)) throw new RunError(err.message);
    throw err;
  }
}

function portOf(value: unknown, option = "--port"): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${option} must be a port number, not ${String(value)}`);
  return n;
}

async function cmdServe(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    port: { type: "string" }, host: { type: "string" }, stage: { type: "string" }, workers: { type: "string" }, store: { type: "string" },
    "store-failure": { type: "string" }, "admin-port": { type: "string" },
  });
  if (values.help) return help("serve");
  if (positionals.length !== 1) throw new UsageError("serve takes exactly one <builtApiDir>");
  const failure = values["store-failure"] as string | undefined;
  if (failure !== undefined && failure !== "open" && failure !== "closed") throw new UsageError(`--store-failure must be open or closed, not ${failure}`);
  if (values["admin-port"] !== undefined && values.workers !== undefined) throw new UsageError("--admin-port cannot be used with --workers: each worker has its own memory store");
  if (values.workers !== undefined && cluster.isPrimary) return servePrimary(workersOf(values.workers), positionals[0]!);
  const mod = await loadBuilt(positionals[0]!);
  await serveBuilt(mod, {
    port: portOf(values.port),
    host: values.host as string | undefined,
    stage: values.stage as string | undefined,
    store: values.store as string | undefined,
    storeFailure: failure as "open" | "closed" | undefined,
    adminPort: values["admin-port"] === undefined ? undefined : portOf(values["admin-port"], "--admin-port"),
  });
  return -1; // keep running
}

function workersOf(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--workers must be a whole number from 1 to 256, not ${String(value)}`);
  return n;
}

/**
 * `serve --workers N`: the primary forks N workers (each runs this same command and serves the
 * API; node:cluster shares the port, port 0 included), prints the URL once when all listen,
 * forwards their other output, replaces a worker that dies after it was listening, and on
 * SIGTERM/SIGINT stops them all (each finishes its in-flight requests) and exits.
 */
function servePrimary(count: number, dir: string): number {
  builtEntry(dir);
  cluster.setupPrimary({ silent: true });
  let listening = 0;
  let stopping = false;
  const fork = (): void => {
    const worker = cluster.fork();
    let url: string | undefined;
    worker.process.stderr?.pipe(process.stderr);
    // A worker's first stdout line is its URL (serveFromEnv); the rest is the handlers' output.
    createInterface({ input: worker.process.stdout! }).on("line", (line) => {
      if (url !== undefined) return void process.stdout.write(`${line}\n`);
      url = line;
      if (++listening === count) process.stdout.write(`${url}\n`);
    });
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      if (url === undefined) {
        process.stderr.write(`gwc: a worker exited (${signal ?? code}) before it was listening; stopping\n`);
        stop(EXIT.internal);
        return;
      }
      process.stderr.write(`gwc: worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
      listening--;
      fork();
    });
  };
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(code);
    let left = workers.length;
    for (const w of workers) {
      w!.once("exit", () => {
        if (--left === 0) process.exit(code);
      });
      w!.process.kill("SIGTERM");
    }
  };
  process.on("SIGTERM", () => stop(EXIT.ok));
  process.on("SIGINT", () => stop(EXIT.ok));
  for (let i = 0; i < count; i++) fork();
  return -1; // keep running
}

async function cmdBundle(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: "string" } });
  if (values.help) return help("bundle");
  if (positionals.length !== 1) throw new UsageError("bundle takes exactly one <builtApiDir>");
  if (!values.out) throw new UsageError("bundle needs --out <dir>");
  const entry = builtEntry(positionals[0]!);
  await ensureRuntime();
  const outDir = path.resolve(values.out as string);
  const outfile = path.join(outDir, "server.mjs");
  if (path.resolve(outfile) === entry) throw new UsageError("bundle --out must not be the built API folder itself");
  notAFile(outDir, "--out");
  writing(() => mkdirSync(outDir, { recursive: true }));
  try {
    await esbuild({
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile,
      // The runtime and its dependencies come from this gwc's installation, wherever the build is.
      alias: { "gwc/runtime": RUNTIME_ENTRY },
      banner: { js: `import { createRequire as __gwcCreateRequire } from "node:module";\nconst require = __gwcCreateRequire(import.meta.url);` },
      legalComments: "none",
      logLevel: "silent",
    });
  } catch (err) {
    const first = (err as { errors?: Array<{ text: string; location: { file: string; line: number; column: number } | null }> }).errors?.[0];
    if (!first) throw err;
    const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : "";
    throw new RunError(`cannot bundle ${positionals[0]}: ${where}${first.text}; rebuild it with 'gwc build' (handlers are bundled with their packages at build time)`);
  }
  process.stderr.write(`gwc: wrote ${path.relative(process.cwd(), outfile)} (run: node ${path.relative(process.cwd(), outfile)})\n`);
  return EXIT.ok;
}

async function cmdStart(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { port: { type: "string" } });
  if (values.help) return help("start");
  const specsDir = positionals[0] ?? "specs";
  const code = await cmdBuild([specsDir]);
  if (code !== EXIT.ok) return code;
  const folders = (await loadApiFolders()).findApiFolders(path.resolve(specsDir));
  // The example API is the first one (in name order) that ships a backend.mjs, else the first API.
  const first = folders.find((dir) => existsSync(path.join(dir, "backend.mjs"))) ?? folders[0];
  if (!first) throw new UsageError(`no API folder under ${specsDir}`);
  const backend = path.join(first, "backend.mjs");
  let stopBackend = (): void => {};
  if (existsSync(backend)) {
    const child = spawn(process.execPath, [backend], { stdio: ["ignore", "ignore", "inherit"] });
    stopBackend = (): void => void child.kill("SIGTERM");
    process.on("exit", stopBackend);
  }
  try {
    const mod = await loadBuilt(path.join(lastBuild!.outRoot, path.basename(path.resolve(first))));
    await serveBuilt(mod, { port: portOf(values.port) });
  } catch (err) {
    // A running backend child would keep this process alive after the error (e.g. a busy --port).
    stopBackend();
    throw err;
  }
  return -1;
}

type Runtime = typeof import("gwc/runtime");

/** This gwc's runtime, the same module a loaded build imports as `gwc/runtime`. */
async function loadRuntime(): Promise<Runtime> {
  await ensureRuntime();
  return (await import(pathToFileURL(RUNTIME_ENTRY).href)) as Runtime;
}

/** A stage of a built API, checked. */
function stageOf(built: BuiltApi, stage: string | undefined): string {
  const d = built.definition;
  const name = stage ?? d.defaultStage;
  if (!d.stages.some((s) => s.name === name)) throw new RunError(`stage "${name}" is not defined; this API has ${d.stages.map((s) => `"${s.name}"`).join(", ")}`);
  return name;
}

/** The Redis store an admin command reads: --store, else GWC_REDIS_URL, else gateway.yaml's store. */
function adminStore(built: BuiltApi, store: string | undefined): string {
  const url = store ?? (process.env.GWC_REDIS_URL || undefined) ?? built.definition.store ?? "memory";
  if (url === "memory") throw new UsageError("this API keeps its limits and cache in memory, inside the gateway process: give --admin <url> of its admin listener (gwc serve --admin-port), or --store redis://…");
  if (!/^rediss?:\/\/./.test(url)) throw new UsageError(`--store must be a redis:// URL, not ${url}`);
  return url;
}

/** Calls a gateway's admin listener with the token from GWC_ADMIN_TOKEN; its error answers become one line. */
async function adminCall(base: string, method: "GET" | "DELETE", pathAndQuery: string): Promise<unknown> {
  const token = process.env.GWC_ADMIN_TOKEN;
  if (!token) throw new UsageError("--admin needs the listener's token in GWC_ADMIN_TOKEN");
  let res: Response;
  try {
    res = await fetch(new URL(pathAndQuery, base), { method, headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    throw new RunError(`cannot reach the admin listener at ${base}: ${String((err as Error)?.cause ?? (err as Error)?.message ?? err)}`);
  }
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new RunError(`the admin listener answered ${res.status}: ${body.message ?? "no message"}`);
  return body;
}

/** Connects to the Redis store of a built API's stage, runs `work`, closes; a store that does not answer is one line. */
async function withRedis<T>(runtime: Runtime, built: BuiltApi, url: string, stage: string, work: (stores: import("gwc/runtime").RedisStores) => Promise<T>): Promise<T> {
  const stores = await runtime.createRedisStores({ url, api: built.definition.apiName, stage, log: () => {} });
  try {
    return await work(stores);
  } catch (err) {
    if (err instanceof runtime.AdminError) throw new RunError(err.message);
    throw new RunError(`the Redis store did not answer: ${String((err as Error)?.message ?? err)}`);
  } finally {
    await stores.close();
  }
}

async function cmdUsage(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    plan: { type: "string" }, start: { type: "string" }, end: { type: "string" }, key: { type: "string" },
    stage: { type: "string" }, store: { type: "string" }, admin: { type: "string" }, format: { type: "string" },
  });
  if (values.help) return help("usage");
  if (positionals.length !== 1) throw new UsageError("usage takes exactly one <builtApiDir>");
  for (const o of ["plan", "start", "end"] as const) if (values[o] === undefined) throw new UsageError(`usage needs --${o}`);
  const format = (values.format as string | undefined) ?? "human";
  if (format !== "human" && format !== "json") throw new UsageError(`--format must be human or json, not ${format}`);
  if (values.admin !== undefined && values.store !== undefined) throw new UsageError("give --store or --admin, not both");
  const query = { plan: values.plan as string, startDate: values.start as string, endDate: values.end as string, keyId: values.key as string | undefined };
  let report: import("gwc/runtime").UsageReport;
  if (values.admin !== undefined) {
    const q = new URLSearchParams({ startDate: query.startDate, endDate: query.endDate, ...(query.keyId === undefined ? {} : { keyId: query.keyId }) });
    report = (await adminCall(values.admin as string, "GET", `/usageplans/${encodeURIComponent(query.plan)}/usage?${q}`)) as import("gwc/runtime").UsageReport;
  } else {
    const built = await loadBuilt(positionals[0]!);
    const stage = stageOf(built, values.stage as string | undefined);
    const url = adminStore(built, values.store as string | undefined);
    const runtime = await loadRuntime();
    report = await withRedis(runtime, built, url, stage, (stores) => runtime.getUsage(built.definition, stores.limits, query));
  }
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [`usage plan ${report.usagePlanId}, ${report.startDate} to ${report.endDate} (UTC days)`];
  const start = Date.parse(`${report.startDate}T00:00:00Z`);
  for (const [key, rows] of Object.entries(report.items)) {
    lines.push(`  ${key}`);
    rows.forEach(([used, remaining], i) => {
      const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
      lines.push(`    ${day}  ${String(used).padStart(8)} requests${remaining === null ? "" : `  ${String(remaining).padStart(8)} left of the quota`}`);
    });
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  return EXIT.ok;
}

async function cmdCache(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "-h" || sub === "--help" || sub === undefined) return help("cache");
  if (sub !== "flush") throw new UsageError(`unknown cache command: ${sub} (try 'gwc cache flush')`);
  const { values, positionals } = parse(rest, { stage: { type: "string" }, store: { type: "string" }, admin: { type: "string" } });
  if (values.help) return help("cache");
  if (positionals.length !== 1) throw new UsageError("cache flush takes exactly one <builtApiDir>");
  if (values.admin !== undefined && values.store !== undefined) throw new UsageError("give --store or --admin, not both");
  const built = await loadBuilt(positionals[0]!);
  const stage = stageOf(built, values.stage as string | undefined);
  if (built.definition.stages.find((s) => s.name === stage)?.cacheClusterSize === undefined) throw new RunError(`stage "${stage}" has no response cache (cacheClusterEnabled)`);
  if (values.admin !== undefined) {
    await adminCall(values.admin as string, "DELETE", `/restapis/${encodeURIComponent(built.definition.apiId)}/stages/${encodeURIComponent(stage)}/cache/data`);
  } else {
    const url = adminStore(built, values.store as string | undefined);
    const runtime = await loadRuntime();
    await withRedis(runtime, built, url, stage, (stores) => runtime.flushStageCache(stores.responseCache(1), stage));
  }
  process.stderr.write(`gwc: flushed the response cache of ${built.definition.apiName} stage ${stage}\n`);
  return EXIT.ok;
}

/** Bundles runtime/ into dist/runtime/index.js, the module generated code imports as `gwc/runtime`. */
async function cmdBuildRuntime(): Promise<number> {
  const outfile = path.join(PACKAGE_ROOT, "dist/runtime/index.js");
  mkdirSync(path.dirname(outfile), { recursive: true });
  await esbuild({
    entryPoints: [path.join(PACKAGE_ROOT, "runtime/index.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile,
    logLevel: "warning",
  });
  writeFileSync(path.join(PACKAGE_ROOT, "dist/runtime/index.d.ts"), `export * from "../../runtime/index.js";\n`);
  return EXIT.ok;
}

/** A folder option must not name an existing file. */
function notAFile(dir: string, option: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${option} ${dir} is a file, not a folder`);
}

/** Runs a file-system write; a failure the user can fix (permissions, read-only, full disk) is one line. */
function writing<T>(write: () => T): T {
  try {
    return write();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (typeof e?.code === "string" && e.path !== undefined) throw new RunError(`cannot write ${e.path}: ${/^\w+: ([^,]+)/.exec(e.message)?.[1] ?? e.message} (${e.code})`);
    throw err;
  }
}

function help(topic: string): number {
  process.stdout.write(HELP[topic] ?? HELP.main!);
  return EXIT.ok;
}

/** Runs the CLI; the ONLY place that prints or sets exit codes. Resolves with the exit code (-1 = keep running). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "build": return await cmdBuild(rest);
      case "serve": return await cmdServe(rest);
      case "bundle": return await cmdBundle(rest);
      case "start": return await cmdStart(rest);
      case "usage": return await cmdUsage(rest);
      case "cache": return await cmdCache(rest);
      case "build-runtime": return await cmdBuildRuntime();
      case undefined:
      case "-h":
      case "--help":
      case "help":
        return help("main");
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`gwc: ${err.message}\nRun 'gwc --help' for usage.\n`);
      return EXIT.usage;
    }
    if (err instanceof RunError) {
      process.stderr.write(`gwc: ${err.message}\n`);
      return EXIT.specErrors;
    }
    process.stderr.write(`gwc: internal error: ${String((err as Error)?.stack ?? err)}\n`);
    return EXIT.internal;
  }
}
