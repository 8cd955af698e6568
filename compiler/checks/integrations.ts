import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { IrApi } from "../ir.js";
import { joinPointer } from "../util/json-pointer.js";

/**
 * A MOCK integration answers with the statusCode its request template selects (AWS "Set up mock integrations"):
 * a static template without one selects nothing (GWC4002). Reported once per route, as each route has its
 * integration.
 */
export function checkIntegrations(api: IrApi, bag: DiagnosticBag): void {
  for (const { integration } of api.routes) {
    if (integration.kind !== "mock") continue;
    for (const t of integration.requestTemplates) {
      if (t.statusCode === undefined && !t.vtl) {
        bag.report("GWC4002", { file: integration.origin.file, pointer: joinPointer(integration.origin.pointer, "requestTemplates", t.contentType) }, { contentType: t.contentType });
      }
    }
  }
}
