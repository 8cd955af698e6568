// The REST response cache over a real socket (reference §8, vectors 52–54): what is cached and for how long, the
// cache key, Cache-Control: max-age=0 and its three strategies, size and status rules, streamed HTTP_PROXY bodies.
// The Counter function counts its invocations, so an answer from the cache repeats the count it was stored with.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { request } from "undici";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";
import { ManualClock } from "../helpers/manual-clock.js";
import { UNAUTHORIZED_CACHE_CONTROL_WARNING } from "../../runtime/cache/response-cache.js";
import { INVALIDATION_DENIED_MESSAGE } from "../../runtime/steps/cache.js";

const SPEC = path.join(REPO_ROOT, "test/fixtures/rest-cache");

interface Answer {
  readonly status: number;
  readonly n: number | undefined;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string | string[] | undefined>;
}

async function call(url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await request(url, { method: (init.method ?? "GET") as "GET", headers: init.headers });
  const text = await res.body.text();
  const body = (text.startsWith("{") ? JSON.parse(text) : { text }) as Record<string, unknown>;
  return { status: res.statusCode, n: typeof body.n === "number" ? body.n : undefined, body, headers: res.headers };
}

describe("response cache (REST, stage prod with cacheClusterEnabled)", () => {
  let gw: RunningGateway;
  let backend: Server;
  let backendHits = 0;
  const clock = new ManualClock();
  before(async () => {
    backend = createServer((req, res) => {
      backendHits += 1;
      res.writeHead(200, { "content-type": "text/plain", "x-hit": String(backendHits) });
      // Several chunks, so the gateway streams the body to the client while it keeps a copy.
      res.write(`hit ${backendHits} of ${req.url}\n`);
      setTimeout(() => res.end("end\n"), 5);
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    const port = (backend.address() as AddressInfo).port;
    gw = await startGateway(SPEC, { stage: "prod", clock, stageVariables: { backend: `http://127.0.0.1:${port}` } });
  });
  after(async () => {
    await gw.close();
    await new Promise((resolve) => backend.close(resolve));
  });

  it("serves a GET from the cache within its TTL: the function runs once, and the answer has fresh request ids", async () => {
    const a = await call(`${gw.url}/items?type=admin`);
    const b = await call(`${gw.url}/items?type=admin`);
    assert.equal(a.status, 200);
    assert.equal(b.n, a.n);
    assert.deepEqual(b.body, a.body);
    assert.equal(b.headers["x-backend"], "counter");
    assert.equal(b.headers["content-type"], "application/json");
    assert.notEqual(b.headers["x-amzn-requestid"], a.headers["x-amzn-requestid"]);
    // The Lambda proxy answer carries the trace id; a hit carries its own request's, not the stored one.
    assert.match(String(a.headers["x-amzn-trace-id"]), /^Root=1-/);
    assert.match(String(b.headers["x-amzn-trace-id"]), /^Root=1-/);
    assert.notEqual(b.headers["x-amzn-trace-id"], a.headers["x-amzn-trace-id"]);
    assert.equal(typeof b.headers["x-amz-apigw-id"], "string");
  });

  it("keys on cacheKeyParameters only: another department shares the entry, another type does not (vector 52)", async () => {
    const a = await call(`${gw.url}/items?type=staff&department=A`);
    const b = await call(`${gw.url}/items?type=staff&department=B`);
    const c = await call(`${gw.url}/items?type=guest&department=A`);
    assert.equal(b.n, a.n);
    assert.equal(b.body.department, "A", "the hit is the stored answer, made for department A");
    assert.notEqual(c.n, a.n);
    assert.equal(c.body.type, "guest");
  });

  it("keys on path and header parameters, and tells an absent header from an empty one", async () => {
    const one = await call(`${gw.url}/items/1`, { headers: { "x-tenant": "t1" } });
    assert.equal((await call(`${gw.url}/items/1`, { headers: { "x-tenant": "t1" } })).n, one.n);
    assert.equal((await call(`${gw.url}/items/1`, { headers: { "X-Tenant": "t1" } })).n, one.n, "header names are case-insensitive");
    const others = [await call(`${gw.url}/items/2`, { headers: { "x-tenant": "t1" } }), await call(`${gw.url}/items/1`, { headers: { "x-tenant": "t2" } }), await call(`${gw.url}/items/1`), await call(`${gw.url}/items/1`, { headers: { "x-tenant": "" } })];
    const counts = new Set([one.n, ...others.map((o) => o.n)]);
    assert.equal(counts.size, 5, "each differing key parameter value is its own entry");
  });

  it("keys a repeated query parameter or header by all its values: they never share an entry with one value", async () => {
    const last = await call(`${gw.url}/items?type=b`);
    const both = await call(`${gw.url}/items?type=a&type=b`);
    assert.notEqual(both.n, last.n);
    const res = await request(`${gw.url}/items/9`, { headers: ["x-tenant", "t1", "x-tenant", "t2"] });
    const repeated = ((await res.body.json()) as { n: number }).n;
    const joined = await call(`${gw.url}/items/9`, { headers: { "x-tenant": "t1, t2" } });
    const single = await call(`${gw.url}/items/9`, { headers: { "x-tenant": "t2" } });
    assert.equal(new Set([repeated, joined.n, single.n]).size, 3);
  });

  it("expires an entry at its TTL: the stage default 60 s, a method's own 5 s", async () => {
    const a = await call(`${gw.url}/items?type=ttl`);
    const s = await call(`${gw.url}/short`);
    clock.advance(4_999);
    assert.equal((await call(`${gw.url}/short`)).n, s.n);
    clock.advance(1);
    const s2 = await call(`${gw.url}/short`);
    assert.notEqual(s2.n, s.n, "stale at 5 s");
    assert.equal((await call(`${gw.url}/items?type=ttl`)).n, a.n);
    clock.advance(55_000);
    assert.notEqual((await call(`${gw.url}/items?type=ttl`)).n, a.n, "stale at 60 s");
  });

  it("does not cache POST under the stage default (vector 53), but does where the method's own setting enables it", async () => {
    const a = await call(`${gw.url}/items`, { method: "POST" });
    const b = await call(`${gw.url}/items`, { method: "POST" });
    assert.notEqual(b.n, a.n);
    const c = await call(`${gw.url}/search?type=x`, { method: "POST" });
    const d = await call(`${gw.url}/search?type=x`, { method: "POST" });
    assert.equal(d.n, c.n);
  });

  it("does not cache a GET whose method setting turns caching off", async () => {
    const a = await call(`${gw.url}/uncached`);
    assert.notEqual((await call(`${gw.url}/uncached`)).n, a.n);
  });

  it("Cache-Control: max-age=0 refreshes the entry where no authorization is required", async () => {
    const a = await call(`${gw.url}/items?type=refresh`);
    const b = await call(`${gw.url}/items?type=refresh`, { headers: { "cache-control": "max-age=0" } });
    assert.notEqual(b.n, a.n, "the integration ran");
    assert.equal((await call(`${gw.url}/items?type=refresh`)).n, b.n, "and its answer replaced the entry");
  });

  it("FAIL_WITH_403: an unauthorized max-age=0 is refused with 403 (vector 54), a plain GET still hits", async () => {
    const a = await call(`${gw.url}/strict`);
    const refused = await call(`${gw.url}/strict`, { headers: { "cache-control": "max-age=0" } });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers["x-amzn-errortype"], "AccessDeniedException");
    assert.deepEqual(refused.body, { Message: INVALIDATION_DENIED_MESSAGE });
    assert.equal((await call(`${gw.url}/strict`)).n, a.n);
  });

  it("SUCCEED_WITH_RESPONSE_HEADER: the cached answer with a warning; SUCCEED_WITHOUT_RESPONSE_HEADER: without", async () => {
    const w = await call(`${gw.url}/warned`);
    const w2 = await call(`${gw.url}/warned`, { headers: { "cache-control": "max-age=0" } });
    assert.equal(w2.n, w.n, "the header was ignored");
    assert.equal(w2.headers["warning"], UNAUTHORIZED_CACHE_CONTROL_WARNING);
    assert.equal(w.headers["warning"], undefined);
    const q = await call(`${gw.url}/quiet`);
    const q2 = await call(`${gw.url}/quiet`, { headers: { "cache-control": "no-store, max-age=0" } });
    assert.equal(q2.n, q.n);
    assert.equal(q2.headers["warning"], undefined);
  });

  it("caches an integration's error status, but never a gateway response (504 timeout)", async () => {
    const a = await call(`${gw.url}/status?status=500`);
    assert.equal(a.status, 500);
    const b = await call(`${gw.url}/status?status=500`);
    assert.equal(b.status, 500);
    assert.equal(b.n, a.n);
    const t1 = await call(`${gw.url}/slow?sleep=300`);
    assert.equal(t1.status, 504);
    const t2 = await call(`${gw.url}/slow?sleep=300`);
    assert.equal(t2.status, 504);
    // The function ran both times: its count went up by two (the next uncached call shows it).
    const after = await call(`${gw.url}/uncached`);
    assert.ok(after.n! >= b.n! + 3, `expected two timed-out invocations between, got n ${b.n} then ${after.n}`);
  });

  it("does not cache a response over 1 MB (1,048,576 bytes), and caches one just under", async () => {
    const big = await call(`${gw.url}/big?pad=1048576`);
    assert.equal(big.status, 200);
    assert.notEqual((await call(`${gw.url}/big?pad=1048576`)).n, big.n);
    const small = await call(`${gw.url}/big?pad=1000000`);
    assert.equal((await call(`${gw.url}/big?pad=1000000`)).n, small.n);
  });

  it("keeps a copy of a streamed HTTP_PROXY body and serves it whole from the cache", async () => {
    const before = backendHits;
    const a = await call(`${gw.url}/proxied/a/b`);
    const b = await call(`${gw.url}/proxied/a/b`);
    assert.equal(a.status, 200);
    assert.equal(a.body.text, `hit ${before + 1} of /a/b\nend\n`);
    assert.equal(b.body.text, a.body.text);
    assert.equal(b.headers["x-hit"], a.headers["x-hit"]);
    assert.equal(backendHits, before + 1);
    await call(`${gw.url}/proxied/a/c`);
    assert.equal(backendHits, before + 2, "another proxy path is another entry");
  });
});

describe("response cache off", () => {
  it("a stage without cacheClusterEnabled caches nothing, whatever its method settings", async () => {
    const gw = await startGateway(SPEC, { stage: "dev", clock: new ManualClock() });
    try {
      const a = await call(`${gw.url}/items?type=admin`);
      const b = await call(`${gw.url}/items?type=admin`);
      assert.notEqual(b.n, a.n);
      assert.equal(gw.gateway.runtime.cache, undefined);
    } finally {
      await gw.close();
    }
  });
});
