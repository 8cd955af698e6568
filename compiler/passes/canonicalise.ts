import type { IrApi, IrIntegration, IrRoute } from "../ir.js";
import { compareStrings, sortBy } from "../util/order.js";

/** Fixed method order for routes on the same path. */
const METHOD_ORDER = ["ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/** Route order key: literal segments before parameters before greedy (STYLE.md §5), then path text, then method. */
function routeOrderKey(r: IrRoute): string {
  if (r.isDefaultRoute) return "\uffff";
  const shape = r.segments.map((s) => (s.kind === "literal" ? `0${s.value}` : s.kind === "param" ? "1" : "2")).join("/");
  const m = METHOD_ORDER.indexOf(r.method);
  return `${shape}\u0000${r.path}\u0000${String(m < 0 ? 99 : m).padStart(2, "0")}${r.method}`;
}

/**
 * Request parameter mappings by target: each sets its own target, so their order carries no meaning, and the
 * document's key order must not reach the output (STYLE.md §8, test/golden/determinism.test.ts).
 */
function canonicaliseIntegration(integration: IrIntegration): IrIntegration {
  if (integration.kind !== "http" && integration.kind !== "http-proxy") return integration;
  return { ...integration, requestParameters: sortBy(integration.requestParameters, (m) => `${m.target.in}\u0000${m.target.name}`) };
}

/** Sorts every IR list into canonical order, once; emitters never sort. */
export function canonicaliseApi(api: IrApi): IrApi {
  return {
    ...api,
    routes: sortBy(api.routes, routeOrderKey).map((r) => ({
      ...r,
      parameters: sortBy(r.parameters, (p) => `${p.in}\u0000${p.name}`),
      bodyModels: sortBy(r.bodyModels, (b) => b.contentType),
      integration: canonicaliseIntegration(r.integration),
    })),
    models: sortBy(api.models, (m) => m.id),
    stages: sortBy(api.stages, (s) => s.name).map((s) => ({ ...s, variables: sortBy(s.variables, (v) => v.name), methodThrottles: sortBy(s.methodThrottles, (t) => t.methodKey), methodCacheSettings: sortBy(s.methodCacheSettings, (c) => c.methodKey) })),
    apiKeys: sortBy(api.apiKeys, (k) => k.name),
    usagePlans: sortBy(api.usagePlans, (p) => p.name).map((p) => ({
      ...p,
      apiStages: sortBy(p.apiStages, (s) => s.stage).map((s) => ({ ...s, methodThrottles: sortBy(s.methodThrottles, (t) => t.methodKey) })),
      apiKeys: [...p.apiKeys].sort(compareStrings),
    })),
    functions: sortBy(api.functions, (f) => f.id),
    gatewayResponses: sortBy(api.gatewayResponses, (g) => g.responseType),
    binaryMediaTypes: [...api.binaryMediaTypes].sort(compareStrings),
  };
}
