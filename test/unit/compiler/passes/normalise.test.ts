import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DiagnosticBag, type Diagnostic } from "../../../../compiler/diagnostics/diagnostic.js";
import type { IrApi, IrIntegration } from "../../../../compiler/ir.js";
import { parseSource } from "../../../../compiler/load/source-map.js";
import { findVtlConstruct, normaliseApi, uriText } from "../../../../compiler/passes/normalise/index.js";

/** Normalises an inline document (JSON when given an object, YAML when given text); no I/O. */
function normalise(doc: object | string, handlers: readonly string[] = []): { ir: IrApi | undefined; diagnostics: Diagnostic[] } {
  const file = typeof doc === "string" ? "api/openapi.yaml" : "api/openapi.json";
  const parsed = parseSource(file, typeof doc === "string" ? doc : JSON.stringify(doc, null, 2));
  if (!("doc" in parsed)) throw new Error(`fixture does not parse: ${parsed.problem.detail}`);
  const source = parsed.doc;
  const bag = new DiagnosticBag((origin) => source.locate(origin.pointer));
  const ir = normaliseApi(
    { name: "api", dir: "api", openapi: source, gateway: undefined, gatewayFile: undefined, handlerFiles: handlers.map((h) => `api/handlers/${h}.ts`) },
    bag,
  );
  return { ir, diagnostics: bag.sorted() };
}

/** `code pointer` of every diagnostic, for compact assertions. */
function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.location.pointer}`);
}

const mock = { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' }, responses: { default: { statusCode: "200" } } };
const httpProxy = (uri: unknown): object => ({ type: "http_proxy", httpMethod: "GET", uri });
const op = (integration: object, extra: object = {}): object => ({ responses: { "200": { description: "ok" } }, "x-amazon-apigateway-integration": integration, ...extra });
const oas = (paths: object, extra: object = {}): object => ({ openapi: "3.0.1", info: { title: "t", version: "1" }, paths, ...extra });

describe("normaliseApi document versions", () => {
  const rows: Array<[string, { given: string; want: IrApi["schemaDialect"] }]> = [
    ["reads an unquoted YAML `swagger: 2.0` (the number 2) as Swagger 2.0", { given: "swagger: 2.0\ninfo: {title: t, version: '1'}\npaths: {}\n", want: "draft-04" }],
    ["reads an unquoted YAML `openapi: 3.0` (the number 3) as OpenAPI 3.0", { given: "openapi: 3.0\ninfo: {title: t, version: '1'}\npaths: {}\n", want: "draft-04" }],
    ["reads `openapi: \"3.0\"` as OpenAPI 3.0", { given: "openapi: '3.0'\ninfo: {title: t, version: '1'}\npaths: {}\n", want: "draft-04" }],
    ["reads an unquoted YAML `openapi: 3.1` as OpenAPI 3.1", { given: "openapi: 3.1\ninfo: {title: t, version: '1'}\npaths: {}\n", want: "2020-12" }],
  ];
  for (const [name, { given, want }] of rows) {
    it(name, () => {
      const { ir, diagnostics } = normalise(given);
      assert.deepEqual(codes(diagnostics), []);
      assert.equal(ir?.schemaDialect, want);
    });
  }

  it("reports GWC1005 for openapi 4.0", () => {
    const { ir, diagnostics } = normalise("openapi: '4.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert.equal(ir, undefined);
    assert.deepEqual(codes(diagnostics), ["GWC1005 /openapi"]);
  });
});

