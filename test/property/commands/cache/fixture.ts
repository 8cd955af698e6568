// The world the response cache commands run in: the test/fixtures/rest-cache gateway on a real socket (the real
// side) and the §8 model fed with the same fixture's method settings and cache key parameters (the model side). The
// fixture's Counter function counts its invocations, so the model's integration is a counter too: each miss gets the
// next count, and a hit repeats the count of the answer it was stored from.
import { readFileSync } from "node:fs";
import path from "node:path";
import { request } from "undici";
import { parse } from "yaml";
import type { ManualClock } from "../../../helpers/manual-clock.js";
import { ResponseCacheModel, type ModelKeyParameter, type ModelMethod, type ModelMethodSetting, type ModelRequest, type ModelStage } from "../../models/response-cache-model.js";

/** The fixture's stage and methods as the model reads them, from its own gateway.yaml and openapi.yaml. */
export interface CacheFixture {
  readonly stage: ModelStage;
  /** By route key, `GET /items/{id}`. */
  readonly methods: ReadonlyMap<string, ModelMethod>;
}

/** Reads `stage` of the spec folder's gateway.yaml and every method's `cacheKeyParameters` from its openapi.yaml. */
export function loadCacheFixture(specDir: string, stage: string): CacheFixture {
  const gateway = parse(readFileSync(path.join(specDir, "gateway.yaml"), "utf8")) as { stages: Record<string, { cacheClusterEnabled?: boolean; methodSettings?: Record<string, ModelMethodSetting> }> };
  const openapi = parse(readFileSync(path.join(specDir, "openapi.yaml"), "utf8")) as { paths: Record<string, Record<string, { "x-amazon-apigateway-integration"?: { cacheKeyParameters?: string[] } }>> };
  const methods = new Map<string, ModelMethod>();
  for (const [resource, item] of Object.entries(openapi.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const cacheKeyParameters = (operation["x-amazon-apigateway-integration"]?.cacheKeyParameters ?? []).map(keyParameterOf);
      methods.set(`${method.toUpperCase()} ${resource}`, { httpMethod: method.toUpperCase(), resource, cacheKeyParameters });
    }
  }
  const s = gateway.stages[stage]!;
  return { stage: { cacheClusterEnabled: s.cacheClusterEnabled === true, methodSettings: s.methodSettings ?? {} }, methods };
}

/** `method.request.querystring.type` → `{ in: "querystring", name: "type" }`. */
function keyParameterOf(text: string): ModelKeyParameter {
  const m = /^method\.request\.(querystring|path|header)\.(.+)$/.exec(text);
  if (m === null) throw new Error(`the model knows no cache key parameter ${JSON.stringify(text)}`);
  return { in: m[1] as ModelKeyParameter["in"], name: m[2]! };
}

/** What the fixture's Counter function answers (handlers/Counter.ts), for an event made from `request`. */
export interface CounterBody {
  readonly n: number;
  readonly method: string;
  readonly resource: string;
  readonly type: string | null;
  readonly department: string | null;
  readonly id: string | null;
  readonly tenant: string | null;
  readonly pad: string;
}

function counterBody(request: ModelRequest, n: number): CounterBody {
  const tenant = Object.entries(request.headers).find(([k]) => k.toLowerCase() === "x-tenant")?.[1];
  return {
    n,
    method: request.method.httpMethod,
    resource: request.method.resource,
    type: request.query.type ?? null,
    department: request.query.department ?? null,
    id: request.pathParameters.id ?? null,
    tenant: tenant ?? null,
    pad: "",
  };
}

/** The model side: the fixture, and the cache model in front of a model Counter, which last answered `invocations`. */
export interface CacheWorldModel {
  readonly fixture: CacheFixture;
  readonly cache: ResponseCacheModel<CounterBody>;
  readonly invocations: number;
}

/** The real side of one run: the gateway, its clock, the run's value prefix, and every request id seen so far. */
export interface CacheWorldReal {
  readonly url: string;
  readonly clock: ManualClock;
  /** Put in front of every query and path value, so that no two runs share an entry keyed on them. */
  readonly prefix: string;
  readonly requestIds: Set<string>;
}

/** A model whose Counter last answered `invocations` (the count the real function is known to be at). */
export function createCacheWorldModel(fixture: CacheFixture, invocations: number): CacheWorldModel {
  const world = { fixture, invocations } as { fixture: CacheFixture; cache: ResponseCacheModel<CounterBody>; invocations: number };
  world.cache = new ResponseCacheModel(fixture.stage, (request) => counterBody(request, ++world.invocations));
  return world;
}

/** One request as a command holds it: values without the run's prefix. */
export interface CacheRequestSpec {
  /** `GET /items/{id}`: a route key of the fixture. */
  readonly routeKey: string;
  readonly query: Readonly<Record<string, string>>;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** The request of `spec` in one run: every query and path value prefixed with the run's prefix. */
export function concreteRequest(spec: CacheRequestSpec, prefix: string): CacheRequestSpec {
  const withPrefix = (values: Readonly<Record<string, string>>): Record<string, string> => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, prefix + v]));
  return { ...spec, query: withPrefix(spec.query), pathParameters: withPrefix(spec.pathParameters) };
}

/** The model's view of a concrete request. */
export function modelRequestOf(fixture: CacheFixture, spec: CacheRequestSpec): ModelRequest {
  const method = fixture.methods.get(spec.routeKey);
  if (method === undefined) throw new Error(`the fixture has no route ${spec.routeKey}`);
  return { method, query: spec.query, pathParameters: spec.pathParameters, headers: spec.headers };
}

/** A response as the test reads it. */
export interface CacheAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The JSON body, or `{ text }` when it is not JSON. */
  readonly body: Record<string, unknown>;
}

/** Sends a concrete request to the gateway. */
export async function sendRequest(url: string, spec: CacheRequestSpec): Promise<CacheAnswer> {
  const [method, resource] = spec.routeKey.split(" ") as [string, string];
  const pathText = resource.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(spec.pathParameters[name]!));
  const query = new URLSearchParams(spec.query).toString();
  const res = await request(`${url}${pathText}${query === "" ? "" : `?${query}`}`, { method: method as "GET", headers: { ...spec.headers }, body: spec.body });
  const text = await res.body.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.statusCode, headers: res.headers, body };
}

/** `GET /items?type=a b` [cache-control: max-age=0] + body: a command's request in one line. */
export function describeRequest(spec: CacheRequestSpec): string {
  const [method, resource] = spec.routeKey.split(" ") as [string, string];
  const pathText = resource.replace(/\{([^}]+)\}/g, (_, name: string) => spec.pathParameters[name]!);
  const query = Object.entries(spec.query).map(([k, v]) => `${k}=${v}`).join("&");
  const headers = Object.entries(spec.headers).map(([k, v]) => ` [${k}: ${JSON.stringify(v)}]`).join("");
  return `${method} ${pathText}${query === "" ? "" : `?${query}`}${headers}${spec.body === undefined ? "" : ` body ${JSON.stringify(spec.body)}`}`;
}
