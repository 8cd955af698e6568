import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import {
  convertProxyResultV1,
  convertProxyResultV2,
  isBinaryMediaType,
  type ProxyHttpResponse,
  type ProxyResultOutcome,
} from "../../../../runtime/integrations/lambda-proxy-response.js";
import { testSeed } from "../../../helpers/seed.js";

// The external corpus, vendored in test/corpus/.
const CORPUS = new URL("../../../corpus/", import.meta.url);

// Seed handling per STYLE §8: from GWC_SEED (test/run.mjs sets it), printed in the describe title.
const SEED = testSeed();

interface RecordedVector {
  name: string;
  lambdaResult?: unknown;
  lambdaError?: { errorType: string; why: string };
  expected: { status: number; content: unknown; headers?: Record<string, string> };
}

const recorded = JSON.parse(
  readFileSync(new URL("aws-snapshots/extracted/lambda-proxy-response-format.json", CORPUS), "utf8"),
) as { vectors: RecordedVector[] };

/** Header values as python-requests shows them: lines of one name joined with ", ". */
function joinedHeaders(response: ProxyHttpResponse): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of response.headers) {
    const previous = out.get(name);
    out.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return out;
}

/** Response headers CloudFront / API Gateway add on their own, outside this converter. */
function isAddedOutsideConverter(name: string): boolean {
  return /^(connection|content-length|date|via|x-amz-cf-id|x-amz-cf-pop|x-amzn-trace-id|x-cache|x-amz-apigw-id|x-amzn-requestid)$/i.test(
    name,
  );
}

function expectOk(outcome: ProxyResultOutcome): ProxyHttpResponse {
  assert.equal(outcome.ok, true, outcome.ok ? "" : outcome.reason);
  return (outcome as { ok: true; response: ProxyHttpResponse }).response;
}

describe("convertProxyResultV1 against results recorded from AWS (lambda-proxy-response-format.json)", () => {
  for (const vector of recorded.vectors) {
    if (vector.lambdaError !== undefined) {
      it(`${vector.name}`, {
        skip: `a Lambda invoke error (${vector.lambdaError.errorType}), not a result: the caller maps it to 502 without calling this converter`,
      });
      continue;
    }
    it(`${vector.name} → ${vector.expected.status}`, () => {
      // The recorded client was python-requests: Accept */*, and the API had no binaryMediaTypes.
      const outcome = convertProxyResultV1(vector.lambdaResult, { binaryMediaTypes: [], accept: "*/*" });
      if (vector.expected.status === 502) {
        assert.equal(outcome.ok, false);
        assert.match((outcome as { reason: string }).reason, /^Malformed Lambda proxy response/);
        return;
      }
      const response = expectOk(outcome);
      assert.equal(response.statusCode, vector.expected.status);
      assert.equal(response.body.toString("utf8"), vector.expected.content);
      if (vector.expected.headers !== undefined) {
        const got = joinedHeaders(response);
        for (const name of got.keys()) assert.ok(name in vector.expected.headers, `unexpected header ${name}`);
        for (const [name, value] of Object.entries(vector.expected.headers)) {
          if (isAddedOutsideConverter(name)) continue;
          assert.equal(got.get(name), value, name);
        }
      }
    });
  }
});

interface V1Row {
  given: { result: unknown; binaryMediaTypes?: string[]; accept?: string };
  want: { status: number; headers?: Array<[string, string]>; body?: string | Buffer } | { malformed: true };
}

const NO_BINARY = { binaryMediaTypes: [] as string[], accept: undefined };

function checkRow(outcome: ProxyResultOutcome, want: V1Row["want"]): void {
  if ("malformed" in want) {
    assert.equal(outcome.ok, false);
    assert.match((outcome as { reason: string }).reason, /^Malformed Lambda proxy response/);
    return;
  }
  const response = expectOk(outcome);
  assert.equal(response.statusCode, want.status);
  if (want.headers !== undefined) assert.deepEqual(response.headers, want.headers);
  if (want.body !== undefined) {
    assert.deepEqual(response.body, typeof want.body === "string" ? Buffer.from(want.body, "utf8") : want.body);
  }
}

