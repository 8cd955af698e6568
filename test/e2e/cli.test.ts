// The gwc command as a user runs it: `node compiler/gwc.mjs ...` in a subprocess (STYLE.md §6 exit codes).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { request } from "undici";
import { REPO_ROOT } from "../helpers/gateway.js";
import { GWC, gwc, killAll, startServer, stop, type ServerProcess } from "../helpers/processes.js";

/** Port of specs/petstore/backend.mjs, fixed by specs/petstore/gateway.yaml. */
const EXAMPLE_BACKEND_PORT = 4010;

/** A fresh folder under .tmp/ (inside the repository, so built code resolves `gwc/runtime`), repository-relative. */
function tmpOut(label: string): string {
  const rel = path.join(".tmp", `cli-${label}-${randomUUID().slice(0, 8)}`);
  mkdirSync(path.join(REPO_ROOT, rel), { recursive: true });
  return rel;
}

/** True while `pid` runs; a zombie (exited, not yet reaped by its new parent) counts as gone. */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** Ids of processes whose working directory is `dir` (Linux /proc): what a test started there and may have left. */
function pidsIn(dir: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) === dir) out.push(Number(name));
    } catch {
      // Gone already, or not ours to inspect.
    }
  }
  return out;
}

/** Ids of the child processes of `pid` whose command line contains `marker` (Linux `ps`). */
function childPids(pid: number, marker: string): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .map((l) => /^\s*(\d+)\s+(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null && m[2]!.includes(marker))
      .map((m) => Number(m[1]));
  } catch {
    return [];
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "ECONNREFUSED"));
  });
}

async function waitFor(predicate: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    if (await predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return predicate();
}

async function getText(url: string): Promise<{ status: number; text: string }> {
  const res = await request(url);
  return { status: res.statusCode, text: await res.body.text() };
}

describe("gwc usage and exit codes", { concurrency: true }, () => {
  const helps: [string, { args: string[]; mentions: RegExp }][] = [
    ["the main command", { args: ["--help"], mentions: /^Usage: gwc <command>[\s\S]*Commands:[\s\S]*build[\s\S]*serve[\s\S]*bundle[\s\S]*start/m }],
    ["build", { args: ["build", "--help"], mentions: /^Usage: gwc build <specsDir>[\s\S]*--check[\s\S]*--format/m }],
    ["serve", { args: ["serve", "--help"], mentions: /^Usage: gwc serve <builtApiDir>[\s\S]*--port/m }],
    ["bundle", { args: ["bundle", "--help"], mentions: /^Usage: gwc bundle <builtApiDir>[\s\S]*--out/m }],
    ["start", { args: ["start", "-h"], mentions: /^Usage: gwc start \[specsDir\][\s\S]*--port/m }],
  ];
  for (const [name, want] of helps) {
    it(`prints the usage of ${name} on stdout and exits 0`, async () => {
      const res = await gwc(want.args);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, want.mentions);
      assert.equal(res.stderr, "");
    });
  }

  it("exits 2 with a usage message for an unknown command", async () => {
    const res = await gwc(["frobnicate"]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /unknown command: frobnicate/);
    assert.match(res.stderr, /gwc --help/);
    assert.equal(res.stdout, "");
  });

  it("exits 2 for an unknown flag", async () => {
    const res = await gwc(["build", "specs/notes", "--no-such-flag"]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--no-such-flag/);
  });

  it("exits 2 for a flag value it does not accept", async () => {
    const res = await gwc(["build", "specs/notes", "--format", "xml"]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--format must be human or json/);
  });

  it("exits 2 when bundle is not given --out", async () => {
    const res = await gwc(["bundle", "generated/petstore"]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--out/);
  });
});

