import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { IrApi, IrSchemaDialect } from "../../ir.js";
import type { LoadedApi } from "../../load/api-folder.js";
import { compareStrings } from "../../util/order.js";
import { DocReader, isObject, NormaliseContext, type Json } from "./context.js";
import { checkRootExtensions, detectApiType, detectVersion, readBinaryMediaTypes } from "./document.js";
import { readGatewayResponses } from "./gateway-responses.js";
import { readAccount, readApiKeys, readFunctionDeclarations, readStages, readStore, readUsagePlans } from "./gateway-yaml.js";
import { readPaths } from "./paths.js";
import { readValidators } from "./request-validators.js";

/**
 * Turns a loaded API folder into the IR. Reports problems and carries on where that is safe. Function
 * references are left for link: `functions` is empty, and `unlinked` holds what link resolves them against.
 */
export function normaliseApi(loaded: LoadedApi, bag: DiagnosticBag): IrApi | undefined {
  const file = loaded.openapi.file;
  const root = loaded.openapi.value as Json;
  const doc = new DocReader(root, file);
  const version = detectVersion(root);
  if (!version) {
    bag.report("GWC1005", doc.origin(root.openapi !== undefined ? "/openapi" : root.swagger !== undefined ? "/swagger" : ""), {
      version: String(root.openapi ?? root.swagger ?? ""),
    });
    return undefined;
  }
  const apiType = detectApiType(root);
  const schemaDialect: IrSchemaDialect = version === "openapi-3.1" ? "2020-12" : "draft-04";
  const ctx = new NormaliseContext(doc, version, apiType, schemaDialect, loaded, bag);
  const info = isObject(root.info) ? root.info : {};
  checkRootExtensions(ctx);
  const routes = readPaths(ctx, readValidators(ctx));
  const stages = readStages(ctx);
  return {
    kind: "api",
    name: loaded.name,
    apiType,
    title: typeof info.title === "string" ? info.title : loaded.name,
    version: typeof info.version === "string" || typeof info.version === "number" ? String(info.version) : "",
    sources: [file, ...(loaded.gatewayFile ? [loaded.gatewayFile] : [])].sort(compareStrings),
    origin: doc.origin(""),
    routes,
    models: ctx.models,
    schemaDialect,
    stages: stages.stages,
    defaultStage: stages.defaultStage,
    functions: [],
    gatewayResponses: readGatewayResponses(ctx),
    binaryMediaTypes: readBinaryMediaTypes(ctx),
    apiKeys: readApiKeys(ctx),
    usagePlans: readUsagePlans(ctx),
    accountThrottle: readAccount(ctx),
    store: readStore(ctx),
    storeFailure: ctx.loaded.gateway?.storeFailure,
    unlinked: { kind: "unlinked", functionDeclarations: readFunctionDeclarations(ctx), handlerFiles: loaded.handlerFiles, dir: loaded.dir },
  };
}
