import type { IrApiKey, IrCacheCluster, IrFunctionDeclaration, IrMethodCacheSetting, IrMethodThrottle, IrOrigin, IrStage, IrThrottle, IrUnauthorizedCacheControlHeaderStrategy, IrUsagePlan } from "../../ir.js";
import type { GatewayYamlThrottle } from "../../load/gateway-yaml.js";
import { joinPointer } from "../../util/json-pointer.js";
import { compareStrings } from "../../util/order.js";
import type { NormaliseContext } from "./context.js";

/** AWS's default `cacheClusterSize` (GB) when a stage enables its cache without one. */
const DEFAULT_CACHE_CLUSTER_SIZE = "0.5";

/**
 * The stages of gateway.yaml and its `defaultStage`, or one default stage (`dev`, or `$default` for HTTP APIs)
 * when it declares none. Names, variables and the default stage are read as written; checks/stages.ts reports
 * the ones AWS would refuse (GWC4004, GWC4005, GWC4008).
 */
export function readStages(ctx: NormaliseContext): { stages: IrStage[]; defaultStage: string } {
  const gw = ctx.loaded.gateway;
  const file = ctx.loaded.gatewayFile;
  if (!gw?.stages || Object.keys(gw.stages).length === 0 || !file) {
    const name = ctx.apiType === "HTTP" ? "$default" : "dev";
    return { stages: [{ kind: "stage", name, variables: [], methodThrottles: [], cacheCluster: undefined, methodCacheSettings: [], origin: ctx.doc.origin("") }], defaultStage: name };
  }
  const stages: IrStage[] = [];
  for (const [name, def] of Object.entries(gw.stages)) {
    const variables: { name: string; value: string }[] = [];
    for (const [k, v] of Object.entries(def.variables ?? {})) variables.push({ name: k, value: String(v) });
    const methodThrottles: IrMethodThrottle[] = [];
    const methodCacheSettings: IrMethodCacheSetting[] = [];
    for (const [methodKey, setting] of Object.entries(def.methodSettings ?? {})) {
      const pointer = joinPointer("/stages", name, "methodSettings", methodKey);
      const throttle = throttleOf({ rateLimit: setting.throttlingRateLimit, burstLimit: setting.throttlingBurstLimit }, { file, pointer });
      if (throttle) methodThrottles.push({ kind: "method-throttle", methodKey, throttle, origin: { file, pointer } });
      if (setting.cacheDataEncrypted === true) {
        ctx.bag.report("GWC2009", { file, pointer: joinPointer(pointer, "cacheDataEncrypted") }, { feature: "Encryption of cached responses (cacheDataEncrypted)" });
      }
      const caching = (["cachingEnabled", "cacheTtlInSeconds", "requireAuthorizationForCacheControl", "unauthorizedCacheControlHeaderStrategy"] as const).find((k) => setting[k] !== undefined);
      if (caching === undefined) continue;
      if (ctx.apiType === "HTTP") {
        ctx.bag.report("GWC2009", { file, pointer: joinPointer(pointer, caching) }, { feature: `Response caching on an HTTP API (methodSettings ${caching}; API Gateway caches REST APIs only)` });
        continue;
      }
      methodCacheSettings.push({
        kind: "method-cache",
        methodKey,
        cachingEnabled: setting.cachingEnabled,
        cacheTtlInSeconds: setting.cacheTtlInSeconds,
        requireAuthorizationForCacheControl: setting.requireAuthorizationForCacheControl,
        unauthorizedCacheControlHeaderStrategy: setting.unauthorizedCacheControlHeaderStrategy as IrUnauthorizedCacheControlHeaderStrategy | undefined,
        origin: { file, pointer },
      });
    }
    let cacheCluster: IrCacheCluster | undefined;
    if (def.cacheClusterEnabled === true) {
      const at = { file, pointer: joinPointer("/stages", name, "cacheClusterEnabled") };
      if (ctx.apiType === "HTTP") ctx.bag.report("GWC2009", at, { feature: "A stage response cache on an HTTP API (API Gateway caches REST APIs only)" });
      else cacheCluster = { kind: "cache-cluster", size: def.cacheClusterSize ?? DEFAULT_CACHE_CLUSTER_SIZE, origin: at };
    }
    stages.push({ kind: "stage", name, variables, methodThrottles, cacheCluster, methodCacheSettings, origin: { file, pointer: joinPointer("/stages", name) } });
  }
  const names = stages.map((s) => s.name).sort(compareStrings);
  return { stages, defaultStage: gw.defaultStage ?? names[0]! };
}

/**
 * The functions gateway.yaml declares (`handler: handlers/pets.ts#getPet`), as written: link resolves the
 * integrations' function references against them and checks that the handler files exist (passes/link.ts).
 */