describe("gwc build of a broken spec", () => {
  const outs: string[] = [];
  after(() => {
    for (const o of outs) rmSync(path.join(REPO_ROOT, o), { recursive: true, force: true });
  });

  it("exits 1 listing every error as file:line:col - error GWCnnnn with a hint, and writes nothing", async () => {
    const out = tmpOut("broken");
    outs.push(out);
    const res = await gwc(["build", "test/fixtures/cli-broken", "--out", out]);
    assert.equal(res.code, 1);
    // Both API folders are reported: one problem does not hide the other (STYLE.md §1.4).
    // The YAML parser stops at the end of the file, where the flow map on line 8 should have closed.
    assert.match(res.stderr, /^test\/fixtures\/cli-broken\/bad-syntax\/openapi\.yaml:9:1 - error GWC1001: Cannot parse /m);
    assert.match(res.stderr, /^test\/fixtures\/cli-broken\/bad-validator\/openapi\.yaml:12:7 - error GWC3001: Request validator "everything" is not defined$/m);
    const lines = res.stderr.split("\n");
    for (const [i, line] of lines.entries()) {
      if (!/ - error GWC\d{4}: /.test(line)) continue;
      assert.match(lines[i + 1] ?? "", /^ {4}at #/);
      assert.match(lines[i + 2] ?? "", /^ {4}hint: \S/);
    }
    assert.match(res.stderr, /^2 errors, 0 warnings$/m);
    assert.deepEqual(readdirSync(path.join(REPO_ROOT, out)), []);
  });

  it("prints the diagnostics as parseable JSON with --format json", async () => {
    const out = tmpOut("broken-json");
    outs.push(out);
    const res = await gwc(["build", "test/fixtures/cli-broken", "--out", out, "--format", "json"]);
    assert.equal(res.code, 1);
    const parsed = JSON.parse(res.stdout) as {
      diagnostics: { code: string; severity: string; message: string; hint: string; location: { file: string; pointer: string; line: number; column: number } }[];
    };
    assert.deepEqual(parsed.diagnostics.map((d) => d.code), ["GWC1001", "GWC3001"]);
    for (const d of parsed.diagnostics) {
      assert.equal(d.severity, "error");
      assert.ok(d.hint.length > 0);
      assert.ok(d.message.length > 0);
      assert.ok(Number.isInteger(d.location.line) && d.location.line >= 1);
      assert.ok(Number.isInteger(d.location.column) && d.location.column >= 1);
    }
    const validator = parsed.diagnostics[1]!;
    assert.deepEqual(validator.location, {
      file: "test/fixtures/cli-broken/bad-validator/openapi.yaml",
      pointer: "/paths/~1things/get/x-amazon-apigateway-request-validator",
      line: 12,
      column: 7,
    });
    assert.equal(validator.hint, "Define it under x-amazon-apigateway-request-validators, or correct the name");
    assert.deepEqual(parsed.diagnostics[0]!.location, { file: "test/fixtures/cli-broken/bad-syntax/openapi.yaml", pointer: "", line: 9, column: 1 });
  });
});

describe("gwc build --check", () => {
  let out: string;
  before(async () => {
    out = tmpOut("check");
    const res = await gwc(["build", "specs/notes", "--out", out]);
    assert.equal(res.code, 0, res.stderr);
  });
  after(() => {
    rmSync(path.join(REPO_ROOT, out), { recursive: true, force: true });
  });

  it("exits 0 on output that is up to date", async () => {
    const res = await gwc(["build", "specs/notes", "--out", out, "--check"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /up to date/);
  });

  it("exits 1 naming a generated file that was edited, and leaves it as it is", async () => {
    const file = path.join(REPO_ROOT, out, "notes", "router.mts");
    const original = readFileSync(file, "utf8");
    appendFileSync(file, "// edited by hand\n");
    try {
      const res = await gwc(["build", "specs/notes", "--out", out, "--check"]);
      assert.equal(res.code, 1);
      assert.match(res.stderr, new RegExp(`^stale: ${escape(`${toPosix(out)}/notes/router.mts`)}$`, "m"));
      assert.match(readFileSync(file, "utf8"), /edited by hand/);
    } finally {
      writeFileSync(file, original);
    }
  });

  it("exits 1 naming an orphaned file in the output folder, and leaves it in place", async () => {
    const orphan = path.join(REPO_ROOT, out, "notes", "orphan.ts");
    writeFileSync(orphan, "export {};\n");
    try {
      const res = await gwc(["build", "specs/notes", "--out", out, "--check"]);
      assert.equal(res.code, 1);
      assert.match(res.stderr, new RegExp(`^orphaned: ${escape(`${toPosix(out)}/notes/orphan.ts`)}$`, "m"));
      assert.equal(readFileSync(orphan, "utf8"), "export {};\n");
    } finally {
      unlinkSync(orphan);
    }
  });

  it("exits 1 naming a generated file that is missing", async () => {
    const file = path.join(REPO_ROOT, out, "notes", "config.mjs");
    const original = readFileSync(file, "utf8");
    unlinkSync(file);
    try {
      const res = await gwc(["build", "specs/notes", "--out", out, "--check"]);
      assert.equal(res.code, 1);
      assert.match(res.stderr, new RegExp(`^missing: ${escape(`${toPosix(out)}/notes/config.mjs`)}$`, "m"));
    } finally {
      writeFileSync(file, original);
    }
    const again = await gwc(["build", "specs/notes", "--out", out, "--check"]);
    assert.equal(again.code, 0, again.stderr);
  });
});

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("gwc serve", () => {
  const started: ChildProcess[] = [];
  let out: string;
  before(async () => {
    out = tmpOut("serve");
    const res = await gwc(["build", "specs/notes", "--out", out]);
    assert.equal(res.code, 0, res.stderr);
  });
  after(() => {
    killAll(started);
    rmSync(path.join(REPO_ROOT, out), { recursive: true, force: true });
  });

  it("prints the URL of a free port for --port 0, answers requests, and exits 0 on SIGTERM", async () => {
    const server = await startServer(started, process.execPath, [GWC, "serve", path.join(out, "notes"), "--port", "0"], { cwd: REPO_ROOT });
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(server.url).port, "0");
    const res = await getText(`${server.url}/notes`);
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.text), [{ id: "1", text: "Buy milk" }]);
    assert.equal(await stop(server.child), 0);
  });
});

