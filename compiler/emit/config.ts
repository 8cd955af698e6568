import type { IrApi } from "../ir.js";
import { jsDocText, jsJson, jsKey, jsNumber, jsString } from "./literal.js";
import { stableId } from "./names.js";

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
    out.push(`    { name: ${jsString(s.name)}, variables: { ${vars} } },`);
  }
  out.push(`  ],`);
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
