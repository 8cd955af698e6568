// VTL mapping templates compiled into the gateway, over a real socket (reference §4, vectors 56–60): MOCK request
// templates that choose the status, response templates over $input, $context, $stageVariables and $util, overrides
// set by a request template and seen by the response template, and an HTTP integration whose request and response
// templates map the bodies to and from a backend.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { request } from "undici";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

const SPEC = path.join(REPO_ROOT, "test/fixtures/rest-vtl");

describe("VTL mapping templates (REST)", () => {
  let gw: RunningGateway;
  let backend: Server;
  before(async () => {
    // Echoes what it received: the body as JSON, and the header the request template set.
    backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let received: unknown;
        try {
          received = JSON.parse(text);
        } catch {
          received = { notJson: text };
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ received, header: req.headers["x-mapped"] ?? null, url: req.url }));
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    gw = await startGateway(SPEC, { stage: "prod", stageVariables: { backend: `http://127.0.0.1:${(backend.address() as AddressInfo).port}` } });
  });
  after(async () => {
    await gw.close();
    await new Promise((resolve) => backend.close(resolve));
  });

  it("a MOCK request template chooses the status; the response template renders $context, $stageVariables, #foreach and $util", async () => {
    const res = await request(`${gw.url}/mock`);
    assert.equal(res.statusCode, 200);
    const body = (await res.body.json()) as Record<string, unknown>;
    assert.deepEqual(body, {
      stage: "prod",
      greeting: "hello",
      requestId: res.headers["x-amzn-requestid"],
      names: ["a", "b", "c"],
      encoded: "some+raw+data", // vector 59
    });
  });

  it("selects the 404 response by the status the template rendered", async () => {
    const res = await request(`${gw.url}/mock?mode=missing`);
    assert.equal(res.statusCode, 404);
    assert.equal(await res.body.text(), `{"message": "no missing here"}`);
  });

  it("overrides set by the request template reach the response (header) and its template ($context), and a response template sets the status (vector 60)", async () => {
    const ok = await request(`${gw.url}/override`);
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.headers["x-from-request"], "yes");
    assert.deepEqual(await ok.body.json(), { failed: false, seen: "request" });
    const failed = await request(`${gw.url}/override?fail=yes`);
    assert.equal(failed.statusCode, 400);
    assert.deepEqual(await failed.body.json(), { failed: true, seen: "request" });
  });

  it("refuses a header value with CR/LF that a template maps from the request, with 500, and keeps serving", async () => {
    const echoed = await request(`${gw.url}/override?h=plain`);
    await echoed.body.dump();
    assert.equal(echoed.headers["x-echo"], "plain");
    const injected = await request(`${gw.url}/override?h=${encodeURIComponent("a\r\nset-cookie: x=1")}`);
    assert.equal(injected.statusCode, 500);
    assert.equal(injected.headers["set-cookie"], undefined);
    await injected.body.dump();
    const after = await request(`${gw.url}/override`);
    assert.equal(after.statusCode, 200);
    await after.body.dump();
  });

  it("an HTTP integration sends the rendered body and the override header, and maps the backend's answer (vectors 56, 58)", async () => {
    const res = await request(`${gw.url}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { foo: "bar" } }) });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(await res.body.json(), {
      backendSaw: { asString: "{foo=bar}", body: { json: { foo: "bar" } }, raw: '{"json":{"foo":"bar"}}' },
      mappedHeader: "from-template",
    });
    // responseParameters from the integration response's header and body, the stage and $context (reference §4.4).
    assert.equal(res.headers["x-backend-type"], "application/json");
    assert.equal(res.headers["x-mapped"], "from-template");
    assert.deepEqual(JSON.parse(String(res.headers["x-received"])), { asString: "{foo=bar}", body: { json: { foo: "bar" } }, raw: '{"json":{"foo":"bar"}}' });
    assert.equal(res.headers["x-stage"], "prod");
    assert.equal(res.headers["x-greeting"], "hello");
    assert.equal(res.headers["x-missing"], undefined, "a path the body does not have maps no header");
  });

  it("sends the path and query string a request template overrides to the HTTP backend (reference §4.6)", async () => {
    const res = await request(`${gw.url}/forward/original?q=old&keep=1`);
    assert.equal(res.statusCode, 200);
    const body = (await res.body.json()) as { url: string };
    assert.equal(body.url, "/echo/over%20ridden?keep=1&q=new%20value");
  });

  it("renders $input.body of an empty request as {} (vector 58)", async () => {
    const res = await request(`${gw.url}/echo`, { method: "POST", headers: { "content-type": "application/json" } });
    assert.equal(res.statusCode, 200);
    const body = (await res.body.json()) as { backendSaw: { raw: string } };
    assert.equal(body.backendSaw.raw, "{}");
  });
});
