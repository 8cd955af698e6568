// Misbehaving handlers and backends, large streamed bodies and graceful shutdown, over real sockets.
// Reference §3.3 (Lambda proxy failures), §3.4 (HTTP_PROXY, timeouts, unreachable backends), §14 (limits).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { request } from "undici";
import { closeHttpPools } from "gwc/runtime";
import { REPO_ROOT, buildSpec, startGateway, type RunningGateway } from "../helpers/gateway.js";

const FIXTURE = path.join(REPO_ROOT, "test/fixtures/robust-rest");
const MiB = 1024 * 1024;
/** Request body streamed through the gateway: below the 10 MB payload limit (reference §14). */
const UPLOAD_BYTES = 8 * MiB;
/** Response body streamed back from the backend. */
const DOWNLOAD_BYTES = 20 * MiB;
/** How long a test waits for a streamed chunk before deciding the gateway buffers. */
const STREAM_WAIT_MS = 5_000;

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Resolves with `promise`, or rejects with `message` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A promise with its resolve function. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function get(url: string): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
  const res = await request(url);
  return { status: res.statusCode, text: await res.body.text(), headers: res.headers };
}

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe("gateway robustness with misbehaving Lambda handlers", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(FIXTURE);
  });
  after(async () => {
    await gw?.close();
  });

  async function assertStillServes(): Promise<void> {
    const res = await get(`${gw.url}/ok`);
    assert.equal(res.status, 200);
    assert.equal(res.text, "ok");
  }

  const failures: [string, { path: string; status: number; body: string; minMs?: number; maxMs?: number }][] = [
    ["a handler that throws synchronously", { path: "/throw-sync", status: 502, body: `{"message": "Internal server error"}` }],
    ["a handler whose promise rejects", { path: "/reject", status: 502, body: `{"message": "Internal server error"}` }],
    ["a handler that returns a malformed result", { path: "/malformed", status: 502, body: `{"message": "Internal server error"}` }],
    // gateway.yaml functions.HangOneSecond.timeout: 1 → a function error, 502 (reference §3.3).
    ["a handler that outlives its function timeout", { path: "/function-timeout", status: 502, body: `{"message": "Internal server error"}`, minMs: 950, maxMs: 2500 }],
    // timeoutInMillis: 200 is shorter than the 3 s function timeout → 504 (reference §3.4, vector 18).
    ["a handler that outlives a shorter integration timeout", { path: "/integration-timeout", status: 504, body: `{"message": "Endpoint request timed out"}`, minMs: 190, maxMs: 900 }],
  ];
  for (const [name, want] of failures) {
    it(`answers ${name} with ${want.status} and keeps serving`, async () => {
      const started = performance.now();
      const res = await get(`${gw.url}${want.path}`);
      const elapsed = performance.now() - started;
      assert.equal(res.status, want.status);
      assert.equal(res.text, want.body);
      assert.equal(res.headers["content-type"], "application/json");
      assert.match(String(res.headers["x-amzn-requestid"]), /^[0-9a-f-]{36}$/);
      if (want.minMs !== undefined) assert.ok(elapsed >= want.minMs, `answered after ${elapsed.toFixed(0)} ms`);
      if (want.maxMs !== undefined) assert.ok(elapsed < want.maxMs, `answered after ${elapsed.toFixed(0)} ms`);
      await assertStillServes();
    });
  }

  it("answers several failing requests at once and keeps serving", async () => {
    const paths = ["/throw-sync", "/reject", "/malformed", "/integration-timeout", "/ok"];
    const results = await Promise.all(paths.map((p) => get(`${gw.url}${p}`)));
    assert.deepEqual(results.map((r) => r.status), [502, 502, 502, 504, 200]);
    await assertStillServes();
  });
});

