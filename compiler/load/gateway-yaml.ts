import { Ajv } from "ajv";
import schema from "./gateway.schema.json" with { type: "json" };
import type { SourceDocument } from "./source-map.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";

/** gateway.yaml as read, after schema validation. */
export interface GatewayYaml {
  readonly defaultStage?: string;
  readonly stages?: Readonly<Record<string, { readonly description?: string; readonly variables?: Readonly<Record<string, string | number | boolean>> }>>;
  readonly functions?: Readonly<Record<string, { readonly handler: string; readonly timeout?: number }>>;
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
