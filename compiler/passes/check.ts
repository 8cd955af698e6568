import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { IrApi } from "../ir.js";
import { checkRoutes } from "../checks/routes.js";

/** Runs the semantic checks in a fixed order. */
export function checkApi(api: IrApi, bag: DiagnosticBag): void {
  checkRoutes(api, bag);
}
