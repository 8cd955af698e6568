import type { IrApi, IrFunction, IrIntegration, IrIntegrationResponse, IrLambdaIntegration, IrLambdaProxyIntegration, IrMappingTemplate, IrRequestParameterMapping, IrRoute, IrUriPart } from "../ir.js";
import { jsDocText, jsFullMatchRegExp, jsJson, jsNumber, jsString } from "./literal.js";
import { NameAllocator, stableId } from "./names.js";
import { InternalError } from "../diagnostics/diagnostic.js";

/** Import names chosen for each function's handler, in canonical order. */
export function handlerImportNames(api: IrApi): Map<string, string> {
  const names = new NameAllocator(["ROUTES", "V", "T"]);
  return new Map(api.functions.map((f) => [f.id, names.allocate(`fn_${f.name}`)]));
}

/** Module path of a function's compiled handler inside the bundle. */
export function handlerModulePath(name: string): string {
  return `handlers/${name}.mjs`;
}

function uriLiteral(parts: readonly IrUriPart[]): string {
  return `[${parts
    .map((p) => (p.kind === "text" ? `{ kind: "text", value: ${jsString(p.value)} }` : `{ kind: ${jsString(p.kind)}, name: ${jsString(p.name)} }`))
    .join(", ")}]`;
}

function mappingsLiteral(mappings: readonly IrRequestParameterMapping[]): string {
  return `[${mappings.map((m) => `{ target: ${jsJson(m.target)}, source: ${jsJson(m.source)} }`).join(", ")}]`;
}

/** Compiled templates by IR node: their names in the generated templates module (emit/templates.ts). */
type TemplateNames = ReadonlyMap<IrMappingTemplate, string>;

/** A mapping template as the runtime takes it: static text, or the compiled function of the templates module. */
function templateLiteral(t: IrMappingTemplate, names: TemplateNames, extra = ""): string {
  const name = names.get(t);
  if (t.vtl && name === undefined) throw new InternalError(`VTL template ${t.origin.file}#${t.origin.pointer} has no compiled function`);
  return name === undefined ? `{ contentType: ${jsString(t.contentType)}, body: ${jsString(t.body)}${extra} }` : `{ contentType: ${jsString(t.contentType)}, render: T.${name}${extra} }`;
}

function responsesLiteral(responses: readonly IrIntegrationResponse[], names: TemplateNames, indent: string): string {
  if (responses.length === 0) return "[]";
  const items = responses.map((r) => {
    const pattern = r.selectionPattern === undefined ? "undefined" : jsFullMatchRegExp(r.selectionPattern);
    // A static value stays `value`; any other source is read per response (`from`).
    const headers = `[${r.headers.map((h) => (h.source.kind === "static" ? `{ name: ${jsString(h.name)}, value: ${jsString(h.source.value)} }` : `{ name: ${jsString(h.name)}, from: ${jsJson(h.source)} }`)).join(", ")}]`;
    const templates = `[${r.templates.map((t) => templateLiteral(t, names)).join(", ")}]`;
    return `${indent}  { pattern: ${pattern}, statusCode: ${jsNumber(r.statusCode)}, headers: ${headers}, templates: ${templates} },`;
  });
  return `[\n${items.join("\n")}\n${indent}]`;
}

/** The function of a Lambda integration (proxy or custom): link resolved it or reported it, and a build with errors is not emitted. */
function functionOf(api: IrApi, integration: IrLambdaProxyIntegration | IrLambdaIntegration): IrFunction {
  const fn = api.functions.find((f) => f.id === integration.functionId);
  if (!fn) throw new InternalError(`route integration refers to unknown function ${integration.functionId}`);
  return fn;
}

/** The fields both Lambda integrations start with: the handler import, the function's name and qualifier. */
function functionFields(api: IrApi, integration: IrLambdaProxyIntegration | IrLambdaIntegration, handlers: Map<string, string>, indent: string): string[] {
  const fn = functionOf(api, integration);
  return [
    `${indent}  handler: ${handlers.get(fn.id)!},`,
    `${indent}  functionName: ${jsString(fn.name)},`,
    `${indent}  qualifier: ${integration.qualifier === undefined ? "undefined" : jsString(integration.qualifier)},`,
  ];
}