describe("normaliseApi API type", () => {
  const rows: Array<[string, { given: object; want: IrApi["apiType"] }]> = [
    ["takes payloadFormatVersion as a sign of an HTTP API", { given: oas({ "/a": { get: op({ ...httpProxy("http://h/"), payloadFormatVersion: "1.0" }) } }), want: "HTTP" }],
    ["takes x-amazon-apigateway-importexport-version as an HTTP API", { given: oas({}, { "x-amazon-apigateway-importexport-version": "1.0" }), want: "HTTP" }],
    [
      "lets a MOCK integration (REST only) win over payloadFormatVersion",
      { given: oas({ "/a": { get: op({ ...httpProxy("http://h/"), payloadFormatVersion: "1.0" }) }, "/b": { get: op(mock) } }), want: "REST" },
    ],
    [
      "lets a Cognito authorizer (REST only) win over x-amazon-apigateway-cors, as AWS imported localstack-cognito-authorizers",
      {
        given: oas(
          { "/a": { get: op(httpProxy("http://h/")) } },
          {
            "x-amazon-apigateway-cors": { allowOrigins: ["*"] },
            components: { securitySchemes: { c: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authorizer": { type: "cognito_user_pools" } } } },
          },
        ),
        want: "REST",
      },
    ],
    ["lets request validators (REST only) win over reusable integrations", {
      given: oas({ "/a": { get: op(httpProxy("http://h/")) } }, { "x-amazon-apigateway-request-validators": {}, components: { "x-amazon-apigateway-integrations": {} } }),
      want: "REST",
    }],
    ["defaults to REST without any sign", { given: oas({ "/a": { get: op(httpProxy("http://h/")) } }), want: "REST" }],
  ];
  for (const [name, { given, want }] of rows) {
    it(name, () => assert.equal(normalise(given).ir?.apiType, want));
  }
});

describe("normaliseApi security", () => {
  const authorizer = { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "custom", "x-amazon-apigateway-authorizer": { type: "request", authorizerUri: "arn:x" } };
  const withRoot = (paths: object): object => oas(paths, { security: [{ auth: [] }], components: { securitySchemes: { auth: authorizer } } });

  it("reports GWC2003 at the root requirement when an operation without security inherits an authorizer", () => {
    const { diagnostics } = normalise(withRoot({ "/a": { get: op(mock) }, "/b": { get: op(mock) } }));
    assert.deepEqual(codes(diagnostics), ["GWC2003 /security/0/auth"]);
    assert.equal(diagnostics[0]!.message, 'Authorizer "auth" (type request) is not supported yet');
  });

  it("reports nothing when every operation overrides the root requirement with security: []", () => {
    assert.deepEqual(codes(normalise(withRoot({ "/a": { get: op(mock, { security: [] }) } })).diagnostics), []);
  });

  it("reports the operation's own requirement rather than the root one", () => {
    assert.deepEqual(codes(normalise(withRoot({ "/a": { get: op(mock, { security: [{ auth: [] }] }) } })).diagnostics), ["GWC2003 /paths/~1a/get/security/0/auth"]);
  });

  it("applies the root requirement to HTTP APIs too", () => {
    const doc = withRoot({ "/a": { get: op({ ...httpProxy("http://h/"), payloadFormatVersion: "1.0" }) } });
    assert.deepEqual(codes(normalise(doc).diagnostics), ["GWC2003 /security/0/auth"]);
  });
});

describe("normaliseApi integration fields written as CloudFormation", () => {
  function integrationOf(given: object): { integration: IrIntegration | undefined; diagnostics: Diagnostic[] } {
    const { ir, diagnostics } = normalise(oas({ "/a": { get: op(given) } }));
    return { integration: ir?.routes[0]?.integration, diagnostics };
  }

  it("warns GWC2009 for timeoutInMillis given as {Ref} and keeps the default timeout", () => {
    const { integration, diagnostics } = integrationOf({ ...httpProxy("http://h/"), timeoutInMillis: { Ref: "Timeout" } });
    assert.deepEqual(codes(diagnostics), ["GWC2009 /paths/~1a/get/x-amazon-apigateway-integration/timeoutInMillis"]);
    assert.equal(diagnostics[0]!.severity, "warning");
    assert.match(diagnostics[0]!.message, /\{"Ref":"Timeout"\}/);
    assert.equal(integration?.kind === "http-proxy" && integration.timeoutInMillis, 29000);
  });

  it("quotes a timeout that is neither a number nor an intrinsic as JSON in GWC2006", () => {
    const { diagnostics } = integrationOf({ ...httpProxy("http://h/"), timeoutInMillis: { seconds: 3 } });
    assert.deepEqual(codes(diagnostics), ["GWC2006 /paths/~1a/get/x-amazon-apigateway-integration/timeoutInMillis"]);
    assert.equal(diagnostics[0]!.message, 'timeoutInMillis {"seconds":3} is outside 50..29000');
  });

  it("reads an Fn::Sub uri with its literal variables and ${!...} escapes", () => {
    const { integration, diagnostics } = integrationOf(httpProxy({ "Fn::Sub": ["https://${Host}/${!stageVariables.path}/{id}", { Host: "example.com" }] }));
    assert.deepEqual(codes(diagnostics), []);
    assert.deepEqual(integration?.kind === "http-proxy" ? integration.uri : undefined, [
      { kind: "text", value: "https://example.com/" },
      { kind: "stage-variable", name: "path" },
      { kind: "text", value: "/" },
      { kind: "path-param", name: "id" },
    ]);
  });

  const placeholderRows: Array<[string, { uri: unknown; placeholder: string }]> = [
    ["an Fn::Sub resource attribute", { uri: { "Fn::Sub": "http://${PrivateALB.DNSName}/{proxy}" }, placeholder: "${PrivateALB.DNSName}" }],
    ["a template variable in a plain string", { uri: "${uri}/{petId}", placeholder: "${uri}" }],
    ["a pseudo parameter", { uri: "https://api.${AWS::Region}.example.com/", placeholder: "${AWS::Region}" }],
  ];
  for (const [name, { uri, placeholder }] of placeholderRows) {
    it(`reports GWC2005 naming the placeholder for ${name}`, () => {
      const { diagnostics } = integrationOf(httpProxy(uri));
      assert.deepEqual(codes(diagnostics), ["GWC2005 /paths/~1a/get/x-amazon-apigateway-integration/uri"]);
      assert.ok(diagnostics[0]!.message.includes(`placeholder "${placeholder}"`), diagnostics[0]!.message);
    });
  }

  it("reports GWC2003, not a function named stageVariables, for a Lambda ARN chosen by a stage variable", () => {
    const uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}/invocations";
    const { diagnostics } = integrationOf({ type: "aws_proxy", httpMethod: "POST", uri });
    assert.deepEqual(codes(diagnostics), ["GWC2003 /paths/~1a/get/x-amazon-apigateway-integration/uri"]);
    assert.equal(diagnostics[0]!.message, "A Lambda function chosen by a stage variable (${stageVariables.fn}) is not supported yet");
  });

  it("still builds a ${stageVariables.x} uri", () => {
    const { integration, diagnostics } = integrationOf(httpProxy("https://${stageVariables.TestHost}/x"));
    assert.deepEqual(codes(diagnostics), []);
    assert.equal(integration?.kind, "http-proxy");
  });
});

describe("uriText", () => {
  const rows: Array<[string, { given: unknown; want: string | undefined }]> = [
    ["returns a string as is", { given: "http://h/${x}", want: "http://h/${x}" }],
    ["unwraps Fn::Sub", { given: { "Fn::Sub": "http://${A}/" }, want: "http://${A}/" }],
    ["fills literal Fn::Sub variables only", { given: { "Fn::Sub": ["${A}/${B}", { A: "a", B: { Ref: "B" } }] }, want: "a/${B}" }],
    ["unescapes ${!x}", { given: { "Fn::Sub": "http://${!stageVariables.h}/" }, want: "http://${stageVariables.h}/" }],
    ["gives up on other intrinsics", { given: { "Fn::GetAtt": ["A", "Arn"] }, want: undefined }],
  ];
  for (const [name, { given, want }] of rows) it(name, () => assert.equal(uriText(given), want));
});

describe("normaliseApi gateway responses", () => {
  it("warns GWC2009 for gatewayresponse.path and .querystring targets, which AWS accepts, and keeps the headers", () => {
    const { ir, diagnostics } = normalise(
      oas({ "/a": { get: op(mock) } }, {
        "x-amazon-apigateway-gateway-responses": {
          UNAUTHORIZED: {
            statusCode: 401,
            responseParameters: {
              "gatewayresponse.header.X-A": "'a'",
              "gatewayresponse.path.PathKey": "'path-value'",
              "gatewayresponse.querystring.Q": "method.request.querystring.q",
            },
          },
        },
      }),
    );
    assert.deepEqual(codes(diagnostics), [
      "GWC2009 /x-amazon-apigateway-gateway-responses/UNAUTHORIZED/responseParameters/gatewayresponse.path.PathKey",
      "GWC2009 /x-amazon-apigateway-gateway-responses/UNAUTHORIZED/responseParameters/gatewayresponse.querystring.Q",
    ]);
    assert.deepEqual(ir?.gatewayResponses[0]?.headers, [{ name: "X-A", source: { kind: "static", value: "a" } }]);
  });

  it("still reports GWC2007 for an unknown target", () => {
    const { diagnostics } = normalise(oas({}, { "x-amazon-apigateway-gateway-responses": { DEFAULT_4XX: { responseParameters: { "gatewayresponse.body.x": "'a'" } } } }));
    assert.deepEqual(codes(diagnostics), ["GWC2007 /x-amazon-apigateway-gateway-responses/DEFAULT_4XX/responseParameters/gatewayresponse.body.x"]);
  });
});

describe("normaliseApi integration responses", () => {
  it("accepts integer status codes and integer selection keys (YAML)", () => {
    const yaml = [
      "openapi: 3.0.1",
      "info: {title: t, version: '1'}",
      "paths:",
      "  /a:",
      "    get:",
      "      responses: {200: {description: ok}}",
      "      x-amazon-apigateway-integration:",
      "        type: mock",
      "        requestTemplates: {application/json: '{\"statusCode\": 200}'}",
      "        responses:",
      "          200: {statusCode: 200}",
      "          default: {statusCode: 500}",
      "",
    ].join("\n");
    const { ir, diagnostics } = normalise(yaml);
    assert.deepEqual(codes(diagnostics), []);
    const integration = ir?.routes[0]?.integration;
    assert.deepEqual(
      integration?.kind === "mock" ? integration.responses.map((r) => [r.selectionPattern, r.statusCode]) : undefined,
      [["200", 200], [undefined, 500]],
    );
  });
});

describe("findVtlConstruct", () => {
  const rows: Array<[string, { given: string; want: string | undefined }]> = [
    ["names a whole $context reference", { given: '<a href="/$context.stage/pets/">', want: "$context.stage" }],
    ["names a method reference up to its arguments", { given: "{\"echo\": \"$input.params('data')\"}", want: "$input.params" }],
    ["names a formal reference", { given: "x ${util.escapeJavaScript} y", want: "${util.escapeJavaScript}" }],
    ["names a quiet reference", { given: "$!input.body", want: "$!input.body" }],
    ["names a directive", { given: "#set($a = 1)", want: "#set" }],
    ["names a comment", { given: "## note", want: "##" }],
    ["finds nothing in static JSON", { given: '{"statusCode": 200}', want: undefined }],
    ["finds nothing in a price or a CSS colour", { given: "costs $5, color: #333;", want: undefined }],
  ];
  for (const [name, { given, want }] of rows) it(name, () => assert.equal(findVtlConstruct(given), want));
});
