import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { IrApi, IrFunction, IrOrigin, IrUnlinked } from "../ir.js";
import { InternalError } from "../diagnostics/diagnostic.js";
import { joinPointer } from "../util/json-pointer.js";

/** AWS Lambda's default function timeout, in seconds. */
const DEFAULT_FUNCTION_TIMEOUT = 3;

/** Extensions tried, in this order, for `handlers/<name>.<ext>` when gateway.yaml does not declare the function. */
const HANDLER_EXTENSIONS = ["ts", "mts", "js", "mjs"] as const;

/** Integrations refer to a function as `function:<name>` (IrLambdaProxyIntegration.functionId). */
const FUNCTION_ID_PREFIX = "function:";

/**
 * Resolves every function the integrations refer to: to the handler gateway.yaml declares for it (GWC3005 when
 * that file does not exist), else to `handlers/<name>.{ts,mts,js,mjs}` (GWC3002 when there is none). Each
 * function once, in the order first referred to; its origin is that first integration's `uri`.
 */
function resolveFunctions(api: IrApi, unlinked: IrUnlinked, bag: DiagnosticBag): IrFunction[] {
  // Routes are still in document order here (canonicalise runs after link), so "first" is the document's first.
  const referenced = new Map<string, IrOrigin>();
  for (const { integration } of api.routes) {
    if (integration.kind !== "lambda-proxy" && integration.kind !== "lambda") continue;
    const name = integration.functionId.slice(FUNCTION_ID_PREFIX.length);
    if (!referenced.has(name)) referenced.set(name, { file: integration.origin.file, pointer: joinPointer(integration.origin.pointer, "uri") });
  }
  const declared = new Map(unlinked.functionDeclarations.map((d) => [d.name, d]));
  const out: IrFunction[] = [];
  for (const [name, origin] of referenced) {
    const declaration = declared.get(name);
    if (declaration) {
      if (!unlinked.handlerFiles.includes(declaration.handlerFile)) {
        bag.report("GWC3005", declaration.origin, { file: declaration.handlerFile, name });
        continue;
      }
      out.push({
        kind: "function",
        id: `${FUNCTION_ID_PREFIX}${name}`,
        name,
        handlerFile: declaration.handlerFile,
        exportName: declaration.exportName ?? "handler",
        timeout: declaration.timeout ?? DEFAULT_FUNCTION_TIMEOUT,
        origin,
      });
      continue;
    }
    const handlerFile = HANDLER_EXTENSIONS.map((ext) => `${unlinked.dir}/handlers/${name}.${ext}`).find((f) => unlinked.handlerFiles.includes(f));
    if (!handlerFile) {
      bag.report("GWC3002", origin, { name });
      continue;
    }
    out.push({ kind: "function", id: `${FUNCTION_ID_PREFIX}${name}`, name, handlerFile, exportName: "handler", timeout: DEFAULT_FUNCTION_TIMEOUT, origin });
  }
  return out;
}

/** Checks that usage plans name stages (GWC3007) and API keys (GWC3006) that gateway.yaml defines. */
function resolvePlanNames(api: IrApi, bag: DiagnosticBag): void {
  const stages = new Set(api.stages.map((s) => s.name));
  const keys = new Set(api.apiKeys.map((k) => k.name));
  for (const plan of api.usagePlans) {
    for (const s of plan.apiStages) if (!stages.has(s.stage)) bag.report("GWC3007", { file: s.origin.file, pointer: joinPointer(s.origin.pointer, "stage") }, { plan: plan.name, name: s.stage });
    plan.apiKeys.forEach((name, i) => {
      if (!keys.has(name)) bag.report("GWC3006", { file: plan.origin.file, pointer: joinPointer(plan.origin.pointer, "apiKeys", i) }, { plan: plan.name, name });
    });
  }
}

/**
 * Resolves names to ids: the integrations' functions (GWC3002, GWC3005), and drops `unlinked`. Then checks that
 * every cross-reference resolves: body models and functions. Request validators (GWC3001) and integration
 * `$ref`s (GWC3004) are resolved while normalising, because what they resolve to decides what the normaliser reads
 * (body models, the integration itself); what reaches this pass unresolved is a gwc bug.
 */
export function linkApi(api: IrApi, bag: DiagnosticBag): IrApi {
  const { unlinked, ...rest } = api;
  if (!unlinked) throw new InternalError("linkApi needs the names normaliseApi read (IrApi.unlinked)");
  // Spreading `rest` first keeps `functions` where normalise put it among the keys.
  const linked: IrApi = { ...rest, functions: resolveFunctions(api, unlinked, bag) };
  resolvePlanNames(linked, bag);
  const models = new Set(linked.models.map((m) => m.id));
  const functions = new Set(linked.functions.map((f) => f.id));
  for (const r of linked.routes) {
    for (const b of r.bodyModels) if (!models.has(b.modelId)) throw new InternalError(`route ${r.routeKey} refers to unknown model ${b.modelId}`);
    // An unresolved function was reported as GWC3002/GWC3005; the route then answers 500.
    if ((r.integration.kind === "lambda-proxy" || r.integration.kind === "lambda") && !functions.has(r.integration.functionId) && !bag.hasErrors()) {
      throw new InternalError(`route ${r.routeKey} refers to unknown function ${r.integration.functionId}`);
    }
  }
  return linked;
}