function functionTimeoutMs(api: IrApi, integration: IrLambdaProxyIntegration | IrLambdaIntegration): string {
  return jsNumber(functionOf(api, integration).timeout * 1000);
}

function integrationLiteral(api: IrApi, integration: IrIntegration, handlers: Map<string, string>, names: TemplateNames, indent: string): string {
  switch (integration.kind) {
    case "lambda-proxy":
      return [
        `createLambdaProxyIntegration({`,
        ...functionFields(api, integration, handlers, indent),
        `${indent}  payloadFormatVersion: ${jsString(integration.payloadFormatVersion)},`,
        `${indent}  timeoutInMillis: ${jsNumber(integration.timeoutInMillis)},`,
        `${indent}  functionTimeoutMs: ${functionTimeoutMs(api, integration)},`,
        `${indent}})`,
      ].join("\n");
    case "lambda":
      return [
        `createLambdaIntegration({`,
        ...functionFields(api, integration, handlers, indent),
        `${indent}  requestTemplates: [${integration.requestTemplates.map((t) => templateLiteral(t, names)).join(", ")}],`,
        `${indent}  passthroughBehavior: ${jsString(integration.passthroughBehavior)},`,
        `${indent}  responses: ${responsesLiteral(integration.responses, names, indent + "  ")},`,
        `${indent}  timeoutInMillis: ${jsNumber(integration.timeoutInMillis)},`,
        `${indent}  functionTimeoutMs: ${functionTimeoutMs(api, integration)},`,
        `${indent}})`,
      ].join("\n");
    case "http-proxy":
      return [
        `createHttpProxyIntegration({`,
        `${indent}  uri: ${uriLiteral(integration.uri)},`,
        `${indent}  httpMethod: ${jsString(integration.httpMethod)},`,
        `${indent}  requestParameters: ${mappingsLiteral(integration.requestParameters)},`,
        `${indent}  timeoutInMillis: ${jsNumber(integration.timeoutInMillis)},`,
        `${indent}})`,
      ].join("\n");
    case "http":
      return [
        `createHttpIntegration({`,
        `${indent}  uri: ${uriLiteral(integration.uri)},`,
        `${indent}  httpMethod: ${jsString(integration.httpMethod)},`,
        `${indent}  requestParameters: ${mappingsLiteral(integration.requestParameters)},`,
        `${indent}  requestTemplates: [${integration.requestTemplates.map((t) => templateLiteral(t, names)).join(", ")}],`,
        `${indent}  passthroughBehavior: ${jsString(integration.passthroughBehavior)},`,
        `${indent}  responses: ${responsesLiteral(integration.responses, names, indent + "  ")},`,
        `${indent}  timeoutInMillis: ${jsNumber(integration.timeoutInMillis)},`,
        `${indent}})`,
      ].join("\n");
    case "none":
      return "createMissingIntegration()";
    case "mock":
      return [
        `createMockIntegration({`,
        `${indent}  requestTemplates: [${integration.requestTemplates.map((t) => (t.vtl ? templateLiteral(t, names) : `{ contentType: ${jsString(t.contentType)}, statusCode: ${t.statusCode === undefined ? "undefined" : jsNumber(t.statusCode)} }`)).join(", ")}],`,
        `${indent}  passthroughBehavior: ${jsString(integration.passthroughBehavior)},`,
        `${indent}  responses: ${responsesLiteral(integration.responses, names, indent + "  ")},`,
        `${indent}})`,
      ].join("\n");
  }
}

