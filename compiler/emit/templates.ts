import type { IrApi, IrMappingTemplate } from "../ir.js";
import { InternalError } from "../diagnostics/diagnostic.js";
import { compileTemplate, HELPERS_NAME } from "../vtl/compile.js";
import { jsDocText } from "./literal.js";

/** Every VTL template of the API in canonical order (routes in order; request templates, then responses'), named `t0`, `t1`, …. */
export function templateNames(api: IrApi): Map<IrMappingTemplate, string> {
  const names = new Map<IrMappingTemplate, string>();
  const add = (t: IrMappingTemplate): void => {
    if (t.vtl && !names.has(t)) names.set(t, `t${names.size}`);
  };
  for (const { integration } of api.routes) {
    if (integration.kind !== "mock" && integration.kind !== "http" && integration.kind !== "lambda") continue;
    for (const t of integration.requestTemplates) add(t);
    for (const r of integration.responses) for (const t of r.templates) add(t);
  }
  return names;
}

/**
 * Generates templates.ts: each VTL mapping template compiled to a function of the request's scope (runtime/vtl),
 * or undefined when the API has none. The template text reaches the module only inside the compiled code's string
 * literals (compiler/vtl/compile.ts), and each function carries its template's origin.
 */
export function emitTemplates(names: ReadonlyMap<IrMappingTemplate, string>): string | undefined {
  if (names.size === 0) return undefined;
  const out: string[] = [];
  out.push(`import { ${HELPERS_NAME}, type VtlTemplate } from "gwc/runtime";`);
  for (const [t, name] of names) {
    const compiled = compileTemplate(t.body);
    // normalise compiled every template and refused those that do not compile (GWC2004).
    if ("error" in compiled) throw new InternalError(`template ${t.origin.file}#${t.origin.pointer} did not compile at emit: ${compiled.error.message}`);
    out.push("");
    out.push(`/** ${jsDocText(t.contentType)} — @source ${jsDocText(`${t.origin.file}#${t.origin.pointer}`)} */`);
    out.push(`export const ${name}: VtlTemplate = ${compiled.source};`);
  }
  return out.join("\n") + "\n";
}
