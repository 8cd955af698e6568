import type { IrApi, IrMethodCacheSetting, IrMethodThrottle, IrThrottle } from "../ir.js";
import { jsDocText, jsJson, jsKey, jsNumber, jsString } from "./literal.js";
import { stableId } from "./names.js";
import { InternalError } from "../diagnostics/diagnostic.js";

/** Generates config.ts: the API's constants (stages, gateway responses, binary media types). */
export function emitConfig(api: IrApi): string {
  const out: string[] = [];
  out.push(`import type { GatewayDefinition } from "gwc/runtime";`);
  out.push("");
  out.push(`/** ${jsDocText(api.title)} — @source ${jsDocText(api.origin.file)} */`);
  out.push(`export const API: Omit<GatewayDefinition, "match"> = {`);
  out.push(`  apiName: ${jsString(api.name)},`);
  out.push(`  apiType: ${jsString(api.apiType)},`);
  out.push(`  apiId: ${jsString(stableId(api.name, 10))},`);
  out.push(`  binaryMediaTypes: ${jsJson(api.binaryMediaTypes)},`);
  out.push(`  stages: [`);
  for (const s of api.stages) {
    const vars = s.variables.map((v) => `${jsKey(v.name)}: ${jsString(v.value)}`).join(", ");
    const cache = s.cacheCluster === undefined ? "" : `, cacheClusterSize: ${jsString(s.cacheCluster.size)}, methodCacheSettings: ${methodCacheSettings(s.methodCacheSettings)}`;
    out.push(`    { name: ${jsString(s.name)}, variables: { ${vars} }, methodThrottles: ${methodThrottles(s.methodThrottles)}${cache} },`);
  }
  out.push(`  ],`);
  // Key values are never generated: an environment variable name, or the value's SHA-256.
  out.push(api.apiKeys.length === 0 ? `  apiKeys: [],` : `  apiKeys: [`);
  for (const k of api.apiKeys) {
    if (k.source === undefined) throw new InternalError(`API key ${k.name} has no value source; the build should have stopped (GWC4010)`);
    const source = k.source.kind === "env" ? `env: ${jsString(k.source.variable)}` : `sha256: ${jsString(k.source.hex)}`;
    out.push(`    /** @source ${jsDocText(`${k.origin.file}#${k.origin.pointer}`)} */`);
    out.push(`    { name: ${jsString(k.name)}, ${source}, enabled: ${k.enabled} },`);
  }
  if (api.apiKeys.length > 0) out.push(`  ],`);
  out.push(api.usagePlans.length === 0 ? `  usagePlans: [],` : `  usagePlans: [`);
  for (const p of api.usagePlans) {
    const stages = p.apiStages.map((s) => `${jsKey(s.stage)}: ${methodThrottles(s.methodThrottles)}`).join(", ");
    out.push(`    /** @source ${jsDocText(`${p.origin.file}#${p.origin.pointer}`)} */`);
    const quota = p.quota === undefined ? "undefined" : `{ limit: ${jsNumber(p.quota.limit)}, period: ${jsString(p.quota.period)}, offset: ${jsNumber(p.quota.offset)} }`;
    out.push(`    { name: ${jsString(p.name)}, throttle: ${throttle(p.throttle)}, quota: ${quota}, stages: { ${stages} }, apiKeys: ${jsJson(p.apiKeys)} },`);
  }
  if (api.usagePlans.length > 0) out.push(`  ],`);
  out.push(`  accountThrottle: ${throttle(api.accountThrottle)},`);
  if (api.store !== undefined) out.push(`  store: ${jsString(api.store)},`);
  if (api.storeFailure !== undefined) out.push(`  storeFailure: ${jsString(api.storeFailure)},`);
  out.push(`  defaultStage: ${jsString(api.defaultStage)},`);
  out.push(`  gatewayResponses: {`);
  for (const g of api.gatewayResponses) {
    const parts: string[] = [];
    if (g.statusCode !== undefined) parts.push(`statusCode: ${jsNumber(g.statusCode)}`);
    if (g.headers.length > 0) parts.push(`headers: [${g.headers.map((h) => `{ name: ${jsString(h.name)}, source: ${jsJson(h.source)} }`).join(", ")}]`);
    if (g.templates.length > 0) parts.push(`templates: [${g.templates.map((t) => `{ contentType: ${jsString(t.contentType)}, parts: ${jsJson(t.parts)} }`).join(", ")}]`);
    out.push(`    /** @source ${jsDocText(`${g.origin.file}#${g.origin.pointer}`)} */`);
    out.push(`    ${g.responseType}: { ${parts.join(", ")} },`);
  }
  out.push(`  },`);
  out.push(`};`);
  return out.join("\n") + "\n";
}

function throttle(t: IrThrottle | undefined): string {
  return t === undefined ? "undefined" : `{ rateLimit: ${jsNumber(t.rateLimit)}, burstLimit: ${jsNumber(t.burstLimit)} }`;
}

function methodThrottles(list: readonly IrMethodThrottle[]): string {
  return list.length === 0 ? "{}" : `{ ${list.map((m) => `${jsString(m.methodKey)}: ${throttle(m.throttle)}`).join(", ")} }`;
}

/** The caching fields written in each method setting, by method key; a stage without a cache has none. */
function methodCacheSettings(list: readonly IrMethodCacheSetting[]): string {
  if (list.length === 0) return "{}";
  const entry = (c: IrMethodCacheSetting): string => {
    const parts: string[] = [];
    if (c.cachingEnabled !== undefined) parts.push(`cachingEnabled: ${c.cachingEnabled}`);
    if (c.cacheTtlInSeconds !== undefined) parts.push(`cacheTtlInSeconds: ${jsNumber(c.cacheTtlInSeconds)}`);
    if (c.requireAuthorizationForCacheControl !== undefined) parts.push(`requireAuthorizationForCacheControl: ${c.requireAuthorizationForCacheControl}`);
    if (c.unauthorizedCacheControlHeaderStrategy !== undefined) parts.push(`unauthorizedCacheControlHeaderStrategy: ${jsString(c.unauthorizedCacheControlHeaderStrategy)}`);
    return `${jsString(c.methodKey)}: { ${parts.join(", ")} }`;
  };
  return `{ ${list.map(entry).join(", ")} }`;
}
