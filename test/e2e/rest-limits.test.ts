/**
 * REST payload limit over a real socket: reference §0 step 1, §6 REQUEST_TOO_LARGE, §14 and §16
 * vector 40. Fixture: test/fixtures/rest-limits (a buffering Lambda route and a streaming
 * HTTP_PROXY route to a byte-counting backend started here).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { Readable } from "node:stream";
import { request } from "undici";
import { closeHttpPools } from "gwc/runtime";
import { startBackend, type TestBackend } from "../helpers/backend.js";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures");

/** Reference §14: 10 MB. */
const LIMIT = 10_485_760;
const TOO_LARGE = "HTTP content length exceeded 10485760 bytes.";
const ELEVEN_MB = 11 * 1024 * 1024;

/** A body of `size` bytes sent chunked (no Content-Length), 64 KiB at a time. */
function chunked(size: number): Readable {
  const chunk = Buffer.alloc(64 * 1024, "a");
  return Readable.from((function* () {
    for (let sent = 0; sent < size; sent += chunk.length) yield sent + chunk.length <= size ? chunk : chunk.subarray(0, size - sent);
  })());
}

/** A backend that answers with the number of body bytes it received. */
function startCountingBackend(): Promise<TestBackend> {
  return startBackend((req, res) => {
    let length = 0;
    req.on("data", (c: Buffer) => (length += c.length));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ length }));
    });
  });
}

describe("REST payload limit", () => {
  let gw: RunningGateway;
  let backend: TestBackend;
  before(async () => {
    backend = await startCountingBackend();
    gw = await startGateway(path.join(FIXTURES, "rest-limits"), { stageVariables: { backendUrl: backend.url } });
  });
  after(async () => {
    await gw.close();
    await closeHttpPools();
    await backend.close();
  });

  async function assertTooLarge(res: Awaited<ReturnType<typeof request>>): Promise<void> {
    assert.equal(res.statusCode, 413);
    assert.match(String(res.headers["content-type"]), /^text\/plain/);
    assert.equal(res.headers["x-amzn-errortype"], undefined);
    assert.equal(await res.body.text(), TOO_LARGE);
  }

  it("answers 413 in plain text for an 11 MB body with Content-Length (vector 40)", async () => {
    const res = await request(`${gw.url}/upload`, { method: "POST", headers: { "content-type": "text/plain" }, body: Buffer.alloc(ELEVEN_MB, "a") });
    await assertTooLarge(res);
  });

  it("checks the payload limit before routing", async () => {
    const res = await request(`${gw.url}/nope`, { method: "POST", body: Buffer.alloc(ELEVEN_MB, "a") });
    await assertTooLarge(res);
  });

  it("answers 413 for an 11 MB chunked body without Content-Length", async () => {
    const res = await request(`${gw.url}/upload`, { method: "POST", headers: { "content-type": "text/plain" }, body: chunked(ELEVEN_MB) });
    await assertTooLarge(res);
  });

  it("accepts a body of exactly 10485760 bytes", async () => {
    const res = await request(`${gw.url}/upload`, { method: "POST", headers: { "content-type": "text/plain" }, body: Buffer.alloc(LIMIT, "a") });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(await res.body.json(), { length: LIMIT });
  });

  it("answers 413 for a body one byte over the limit", async () => {
    const res = await request(`${gw.url}/upload`, { method: "POST", headers: { "content-type": "text/plain" }, body: Buffer.alloc(LIMIT + 1, "a") });
    await assertTooLarge(res);
  });

  it("streams a body within the limit to an HTTP_PROXY backend", async () => {
    const res = await request(`${gw.url}/stream/count`, { method: "POST", body: chunked(LIMIT) });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(await res.body.json(), { length: LIMIT });
  });

  it("answers 413 for an 11 MB chunked body streamed to an HTTP_PROXY backend", async () => {
    const res = await request(`${gw.url}/stream/count`, { method: "POST", body: chunked(ELEVEN_MB) });
    await assertTooLarge(res);
  });
});
