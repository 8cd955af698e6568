/**
 * Replays the AWS behaviour LocalStack recorded from real Amazon API Gateway
 * (test/corpus/aws-snapshots/extracted/, see that folder's README) against gwc over real sockets:
 *
 * - request-validation.json: for each distinct `setup` an equivalent OpenAPI document is written
 *   and built; each recorded request is sent and the status (and message, when recorded) compared.
 * - lambda-proxy-response-format.json: test/fixtures/rest-lambda-proxy's function returns its JSON
 *   request body, as the recorded function did, so each `lambdaResult` is sent as the body (no body
 *   for the `lambdaError` row: the function then throws); status, content and headers compared.
 * - default-gateway-responses.json: every recorded type's status is checked against the runtime's
 *   DEFAULT_GATEWAY_RESPONSES; the types gwc can trigger today are triggered through
 *   test/fixtures/rest-gateway-triggers and their status and message compared with the recording
 *   and reference §6; the recorded routing misses are replayed on the same fixture.
 *
 * Known failures live in aws-snapshots.expected-failures.json as
 * `{ "<table>": { "<vector> :: <check>": "<reason>" } }` (STYLE.md §8 "Conformance"). The run
 * fails on an unexpected failure, on a listed failure that passes, and on a listed check that no
 * longer exists.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { request } from "undici";
import { DEFAULT_GATEWAY_RESPONSES, type GatewayResponseType } from "../../runtime/responses/gateway-responses.js";
import { CORPUS, REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

const EXTRACTED = path.join(CORPUS, "aws-snapshots/extracted");
const FIXTURES = path.join(REPO_ROOT, "test/fixtures");
const EXPECTED_FILE = new URL("./aws-snapshots.expected-failures.json", import.meta.url);

type TableName = "request-validation" | "lambda-proxy-response-format" | "default-gateway-responses";
type Expectations = Record<TableName, Record<string, string>>;

const expected = JSON.parse(readFileSync(EXPECTED_FILE, "utf8")) as Expectations;

function readTable<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(EXTRACTED, file), "utf8")) as T;
}

/** One compared aspect of a vector: a name (`status`, `header X-Foo`, …) and what went wrong, if anything. */
interface Check {
  name: string;
  problem: string | undefined;
}

function check(name: string, actual: unknown, want: unknown): Check {
  try {
    assert.deepStrictEqual(actual, want);
    return { name, problem: undefined };
  } catch {
    return { name, problem: `got ${JSON.stringify(actual)}, recorded ${JSON.stringify(want)}` };
  }
}

/** Per-table tally for the summary line. */
const tally: Record<TableName, { total: number; passed: number; known: number }> = {
  "request-validation": { total: 0, passed: 0, known: 0 },
  "lambda-proxy-response-format": { total: 0, passed: 0, known: 0 },
  "default-gateway-responses": { total: 0, passed: 0, known: 0 },
};
/** Expectation keys met during the run, to find stale entries. */
const seenKeys = new Set<string>();

/**
 * Settles one vector against the expectation file: unexpected failures and listed failures
 * that now pass both fail the test.
 */
function settle(table: TableName, vector: string, checks: readonly Check[]): void {
  const known = expected[table] ?? {};
  const unexpected: string[] = [];
  const nowPassing: string[] = [];
  let knownFailures = 0;
  for (const c of checks) {
    const key = `${vector} :: ${c.name}`;
    seenKeys.add(`${table}/${key}`);
    const listed = Object.hasOwn(known, key);
    if (c.problem !== undefined && !listed) unexpected.push(`${c.name}: ${c.problem}`);
    else if (c.problem === undefined && listed) nowPassing.push(key);
    else if (c.problem !== undefined) knownFailures++;
  }
  tally[table].total++;
  if (checks.every((c) => c.problem === undefined)) tally[table].passed++;
  if (knownFailures > 0) tally[table].known++;
  assert.deepEqual(unexpected, [], `${vector} differs from the AWS recording`);
  assert.deepEqual(nowPassing, [], `listed in aws-snapshots.expected-failures.json but passing now: remove them`);
}

