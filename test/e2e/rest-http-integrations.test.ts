/**
 * REST HTTP and HTTP_PROXY integrations over a real socket: reference §3.4, §4.3 and §16
 * vectors 22–24. Fixture: test/fixtures/rest-http-integrations, pointed at a node:http backend
 * started here through the stage variable backendUrl.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { request } from "undici";
import { closeHttpPools } from "gwc/runtime";
import { startBackend, type TestBackend } from "../helpers/backend.js";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures");

/** What the backend's /echo route saw. */
interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** How long the backend's /slow route waits: well past the fixture's 50 ms integration timeout. */
const SLOW_BACKEND_MS = 300;

/**
 * The backend: /status/<code> answers <code>; /teapot answers 418 with `Server: nginx` and its
 * own x-amzn-RequestId; /echo/* describes the request; /slow answers late.
 */
function startTestBackend(): Promise<TestBackend> {
  return startBackend((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "/";
      const status = /^\/status\/(\d{3})$/.exec(url);
      if (status) {
        res.writeHead(Number(status[1]), { "content-type": "application/json", "x-backend-only": "secret" });
        res.end(JSON.stringify({ backendStatus: Number(status[1]) }));
      } else if (url === "/teapot") {
        const body = "I'm a teapot";
        res.writeHead(418, { server: "nginx", "x-amzn-RequestId": "backend-request-id", "content-type": "text/plain", "content-length": String(body.length) });
        res.end(body);
      } else if (url.startsWith("/echo")) {
        const seen: Seen = { method: req.method ?? "", url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(seen));
      } else if (url === "/slow") {
        setTimeout(() => res.end("late"), SLOW_BACKEND_MS);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
}

describe("REST HTTP integrations", () => {
  let gw: RunningGateway;
  let backend: TestBackend;
  before(async () => {
    backend = await startTestBackend();
    gw = await startGateway(path.join(FIXTURES, "rest-http-integrations"), { stageVariables: { backendUrl: backend.url } });
  });
  after(async () => {
    await gw.close();
    await closeHttpPools();
    await backend.close();
  });

  describe("HTTP (non-proxy)", () => {
    it("answers with the integration response whose pattern matches the backend status, and only its mapped headers", async () => {
      const res = await request(`${gw.url}/status/201`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers["x-mapped"], "yes");
      assert.equal(res.headers["x-backend-only"], undefined);
      assert.deepEqual(await res.body.json(), { backendStatus: 201 });
    });

    it("falls back to the default integration response when no pattern matches (vector 22)", async () => {
      const res = await request(`${gw.url}/status/404`);
      assert.equal(res.statusCode, 500);
      assert.equal(res.headers["x-mapped"], undefined);
      assert.deepEqual(await res.body.json(), { backendStatus: 404 });
    });

    it("answers 500 Internal server error when no pattern matches and there is no default (vector 23)", async () => {
      const res = await request(`${gw.url}/strict/404`);
      assert.equal(res.statusCode, 500);
      assert.equal(res.headers["x-amzn-errortype"], "InternalServerErrorException");
      assert.equal(res.headers["content-type"], "application/json");
      assert.equal(await res.body.text(), `{"message": "Internal server error"}`);
    });
  });

  describe("HTTP_PROXY", () => {
    it("returns the backend status and renames its Server header to x-amzn-Remapped-Server (vector 24)", async () => {
      const res = await request(`${gw.url}/proxy/teapot`);
      assert.equal(res.statusCode, 418);
      assert.equal(res.headers["x-amzn-remapped-server"], "nginx");
      assert.equal(res.headers["server"], undefined);
      assert.equal(res.headers["content-type"], "text/plain");
      assert.equal(await res.body.text(), "I'm a teapot");
    });

    it("renames the backend's own x-amzn-RequestId and sends the gateway's", async () => {
      const res = await request(`${gw.url}/proxy/teapot`);
      await res.body.text();
      assert.equal(res.headers["x-amzn-remapped-x-amzn-requestid"], "backend-request-id");
      assert.match(String(res.headers["x-amzn-requestid"]), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it("renames the backend's Date and Content-Length headers", async () => {
      const res = await request(`${gw.url}/proxy/teapot`);
      await res.body.text();
      assert.ok(res.headers["x-amzn-remapped-date"], "x-amzn-Remapped-Date");
      assert.equal(res.headers["x-amzn-remapped-content-length"], "12");
    });

    it("forwards the method, greedy path, query string, headers and body", async () => {
      const res = await request(`${gw.url}/proxy/echo/a/b?x=1&x=2`, {
        method: "PUT",
        headers: { "x-custom": "c", "content-type": "text/plain" },
        body: "payload",
      });
      assert.equal(res.statusCode, 200);
      const seen = (await res.body.json()) as Seen;
      assert.equal(seen.method, "PUT");
      assert.equal(seen.url, "/echo/a/b?x=1&x=2");
      assert.equal(seen.headers["x-custom"], "c");
      assert.equal(seen.headers["content-type"], "text/plain");
      assert.equal(seen.body, "payload");
    });

    it("adds API Gateway's default request headers", async () => {
      const res = await request(`${gw.url}/proxy/echo`);
      const seen = (await res.body.json()) as Seen;
      assert.equal(seen.headers["accept"], "application/json");
      assert.equal(seen.headers["x-amzn-apigateway-api-id"], gw.definition.apiId);
      assert.equal(seen.headers["user-agent"], `AmazonAPIGateway_${gw.definition.apiId}`);
    });

    it("passes a backend error status through with its body", async () => {
      const res = await request(`${gw.url}/proxy/status/503`);
      assert.equal(res.statusCode, 503);
      assert.deepEqual(await res.body.json(), { backendStatus: 503 });
    });

    it("answers 504 Endpoint request timed out when the backend outlives timeoutInMillis", async () => {
      const res = await request(`${gw.url}/slow`);
      assert.equal(res.statusCode, 504);
      assert.equal(await res.body.text(), `{"message": "Endpoint request timed out"}`);
    });
  });
});
