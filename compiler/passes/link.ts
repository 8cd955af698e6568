import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { IrApi } from "../ir.js";
import { InternalError } from "../diagnostics/diagnostic.js";

/**
 * Checks that every cross-reference resolves: body models and functions. Names were resolved
 * while normalising (function handlers, validators, integration refs) and reported there;
 * what reaches this pass unresolved is a gwc bug.
 */
export function linkApi(api: IrApi, bag: DiagnosticBag): IrApi {
  const models = new Set(api.models.map((m) => m.id));
  const functions = new Set(api.functions.map((f) => f.id));
  for (const r of api.routes) {
    for (const b of r.bodyModels) if (!models.has(b.modelId)) throw new InternalError(`route ${r.routeKey} refers to unknown model ${b.modelId}`);
    // An unresolved function was reported as GWC3002/GWC3005; the route then answers 500.
    if (r.integration.kind === "lambda-proxy" && !functions.has(r.integration.functionId) && !bag.hasErrors()) {
      throw new InternalError(`route ${r.routeKey} refers to unknown function ${r.integration.functionId}`);
    }
  }
  return api;
}