/** Response body as the recording stores it: parsed JSON when it parses, else the text. */
function content(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// --- request-validation.json: the recorded setups as OpenAPI -------------------------------------

interface ValidationSetup {
  resource: string;
  methods: string[];
  requestValidator: { validateRequestBody: boolean; validateRequestParameters: boolean };
  requestParameters?: Record<string, boolean>;
  /** The POST method's parameters when the recorded test patched them. */
  requestParameters_POST?: Record<string, boolean>;
  requestModels: Record<string, string>;
  models: Record<string, unknown>;
  /** `AWS_PROXY Lambda` or `MOCK returning <json>`. */
  integration: string;
}

interface ValidationVector {
  name: string;
  setup: ValidationSetup;
  request: { method: "GET" | "POST"; path: string; query?: Record<string, string>; headers: Record<string, string>; body: string | null };
  expected: { status: number; body?: unknown };
}

const OPENAPI_LOCATION: Readonly<Record<string, string>> = { path: "path", querystring: "query", header: "header" };

/** Writes an OpenAPI 3.0 document (and a handler, for Lambda setups) equivalent to a recorded setup. */
function writeValidationSpec(dir: string, setup: ValidationSetup): void {
  mkdirSync(path.join(dir, "handlers"), { recursive: true });
  const mock = /^MOCK returning (.+)$/.exec(setup.integration);
  if (!mock && setup.integration !== "AWS_PROXY Lambda") throw new Error(`unknown recorded integration ${setup.integration}`);
  const integration = mock
    ? {
        type: "mock",
        requestTemplates: { "application/json": `{"statusCode": 200}` },
        responses: { default: { statusCode: "200", responseTemplates: { "application/json": mock[1] } } },
      }
    : {
        type: "aws_proxy",
        httpMethod: "POST",
        uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:accept/invocations",
      };
  const pathItem: Record<string, unknown> = {};
  // A path parameter a method does not declare (the recorded POST dropped `test`) is still
  // matched by the router; only declared ones are required.
  for (const method of setup.methods) {
    const params = (method === "POST" ? setup.requestParameters_POST : undefined) ?? setup.requestParameters ?? {};
    pathItem[method.toLowerCase()] = {
      parameters: Object.entries(params).map(([key, required]) => {
        const [, where, name] = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(key) ?? [];
        return { name, in: OPENAPI_LOCATION[where!], required, schema: { type: "string" } };
      }),
      requestBody: {
        content: Object.fromEntries(Object.entries(setup.requestModels).map(([ct, model]) => [ct, { schema: { $ref: `#/components/schemas/${model}` } }])),
      },
      "x-amazon-apigateway-request-validator": "recorded",
      responses: { "200": { description: "OK" } },
      "x-amazon-apigateway-integration": integration,
    };
  }
  const doc = {
    openapi: "3.0.3",
    info: { title: "Recorded request-validation setup", version: "1" },
    "x-amazon-apigateway-request-validators": { recorded: setup.requestValidator },
    paths: { [setup.resource]: pathItem },
    components: { schemas: setup.models },
  };
  writeFileSync(path.join(dir, "openapi.json"), JSON.stringify(doc, null, 2) + "\n");
  if (!mock) writeFileSync(path.join(dir, "handlers", "accept.ts"), `export async function handler() {\n  return { statusCode: 200, body: "{}" };\n}\n`);
}

// --- lambda-proxy-response-format.json -------------------------------------------------------------

interface LambdaProxyVector {
  name: string;
  lambdaResult?: unknown;
  lambdaError?: unknown;
  expected: { status: number; content: unknown; headers?: Record<string, string> };
}

/**
 * Headers CloudFront adds in front of an edge-optimised endpoint, not API Gateway: the recording
 * was made through one, gwc serves like a Regional endpoint.
 */
const EDGE_HEADERS = new Set(["via", "x-amz-cf-id", "x-amz-cf-pop", "x-cache"]);

// --- default-gateway-responses.json --------------------------------------------------------------

interface GatewayResponsesTable {
  defaults: { responseType: string; statusCode?: string; responseTemplates: Record<string, string> }[];
  routingNotFound: { recorded: Record<string, { content: unknown; errorType: string }> };
}

/** How to trigger a type on rest-gateway-triggers, and the message reference §6 gives for it. */
interface Trigger {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  message: string;
  /** REQUEST_TOO_LARGE answers plain text, not JSON (reference §6). */
  plainText?: boolean;
  /** x-amzn-ErrorType, where the reference gives it without [U]. */
  errorType?: string;
}

const TRIGGERS: Partial<Record<GatewayResponseType, Trigger>> = {
  MISSING_AUTHENTICATION_TOKEN: { method: "GET", path: "/does-not-exist", message: "Missing Authentication Token", errorType: "MissingAuthenticationTokenException" },
  BAD_REQUEST_PARAMETERS: { method: "GET", path: "/bad-request-parameters", message: "Missing required request parameters: [q]", errorType: "BadRequestException" },
  BAD_REQUEST_BODY: { method: "POST", path: "/bad-request-body", headers: { "content-type": "application/json" }, body: "{}", message: "Invalid request body", errorType: "BadRequestException" },
  UNSUPPORTED_MEDIA_TYPE: { method: "POST", path: "/unsupported-media-type", headers: { "content-type": "application/xml" }, body: "<a/>", message: "Unsupported Media Type" },
  REQUEST_TOO_LARGE: { method: "POST", path: "/bad-request-body", body: Buffer.alloc(10_485_761), message: "HTTP content length exceeded 10485760 bytes.", plainText: true },
  INTEGRATION_TIMEOUT: { method: "GET", path: "/integration-timeout", message: "Endpoint request timed out" },
  API_CONFIGURATION_ERROR: { method: "GET", path: "/api-configuration-error", message: "Internal server error", errorType: "InternalServerErrorException" },
};

// --- the replay --------------------------------------------------------------------------------

describe("aws-snapshots replay", () => {
  describe("request-validation.json", () => {
    const table = readTable<{ vectors: ValidationVector[] }>("request-validation.json");
    // Vectors that share a setup share one built gateway.
    const groups = new Map<string, ValidationVector[]>();
    for (const v of table.vectors) {
      const key = JSON.stringify(v.setup);
      groups.set(key, [...(groups.get(key) ?? []), v]);
    }
    const root = path.join(REPO_ROOT, ".tmp", `aws-snapshots-${randomUUID().slice(0, 8)}`);
    const gateways = new Map<string, RunningGateway>();
    before(async () => {
      let n = 0;
      for (const [key, vectors] of groups) {
        const dir = path.join(root, `setup${++n}`);
        writeValidationSpec(dir, vectors[0]!.setup);
        gateways.set(key, await startGateway(dir));
      }
    });
    after(async () => {
      for (const gw of gateways.values()) await gw.close();
      rmSync(root, { recursive: true, force: true });
    });

    for (const v of table.vectors) {
      it(`matches AWS for ${v.name}`, async () => {
        const gw = gateways.get(JSON.stringify(v.setup))!;
        const query = new URLSearchParams(v.request.query ?? {}).toString();
        const res = await request(`${gw.url}${v.request.path}${query === "" ? "" : `?${query}`}`, {
          method: v.request.method,
          headers: v.request.headers,
          body: v.request.body ?? undefined,
        });
        const text = await res.body.text();
        const checks = [check("status", res.statusCode, v.expected.status)];
        if (v.expected.body !== undefined) checks.push(check("body", content(text), v.expected.body));
        settle("request-validation", v.name, checks);
      });
    }
  });

  describe("lambda-proxy-response-format.json", () => {
    const table = readTable<{ vectors: LambdaProxyVector[] }>("lambda-proxy-response-format.json");
    let gw: RunningGateway;
    before(async () => {
      gw = await startGateway(path.join(FIXTURES, "rest-lambda-proxy"));
    });
    after(async () => {
      await gw.close();
    });

    for (const v of table.vectors) {
      it(`matches AWS for ${v.name}`, async () => {
        // The recorded client: POST /test/test, User-Agent python/test, the result as JSON body.
        const res = await request(`${gw.url}/test/test`, {
          method: "POST",
          headers: { "user-agent": "python/test", ...(v.lambdaError ? {} : { "content-type": "application/json" }) },
          body: v.lambdaError ? undefined : JSON.stringify(v.lambdaResult),
        });
        const text = await res.body.text();
        const checks = [check("status", res.statusCode, v.expected.status), check("content", content(text), v.expected.content)];
        for (const [name, value] of Object.entries(v.expected.headers ?? {})) {
          if (EDGE_HEADERS.has(name.toLowerCase())) continue;
          const got = res.headers[name.toLowerCase()];
          const joined = Array.isArray(got) ? got.join(", ") : got;
          // Placeholders (`<uuid:1>`, `<date>`) stand for volatile values: only presence is compared.
          const placeholder = /^<[^>]+>$/.test(value);
          checks.push(check(`header ${name}`, placeholder ? joined !== undefined : joined, placeholder ? true : value));
        }
        settle("lambda-proxy-response-format", v.name, checks);
      });
    }
  });

  describe("default-gateway-responses.json", () => {
    const table = readTable<GatewayResponsesTable>("default-gateway-responses.json");
    let gw: RunningGateway;
    before(async () => {
      gw = await startGateway(path.join(FIXTURES, "rest-gateway-triggers"));
    });
    after(async () => {
      await gw.close();
    });

    it("lists exactly the recorded response types in the runtime table", () => {
      const recorded = table.defaults.map((d) => d.responseType).sort();
      assert.deepEqual(Object.keys(DEFAULT_GATEWAY_RESPONSES).sort(), recorded);
    });

    for (const d of table.defaults) {
      const type = d.responseType as GatewayResponseType;
      const trigger = TRIGGERS[type];
      const how = trigger ? "when triggered" : "in the runtime table";
      it(`matches AWS for ${type} ${how}`, async () => {
        const recordedStatus = d.statusCode === undefined ? undefined : Number(d.statusCode);
        const checks = [check("runtime table status", DEFAULT_GATEWAY_RESPONSES[type]?.statusCode, recordedStatus)];
        if (trigger) {
          const res = await request(`${gw.url}${trigger.path}`, { method: trigger.method, headers: trigger.headers, body: trigger.body });
          const text = await res.body.text();
          checks.push(check("status", res.statusCode, recordedStatus));
          checks.push(check("message", trigger.plainText ? text : (content(text) as { message?: unknown })?.message, trigger.message));
          if (trigger.errorType !== undefined) checks.push(check("x-amzn-ErrorType", res.headers["x-amzn-errortype"], trigger.errorType));
        }
        settle("default-gateway-responses", type, checks);
      });
    }

    const misses: [string, { method: "GET" | "DELETE"; path: string }][] = [
      ["not-found", { method: "GET", path: "/does-not-exist" }],
      ["wrong-method", { method: "DELETE", path: "/bad-request-parameters" }],
    ];
    for (const [name, req] of misses) {
      it(`matches AWS for the routing miss ${name}`, async () => {
        const recorded = table.routingNotFound.recorded[name]!;
        const res = await request(`${gw.url}${req.path}`, { method: req.method });
        const text = await res.body.text();
        assert.equal(res.statusCode, 403);
        assert.deepEqual(content(text), recorded.content);
        assert.equal(res.headers["x-amzn-errortype"], recorded.errorType);
      });
    }
  });

  it("lists no stale expected failures", (t) => {
    const line = (table: TableName, label: string): string => {
      const { passed, total, known } = tally[table];
      return `${passed}/${total} ${label}${known > 0 ? ` (${known} with known failures)` : ""}`;
    };
    const summary = `aws-snapshots: ${line("request-validation", "request-validation")}, ${line("lambda-proxy-response-format", "lambda-proxy-response")}, ${line("default-gateway-responses", "gateway-response defaults")}`;
    t.diagnostic(summary);
    console.log(summary);
    const stale = Object.entries(expected).flatMap(([table, cases]) => Object.keys(cases).map((k) => `${table}/${k}`)).filter((k) => !seenKeys.has(k));
    assert.deepEqual(stale, []);
  });
});
