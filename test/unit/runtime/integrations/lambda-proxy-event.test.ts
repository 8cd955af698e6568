import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import {
  buildEventV1,
  buildEventV2,
  formatRequestTime,
  type ProxyClientCert,
  type ProxyEventInput,
} from "../../../../runtime/integrations/lambda-proxy-event.js";

// The external corpus, vendored in test/corpus/.
const CORPUS = new URL("../../../corpus/", import.meta.url);
const RECORDED_DIR = new URL("events/aws-recorded-localstack/", CORPUS);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface RecordedCase {
  file: string;
  setup: string;
  request: {
    method: string;
    raw_path_as_sent_by_python_requests: string;
    headers: Record<string, string>;
    body: string | null;
  };
  event: JsonObject;
  caveats: string[];
}

function readJson(url: URL): unknown {
  return JSON.parse(readFileSync(url, "utf8"));
}

const recordedCases: RecordedCase[] = readdirSync(RECORDED_DIR)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((file) => ({ file, ...(readJson(new URL(file, RECORDED_DIR)) as Omit<RecordedCase, "file">) }));

/** Values LocalStack's snapshot library replaced with placeholders such as `<host:1>`. */
function isPlaceholder(value: unknown): boolean {
  return typeof value === "string" && /^<[^<>]+>$/.test(value);
}

/** Headers that CloudFront / API Gateway add on their own; gwc does not synthesise them. */
function isAddedByAws(name: string): boolean {
  return /^(cloudfront-|x-forwarded-)/i.test(name) || /^(via|x-amz-cf-id|x-amzn-trace-id)$/i.test(name);
}

const FIXED = {
  requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
  extendedRequestId: "ABCDEFGHIJKLMNO=",
  requestTimeEpoch: 1583349317135,
  sourceIp: "192.0.2.7",
  apiId: "abc123defg",
  accountId: "111111111111",
  domainName: "abc123defg.execute-api.us-east-1.amazonaws.com",
  resourceId: "r1s2t3",
  deploymentId: "dep123",
  protocol: "HTTP/1.1",
} as const;

/**
 * Rebuilds what the gateway would have seen for a recorded request. python-requests sends its
 * session defaults (User-Agent, Accept-Encoding, Accept, Connection; a request header replaces a
 * default case-insensitively and keeps its own spelling), a Host header, Content-Length with a
 * body, drops the `#fragment` and percent-encodes spaces (see each file's `request.note`).
 */
function inputFromRecording(c: RecordedCase): ProxyEventInput {
  const event = c.event;
  const requestContext = event.requestContext as JsonObject;
  const stage = requestContext.stage as string;

  const [pathAndQuery] = c.request.raw_path_as_sent_by_python_requests.split("#", 1) as [string];
  const q = pathAndQuery.indexOf("?");
  const fullPath = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q);
  const rawQuery = q === -1 ? "" : pathAndQuery.slice(q + 1).replaceAll(" ", "%20");
  // The gateway strips the stage segment (and any slashes before it) before routing.
  const withoutLeadingSlashes = fullPath.replace(/^\/+/, "");
  assert.ok(withoutLeadingSlashes.startsWith(`${stage}/`), `${c.file}: path starts with the stage`);
  const rawPath = withoutLeadingSlashes.slice(stage.length);

  const merged = new Map<string, [string, string]>([
    ["user-agent", ["User-Agent", "python-requests/2.32.3"]],
    ["accept-encoding", ["Accept-Encoding", "gzip, deflate"]],
    ["accept", ["Accept", "*/*"]],
    ["connection", ["Connection", "keep-alive"]],
  ]);
  for (const [name, value] of Object.entries(c.request.headers)) merged.set(name.toLowerCase(), [name, value]);
  const body = c.request.body === null ? undefined : Buffer.from(c.request.body, "utf8");
  if (body !== undefined) merged.set("content-length", ["Content-Length", String(body.length)]);
  const rawHeaders = ["Host", FIXED.domainName];
  for (const [name, value] of merged.values()) rawHeaders.push(name, value);

  const pathParameters = event.pathParameters as Record<string, string> | null;
  return {
    apiType: "REST",
    method: c.request.method,
    rawPath,
    rawQuery,
    rawHeaders,
    body,
    isBinaryBody: false,
    resource: event.resource as string,
    routeKey: "$default",
    pathParameters: pathParameters ?? undefined,
    stage,
    stageVariables: undefined,
    ...FIXED,
    stagePrefixInPath: true,
  };
}

