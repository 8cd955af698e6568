/**
 * REST gateway responses over a real socket: reference §6 (defaults, customising, resolution)
 * and §16 vectors 50–51, with MISSING_AUTHENTICATION_TOKEN and BAD_REQUEST_BODY standing in for
 * INVALID_API_KEY. Fixtures: test/fixtures/rest-gateway-responses (customised types) and
 * rest-gateway-defaults (only DEFAULT_4XX / DEFAULT_5XX customised).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { request } from "undici";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures");

describe("REST customised gateway responses", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(path.join(FIXTURES, "rest-gateway-responses"));
  });
  after(async () => {
    await gw.close();
  });

  it("answers with the customised status code of the type", async () => {
    const res = await request(`${gw.url}/nope`);
    await res.body.text();
    assert.equal(res.statusCode, 404);
  });

  it("sets gatewayresponse headers from a static value, a request header, a stage variable and the context", async () => {
    const res = await request(`${gw.url}/nope`, { headers: { "x-client": "from-client" } });
    await res.body.text();
    assert.equal(res.headers["x-static"], "static-value");
    assert.equal(res.headers["x-client"], "from-client");
    assert.equal(res.headers["x-team"], "gateway-team");
    assert.equal(res.headers["x-request-id"], res.headers["x-amzn-requestid"]);
  });

  it("leaves out a header whose request header is absent", async () => {
    const res = await request(`${gw.url}/nope`);
    await res.body.text();
    assert.equal(res.headers["x-client"], undefined);
    assert.equal(res.headers["x-static"], "static-value");
  });

  it("renders the template with $context.error.messageString quoted and other variables as plain text", async () => {
    const requestId = "6f1c7e0a-3b1d-4c9e-8a2f-0d9b6c5e4a31";
    const res = await request(`${gw.url}/nope`, { headers: { "x-amzn-requestid": requestId } });
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(res.headers["x-amzn-requestid"], requestId);
    assert.equal(await res.body.text(), `{"error": "Missing Authentication Token", "requestId": "${requestId}", "team": "gateway-team"}`);
  });

  it("answers a customised status and static template for its type (vector 50 shape)", async () => {
    const res = await request(`${gw.url}/pets`, { method: "POST", headers: { "content-type": "application/json" }, body: `{"type":"bird"}` });
    assert.equal(res.statusCode, 456);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(await res.body.text(), `{"message": "Bad body"}`);
  });

  it("keeps the built-in response of a type that is not customised", async () => {
    const res = await request(`${gw.url}/search`);
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers["x-amzn-errortype"], "BadRequestException");
    assert.equal(await res.body.text(), `{"message": "Missing required request parameters: [q]"}`);
  });
});

describe("REST DEFAULT_4XX and DEFAULT_5XX fallback", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(path.join(FIXTURES, "rest-gateway-defaults"));
  });
  after(async () => {
    await gw.close();
  });

  const fourXx: [string, { method: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string; want: { status: number; body: string; errorType?: string } }][] = [
    ["adds the DEFAULT_4XX header to Missing Authentication Token for an unknown path (vector 51)",
      { method: "GET", path: "/nope", want: { status: 403, body: `{"message":"Missing Authentication Token"}`, errorType: "MissingAuthenticationTokenException" } }],
    ["adds the DEFAULT_4XX header to a parameter validation failure",
      { method: "GET", path: "/search", want: { status: 400, body: `{"message": "Missing required request parameters: [q]"}`, errorType: "BadRequestException" } }],
    // UNSUPPORTED_MEDIA_TYPE's x-amzn-ErrorType is [U] in the reference, so it is not asserted.
    ["adds the DEFAULT_4XX header to Unsupported Media Type",
      { method: "GET", path: "/search?q=x", headers: { "content-type": "application/xml" }, want: { status: 415, body: `{"message":"Unsupported Media Type"}` } }],
  ];
  for (const [name, c] of fourXx) {
    it(name, async () => {
      const res = await request(`${gw.url}${c.path}`, { method: c.method, headers: c.headers, body: c.body });
      assert.equal(res.statusCode, c.want.status);
      assert.equal(res.headers["access-control-allow-origin"], "*");
      if (c.want.errorType !== undefined) assert.equal(res.headers["x-amzn-errortype"], c.want.errorType);
      assert.equal(await res.body.text(), c.want.body);
    });
  }

  it("does not add the DEFAULT_4XX header to a successful response", async () => {
    const res = await request(`${gw.url}/search?q=x`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["access-control-allow-origin"], undefined);
    assert.equal(await res.body.text(), `{"found": true}`);
  });

  it("applies DEFAULT_5XX's status, header and template to a 5xx type", async () => {
    const res = await request(`${gw.url}/broken`);
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers["x-fault"], "gateway");
    assert.equal(res.headers["access-control-allow-origin"], undefined);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(await res.body.text(), `{"fault": "Internal server error"}`);
  });

  it("does not customise REQUEST_TOO_LARGE", async () => {
    const res = await request(`${gw.url}/search?q=x`, { method: "POST", body: Buffer.alloc(10_485_761) });
    assert.equal(res.statusCode, 413);
    assert.equal(res.headers["access-control-allow-origin"], undefined);
    assert.equal(await res.body.text(), "HTTP content length exceeded 10485760 bytes.");
  });
});