describe("convertProxyResultV1", () => {
  const JSON_CT: [string, string] = ["Content-Type", "application/json"];
  const rows: Array<[string, V1Row]> = [
    // Reference §16 vectors 8–16.
    ["vector 8: statusCode only → 200, empty body, Content-Type application/json", { given: { result: { statusCode: 200 } }, want: { status: 200, headers: [JSON_CT], body: "" } }],
    ["vector 9: {} → 200, empty body", { given: { result: {} }, want: { status: 200, headers: [JSON_CT], body: "" } }],
    ["vector 9/11: an unknown key → malformed", { given: { result: { statusCode: 200, wrongValue: "v" } }, want: { malformed: true } }],
    ["vector 10: a bare string → malformed", { given: { result: "justAString" }, want: { malformed: true } }],
    ["vector 12: statusCode \"201\" → 201", { given: { result: { statusCode: "201" } }, want: { status: 201 } }],
    ["vector 13: statusCode \"test\" → malformed", { given: { result: { statusCode: "test" } }, want: { malformed: true } }],
    [
      "vector 14: the same header in both maps → multi values first, then solo, under the multiValueHeaders spelling",
      {
        given: { result: { headers: { h: "solo" }, multiValueHeaders: { H: ["multi"] } } },
        want: { status: 200, headers: [["H", "multi"], ["H", "solo"], JSON_CT] },
      },
    ],
    ["vector 15: headers {b: true} → b: true", { given: { result: { headers: { b: true } } }, want: { status: 200, headers: [["b", "true"], JSON_CT] } }],
    [
      "vector 16: isBase64Encoded without binaryMediaTypes → body stays base64 text",
      { given: { result: { statusCode: 200, body: "dGVzdC1kYXRh", isBase64Encoded: true } }, want: { status: 200, body: "dGVzdC1kYXRh" } },
    ],
    // Binary output needs isBase64Encoded and the first Accept type in binaryMediaTypes (§3.3, §14).
    [
      "decodes a base64 body when the first Accept type is a binary media type",
      {
        given: { result: { body: "dGVzdC1kYXRh", isBase64Encoded: true }, binaryMediaTypes: ["image/png"], accept: "image/png, */*" },
        want: { status: 200, body: "test-data" },
      },
    ],
    [
      "keeps base64 text when only a later Accept type is binary",
      {
        given: { result: { body: "dGVzdC1kYXRh", isBase64Encoded: true }, binaryMediaTypes: ["image/png"], accept: "text/html, image/png" },
        want: { status: 200, body: "dGVzdC1kYXRh" },
      },
    ],
    [
      "keeps base64 text for Accept: image/* against image/png",
      {
        given: { result: { body: "dGVzdC1kYXRh", isBase64Encoded: true }, binaryMediaTypes: ["image/png"], accept: "image/*" },
        want: { status: 200, body: "dGVzdC1kYXRh" },
      },
    ],
    [
      "keeps base64 text when there is no Accept header",
      {
        given: { result: { body: "dGVzdC1kYXRh", isBase64Encoded: true }, binaryMediaTypes: ["*/*"], accept: undefined },
        want: { status: 200, body: "dGVzdC1kYXRh" },
      },
    ],
    [
      "passes a text body unchanged when isBase64Encoded is false, even for a binary Accept",
      {
        given: { result: { body: "dGVzdC1kYXRh" }, binaryMediaTypes: ["image/png"], accept: "image/png" },
        want: { status: 200, body: "dGVzdC1kYXRh" },
      },
    ],
    [
      "emits one line per multiValueHeaders value (Set-Cookie is never comma-joined)",
      {
        given: { result: { multiValueHeaders: { "Set-Cookie": ["a=1", "b=2"] }, headers: { "Content-Type": "text/plain" } } },
        want: { status: 200, headers: [["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"], ["Content-Type", "text/plain"]] },
      },
    ],
    [
      "does not repeat a solo value already listed in multiValueHeaders",
      { given: { result: { headers: { h: "v" }, multiValueHeaders: { h: ["v", "w"] } } }, want: { status: 200, headers: [["h", "v"], ["h", "w"], JSON_CT] } },
    ],
    [
      "adds no default Content-Type when the function set one in any case",
      { given: { result: { headers: { "content-type": "text/html" }, body: "<p>" } }, want: { status: 200, headers: [["content-type", "text/html"]], body: "<p>" } },
    ],
    ["treats Content-Type: null as 'no Content-Type at all'", { given: { result: { headers: { "Content-Type": null } } }, want: { status: 200, headers: [] } }],
    ["accepts headers: null and multiValueHeaders: null", { given: { result: { headers: null, multiValueHeaders: null } }, want: { status: 200, headers: [JSON_CT] } }],
    ["renders numeric header values as text", { given: { result: { headers: { n: 1 }, multiValueHeaders: { m: [2, false] } } }, want: { status: 200, headers: [["m", "2"], ["m", "false"], ["n", "1"], JSON_CT] } }],
    ["rejects a multiValueHeaders value that is not a list", { given: { result: { multiValueHeaders: { h: "v" } } }, want: { malformed: true } }],
    ["rejects an object as a header value", { given: { result: { headers: { h: { x: 1 } } } }, want: { malformed: true } }],
    ["rejects headers that are a list", { given: { result: { headers: [["h", "v"]] } }, want: { malformed: true } }],
    ["rejects a non-string body", { given: { result: { body: { m: 1 } } }, want: { malformed: true } }],
    ["treats body: null as empty", { given: { result: { body: null } }, want: { status: 200, body: "" } }],
    ["rejects null", { given: { result: null }, want: { malformed: true } }],
    ["rejects a list", { given: { result: [{ statusCode: 200 }] }, want: { malformed: true } }],
    ["rejects a number", { given: { result: 200 }, want: { malformed: true } }],
    ["rejects a fractional statusCode", { given: { result: { statusCode: 200.5 } }, want: { malformed: true } }],
    ["rejects a boolean statusCode", { given: { result: { statusCode: true } }, want: { malformed: true } }],
    ["treats statusCode: null as absent", { given: { result: { statusCode: null } }, want: { status: 200 } }],
    ["ignores keys holding undefined, as JSON serialisation would drop them", { given: { result: { statusCode: 200, extra: undefined, body: undefined } }, want: { status: 200, body: "" } }],
    ["passes a UTF-8 body through", { given: { result: { statusCode: 404, body: "{\"m\":\"ü\"}" } }, want: { status: 404, body: "{\"m\":\"ü\"}" } }],
  ];
  for (const [name, { given, want }] of rows) {
    it(name, () => {
      const opts = { binaryMediaTypes: given.binaryMediaTypes ?? NO_BINARY.binaryMediaTypes, accept: given.accept };
      checkRow(convertProxyResultV1(given.result, opts), want);
    });
  }
});