/** Asserts `actual[key] === want[key]` for every key of `want` whose value is not a placeholder. */
function assertSameNonVolatile(actual: Record<string, unknown>, want: JsonObject, where: string): void {
  for (const [key, value] of Object.entries(want)) {
    if (isPlaceholder(value) || (value !== null && typeof value === "object")) continue;
    assert.deepEqual(actual[key], value, `${where}.${key}`);
  }
}

function sortedKeys(value: object): string[] {
  return Object.keys(value).sort();
}

describe("buildEventV1 against events recorded from AWS (aws-recorded-localstack)", () => {
  for (const c of recordedCases) {
    describe(c.file, () => {
      const input = inputFromRecording(c);
      const event = buildEventV1(input);
      const want = c.event;

      it("has the recorded top-level field set", () => {
        assert.deepEqual(sortedKeys(event), sortedKeys(want));
      });

      it("reproduces path, resource, httpMethod and pathParameters", () => {
        assert.equal(event.path, want.path);
        assert.equal(event.resource, want.resource);
        assert.equal(event.httpMethod, want.httpMethod);
        assert.deepEqual(event.pathParameters, want.pathParameters);
        assert.deepEqual(event.stageVariables, want.stageVariables);
      });

      it("reproduces queryStringParameters and multiValueQueryStringParameters", () => {
        assert.deepEqual(event.queryStringParameters, want.queryStringParameters);
        assert.deepEqual(event.multiValueQueryStringParameters, want.multiValueQueryStringParameters);
      });

      it("reproduces the client's headers with AWS's name casing and drops Connection and Content-Length", () => {
        const wantHeaders = want.headers as JsonObject;
        const wantMulti = want.multiValueHeaders as JsonObject;
        const headers = event.headers ?? {};
        const multi = event.multiValueHeaders ?? {};
        // Every header gwc emits appears in the recording under the same name…
        for (const name of Object.keys(headers)) assert.ok(name in wantHeaders, `unexpected header ${name}`);
        assert.deepEqual(sortedKeys(multi), sortedKeys(headers));
        // …and every recorded header AWS did not add itself is emitted with the recorded value.
        for (const [name, value] of Object.entries(wantHeaders)) {
          if (isAddedByAws(name)) continue;
          assert.ok(name in headers, `missing header ${name}`);
          if (isPlaceholder(value)) continue;
          assert.equal(headers[name], value, `headers.${name}`);
          assert.deepEqual(multi[name], wantMulti[name], `multiValueHeaders.${name}`);
        }
      });

      it("reproduces body and isBase64Encoded", () => {
        assert.equal(event.isBase64Encoded, want.isBase64Encoded);
        // Caveat of these files: the snapshot library stored JSON-looking bodies parsed.
        if (want.body !== null && typeof want.body === "object") {
          assert.equal(typeof event.body, "string");
          assert.deepEqual(JSON.parse(event.body!), want.body);
        } else {
          assert.equal(event.body, want.body);
        }
      });

      it("has the recorded requestContext and identity field sets and values", () => {
        const wantContext = want.requestContext as JsonObject;
        const wantIdentity = wantContext.identity as JsonObject;
        assert.deepEqual(sortedKeys(event.requestContext), sortedKeys(wantContext));
        assert.deepEqual(sortedKeys(event.requestContext.identity), sortedKeys(wantIdentity));
        assertSameNonVolatile({ ...event.requestContext }, wantContext, "requestContext");
        assertSameNonVolatile({ ...event.requestContext.identity }, wantIdentity, "requestContext.identity");
      });
    });
  }
});

