// HTTP APIs (v2) over a real socket: reference §2 (HTTP API routing), §3.2, §3.3, §3.4 and §16 vectors 61–68.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { request } from "undici";
import { closeHttpPools } from "gwc/runtime";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures");

/** Calls the gateway and reads the whole body as text. */
async function call(
  url: string,
  options: { method?: string; headers?: Record<string, string | string[]>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const res = await request(url, { method: (options.method ?? "GET") as "GET", headers: options.headers, body: options.body });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

describe("HTTP API with Lambda proxy routes", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(path.join(FIXTURES, "http-lambda"));
  });
  after(async () => {
    await gw?.close();
  });

  it("answers a path no route matches with 404 Not Found when there is no $default route", async () => {
    const res = await call(`${gw.url}/nope`);
    assert.equal(res.status, 404);
    assert.equal(res.text, `{"message":"Not Found"}`);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(res.headers["x-amzn-errortype"], undefined);
  });

  it("answers a defined path with an undefined method with 404 Not Found", async () => {
    const res = await call(`${gw.url}/hello/string`, { method: "DELETE" });
    assert.equal(res.status, 404);
    assert.equal(res.text, `{"message":"Not Found"}`);
  });

  it("sends an apigw-requestid header and none of the REST request id headers", async () => {
    const ok = await call(`${gw.url}/hello/object`);
    const miss = await call(`${gw.url}/nope`);
    for (const res of [ok, miss]) {
      assert.equal(typeof res.headers["apigw-requestid"], "string");
      assert.notEqual(res.headers["apigw-requestid"], "");
      assert.equal(res.headers["x-amzn-requestid"], undefined);
      assert.equal(res.headers["x-amz-apigw-id"], undefined);
    }
    assert.notEqual(ok.headers["apigw-requestid"], miss.headers["apigw-requestid"]);
  });

  it("turns a string result into a 200 application/json response whose body is the string (vector 63)", async () => {
    const res = await call(`${gw.url}/hello/string`);
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(res.text, "Hello from Lambda!");
  });

  it("turns an object result without statusCode into a 200 response with the object as body (vector 64)", async () => {
    const res = await call(`${gw.url}/hello/object`);
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(res.text, `{"message":"Hello"}`);
  });

  it("sends one set-cookie header per cookie of the result (vector 65)", async () => {
    const res = await call(`${gw.url}/cookies`);
    assert.equal(res.status, 201);
    assert.deepEqual(res.headers["set-cookie"], ["a=1", "b=2"]);
  });

  it("joins repeated query parameters with a comma and has no multiValue fields (vector 66)", async () => {
    const res = await call(`${gw.url}/echo/7?a=1&a=2&b=x`);
    assert.equal(res.status, 200);
    const event = JSON.parse(res.text) as Record<string, unknown>;
    assert.equal(event.version, "2.0");
    assert.equal(event.routeKey, "GET /echo/{id}");
    assert.equal(event.rawPath, "/echo/7");
    assert.equal(event.rawQueryString, "a=1&a=2&b=x");
    assert.deepEqual(event.queryStringParameters, { a: "1,2", b: "x" });
    assert.deepEqual(event.pathParameters, { id: "7" });
    assert.equal("multiValueQueryStringParameters" in event, false);
    assert.equal("multiValueHeaders" in event, false);
    const ctx = event.requestContext as { http: { method: string; path: string }; routeKey: string; stage: string };
    assert.equal(ctx.http.method, "GET");
    assert.equal(ctx.http.path, "/echo/7");
    assert.equal(ctx.routeKey, "GET /echo/{id}");
    assert.equal(ctx.stage, "$default");
  });

  it("moves cookies to the event's cookies list and joins duplicate headers with a comma (payload 2.0)", async () => {
    const res = await call(`${gw.url}/echo/1`, { headers: { cookie: "c1=v1; c2=v2", "x-dup": ["v1", "v2"], "X-Mixed-Case": "m" } });
    const event = JSON.parse(res.text) as { cookies?: string[]; headers: Record<string, string> };
    assert.deepEqual(event.cookies, ["c1=v1", "c2=v2"]);
    assert.equal(event.headers.cookie, undefined);
    assert.equal(event.headers["x-dup"], "v1,v2");
    assert.equal(event.headers["x-mixed-case"], "m");
    assert.equal(event.headers["X-Mixed-Case"], undefined);
  });

  it("sends payload format 1.0 events on a route that asks for them", async () => {
    const res = await call(`${gw.url}/v1/echo/7?a=1&a=2`);
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-type"], "application/json");
    const event = JSON.parse(res.text) as Record<string, unknown>;
    assert.equal(event.version, "1.0");
    assert.equal(event.resource, "/v1/echo/{id}");
    assert.equal(event.path, "/v1/echo/7");
    assert.equal(event.httpMethod, "GET");
    assert.deepEqual(event.pathParameters, { id: "7" });
    assert.deepEqual(event.queryStringParameters, { a: "2" });
    assert.deepEqual(event.multiValueQueryStringParameters, { a: ["1", "2"] });
    assert.equal(event.body, null);
    assert.equal(event.isBase64Encoded, false);
    assert.equal("routeKey" in event, false);
  });

  it("answers a function error with 500 Internal Server Error (vector 67)", async () => {
    const res = await call(`${gw.url}/fail`);
    assert.equal(res.status, 500);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(res.text, `{"message":"Internal Server Error"}`);
  });

  it("answers an invalid 2.0 result with 500 Internal Server Error (reference §3.3)", async () => {
    const res = await call(`${gw.url}/malformed`);
    assert.equal(res.status, 500);
    assert.equal(res.text, `{"message":"Internal Server Error"}`);
  });

  it("answers with 503 Service Unavailable when the integration exceeds timeoutInMillis (vector 68)", async () => {
    const started = performance.now();
    const res = await call(`${gw.url}/slow`);
    const elapsed = performance.now() - started;
    assert.equal(res.status, 503);
    assert.equal(res.text, `{"message":"Service Unavailable"}`);
    // timeoutInMillis is 200 and the function's own timeout 3 s: the integration timeout decides.
    assert.ok(elapsed >= 190 && elapsed < 2500, `answered after ${elapsed.toFixed(0)} ms`);
  });
});