/** AWS sorts the missing-parameter list by key `method.request.<in>.<name>` (reference §5 [V]). */
function requiredParameters(route: IrRoute): string {
  if (!route.validation.validateRequestParameters) return "undefined";
  const req = route.parameters
    .filter((p) => p.required)
    .map((p) => ({ key: `method.request.${p.in}.${p.name}`, p }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return `[${req.map(({ p }) => `{ in: ${jsString(p.in)}, name: ${jsString(p.name)} }`).join(", ")}]`;
}

function bodyValidator(route: IrRoute): string {
  if (!route.validation.validateRequestBody || route.bodyModels.length === 0) return "undefined";
  const exact = route.bodyModels.filter((b) => b.contentType !== "$default");
  const fallback = route.bodyModels.find((b) => b.contentType === "$default");
  if (exact.length === 1 && !fallback) return `(ct) => (ct === ${jsString(exact[0]!.contentType)} ? V.${exact[0]!.modelId} : undefined)`;
  const cases = exact.map((b) => `case ${jsString(b.contentType)}: return V.${b.modelId};`).join(" ");
  return `(ct) => { switch (ct) { ${cases} } return ${fallback ? `V.${fallback.modelId}` : "undefined"}; }`;
}

/** Generates routes.ts: the route table, one entry per route, each with its integration built once at start-up. */
export function emitRoutes(api: IrApi, usesValidators: boolean, names: TemplateNames = new Map()): string {
  const handlers = handlerImportNames(api);
  const used = new Set(api.routes.map((r) => r.integration.kind));
  const runtimeImports = ["type RouteDefinition"];
  if (used.has("lambda-proxy")) runtimeImports.push("createLambdaProxyIntegration");
  if (used.has("lambda")) runtimeImports.push("createLambdaIntegration");
  if (used.has("http-proxy")) runtimeImports.push("createHttpProxyIntegration");
  if (used.has("http")) runtimeImports.push("createHttpIntegration");
  if (used.has("mock")) runtimeImports.push("createMockIntegration");
  if (used.has("none")) runtimeImports.push("createMissingIntegration");
  const out: string[] = [];
  out.push(`import { ${runtimeImports.join(", ")} } from "gwc/runtime";`);
  for (const f of api.functions) {
    const exp = f.exportName === handlers.get(f.id) ? f.exportName : `${f.exportName} as ${handlers.get(f.id)!}`;
    out.push(`import { ${exp} } from ${jsString(`./${handlerModulePath(f.name)}`)};`);
  }
  if (usesValidators) out.push(`import * as V from "./validators.mjs";`);
  if (names.size > 0) out.push(`import * as T from "./templates.mjs";`);
  out.push("");
  out.push(`/** Every route of ${jsDocText(api.title)}, in canonical order (the router returns indexes into it). */`);
  out.push(`export const ROUTES: readonly RouteDefinition[] = [`);
  for (const route of api.routes) {
    out.push(`  /** ${jsDocText(route.routeKey)} — @source ${jsDocText(`${route.origin.file}#${route.origin.pointer}`)} */`);
    out.push(`  {`);
    out.push(`    resource: ${jsString(route.path)},`);
    out.push(`    routeKey: ${jsString(route.routeKey)},`);
    out.push(`    resourceId: ${jsString(stableId(route.path, 6))},`);
    out.push(`    requiredParameters: ${requiredParameters(route)},`);
    out.push(`    validateBody: ${bodyValidator(route)},`);
    const streams = route.integration.kind === "http-proxy" && !(route.validation.validateRequestBody && route.bodyModels.length > 0);
    out.push(`    streamsBody: ${streams},`);
    out.push(`    apiKeyRequired: ${route.apiKeyRequired},`);
    out.push(`    methodKey: ${jsString(route.methodKey)},`);
    if (route.cacheKeyParameters.length > 0) out.push(`    cacheKeyParameters: ${jsJson(route.cacheKeyParameters)},`);
    if (route.cacheNamespace !== undefined) out.push(`    cacheNamespace: ${jsString(route.cacheNamespace)},`);
    out.push(`    integration: ${integrationLiteral(api, route.integration, handlers, names, "    ")},`);
    out.push(`  },`);
  }
  out.push(`];`);
  return out.join("\n") + "\n";
}
