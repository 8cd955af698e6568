import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { IrApi } from "../ir.js";

/** Duplicate routes: the same method on the same resource shape (parameter names aside). */
export function checkRoutes(api: IrApi, bag: DiagnosticBag): void {
  const seen = new Map<string, string>();
  for (const r of api.routes) {
    const shape = r.isDefaultRoute ? "$default" : `${r.method} /${r.segments.map((s) => (s.kind === "literal" ? s.value : s.kind === "param" ? "{}" : "{+}")).join("/")}`;
    if (seen.has(shape)) bag.report("GWC4001", r.origin, { route: r.routeKey });
    else seen.set(shape, r.routeKey);
  }
}