describe("HTTP API route priority", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(path.join(FIXTURES, "http-routes"));
  });
  after(async () => {
    await gw?.close();
  });

  const cases: [string, { method: string; path: string; routeKey: string; pathParameters: Record<string, string> | null }][] = [
    ["a literal route before a parameter route", { method: "GET", path: "/pets/dog/special", routeKey: "GET /pets/dog/special", pathParameters: null }],
    ["a parameter route before a greedy route (vector 62)", { method: "GET", path: "/pets/dog/2", routeKey: "GET /pets/dog/{id}", pathParameters: { id: "2" } }],
    ["the deepest greedy route for other paths under it (vector 62)", { method: "GET", path: "/pets/cat/1", routeKey: "GET /pets/{proxy+}", pathParameters: { proxy: "cat/1" } }],
    ["a greedy ANY route for other methods (vector 62)", { method: "POST", path: "/test/5", routeKey: "ANY /{proxy+}", pathParameters: { proxy: "test/5" } }],
    ["the parent greedy route when the nearer one lacks the method", { method: "DELETE", path: "/pets/cat/1", routeKey: "ANY /{proxy+}", pathParameters: { proxy: "pets/cat/1" } }],
    ["$default when no route matches", { method: "GET", path: "/", routeKey: "$default", pathParameters: null }],
  ];
  for (const [name, want] of cases) {
    it(`chooses ${name}`, async () => {
      const res = await call(`${gw.url}${want.path}`, { method: want.method });
      assert.equal(res.status, 200);
      const body = JSON.parse(res.text) as { routeKey: string; rawPath: string; pathParameters: Record<string, string> | null };
      assert.equal(body.routeKey, want.routeKey);
      assert.equal(body.rawPath, want.path);
      assert.deepEqual(body.pathParameters, want.pathParameters);
    });
  }
});

describe("HTTP API $default route with an HTTP_PROXY integration", () => {
  let gw: RunningGateway | undefined;
  let backend: Server;
  const seen: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = [];
  before(async () => {
    backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        const teapot = req.url!.startsWith("/teapot");
        res.writeHead(teapot ? 418 : 201, { "content-type": "text/plain", "x-backend": "yes" });
        res.end(teapot ? "short and stout" : `backend saw ${req.method} ${req.url}`);
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    const port = (backend.address() as AddressInfo).port;
    gw = await startGateway(path.join(FIXTURES, "http-proxy"), { stageVariables: { backend: `http://127.0.0.1:${port}` } });
  });
  after(async () => {
    await gw?.close();
    await closeHttpPools();
    backend.closeAllConnections();
    await new Promise<void>((resolve) => backend.close(() => resolve()));
  });

  it("forwards the full path, query string, method and body to the backend", async () => {
    seen.length = 0;
    const res = await call(`${gw!.url}/store/checkout?x=1&x=2`, { method: "POST", headers: { "content-type": "text/plain", "x-client": "c" }, body: "order" });
    assert.equal(res.status, 201);
    assert.equal(res.text, "backend saw POST /store/checkout?x=1&x=2");
    assert.equal(res.headers["x-backend"], "yes");
    assert.equal(typeof res.headers["apigw-requestid"], "string");
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.method, "POST");
    assert.equal(seen[0]!.url, "/store/checkout?x=1&x=2");
    assert.equal(seen[0]!.body, "order");
    assert.equal(seen[0]!.headers["x-client"], "c");
  });

  it("forwards the root path", async () => {
    const res = await call(`${gw!.url}/`);
    assert.equal(res.status, 201);
    assert.equal(res.text, "backend saw GET /");
  });

  it("returns the backend's 4xx status and body unchanged", async () => {
    const res = await call(`${gw!.url}/teapot/pour`);
    assert.equal(res.status, 418);
    assert.equal(res.text, "short and stout");
  });
});
