// Lambda custom integrations (`type: aws` with a Lambda URI) over a real socket, reference vectors 19–21: the request
// template's output is the event, the result or the error payload the integration response, selected on errorMessage.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { request } from "undici";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

const SPEC = path.join(REPO_ROOT, "test/fixtures/rest-lambda-custom");

async function call(url: string, init: { method?: "GET" | "POST"; body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; text: string; type: string | undefined }> {
  const res = await request(url, { method: init.method ?? "GET", body: init.body, headers: init.headers });
  return { status: res.statusCode, text: await res.body.text(), type: res.headers["content-type"] as string | undefined };
}

describe("Lambda custom integrations (REST)", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(SPEC);
  });
  after(() => gw.close());

  it("gives the function the event its request template rendered, and maps the result through the response template", async () => {
    const r = await call(`${gw.url}/calc?a=2&b=40&op=add`);
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { sum: 42 });
  });

  it("returns a plain result as JSON under the default response (vector 20)", async () => {
    const r = await call(`${gw.url}/calc?a=1&b=1&op=pass`);
    assert.equal(r.status, 200);
    assert.equal(r.text, `"Pass"`);
  });

  it("selects the response whose pattern matches the error message, the error payload as the body (vector 19)", async () => {
    const four = await call(`${gw.url}/calc?a=1&b=1&op=four`);
    assert.equal(four.status, 405);
    const payload = JSON.parse(four.text) as { errorMessage: string; errorType: string; requestId: string; stackTrace: string[] };
    assert.equal(payload.errorMessage, "this answer is a four hundred");
    assert.equal(payload.errorType, "Error");
    assert.match(payload.requestId, /^[0-9a-f-]{36}$/);
    assert.ok(Array.isArray(payload.stackTrace));
    const other = await call(`${gw.url}/calc?a=1&b=1&op=boom`);
    assert.equal(other.status, 502, "`.+` matches any other error message");
  });

  it("with only a default response, a function error is a 200 carrying the error payload (vector 21)", async () => {
    const r = await call(`${gw.url}/fails`);
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(JSON.parse(r.text) as object), ["errorMessage", "errorType", "requestId", "stackTrace"]);
    assert.equal((JSON.parse(r.text) as { errorType: string }).errorType, "TypeError");
  });

  it("passes a JSON body through as the event where there is no template, and answers 504 past timeoutInMillis", async () => {
    const r = await call(`${gw.url}/raw`, { method: "POST", body: JSON.stringify({ a: 3, b: 4 }), headers: { "content-type": "application/json" } });
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { result: 7, event: { a: 3, b: 4 } });
    const slow = await call(`${gw.url}/calc?a=1&b=1&op=slow`);
    assert.equal(slow.status, 504);
    assert.equal(slow.text, `{"message": "Endpoint request timed out"}`);
  });

  it("answers 500 when the passthrough payload is not JSON, and keeps serving", async () => {
    const r = await call(`${gw.url}/raw`, { method: "POST", body: "not json", headers: { "content-type": "application/json" } });
    assert.equal(r.status, 500);
    assert.equal((await call(`${gw.url}/calc?a=1&b=2&op=add`)).status, 200);
  });
});
