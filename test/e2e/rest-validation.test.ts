/**
 * REST request validation over a real socket: reference §5 and §16 vectors 32–34.
 * Fixture: test/fixtures/rest-validation (validators `all` by default, `params-only` on some methods).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { request } from "undici";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures");

const INVALID_BODY = `{"message": "Invalid request body"}`;
const missing = (names: string): string => `{"message": "Missing required request parameters: [${names}]"}`;

interface Case {
  method: "GET" | "POST" | "PUT";
  path: string;
  headers?: Record<string, string>;
  body?: string;
  want: { status: number; body: string };
}

const ACCEPTED = { status: 200, body: `{"accepted":true}` };
const ORDER_HEADERS = { "x-header-param": "h", "content-type": "application/json" };

describe("REST request validation", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(path.join(FIXTURES, "rest-validation"));
  });
  after(async () => {
    await gw.close();
  });

  const rows: [string, Case][] = [
    ["answers 400 naming a missing required query parameter (vector 32)",
      { method: "GET", path: "/search", want: { status: 400, body: missing("q1") } }],
    ["treats an empty required query parameter as missing (vector 32)",
      { method: "GET", path: "/search?q1=", want: { status: 400, body: missing("q1") } }],
    ["treats a blank required query parameter as missing",
      { method: "GET", path: "/search?q1=%20", want: { status: 400, body: missing("q1") } }],
    ["passes a request whose required parameters are present",
      { method: "GET", path: "/search?q1=cats", want: ACCEPTED }],
    ["lists missing header, path and query parameters in that order (vector 33)",
      { method: "POST", path: "/orders", headers: { "content-type": "application/json" }, body: `{"item":"x"}`, want: { status: 400, body: missing("x-header-param, issuer, qs1") } }],
    ["checks parameters before the body",
      { method: "POST", path: "/orders?qs1=a", headers: ORDER_HEADERS, body: `{"nope":1}`, want: { status: 400, body: missing("issuer") } }],
    ["answers 400 Invalid request body for a value outside the model's enum (vector 34)",
      { method: "POST", path: "/pets", headers: { "content-type": "application/json" }, body: `{"type":"bird"}`, want: { status: 400, body: INVALID_BODY } }],
    ["passes a body that matches the model",
      { method: "POST", path: "/pets", headers: { "content-type": "application/json" }, body: `{"type":"cat"}`, want: ACCEPTED }],
    ["validates a missing body against a model with required properties",
      { method: "POST", path: "/pets", headers: { "content-type": "application/json" }, want: { status: 400, body: INVALID_BODY } }],
    ["validates a body without Content-Type against the application/json model",
      { method: "POST", path: "/pets", body: `{"type":"bird"}`, want: { status: 400, body: INVALID_BODY } }],
    ["validates a missing body without Content-Type against the application/json model",
      { method: "POST", path: "/pets", want: { status: 400, body: INVALID_BODY } }],
    ["selects the model by media type, ignoring Content-Type parameters",
      { method: "POST", path: "/pets", headers: { "content-type": "application/json; charset=UTF-8" }, body: `{"type":"bird"}`, want: { status: 400, body: INVALID_BODY } }],
    ["does not validate a body whose Content-Type has no model",
      { method: "POST", path: "/pets", headers: { "content-type": "text/plain" }, body: "anything", want: ACCEPTED }],
    ["does not validate the body when the validator only checks parameters",
      { method: "PUT", path: "/pets/7", headers: { "content-type": "application/json" }, body: `{"type":"bird"}`, want: ACCEPTED }],
  ];
  for (const [name, c] of rows) {
    it(name, async () => {
      const res = await request(`${gw.url}${c.path}`, { method: c.method, headers: c.headers, body: c.body });
      const body = await res.body.text();
      assert.equal(res.statusCode, c.want.status);
      assert.equal(body, c.want.body);
      if (c.want.status === 400) {
        assert.equal(res.headers["x-amzn-errortype"], "BadRequestException");
        assert.equal(res.headers["content-type"], "application/json");
      }
    });
  }
});