describe("convertProxyResultV2", () => {
  const rows: Array<[string, V1Row]> = [
    // Reference §16 vectors 63–65.
    [
      "vector 63: a string result → 200 application/json with the string as body",
      { given: { result: "Hello from Lambda!" }, want: { status: 200, headers: [["content-type", "application/json"]], body: "Hello from Lambda!" } },
    ],
    [
      "vector 64: an object without statusCode → 200 with its JSON as body",
      { given: { result: { message: "Hello" } }, want: { status: 200, headers: [["content-type", "application/json"]], body: "{\"message\":\"Hello\"}" } },
    ],
    [
      "vector 65: cookies → one set-cookie line each",
      { given: { result: { statusCode: 201, cookies: ["a=1", "b=2"] } }, want: { status: 201, headers: [["set-cookie", "a=1"], ["set-cookie", "b=2"]], body: "" } },
    ],
    [
      "renders header values as text and decodes a base64 body",
      {
        given: { result: { statusCode: 200, headers: { "x-n": 1, "x-b": true }, body: "dGVzdC1kYXRh", isBase64Encoded: true } },
        want: { status: 200, headers: [["x-n", "1"], ["x-b", "true"]], body: "test-data" },
      },
    ],
    ["treats statusCode: undefined as absent and infers", { given: { result: { statusCode: undefined, m: 1 } }, want: { status: 200, body: "{\"m\":1}" } }],
    ["infers a JSON list result", { given: { result: [1, 2] }, want: { status: 200, body: "[1,2]" } }],
    ["infers a number result", { given: { result: 42 }, want: { status: 200, body: "42" } }],
    ["accepts a numeric-string statusCode", { given: { result: { statusCode: "204" } }, want: { status: 204, headers: [] } }],
    ["rejects a non-numeric statusCode", { given: { result: { statusCode: "abc" } }, want: { malformed: true } }],
    ["rejects cookies that are not a list", { given: { result: { statusCode: 200, cookies: "a=1" } }, want: { malformed: true } }],
    ["rejects a non-string body", { given: { result: { statusCode: 200, body: { a: 1 } } }, want: { malformed: true } }],
    ["rejects undefined (no JSON value at all)", { given: { result: undefined }, want: { malformed: true } }],
  ];
  for (const [name, { given, want }] of rows) it(name, () => checkRow(convertProxyResultV2(given.result), want));
});