/** A neutral request; rows override what they test. */
function baseInput(overrides: Partial<ProxyEventInput> = {}): ProxyEventInput {
  return {
    apiType: "REST",
    method: "GET",
    rawPath: "/pets/7",
    rawQuery: "",
    rawHeaders: ["Host", "localhost:3000", "User-Agent", "agent/1"],
    body: undefined,
    isBinaryBody: false,
    resource: "/pets/{id}",
    routeKey: "GET /pets/{id}",
    pathParameters: { id: "7" },
    stage: "dev",
    stageVariables: undefined,
    requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    extendedRequestId: "ABCDEFGHIJKLMNO=",
    requestTimeEpoch: 1583349317135,
    sourceIp: "192.0.2.1",
    apiId: "api-id",
    accountId: "123456789012",
    domainName: "localhost",
    resourceId: "abc123",
    deploymentId: "dep123",
    protocol: "HTTP/1.1",
    stagePrefixInPath: false,
    ...overrides,
  };
}

const CERT: ProxyClientCert = {
  clientCertPem: "CERT_CONTENT",
  subjectDN: "www.example.com",
  issuerDN: "Example issuer",
  serialNumber: "a1:a1",
  validity: { notBefore: "May 28 12:30:02 2019 GMT", notAfter: "Aug  5 09:36:04 2021 GMT" },
};

describe("formatRequestTime", () => {
  const rows: Array<[string, { given: number; want: string }]> = [
    // Pairs taken from samples in test/corpus/events.
    ["formats the reference example (§3.1)", { given: 1583349317135, want: "04/Mar/2020:19:15:17 +0000" }],
    ["formats aws-lambda-go apigw-v2-request-no-authorizer", { given: 1587481701067, want: "21/Apr/2020:15:08:21 +0000" }],
    ["formats aws-lambda-go apigw-request", { given: 1589522469693, want: "15/May/2020:06:01:09 +0000" }],
    ["pads single-digit fields", { given: Date.UTC(2021, 0, 2, 3, 4, 5), want: "02/Jan/2021:03:04:05 +0000" }],
  ];
  for (const [name, { given, want }] of rows) it(name, () => assert.equal(formatRequestTime(given), want));
});

