import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { transformSync } from "esbuild";
import { emitRouter } from "../../compiler/emit/router.js";
import { canonicaliseApi } from "../../compiler/passes/canonicalise.js";
import type { IrApi, IrRoute, IrSegment } from "../../compiler/ir.js";
import { pathSegments } from "../../runtime/server/request.js";
import { modelMatch, type ModelRoute } from "./models/router-model.js";
import { testSeed } from "../helpers/seed.js";

const SEED = testSeed();
const METHODS = ["GET", "POST", "DELETE", "ANY"] as const;

const segmentArb: fc.Arbitrary<IrSegment> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("a", "b", "c").map((value) => ({ kind: "literal" as const, value })) },
  { weight: 2, arbitrary: fc.constantFrom("p", "q").map((name) => ({ kind: "param" as const, name })) },
);

const routeArb = fc.record({
  method: fc.constantFrom(...METHODS),
  segments: fc.array(segmentArb, { maxLength: 3 }),
  greedy: fc.boolean(),
});

function toIr(apiType: "REST" | "HTTP", specs: { method: string; segments: IrSegment[]; greedy: boolean }[], withDefault: boolean): IrApi {
  const seen = new Set<string>();
  const routes: IrRoute[] = [];
  for (const s of specs) {
    const segments: IrSegment[] = s.greedy ? [...s.segments, { kind: "greedy", name: "proxy" }] : s.segments;
    // API Gateway rejects duplicate routes (GWC4001), so the generator keeps one per shape and method.
    const shape = `${s.method} ${segments.map((x) => (x.kind === "literal" ? x.value : x.kind)).join("/")}`;
    if (seen.has(shape)) continue;
    seen.add(shape);
    const path = "/" + segments.map((x) => (x.kind === "literal" ? x.value : x.kind === "param" ? `{${x.name}}` : `{${x.name}+}`)).join("/");
    routes.push(route(s.method, path, segments, false));
  }
  if (withDefault) routes.push(route("ANY", "$default", [], true));
  return canonicaliseApi({
    kind: "api", name: "t", apiType, title: "t", version: "1", sources: [], origin: { file: "t", pointer: "" }, routes,
    models: [], schemaDialect: "draft-04", stages: [], defaultStage: "dev", functions: [], gatewayResponses: [], binaryMediaTypes: [],
    apiKeys: [], usagePlans: [], accountThrottle: undefined, store: undefined, storeFailure: undefined,
  });
}

function route(method: string, path: string, segments: IrSegment[], isDefaultRoute: boolean): IrRoute {
  return {
    kind: "route", routeKey: isDefaultRoute ? "$default" : `${method} ${path}`, method, path: isDefaultRoute ? "$default" : path, segments,
    isDefaultRoute, operationId: undefined, parameters: [], validation: { validatorName: undefined, validateRequestBody: false, validateRequestParameters: false },
    bodyModels: [], integration: { kind: "mock", requestTemplates: [], passthroughBehavior: "WHEN_NO_MATCH", responses: [], origin: { file: "t", pointer: "" } },
    apiKeyRequired: false, methodKey: `${path}/${method}`, cacheKeyParameters: [], cacheNamespace: undefined,
    origin: { file: "t", pointer: "" },
  };
}

type Matcher = (method: string, segs: readonly string[]) => { route: { index: number }; params: Record<string, string> | undefined } | undefined;

/** Compiles the generated router with a stub route table whose entries carry their index. */
function compileRouter(api: IrApi): Matcher {
  const js = transformSync(emitRouter(api), { loader: "ts", format: "cjs" }).code;
  const ROUTES = api.routes.map((_, index) => ({ index }));
  const module = { exports: {} as { matchRoute: Matcher } };
  new Function("require", "module", "exports", js)((id: string) => (id === "./routes.mjs" ? { ROUTES } : {}), module, module.exports);
  return module.exports.matchRoute;
}

const requestArb = fc.record({
  method: fc.constantFrom("GET", "POST", "DELETE", "PUT"),
  parts: fc.array(fc.constantFrom("a", "b", "c", "x", "7"), { maxLength: 5 }),
  trailingSlash: fc.boolean(),
  doubleSlash: fc.boolean(),
});

describe(`generated router agrees with the reference matcher (seed ${SEED})`, () => {
  for (const apiType of ["REST", "HTTP"] as const) {
    it(`chooses the same ${apiType} route and parameters for random routes and requests`, () => {
      fc.assert(
        fc.property(fc.array(routeArb, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.array(requestArb, { minLength: 1, maxLength: 12 }), (specs, withDefault, requests) => {
          const api = toIr(apiType, specs, apiType === "HTTP" && withDefault);
          const match = compileRouter(api);
          const model: ModelRoute[] = api.routes.map((r) => ({ method: r.method, segments: r.segments, isDefault: r.isDefaultRoute }));
          for (const r of requests) {
            const raw = "/" + r.parts.join(r.doubleSlash ? "//" : "/") + (r.trailingSlash && r.parts.length > 0 ? "/" : "");
            const segs = pathSegments(raw);
            const got = match(r.method, segs);
            const want = modelMatch(apiType, model, r.method, segs);
            assert.deepEqual(
              got === undefined ? undefined : { index: got.route.index, params: got.params },
              want === undefined ? undefined : { index: want.index, params: want.params },
              `${r.method} ${raw} against ${api.routes.map((x) => x.routeKey).join(", ")}`,
            );
          }
        }),
        { seed: SEED, numRuns: 300 },
      );
    });
  }

  it("routes the reference's vectors 4, 5 and 62", () => {
    const lit = (value: string): IrSegment => ({ kind: "literal", value });
    const rest = toIr("REST", [
      { method: "GET", segments: [lit("pets"), lit("dog")], greedy: false },
      { method: "GET", segments: [lit("pets"), { kind: "param", name: "id" }], greedy: false },
      { method: "ANY", segments: [], greedy: true },
      { method: "ANY", segments: [lit("parent")], greedy: true },
    ], false);
    const m = compileRouter(rest);
    const key = (method: string, path: string): string | undefined => {
      const r = m(method, pathSegments(path));
      return r ? `${rest.routes[r.route.index]!.routeKey} ${JSON.stringify(r.params ?? {})}` : undefined;
    };
    assert.equal(key("GET", "/pets/cat"), `GET /pets/{id} {"id":"cat"}`);
    assert.equal(key("GET", "/pets/dog"), `GET /pets/dog {}`);
    assert.equal(key("GET", "/parent/a/b"), `ANY /parent/{proxy+} {"proxy":"a/b"}`);
    assert.equal(key("GET", "/x/y"), `ANY /{proxy+} {"proxy":"x/y"}`);
    assert.equal(key("DELETE", "/pets/dog"), undefined, "REST: the resource matches first, and it has no DELETE");
    const http = toIr("HTTP", [
      { method: "GET", segments: [lit("pets"), lit("dog"), { kind: "param", name: "id" }], greedy: false },
      { method: "GET", segments: [lit("pets")], greedy: true },
      { method: "ANY", segments: [], greedy: true },
    ], false);
    const h = compileRouter(http);
    const hkey = (method: string, path: string): string | undefined => {
      const r = h(method, pathSegments(path));
      return r ? http.routes[r.route.index]!.routeKey : undefined;
    };
    assert.equal(hkey("GET", "/pets/dog/2"), "GET /pets/dog/{id}");
    assert.equal(hkey("GET", "/pets/cat/1"), "GET /pets/{proxy+}");
    assert.equal(hkey("POST", "/test/5"), "ANY /{proxy+}");
  });
});
