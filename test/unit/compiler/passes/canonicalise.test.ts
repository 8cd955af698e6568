import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { IrApi, IrRequestParameterMapping, IrRoute } from "../../../../compiler/ir.js";
import { canonicaliseApi } from "../../../../compiler/passes/canonicalise.js";

const origin = { file: "api/openapi.yaml", pointer: "" };

function mapping(where: "path" | "querystring" | "header", name: string): IrRequestParameterMapping {
  return { kind: "request-parameter", target: { in: where, name }, source: { kind: "static", value: name } };
}

function apiWith(requestParameters: IrRequestParameterMapping[]): IrApi {
  const route: IrRoute = {
    kind: "route",
    routeKey: "GET /a",
    method: "GET",
    path: "/a",
    segments: [{ kind: "literal", value: "a" }],
    isDefaultRoute: false,
    operationId: undefined,
    parameters: [],
    validation: { validatorName: undefined, validateRequestBody: false, validateRequestParameters: false },
    bodyModels: [],
    integration: { kind: "http-proxy", uri: [{ kind: "text", value: "http://h/" }], httpMethod: "GET", requestParameters, timeoutInMillis: 29000, origin },
    apiKeyRequired: false,
    methodKey: "/a/GET",
    cacheKeyParameters: [],
    cacheNamespace: undefined,
    origin,
  };
  return {
    kind: "api", name: "api", apiType: "REST", title: "t", version: "1", sources: [], origin, routes: [route], models: [], schemaDialect: "draft-04",
    stages: [], defaultStage: "dev", functions: [], gatewayResponses: [], binaryMediaTypes: [], apiKeys: [], usagePlans: [], accountThrottle: undefined, store: undefined, storeFailure: undefined,
  };
}

describe("canonicaliseApi", () => {
  it("orders request parameter mappings by target, whatever the document's key order", () => {
    const given = [mapping("querystring", "q"), mapping("header", "x-b"), mapping("path", "proxy"), mapping("header", "X-A")];
    const targets = (api: IrApi): string[] => {
      const integration = api.routes[0]!.integration;
      return integration.kind === "http-proxy" ? integration.requestParameters.map((m) => `${m.target.in}.${m.target.name}`) : [];
    };
    const want = ["header.X-A", "header.x-b", "path.proxy", "querystring.q"];
    assert.deepEqual(targets(canonicaliseApi(apiWith(given))), want);
    assert.deepEqual(targets(canonicaliseApi(apiWith([...given].reverse()))), want);
  });
});