describe("gwc bundle", () => {
  const started: ChildProcess[] = [];
  let out: string;
  let bundleDir: string;
  before(() => {
    out = tmpOut("bundle");
    // Outside the repository: nothing there can resolve node_modules or gwc/runtime.
    bundleDir = mkdtempSync(path.join(os.tmpdir(), "gwc-bundle-"));
  });
  after(() => {
    killAll(started);
    rmSync(path.join(REPO_ROOT, out), { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
  });

  it("writes one server.mjs that serves the API with plain node in an otherwise empty folder", async () => {
    const built = await gwc(["build", "specs/petstore", "--out", out]);
    assert.equal(built.code, 0, built.stderr);
    const bundled = await gwc(["bundle", path.join(out, "petstore"), "--out", bundleDir]);
    assert.equal(bundled.code, 0, bundled.stderr);
    assert.deepEqual(readdirSync(bundleDir), ["server.mjs"]);

    const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0" };
    delete env.NODE_OPTIONS;
    const server = await startServer(started, process.execPath, ["server.mjs"], { cwd: bundleDir, env });
    const pets = await getText(`${server.url}/pets`);
    assert.equal(pets.status, 200);
    assert.ok((JSON.parse(pets.text) as { name: string }[]).some((p) => p.name === "Rex"));
    const health = await getText(`${server.url}/health`);
    assert.equal(health.status, 200);
    assert.equal(health.text, `{"status": "ok"}`);
    // The request validators are inside the bundle too.
    const invalid = await request(`${server.url}/pets`, { method: "POST", headers: { "content-type": "application/json" }, body: `{"name":"Nemo","type":"bird"}` });
    assert.equal(invalid.statusCode, 400);
    assert.equal(await invalid.body.text(), `{"message": "Invalid request body"}`);
    assert.equal(await stop(server.child), 0);
  });
});

describe("gwc start", () => {
  const started: ChildProcess[] = [];
  const backendPids: number[] = [];
  let workDir: string;
  let backendPortWasFree = false;
  let server: ServerProcess | undefined;

  before(async () => {
    backendPortWasFree = await portFree(EXAMPLE_BACKEND_PORT);
    // start writes generated/ beside the specs folder: run it on a copy in a scratch folder so the
    // repository's generated/ is never touched.
    workDir = path.join(REPO_ROOT, tmpOut("start"));
    cpSync(path.join(REPO_ROOT, "specs"), path.join(workDir, "specs"), { recursive: true });
    server = await startServer(started, process.execPath, [GWC, "start", "specs", "--port", "0"], { cwd: workDir });
    // Its other children are esbuild's service processes; the backend is the one running backend.mjs.
    await waitFor(() => childPids(server!.child.pid!, "backend.mjs").length > 0, 2_000);
    backendPids.push(...childPids(server.child.pid!, "backend.mjs"));
  });
  after(() => {
    killAll(started);
    // Every process gwc start ran has workDir as its working directory, the backend included.
    for (const pid of new Set([...backendPids, ...pidsIn(workDir)])) if (pidAlive(pid)) process.kill(pid, "SIGKILL");
    rmSync(workDir, { recursive: true, force: true });
  });

  it("builds specs/ and serves the example Petstore API on the URL it prints", async () => {
    assert.match(server!.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const pets = await getText(`${server!.url}/pets`);
    assert.equal(pets.status, 200);
    assert.ok((JSON.parse(pets.text) as { name: string }[]).some((p) => p.name === "Rex"));
  });

  it("runs the example backend on port 4010 behind the HTTP_PROXY route", async (t) => {
    if (!backendPortWasFree) {
      t.skip(`port ${EXAMPLE_BACKEND_PORT} was already in use before gwc start ran, so its backend could not listen`);
      return;
    }
    assert.equal(backendPids.length, 1, "gwc start runs one example backend process");
    const res = await getText(`${server!.url}/backend/hello?x=1`);
    assert.equal(res.status, 200, server!.stderr());
    assert.deepEqual(JSON.parse(res.text), { method: "GET", url: "/hello?x=1", stage: "dev", body: "" });
  });

  it("exits 0 on SIGTERM and stops the example backend with it", async () => {
    assert.equal(await stop(server!.child), 0);
    for (const pid of backendPids) assert.ok(await waitFor(() => !pidAlive(pid), 3_000), `backend process ${pid} is still running`);
    if (backendPortWasFree) assert.ok(await waitFor(() => refusesConnections(EXAMPLE_BACKEND_PORT), 3_000));
  });

  it("exits non-zero instead of hanging when its port is taken, and stops the example backend", async (t) => {
    if (!(await portFree(EXAMPLE_BACKEND_PORT))) {
      t.skip(`port ${EXAMPLE_BACKEND_PORT} is in use, so gwc start's backend could not be observed`);
      return;
    }
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    try {
      const port = (blocker.address() as { port: number }).port;
      const res = await gwc(["start", "specs", "--port", String(port)], workDir, 20_000);
      assert.notEqual(res.code, null, "gwc start did not exit");
      assert.equal(res.code, 1, res.stderr);
      // One line naming the port and what to do, not a stack trace.
      assert.match(res.stderr, new RegExp(`^gwc: port ${port} on 127\\.0\\.0\\.1 is already in use; choose another with --port or PORT$`, "m"));
      assert.doesNotMatch(res.stderr, /^\s+at /m);
      assert.ok(await waitFor(() => portFree(EXAMPLE_BACKEND_PORT), 3_000), "the example backend outlived gwc start");
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