describe("isBinaryMediaType", () => {
  const rows: Array<[string, { given: [string | undefined, string[]]; want: boolean }]> = [
    ["matches an exact type", { given: ["image/png", ["image/png"]], want: true }],
    ["ignores parameters and case", { given: ["Image/PNG; q=0.9", ["image/png"]], want: true }],
    ["matches anything against */*", { given: ["text/plain", ["*/*"]], want: true }],
    ["matches a right-side wildcard", { given: ["application/octet-stream", ["application/*"]], want: true }],
    ["does not match a left-side wildcard (§3.3)", { given: ["application/test", ["*/test"]], want: false }],
    ["does not expand a wildcard on the request side (Accept: image/*)", { given: ["image/*", ["image/png"]], want: false }],
    ["does not expand */* on the request side (Accept: */*)", { given: ["*/*", ["image/png"]], want: false }],
    ["is false without a type", { given: [undefined, ["*/*"]], want: false }],
    ["is false without binaryMediaTypes", { given: ["image/png", []], want: false }],
    ["does not match a different subtype", { given: ["image/gif", ["image/png"]], want: false }],
  ];
  for (const [name, { given, want }] of rows) it(name, () => assert.equal(isBinaryMediaType(given[0], given[1]), want));
});

describe(`convertProxyResultV1 properties (seed ${SEED})`, () => {
  const ALLOWED = new Set(["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]);
  const validResult = fc.record(
    {
      statusCode: fc.integer({ min: 100, max: 599 }),
      headers: fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
      body: fc.string(),
      isBase64Encoded: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  const statusCode = fc.integer({ min: 100, max: 599 });

  it("rejects any result with a key outside the five allowed", () => {
    fc.assert(
      fc.property(validResult, fc.string().filter((key) => !ALLOWED.has(key)), fc.jsonValue(), (base, key, value) => {
        // fromEntries makes even "__proto__" an own key, as JSON.parse would.
        const result = Object.fromEntries([...Object.entries(base), [key, value]]);
        return convertProxyResultV1(result, NO_BINARY).ok === false;
      }),
      { seed: SEED },
    );
  });

  it("answers with the given statusCode, as a number or a numeric string", () => {
    fc.assert(
      fc.property(statusCode, fc.boolean(), (code, asString) => {
        const outcome = convertProxyResultV1({ statusCode: asString ? String(code) : code }, NO_BINARY);
        return outcome.ok && outcome.response.statusCode === code;
      }),
      { seed: SEED },
    );
  });
});
