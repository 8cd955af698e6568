import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runPipeline, stepsForRoute } from "../../../../runtime/server/pipeline.js";
import { createGateway } from "../../../../runtime/server/gateway.js";
import { createMockIntegration } from "../../../../runtime/integrations/mock.js";
import { readBody } from "../../../../runtime/steps/read-body.js";
import { validateParameters } from "../../../../runtime/steps/validate-parameters.js";
import { validateBody } from "../../../../runtime/steps/validate-body.js";
import { integrate } from "../../../../runtime/steps/integrate.js";
import type { GatewayDefinition, GatewayResult, RequestContext, RouteDefinition } from "../../../../runtime/server/types.js";

const MOCK = createMockIntegration({
  requestTemplates: [{ contentType: "application/json", statusCode: 200 }],
  passthroughBehavior: "WHEN_NO_MATCH",
  responses: [{ pattern: undefined, statusCode: 200, headers: [], templates: [{ contentType: "application/json", body: '{"ok":true}' }] }],
});

function route(overrides: Partial<RouteDefinition> = {}): RouteDefinition {
  return { resource: "/x", routeKey: "GET /x", resourceId: "abc123", requiredParameters: undefined, validateBody: undefined, streamsBody: false, integration: MOCK, ...overrides };
}

/** A request context over a stub request, for a gateway whose only route is `r` at GET /x. */
function contextFor(r: RouteDefinition, request: { method?: string; path?: string; query?: string; headers?: Record<string, string> } = {}): RequestContext {
  const definition: GatewayDefinition = {
    apiName: "t", apiType: "REST", apiId: "t", binaryMediaTypes: [], stages: [{ name: "dev", variables: {} }], defaultStage: "dev", gatewayResponses: {},
    match: (method, segments) => (method === "GET" && segments.length === 1 && segments[0] === "x" ? { route: r, params: undefined } : undefined),
  };
  const gateway = createGateway(definition, { log: () => {} });
  const req = { headers: request.headers ?? {}, resume() {}, socket: {} } as unknown as RequestContext["req"];
  return {
    req, res: {} as RequestContext["res"], gateway: gateway.runtime, method: request.method ?? "GET", rawPath: request.path ?? "/x", rawQuery: request.query ?? "",
    requestId: "r", extendedRequestId: "e", traceId: undefined, startTime: 0, route: undefined, pathParameters: undefined, body: undefined, responded: false, apiKey: undefined, cacheStatus: undefined, cacheStore: undefined,
  };
}

function statusOf(outcome: GatewayResult | Promise<GatewayResult>): number {
  assert.ok(!(outcome instanceof Promise), "the pipeline answered with a promise although no step waits");
  return outcome.statusCode;
}

describe("stepsForRoute", () => {
  const cases: Array<[string, { given: Partial<RouteDefinition>; want: unknown[] }]> = [
    ["a route without validation reads the body, then integrates", { given: {}, want: [readBody, integrate] }],
    ["a streaming route does not read the body", { given: { streamsBody: true }, want: [integrate] }],
    ["required parameters add their step before the integration", { given: { requiredParameters: [{ in: "querystring", name: "q" }] }, want: [readBody, validateParameters, integrate] }],
    ["parameters are validated before the body (reference §5)", { given: { requiredParameters: [{ in: "header", name: "h" }], validateBody: () => undefined }, want: [readBody, validateParameters, validateBody, integrate] }],
  ];
  const runtime = createGateway(contextFor(route()).gateway.definition, { log: () => {} }).runtime;
  for (const [name, { given, want }] of cases) it(name, () => assert.deepEqual(stepsForRoute(route(given), runtime), want));
});

describe("runPipeline", () => {
  it("answers a MOCK route synchronously", () => {
    assert.equal(statusOf(runPipeline(contextFor(route()))), 200);
  });

  it("answers a route miss synchronously with REST's 403", () => {
    const outcome = runPipeline(contextFor(route(), { path: "/nowhere" }));
    assert.equal(statusOf(outcome), 403);
    assert.equal((outcome as GatewayResult).gatewayResponse, "MISSING_AUTHENTICATION_TOKEN");
  });

  it("answers a missing required parameter synchronously before the integration runs", () => {
    let integrated = false;
    const r = route({ requiredParameters: [{ in: "querystring", name: "q" }], integration: (ctx) => ((integrated = true), MOCK(ctx)) });
    const outcome = runPipeline(contextFor(r));
    assert.equal(statusOf(outcome), 400);
    assert.equal((outcome as GatewayResult).gatewayResponse, "BAD_REQUEST_PARAMETERS");
    assert.equal(integrated, false);
  });

  it("refuses a declared body over 10 MB before routing, and closes the connection", () => {
    const outcome = runPipeline(contextFor(route(), { path: "/nowhere", headers: { "content-length": String(10 * 1024 * 1024 + 1) } }));
    assert.equal(statusOf(outcome), 413);
    assert.equal((outcome as GatewayResult & { headers: Record<string, string> }).headers.connection, "close");
  });
});
