import type { IrApi, IrOrigin } from "../ir.js";
import { definitionRef, emitValidatorModule, toEsmValidatorModule } from "./validator-module.js";

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

/** A model that ajv refused, with the reason. */
export interface ModelProblem {
  readonly origin: IrOrigin;
  readonly detail: string;
}

/**
 * Generates validators.mjs (ajv standalone, as an ES module) for the models routes validate against, or undefined
 * when none. A schema ajv refuses is returned as a problem (reported as GWC5001), naming the model.
 */
export function emitValidators(api: IrApi): { source: string; declaration: string } | { problem: ModelProblem } | undefined {
  const used = new Set<string>();
  for (const r of api.routes) if (r.validation.validateRequestBody) for (const b of r.bodyModels) used.add(b.modelId);
  if (used.size === 0) return undefined;
  const definitions: Record<string, unknown> = {};
  for (const m of api.models) if (m.shared) definitions[m.id] = rewriteRefs(m.schema);
  const schemas = api.models
    .filter((m) => used.has(m.id))
    .map((m) => ({ id: m.id, schema: m.shared ? { $ref: definitionRef(m.id) } : rewriteRefs(m.schema) }));
  let source: string;
  try {
    source = toEsmValidatorModule(emitValidatorModule({ dialect: api.schemaDialect, definitions, schemas }));
  } catch (err) {
    const message = String((err as Error)?.message ?? err);
    // emitValidatorModule names the failing validator or definition by id in its message.
    const model = api.models.find((m) => new RegExp(`\\b${m.id}\\b`).test(message)) ?? api.models.find((m) => used.has(m.id))!;
    return { problem: { origin: model.origin, detail: message.split("\n")[0]! } };
  }
  const declaration =
    `import type { ModelValidator } from "gwc/runtime";\n\n` +
    schemas.map((s) => `export declare const ${s.id}: ModelValidator;\n`).join("");
  return { source, declaration };
}