describe("buildEventV1", () => {
  const rows: Array<[string, { given: Partial<ProxyEventInput>; want: (e: ReturnType<typeof buildEventV1>) => void }]> = [
    [
      "reports absent maps as null",
      {
        given: { rawHeaders: [], pathParameters: undefined },
        want: (e) => {
          assert.equal(e.headers, null);
          assert.equal(e.multiValueHeaders, null);
          assert.equal(e.queryStringParameters, null);
          assert.equal(e.multiValueQueryStringParameters, null);
          assert.equal(e.pathParameters, null);
          assert.equal(e.stageVariables, null);
          assert.equal(e.body, null);
          assert.equal(e.requestContext.identity.userAgent, null);
        },
      },
    ],
    [
      "keeps the last value of a repeated header and all values in multiValueHeaders",
      {
        given: { rawHeaders: ["X-A", "1", "x-a", "2", "X-B", "3"] },
        want: (e) => {
          assert.deepEqual(e.headers, { "X-A": "2", "X-B": "3" });
          assert.deepEqual(e.multiValueHeaders, { "X-A": ["1", "2"], "X-B": ["3"] });
        },
      },
    ],
    [
      "decodes query parameters form-style and keeps the last value (vector 6)",
      {
        given: { rawQuery: "name=me&a=1&a=2&plus=a+b&enc=a%2Bb&flag&bad=%zz" },
        want: (e) => {
          assert.deepEqual(e.queryStringParameters, { name: "me", a: "2", plus: "a b", enc: "a+b", flag: "", bad: "%zz" });
          assert.deepEqual(e.multiValueQueryStringParameters, {
            name: ["me"],
            a: ["1", "2"],
            plus: ["a b"],
            enc: ["a+b"],
            flag: [""],
            bad: ["%zz"],
          });
        },
      },
    ],
    [
      "keeps percent-encoding in path and requestContext.path",
      {
        given: { rawPath: "/hello//world/%2B", stagePrefixInPath: true, resource: "/{proxy+}", pathParameters: { proxy: "hello//world/%2B" } },
        want: (e) => {
          assert.equal(e.path, "/hello//world/%2B");
          assert.equal(e.requestContext.path, "/dev/hello//world/%2B");
          assert.deepEqual(e.pathParameters, { proxy: "hello//world/%2B" });
        },
      },
    ],
    [
      "leaves requestContext.path without the stage when the API is not served under it",
      { given: { rawPath: "/pets/7" }, want: (e) => assert.equal(e.requestContext.path, "/pets/7") },
    ],
    [
      "base64-encodes a binary body",
      {
        given: { method: "POST", body: Buffer.from([0, 1, 2, 255]), isBinaryBody: true },
        want: (e) => {
          assert.equal(e.body, "AAEC/w==");
          assert.equal(e.isBase64Encoded, true);
        },
      },
    ],
    [
      "passes a text body as UTF-8",
      {
        given: { method: "POST", body: Buffer.from("héllo", "utf8") },
        want: (e) => {
          assert.equal(e.body, "héllo");
          assert.equal(e.isBase64Encoded, false);
        },
      },
    ],
    [
      "omits identity.apiKey, apiKeyId, clientCert and authorizer when not applicable",
      {
        given: {},
        want: (e) => {
          for (const key of ["apiKey", "apiKeyId", "clientCert"]) assert.equal(key in e.requestContext.identity, false, key);
          assert.equal("authorizer" in e.requestContext, false);
          assert.equal("version" in e, false);
        },
      },
    ],
    [
      "adds identity.apiKey, apiKeyId, clientCert and authorizer when given",
      {
        given: { apiKey: "k", apiKeyId: "kid", clientCert: CERT, authorizer: { principalId: "u", n: "1" } },
        want: (e) => {
          assert.equal(e.requestContext.identity.apiKey, "k");
          assert.equal(e.requestContext.identity.apiKeyId, "kid");
          assert.deepEqual(e.requestContext.identity.clientCert, CERT);
          assert.deepEqual(e.requestContext.authorizer, { principalId: "u", n: "1" });
        },
      },
    ],
    [
      "falls back to apiId for a REST deploymentId that is not given",
      {
        given: { deploymentId: undefined },
        want: (e) => assert.equal(e.requestContext.deploymentId, "api-id"),
      },
    ],
    [
      "adds version 1.0, no deploymentId and a null resourceId for HTTP APIs",
      {
        given: { apiType: "HTTP", rawHeaders: ["user-agent", "a", "connection", "close", "content-length", "0"] },
        want: (e) => {
          assert.equal(e.version, "1.0");
          assert.equal("deploymentId" in e.requestContext, false);
          assert.equal(e.requestContext.resourceId, null);
          // No CloudFront in front of HTTP APIs: names stay as sent; only hop-by-hop fields go.
          assert.deepEqual(e.headers, { "user-agent": "a", "content-length": "0" });
        },
      },
    ],
    [
      "capitalises Authorization and User-Agent for REST and keeps other names as sent",
      {
        given: { rawHeaders: ["authorization", "t", "user-agent", "u", "x-CuStOm", "c", "cache-control", "no-cache"] },
        want: (e) => assert.deepEqual(e.headers, { Authorization: "t", "User-Agent": "u", "x-CuStOm": "c", "cache-control": "no-cache" }),
      },
    ],
    [
      "stores a header named __proto__ as an own key",
      {
        given: { rawHeaders: ["__proto__", "x"], rawQuery: "__proto__=y" },
        want: (e) => {
          assert.equal(Object.getPrototypeOf(e.headers), Object.prototype);
          assert.equal(Object.getOwnPropertyDescriptor(e.headers, "__proto__")?.value, "x");
          assert.deepEqual(Object.getOwnPropertyDescriptor(e.multiValueHeaders, "__proto__")?.value, ["x"]);
          assert.equal(Object.getOwnPropertyDescriptor(e.queryStringParameters, "__proto__")?.value, "y");
        },
      },
    ],
    [
      "copies stage variables instead of sharing the stage's object",
      {
        given: { stageVariables: Object.freeze({ k: "v" }) },
        want: (e) => {
          assert.deepEqual(e.stageVariables, { k: "v" });
          assert.equal(Object.isFrozen(e.stageVariables), false);
        },
      },
    ],
  ];
  for (const [name, { given, want }] of rows) it(name, () => want(buildEventV1(baseInput(given))));

  it("has the field set of AWS's HTTP API payload 1.0 example (powertools apiGatewayProxyEvent.json)", () => {
    const sample = readJson(new URL("events/powertools-python/apiGatewayProxyEvent.json", CORPUS)) as JsonObject;
    const event = buildEventV1(baseInput({ apiType: "HTTP", clientCert: CERT, authorizer: { claims: null, scopes: null } }));
    const sampleContext = sample.requestContext as JsonObject;
    assert.deepEqual(sortedKeys(event), sortedKeys(sample));
    assert.deepEqual(sortedKeys(event.requestContext), sortedKeys(sampleContext));
    assert.deepEqual(sortedKeys(event.requestContext.identity), sortedKeys(sampleContext.identity as JsonObject));
  });
});

