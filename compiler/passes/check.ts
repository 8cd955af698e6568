import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { IrApi } from "../ir.js";
import { checkRoutes } from "../checks/routes.js";
import { checkIntegrations } from "../checks/integrations.js";
import { checkStages } from "../checks/stages.js";
import { checkPlans } from "../checks/plans.js";

/**
 * Runs the semantic checks (GWC4xxx) in a fixed order: routes, integrations, stages, usage plans. Each check reads the linked
 * IR and reports; none changes it. The bag sorts what they report, so the order only fixes who runs first.
 */
export function checkApi(api: IrApi, bag: DiagnosticBag): void {
  checkRoutes(api, bag);
  checkIntegrations(api, bag);
  checkStages(api, bag);
  checkPlans(api, bag);
}
