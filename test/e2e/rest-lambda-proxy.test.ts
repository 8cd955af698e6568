/**
 * REST Lambda proxy (AWS_PROXY) results over a real socket: reference §3.3 and §16 vectors 8–18.
 * The rest-lambda-proxy fixture's function returns its JSON request body as its result, so each
 * row sends the result it wants the function to return. rest-timeouts holds the slow functions.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { request } from "undici";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures");

/** A response header as one value: repeated header lines read as one comma-joined value (RFC 9110 §5.3). */
function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(", ") : v;
}

/** POSTs `body` and resolves with the response's header lines as sent (original case, in order). */
function rawResponseHeaders(url: string, body: string): Promise<[string, string][]> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => {
        const out: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) out.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve(out);
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

const INTERNAL_ERROR = `{"message": "Internal server error"}`;

interface Want {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

describe("REST Lambda proxy results", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(path.join(FIXTURES, "rest-lambda-proxy"));
  });
  after(async () => {
    await gw.close();
  });

  async function invoke(result: unknown): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
    const res = await request(`${gw.url}/test/test`, { method: "POST", body: JSON.stringify(result), headers: { "content-type": "application/json" } });
    return { status: res.statusCode, body: await res.body.text(), headers: res.headers };
  }

  const rows: [string, { result: unknown; want: Want }][] = [
    ["answers 200 with an empty body and Content-Type application/json for {statusCode: 200} (vector 8)",
      { result: { statusCode: 200 }, want: { status: 200, body: "", headers: { "content-type": "application/json", "content-length": "0" } } }],
    ["defaults statusCode to 200 for {} (vector 9)",
      { result: {}, want: { status: 200, body: "" } }],
    ["defaults statusCode to 200 for a result with only headers",
      { result: { headers: { "test-header": "value" } }, want: { status: 200, body: "", headers: { "test-header": "value" } } }],
    ["answers 502 for a bare string result (vector 10)",
      { result: "justAString", want: { status: 502, body: INTERNAL_ERROR } }],
    ["answers 502 for a result with an unknown key (vectors 9 and 11)",
      { result: { statusCode: 200, wrongValue: "v" }, want: { status: 502, body: INTERNAL_ERROR } }],
    ["accepts a numeric string statusCode (vector 12)",
      { result: { statusCode: "201" }, want: { status: 201, body: "" } }],
    ["answers 502 for a non-numeric statusCode (vector 13)",
      { result: { statusCode: "test" }, want: { status: 502, body: INTERNAL_ERROR } }],
    ["merges headers and multiValueHeaders of the same name, multi values first (vector 14)",
      { result: { statusCode: 200, headers: { h: "solo" }, multiValueHeaders: { h: ["multi"] } }, want: { status: 200, body: "", headers: { h: "multi, solo" } } }],
    ["renders a boolean header value as text (vector 15)",
      { result: { statusCode: 200, headers: { b: true } }, want: { status: 200, body: "", headers: { b: "true" } } }],
    ["accepts headers: null",
      { result: { statusCode: 200, headers: null }, want: { status: 200, body: "", headers: { "content-type": "application/json" } } }],
    ["joins a multiValueHeaders list into one value",
      { result: { statusCode: 200, multiValueHeaders: { "test-multi": ["value1", "value2"] } }, want: { status: 200, body: "", headers: { "test-multi": "value1, value2" } } }],
    ["answers 502 for a multiValueHeaders value that is not a list",
      { result: { statusCode: 200, multiValueHeaders: { "test-multi-invalid": "value1" } }, want: { status: 502, body: INTERNAL_ERROR } }],
    ["returns a base64 body as text when the API has no binary media types (vector 16)",
      { result: { statusCode: 200, body: "dGVzdC1kYXRh", isBase64Encoded: true }, want: { status: 200, body: "dGVzdC1kYXRh" } }],
    ["returns the function's status, body and Content-Type as given",
      { result: { statusCode: 404, body: "<p>gone</p>", headers: { "Content-Type": "text/html" } }, want: { status: 404, body: "<p>gone</p>", headers: { "content-type": "text/html" } } }],
  ];
  for (const [name, { result, want }] of rows) {
    it(name, async () => {
      const got = await invoke(result);
      assert.equal(got.status, want.status);
      assert.equal(got.body, want.body);
      for (const [h, v] of Object.entries(want.headers ?? {})) assert.equal(header(got.headers, h), v, h);
      assert.match(String(got.headers["x-amzn-requestid"]), /^[0-9a-f-]{36}$/);
    });
  }

  it("answers 502 Internal server error when the function throws (vector 17)", async () => {
    // No body: the fixture's function then throws, as the recorded Python handler did.
    const res = await request(`${gw.url}/test/test`, { method: "POST" });
    assert.equal(res.statusCode, 502);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(await res.body.text(), INTERNAL_ERROR);
  });

  it("keeps the multiValueHeaders spelling of a header named in both maps", async () => {
    // undici lower-cases header names, so this one reads the raw header lines through node:http.
    const result = { statusCode: 200, multiValueHeaders: { "tesT-Multi": ["value-multi"] }, headers: { "test-multi": "value-solo" } };
    const raw = await rawResponseHeaders(`${gw.url}/test/test`, JSON.stringify(result));
    const lines = raw.filter(([n]) => n.toLowerCase() === "test-multi");
    assert.deepEqual(lines.map(([n]) => n), lines.map(() => "tesT-Multi"));
    assert.equal(lines.map(([, v]) => v).join(", "), "value-multi, value-solo");
  });
});

describe("REST Lambda proxy timeouts", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(path.join(FIXTURES, "rest-timeouts"));
  });
  after(async () => {
    await gw.close();
  });

  it("answers 504 Endpoint request timed out when the integration timeout fires first (vector 18)", async () => {
    const res = await request(`${gw.url}/integration-timeout`);
    assert.equal(res.statusCode, 504);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(await res.body.text(), `{"message": "Endpoint request timed out"}`);
  });

  it("answers 502 Internal server error when the function exceeds its own timeout", async () => {
    const res = await request(`${gw.url}/function-timeout`);
    assert.equal(res.statusCode, 502);
    assert.equal(await res.body.text(), INTERNAL_ERROR);
  });
});