describe("buildEventV2", () => {
  const rows: Array<[string, { given: Partial<ProxyEventInput>; want: (e: ReturnType<typeof buildEventV2>) => void }]> = [
    [
      "joins repeated query parameters with a comma and has no multiValue fields (vector 66)",
      {
        given: { rawQuery: "a=1&a=2" },
        want: (e) => {
          assert.deepEqual(e.queryStringParameters, { a: "1,2" });
          assert.equal(e.rawQueryString, "a=1&a=2");
          assert.equal("multiValueQueryStringParameters" in e, false);
          assert.equal("multiValueHeaders" in e, false);
        },
      },
    ],
    [
      "keeps rawQueryString as received while decoding queryStringParameters",
      {
        given: { rawQuery: "q=a+b%21&x" },
        want: (e) => {
          assert.equal(e.rawQueryString, "q=a+b%21&x");
          assert.deepEqual(e.queryStringParameters, { q: "a b!", x: "" });
        },
      },
    ],
    [
      "lower-cases header names and joins duplicates with a comma",
      {
        given: { rawHeaders: ["Host", "h", "X-Multi", "v1", "x-multi", "v2", "User-Agent", "ua", "Connection", "keep-alive"] },
        want: (e) => {
          assert.deepEqual(e.headers, { host: "h", "x-multi": "v1,v2", "user-agent": "ua" });
          assert.equal(e.requestContext.http.userAgent, "ua");
        },
      },
    ],
    [
      "moves cookies out of the headers, one entry per pair",
      {
        given: { rawHeaders: ["Cookie", "a=1; b=2", "cookie", "c=3", "X-A", "x"] },
        want: (e) => {
          assert.deepEqual(e.cookies, ["a=1", "b=2", "c=3"]);
          assert.deepEqual(e.headers, { "x-a": "x" });
        },
      },
    ],
    [
      "omits absent optional fields",
      {
        given: { rawHeaders: [], pathParameters: undefined },
        want: (e) => {
          for (const key of ["cookies", "queryStringParameters", "pathParameters", "stageVariables", "body"]) {
            assert.equal(key in e, false, key);
          }
          assert.deepEqual(e.headers, {});
          assert.equal(e.requestContext.http.userAgent, "");
          assert.equal("authentication" in e.requestContext, false);
          assert.equal("authorizer" in e.requestContext, false);
        },
      },
    ],
    [
      "prefixes rawPath and http.path with the stage when served under it",
      {
        given: { rawPath: "/pets/7", stagePrefixInPath: true },
        want: (e) => {
          assert.equal(e.rawPath, "/dev/pets/7");
          assert.equal(e.requestContext.http.path, "/dev/pets/7");
        },
      },
    ],
    [
      "base64-encodes a binary body",
      {
        given: { method: "POST", body: Buffer.from([255, 254]), isBinaryBody: true },
        want: (e) => {
          assert.equal(e.body, "//4=");
          assert.equal(e.isBase64Encoded, true);
        },
      },
    ],
    [
      "fills routeKey, time and the http block",
      {
        given: { method: "DELETE", sourceIp: "198.51.100.9", stage: "$default", domainName: "id.execute-api.us-east-1.amazonaws.com" },
        want: (e) => {
          assert.equal(e.routeKey, "GET /pets/{id}");
          assert.equal(e.requestContext.routeKey, "GET /pets/{id}");
          assert.equal(e.requestContext.time, "04/Mar/2020:19:15:17 +0000");
          assert.equal(e.requestContext.timeEpoch, 1583349317135);
          assert.equal(e.requestContext.domainPrefix, "id");
          assert.equal(e.requestContext.stage, "$default");
          assert.deepEqual(e.requestContext.http, {
            method: "DELETE",
            path: "/pets/7",
            protocol: "HTTP/1.1",
            sourceIp: "198.51.100.9",
            userAgent: "agent/1",
          });
        },
      },
    ],
  ];
  for (const [name, { given, want }] of rows) it(name, () => want(buildEventV2(baseInput(given))));

  it("has the field set of aws-lambda-go apigw-v2-request-no-authorizer.json", () => {
    const sample = readJson(new URL("events/aws-lambda-go/apigw-v2-request-no-authorizer.json", CORPUS)) as JsonObject;
    const event = buildEventV2(
      baseInput({ rawPath: "/", rawQuery: "", pathParameters: undefined, routeKey: "$default", clientCert: CERT }),
    );
    const context = sample.requestContext as JsonObject;
    assert.deepEqual(sortedKeys(event), sortedKeys(sample));
    assert.deepEqual(sortedKeys(event.requestContext), sortedKeys(context));
    assert.deepEqual(sortedKeys(event.requestContext.http), sortedKeys(context.http as JsonObject));
    assert.equal(event.rawQueryString, sample.rawQueryString);
  });

  it("has the field set and query values of powertools apiGatewayProxyV2Event.json", () => {
    const sample = readJson(new URL("events/powertools-python/apiGatewayProxyV2Event.json", CORPUS)) as JsonObject;
    const event = buildEventV2(
      baseInput({
        method: "POST",
        rawPath: "/my/path",
        rawQuery: sample.rawQueryString as string,
        rawHeaders: ["Header1", "value1", "Header2", "value1", "Header2", "value2", "Cookie", "cookie1; cookie2"],
        body: Buffer.from(sample.body as string),
        pathParameters: { parameter1: "value1" },
        stageVariables: { stageVariable1: "value1", stageVariable2: "value2" },
        routeKey: "$default",
        clientCert: CERT,
        authorizer: { jwt: { claims: { claim1: "value1" }, scopes: ["scope1"] } },
      }),
    );
    const context = sample.requestContext as JsonObject;
    assert.deepEqual(sortedKeys(event), sortedKeys(sample));
    assert.deepEqual(sortedKeys(event.requestContext), sortedKeys(context));
    assert.deepEqual(event.queryStringParameters, sample.queryStringParameters);
    assert.deepEqual(event.cookies, sample.cookies);
    assert.equal(event.body, sample.body);
    // The sample keeps "Header2" capitalised (it is hand-written); AWS lower-cases names (§3.2).
    assert.equal(event.headers.header2, (sample.headers as JsonObject).Header2);
  });
});