describe("gateway robustness with HTTP_PROXY backends", () => {
  let gw: RunningGateway | undefined;
  let backend: Server;
  const download = randomBytes(DOWNLOAD_BYTES);
  /** Resolved by the test once the first bytes of the download reached the client. */
  let clientGotFirstChunk = signal();
  /** Resolved by the backend once the first bytes of an upload reached it. */
  let backendGotFirstChunk = signal();
  let downloadFinishedWriting = false;

  function handleBackend(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? "/";
    if (url === "/upload") {
      const hash = createHash("sha256");
      let bytes = 0;
      req.on("data", (c: Buffer) => {
        if (bytes === 0) backendGotFirstChunk.resolve();
        bytes += c.length;
        hash.update(c);
      });
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ bytes, sha256: hash.digest("hex") }));
      });
      return;
    }
    if (url === "/download") {
      req.resume();
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(download.length) });
      // The first MiB, then nothing until the client has seen it: a buffering gateway never gets the rest.
      res.write(download.subarray(0, MiB));
      void clientGotFirstChunk.promise.then(() => {
        res.end(download.subarray(MiB), () => {
          downloadFinishedWriting = true;
        });
      });
      return;
    }
    if (url === "/sleep") {
      req.resume();
      const timer = setTimeout(() => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("too late");
      }, 1_500);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    req.resume();
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`backend ${req.method} ${url}`);
  }

  before(async () => {
    backend = createServer(handleBackend);
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    const port = (backend.address() as AddressInfo).port;
    gw = await startGateway(FIXTURE, {
      stageVariables: { backend: `http://127.0.0.1:${port}`, closed: `http://127.0.0.1:${await closedPort()}` },
    });
  });
  after(async () => {
    clientGotFirstChunk.resolve();
    await gw?.close();
    await closeHttpPools();
    backend.closeAllConnections();
    await new Promise<void>((resolve) => backend.close(() => resolve()));
  });

  async function assertStillServes(): Promise<void> {
    const res = await get(`${gw!.url}/backend/ping`);
    assert.equal(res.status, 200);
    assert.equal(res.text, "backend GET /ping");
  }

  it("answers an unreachable backend with 504 INTEGRATION_FAILURE and keeps serving", async () => {
    // Reference §3.4: "Backend unreachable → 5xx" [V]; the status is AWS's default for INTEGRATION_FAILURE (504).
    const res = await get(`${gw!.url}/unreachable/anything`);
    assert.equal(res.status, 504);
    assert.equal(res.text, `{"message": "Internal server error"}`);
    assert.equal(res.headers["x-amzn-errortype"], "InternalServerErrorException");
    await assertStillServes();
  });

  it("answers a backend slower than timeoutInMillis with 504 Endpoint request timed out and keeps serving", async () => {
    const started = performance.now();
    const res = await get(`${gw!.url}/slow-backend/sleep`);
    const elapsed = performance.now() - started;
    assert.equal(res.status, 504);
    assert.equal(res.text, `{"message": "Endpoint request timed out"}`);
    // timeoutInMillis is 200; the backend would answer after 1.5 s.
    assert.ok(elapsed >= 190 && elapsed < 900, `answered after ${elapsed.toFixed(0)} ms`);
    await assertStillServes();
  });

  it("streams an 8 MB request body to the backend intact, without buffering it first", async () => {
    backendGotFirstChunk = signal();
    const upload = randomBytes(UPLOAD_BYTES);
    async function* body(): AsyncGenerator<Buffer> {
      yield upload.subarray(0, MiB);
      // The rest only once the backend has the first MiB: a gateway that buffers the body never sends it.
      await within(backendGotFirstChunk.promise, STREAM_WAIT_MS, "the backend got no byte before the client finished sending");
      for (let at = MiB; at < upload.length; at += MiB) yield upload.subarray(at, at + MiB);
    }
    const res = await request(`${gw!.url}/backend/upload`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Readable.from(body()),
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(await res.body.json(), { bytes: UPLOAD_BYTES, sha256: sha256(upload) });
    await assertStillServes();
  });

  it("streams a 20 MB backend response back intact, starting before the backend has finished writing it", async () => {
    clientGotFirstChunk = signal();
    downloadFinishedWriting = false;
    const res = await request(`${gw!.url}/backend/download`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["content-type"], "application/octet-stream");
    const hash = createHash("sha256");
    let bytes = 0;
    const iterator = res.body[Symbol.asyncIterator]();
    const first = await within(iterator.next(), STREAM_WAIT_MS, "no byte of the response arrived while the backend was still writing");
    assert.equal(first.done, false);
    assert.equal(downloadFinishedWriting, false);
    hash.update(first.value as Buffer);
    bytes += (first.value as Buffer).length;
    clientGotFirstChunk.resolve();
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      hash.update(next.value as Buffer);
      bytes += (next.value as Buffer).length;
    }
    assert.equal(bytes, DOWNLOAD_BYTES);
    assert.equal(hash.digest("hex"), sha256(download));
    await assertStillServes();
  });

  it("keeps serving after a client disconnects in the middle of a streamed response", async () => {
    clientGotFirstChunk = signal();
    const res = await request(`${gw!.url}/backend/download`);
    const iterator = res.body[Symbol.asyncIterator]();
    const first = await within(iterator.next(), STREAM_WAIT_MS, "no byte of the response arrived");
    assert.equal(first.done, false);
    res.body.destroy();
    clientGotFirstChunk.resolve();
    await assertStillServes();
  });
});

describe("graceful shutdown of a built gateway process", () => {
  let child: ChildProcess | undefined;
  let cleanup: (() => void) | undefined;
  let stderr = "";
  let url = "";

  before(async () => {
    const built = await buildSpec(FIXTURE);
    cleanup = built.cleanup;
    assert.equal(built.result.hasErrors, false);
    child = spawn(process.execPath, [path.join(built.outDir, "robust-rest", "server.mjs")], {
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    let stdout = "";
    child.stdout!.setEncoding("utf8");
    url = await within(
      new Promise<string>((resolve, reject) => {
        child!.stdout!.on("data", (d: string) => {
          stdout += d;
          const nl = stdout.indexOf("\n");
          if (nl >= 0) resolve(stdout.slice(0, nl).trim());
        });
        child!.once("exit", (code) => reject(new Error(`server exited with ${code} before printing its URL: ${stderr}`)));
      }),
      10_000,
      "the server printed no URL",
    );
  });
  after(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    cleanup?.();
  });

  it("prints its URL as one stdout line", () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("finishes an in-flight request on SIGTERM, refuses new connections, then exits 0", async () => {
    const exited = once(child!, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    const inFlight = request(`${url}/slow`).then(async (res) => ({ status: res.statusCode, text: await res.body.text() }));
    await within(
      new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (stderr.includes("robust-rest: slow handler started")) {
            clearInterval(check);
            resolve();
          }
        }, 5);
      }),
      5_000,
      "the slow handler never started",
    );
    child!.kill("SIGTERM");
    // Give the process a moment to handle the signal; the handler still has ~250 ms to go.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const port = Number(new URL(url).port);
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
    });
    assert.equal(refused, "ECONNREFUSED");
    const res = await within(inFlight, 5_000, "the in-flight request got no answer");
    assert.equal(res.status, 200);
    assert.equal(res.text, "slow but complete");
    const [code, sig] = await within(exited, 5_000, "the process did not exit after SIGTERM");
    assert.equal(sig, null);
    assert.equal(code, 0);
  });
});
