import { Ajv } from "ajv";
import schema from "./gateway.schema.json" with { type: "json" };
import type { SourceDocument } from "./source-map.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";

/** A throttle as written (usage plans, account). */
export interface GatewayYamlThrottle {
  readonly rateLimit?: number;
  readonly burstLimit?: number;
}

/** One entry of a stage's `methodSettings`. */
export interface GatewayYamlMethodSetting {
  readonly throttlingRateLimit?: number;
  readonly throttlingBurstLimit?: number;
  readonly cachingEnabled?: boolean;
  readonly cacheTtlInSeconds?: number;
  readonly cacheDataEncrypted?: boolean;
  readonly requireAuthorizationForCacheControl?: boolean;
  readonly unauthorizedCacheControlHeaderStrategy?: string;
}

/** gateway.yaml as read, after schema validation. */
export interface GatewayYaml {
  readonly defaultStage?: string;
  readonly stages?: Readonly<Record<string, {
    readonly description?: string;
    readonly variables?: Readonly<Record<string, string | number | boolean>>;
    readonly methodSettings?: Readonly<Record<string, GatewayYamlMethodSetting>>;
    readonly cacheClusterEnabled?: boolean;
    readonly cacheClusterSize?: string;
  }>>;
  readonly functions?: Readonly<Record<string, { readonly handler: string; readonly timeout?: number }>>;
  readonly apiKeys?: Readonly<Record<string, { readonly value?: string; readonly valueSha256?: string; readonly enabled?: boolean; readonly description?: string }>>;
  readonly usagePlans?: Readonly<Record<string, {
    readonly description?: string;
    readonly throttle?: GatewayYamlThrottle;
    readonly quota?: { readonly limit: number; readonly period: string; readonly offset?: number };
    readonly apiStages: readonly { readonly stage: string; readonly throttle?: Readonly<Record<string, GatewayYamlThrottle>> }[];
    readonly apiKeys?: readonly string[];
  }>>;
  readonly account?: { readonly throttle?: GatewayYamlThrottle };
  readonly store?: string;
  readonly storeFailure?: "open" | "closed";
}

let validateGatewayYaml: ReturnType<Ajv["compile"]> | undefined;

/** Validates gateway.yaml against its published schema; every violation becomes GWC1010. */
export function checkGatewayYaml(doc: SourceDocument, bag: DiagnosticBag): GatewayYaml | undefined {
  validateGatewayYaml ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  const value = doc.value ?? {};
  if (validateGatewayYaml(value)) return value as GatewayYaml;
  for (const e of validateGatewayYaml.errors ?? []) {
    const extra = e.keyword === "additionalProperties" ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
    const pointer = extra === undefined ? e.instancePath : `${e.instancePath}/${extra}`;
    const where = pointer === "" ? "document" : pointer;
    const detail = extra === undefined ? `${where} ${e.message ?? "is invalid"}` : `unknown field "${extra}" at ${e.instancePath || "/"}`;
    bag.report("GWC1010", { file: doc.file, pointer }, { detail });
  }
  return undefined;
}
