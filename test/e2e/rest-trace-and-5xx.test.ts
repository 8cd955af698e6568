import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { request } from "undici";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

const TRACE = /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/;

describe("trace ids, forwarded headers and DEFAULT_5XX on Lambda failures", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(path.join(REPO_ROOT, "test/fixtures/rest-trace-5xx"));
  });
  after(async () => {
    await gw.close();
  });

  it("adds X-Amzn-Trace-Id and X-Forwarded-* to the event and the trace id to the response", async () => {
    const res = await request(`${gw.url}/echo`);
    assert.equal(res.statusCode, 200);
    const headers = (await res.body.json()) as Record<string, string>;
    assert.match(headers["X-Amzn-Trace-Id"]!, TRACE);
    assert.equal(res.headers["x-amzn-trace-id"], headers["X-Amzn-Trace-Id"]);
    assert.equal(headers["X-Forwarded-For"], "127.0.0.1");
    assert.equal(headers["X-Forwarded-Proto"], "http");
    assert.match(headers["X-Forwarded-Port"]!, /^\d+$/);
  });

  it("passes a client's X-Amzn-Trace-Id through and appends the client to X-Forwarded-For", async () => {
    const trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
    const res = await request(`${gw.url}/echo`, { headers: { "x-amzn-trace-id": trace, "x-forwarded-for": "203.0.113.9" } });
    const headers = (await res.body.json()) as Record<string, string>;
    assert.equal(headers["X-Amzn-Trace-Id"], trace);
    assert.equal(res.headers["x-amzn-trace-id"], trace);
    assert.equal(headers["X-Forwarded-For"], "203.0.113.9, 127.0.0.1");
  });

  it("answers a malformed Lambda result with 502 carrying the DEFAULT_5XX header mappings", async () => {
    const res = await request(`${gw.url}/broken`);
    assert.equal(res.statusCode, 502);
    assert.equal(res.headers["access-control-allow-origin"], "*");
    assert.equal(res.headers["x-amzn-errortype"], "InternalServerErrorException");
    assert.equal(await res.body.text(), `{"message": "Internal server error"}`);
  });

  it("renders $context.error.responseType and $context.requestId in a customised template", async () => {
    const res = await request(`${gw.url}/nowhere`);
    assert.equal(res.statusCode, 404);
    const body = (await res.body.json()) as { type: string; id: string };
    assert.equal(body.type, "MISSING_AUTHENTICATION_TOKEN");
    assert.equal(body.id, res.headers["x-amzn-requestid"]);
  });
});