export function readFunctionDeclarations(ctx: NormaliseContext): IrFunctionDeclaration[] {
  const file = ctx.loaded.gatewayFile;
  if (!file) return [];
  const out: IrFunctionDeclaration[] = [];
  for (const [name, configured] of Object.entries(ctx.loaded.gateway?.functions ?? {})) {
    const [modPath, exportName] = configured.handler.split("#") as [string, string | undefined];
    out.push({
      kind: "function-declaration",
      name,
      handlerFile: `${ctx.loaded.dir}/${modPath.replace(/^\.\//, "")}`,
      exportName,
      timeout: configured.timeout,
      origin: { file, pointer: joinPointer("/functions", name, "handler") },
    });
  }
  return out;
}

/**
 * Resolution of a throttle as written: a layer limits only with a `rateLimit`; an absent `burstLimit` is the rate
 * rounded up, at least 1. AWS documents neither default ([U]); these are the least surprising ones.
 */
export function throttleOf(written: GatewayYamlThrottle | undefined, origin: IrOrigin): IrThrottle | undefined {
  if (written?.rateLimit === undefined) return undefined;
  return { kind: "throttle", rateLimit: written.rateLimit, burstLimit: written.burstLimit ?? Math.max(1, Math.ceil(written.rateLimit)), origin };
}

/** Matches `${env:NAME}`, the one way gateway.yaml names a key's value (the value itself never is written there). */
const ENV_REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * gateway.yaml `apiKeys`: each key's value source, an environment variable or a SHA-256. A value written in
 * plain text is refused (GWC4010) and named in the message by its key name only, never by its value.
 */
export function readApiKeys(ctx: NormaliseContext): IrApiKey[] {
  const file = ctx.loaded.gatewayFile;
  if (!file) return [];
  const out: IrApiKey[] = [];
  for (const [name, key] of Object.entries(ctx.loaded.gateway?.apiKeys ?? {})) {
    const origin = { file, pointer: joinPointer("/apiKeys", name) };
    let source: IrApiKey["source"] | undefined;
    if (key.valueSha256 !== undefined) source = { kind: "sha256", hex: key.valueSha256.toLowerCase() };
    else {
      const env = ENV_REFERENCE.exec(key.value ?? "");
      if (env) source = { kind: "env", variable: env[1]! };
      else ctx.bag.report("GWC4010", { file, pointer: joinPointer("/apiKeys", name, "value") }, { name });
    }
    out.push({ kind: "api-key", name, source, enabled: key.enabled ?? true, origin });
  }
  return out;
}

/** gateway.yaml `usagePlans`, names as written (link resolves their stages and keys, checks/plans.ts the rest). */
export function readUsagePlans(ctx: NormaliseContext): IrUsagePlan[] {
  const file = ctx.loaded.gatewayFile;
  if (!file) return [];
  const out: IrUsagePlan[] = [];
  for (const [name, plan] of Object.entries(ctx.loaded.gateway?.usagePlans ?? {})) {
    const pointer = joinPointer("/usagePlans", name);
    out.push({
      kind: "usage-plan",
      name,
      throttle: throttleOf(plan.throttle, { file, pointer: joinPointer(pointer, "throttle") }),
      quota: plan.quota && {
        kind: "quota",
        limit: plan.quota.limit,
        period: plan.quota.period as "DAY" | "WEEK" | "MONTH",
        offset: plan.quota.offset ?? 0,
        origin: { file, pointer: joinPointer(pointer, "quota") },
      },
      apiStages: plan.apiStages.map((s, i) => ({
        stage: s.stage,
        methodThrottles: Object.entries(s.throttle ?? {}).flatMap(([methodKey, t]): IrMethodThrottle[] => {
          const at = { file, pointer: joinPointer(pointer, "apiStages", i, "throttle", methodKey) };
          const throttle = throttleOf(t, at);
          return throttle ? [{ kind: "method-throttle", methodKey, throttle, origin: at }] : [];
        }),
        origin: { file, pointer: joinPointer(pointer, "apiStages", i) },
      })),
      apiKeys: [...(plan.apiKeys ?? [])],
      origin: { file, pointer },
    });
  }
  return out;
}

/** gateway.yaml `account.throttle`. */
export function readAccount(ctx: NormaliseContext): IrThrottle | undefined {
  const file = ctx.loaded.gatewayFile;
  if (!file) return undefined;
  return throttleOf(ctx.loaded.gateway?.account?.throttle, { file, pointer: "/account/throttle" });
}

/** gateway.yaml `store`: a Redis URL, or undefined for memory. A URL with a password is refused (GWC4012). */
export function readStore(ctx: NormaliseContext): string | undefined {
  const file = ctx.loaded.gatewayFile;
  const store = ctx.loaded.gateway?.store;
  if (!file || store === undefined || store === "memory") return undefined;
  if (/^rediss?:\/\/[^/@]*:[^/@]*@/.test(store)) {
    ctx.bag.report("GWC4012", { file, pointer: "/store" });
    return undefined;
  }
  return store;
}
