import type { IrApi } from "../ir.js";
import { definitionRef, emitValidatorModule } from "./validators.js";

/** Rewrites the IR's model references (`#/models/<id>`) into the validator module's definition refs. */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/models/")) out.$ref = definitionRef(v.slice("#/models/".length));
    else if (k === "$schema" || k === "id" && typeof v === "string") continue; // root-only keywords; a nested `id` would rebase refs
    else out[k] = rewriteRefs(v);
  }
  return out;
}

/** Generates validators.cjs (ajv standalone) for the models routes validate against, or undefined when none. */
export function emitValidators(api: IrApi): { source: string; declaration: string } | undefined {
  const used = new Set<string>();
  for (const r of api.routes) if (r.validation.validateRequestBody) for (const b of r.bodyModels) used.add(b.modelId);
  if (used.size === 0) return undefined;
  const definitions: Record<string, unknown> = {};
  for (const m of api.models) if (m.shared) definitions[m.id] = rewriteRefs(m.schema);
  const schemas = api.models
    .filter((m) => used.has(m.id))
    .map((m) => ({ id: m.id, schema: m.shared ? { $ref: definitionRef(m.id) } : rewriteRefs(m.schema) }));
  const source = emitValidatorModule({ dialect: api.schemaDialect, definitions, schemas });
  const declaration =
    `import type { ModelValidator } from "gwc/runtime";\n\n` +
    `declare const validators: {\n${schemas.map((s) => `  readonly ${s.id}: ModelValidator;\n`).join("")}};\nexport = validators;\n`;
  return { source, declaration };
}
