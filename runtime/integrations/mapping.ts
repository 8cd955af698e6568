import { acceptedMediaType, decodeQueryComponent, queryValue, requestMediaType } from "../server/request.js";
import type { GatewayResult, RequestContext } from "../server/types.js";
import { baseHeaders, gatewayResponse, result } from "../responses/respond.js";
import { contextValues, contextVariable } from "../server/context-variables.js";
import { evaluateJsonPath, parseJsonPath } from "../vtl/json-path.js";
import { builtContext, createVtlScope, readOverrides, type VtlScope, type VtlTemplate } from "../vtl/index.js";

/** `passthroughBehavior` (reference §4.2). */
export type PassthroughBehavior = "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES" | "NEVER";

/**
 * A mapping template bound to a media type, as generated: static text (`body`, the output itself) or a VTL template
 * compiled at build time (`render`, from the generated templates module).
 */
export interface MappingTemplate {
  readonly contentType: string;
  readonly body?: string;
  readonly render?: VtlTemplate;
}

/**
 * The scope a route's templates render with (reference §4.1): `$input` over `body` and the method request's
 * parameters, `$context` (a response template passes the request template's, so it sees its overrides),
 * `$stageVariables`.
 */
export function templateScope(ctx: RequestContext, body: string | null, context?: VtlScope["$context"]): VtlScope {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < ctx.req.rawHeaders.length; i += 2) headers[ctx.req.rawHeaders[i]!] = ctx.req.rawHeaders[i + 1]!;
  const query: Record<string, string> = {};
  if (ctx.rawQuery !== "") {
    for (const pair of ctx.rawQuery.split("&")) {
      const eq = pair.indexOf("=");
      const name = decodeQueryComponent(eq < 0 ? pair : pair.slice(0, eq));
      if (name !== "" && !(name in query)) query[name] = queryValue(ctx.rawQuery, name) ?? "";
    }
  }
  return createVtlScope(
    { body, headers, query, path: ctx.pathParameters ?? {}, context: () => contextValues(ctx), stageVariables: ctx.gateway.stage.variables },
    context === undefined ? {} : { context },
  );
}



/**
 * Where a mapped response header's value comes from (reference §4.4): the integration response's header (`multi`:
 * all its values, comma-joined), its body or a JSONPath into it (written without `$.`), a stage or `$context`
 * variable. A static value is generated as `value` instead.
 */
export type ResponseValueSource =
  | { readonly kind: "integration-header"; readonly name: string; readonly multi: boolean }
  | { readonly kind: "integration-body"; readonly path: string | undefined }
  | { readonly kind: "stage-variable"; readonly name: string }
  | { readonly kind: "context"; readonly name: string };

/** A `method.response.header.<name>` mapping as generated: a static `value`, or a source read per response. */
export interface ResponseHeaderMapping {
  readonly name: string;
  readonly value?: string;
  readonly from?: ResponseValueSource;
}

/** An integration response as generated: pattern compiled to a full-match RegExp (reference §4.3 [U]). */
export interface IntegrationResponse {
  /** Undefined for the `default` response. */
  readonly pattern: RegExp | undefined;
  readonly statusCode: number;
  readonly headers: readonly ResponseHeaderMapping[];
  readonly templates: readonly MappingTemplate[];
}

/** Outcome of request template selection. */
export type RequestTemplateChoice<T> = { kind: "template"; template: T } | { kind: "passthrough" } | { kind: "unsupported" };

/** Request template selection with passthrough behaviour (reference §4.2 table). */
export function selectRequestTemplate<T extends { readonly contentType: string }>(
  ctx: RequestContext,
  templates: readonly T[],
  behavior: PassthroughBehavior,
): RequestTemplateChoice<T> {
  const type = requestMediaType(ctx);
  const template = templates.find((t) => t.contentType === type);
  if (template) return { kind: "template", template };
  if (templates.length > 0) return behavior === "WHEN_NO_MATCH" ? { kind: "passthrough" } : { kind: "unsupported" };
  return behavior === "NEVER" ? { kind: "unsupported" } : { kind: "passthrough" };
}

/** Integration response selection: first pattern matching `subject`, else default (reference §4.3). */
export function selectIntegrationResponse(responses: readonly IntegrationResponse[], subject: string): IntegrationResponse | undefined {
  let fallback: IntegrationResponse | undefined;
  for (const r of responses) {
    if (r.pattern === undefined) fallback ??= r;
    else if (r.pattern.test(subject)) return r;
  }
  return fallback;
}

/** Response template by the first `Accept` type; absent → application/json; no match → first defined (reference §4.2). */
export function selectResponseTemplate(ctx: RequestContext, templates: readonly MappingTemplate[]): MappingTemplate | undefined {
  if (templates.length <= 1) return templates[0];
  const accept = acceptedMediaType(ctx) ?? "application/json";
  return templates.find((t) => t.contentType === accept) ?? templates[0];
}

/** Template bodies encoded once: they are constants of the generated code. */
const ENCODED = new WeakMap<MappingTemplate, Buffer>();

function encoded(template: MappingTemplate): Buffer {
  let bytes = ENCODED.get(template);
  if (bytes === undefined) ENCODED.set(template, (bytes = Buffer.from(template.body ?? "")));
  return bytes;
}

/**
 * A non-proxy integration response: the selected response's status and static headers, the response template
 * (rendered with the integration's body as `$input.body`), or the passthrough body; `Content-Type` from the
 * template key. `$context.responseOverride` set by the request template (`requestContext`) or the response template
 * then sets the status and headers (reference §4.6). A template that fails while rendering answers 500.
 */
export function integrationResponse(
  ctx: RequestContext,
  response: IntegrationResponse,
  passthroughBody: Buffer | undefined,
  passthroughType: string | undefined,
  requestContext?: VtlScope["$context"],
  integrationHeaders?: Readonly<Record<string, string | string[] | undefined>>,
): GatewayResult {
  const headers: Record<string, string> = baseHeaders(ctx);
  const template = selectResponseTemplate(ctx, response.templates);
  headers["content-type"] = template?.contentType ?? passthroughType ?? "application/json";
  let mapped: Record<string, string> | undefined;
  for (const h of response.headers) {
    if (h.from === undefined) {
      headers[h.name] = h.value ?? "";
      continue;
    }
    const value = mappedValue(ctx, h.from, passthroughBody, integrationHeaders);
    if (value !== undefined) (mapped ??= {})[h.name] = headers[h.name] = value;
  }
  // A value read from the integration's answer, not written in the spec, may hold CR/LF: refused.
  const refusedMapping = mapped === undefined ? undefined : invalidHeader(mapped);
  if (refusedMapping !== undefined) return templateFailure(ctx, new Error(`response parameter ${JSON.stringify(refusedMapping)} maps a value that is not a valid header`));
  let statusCode = response.statusCode;
  let body: Buffer | string = passthroughBody ?? "";
  let context = requestContext;
  if (template !== undefined && template.render === undefined) body = encoded(template);
  else if (template?.render !== undefined) {
    try {
      const scope = templateScope(ctx, passthroughBody === undefined ? "" : passthroughBody.toString("utf8"), requestContext);
      body = template.render(scope);
      context = builtContext(scope);
    } catch (err) {
      return templateFailure(ctx, err);
    }
  }
  if (context !== undefined) {
    const o = readOverrides(context);
    if (o.status !== undefined) statusCode = o.status;
    const refused = invalidHeader(o.responseHeaders);
    if (refused !== undefined) return templateFailure(ctx, new Error(`responseOverride header ${JSON.stringify(refused)} is not a valid header (name, or a value with CR/LF)`));
    for (const name of Object.keys(o.responseHeaders)) headers[name] = o.responseHeaders[name]!;
  }
  return result(statusCode, headers, body);
}

/** A header name that is not an HTTP token. */
const BAD_HEADER_NAME = /[^!#$%&'*+.^_`|~0-9A-Za-z-]/;
/** A header value with a control character other than tab (CR/LF would split the response). */
const BAD_HEADER_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;

/**
 * The first header a template mapped that cannot be sent as it is (a name that is not a token, a value with CR, LF
 * or another control character), or undefined: such a value, taken from a request, would split the message.
 */
export function invalidHeader(headers: Readonly<Record<string, string>>): string | undefined {
  for (const name of Object.keys(headers)) if (name === "" || BAD_HEADER_NAME.test(name) || BAD_HEADER_VALUE.test(headers[name]!)) return name;
  return undefined;
}

/** A mapped response header's value for this response, or undefined where the source has none (the header is left out). */
function mappedValue(ctx: RequestContext, from: ResponseValueSource, body: Buffer | undefined, integrationHeaders: Readonly<Record<string, string | string[] | undefined>> | undefined): string | undefined {
  switch (from.kind) {
    case "stage-variable": return ctx.gateway.stage.variables[from.name];
    case "context": return contextVariable(ctx, from.name);
    case "integration-header": {
      const v = integrationHeaders?.[from.name.toLowerCase()];
      if (v === undefined) return undefined;
      return Array.isArray(v) ? (from.multi ? v.join(",") : v[v.length - 1]) : v;
    }
    case "integration-body": {
      const text = body === undefined ? "" : body.toString("utf8");
      if (from.path === undefined) return text;
      const path = parseJsonPath(`$.${from.path}`);
      let root: unknown;
      try {
        root = JSON.parse(text);
      } catch {
        return undefined;
      }
      const found = path === undefined ? undefined : evaluateJsonPath(root, path);
      if (found === undefined || !found.found || found.value === null || found.value === undefined) return undefined;
      return typeof found.value === "string" ? found.value : JSON.stringify(found.value);
    }
  }
}

/** A template that failed while rendering (an iteration bound, a bad regex): 500, and a log line naming why. */
export function templateFailure(ctx: RequestContext, err: unknown): GatewayResult {
  ctx.gateway.log({ level: "error", msg: "mapping template failed", requestId: ctx.requestId, error: String((err as Error)?.message ?? err) });
  return gatewayResponse(ctx, "API_CONFIGURATION_ERROR");
}

/** No matching integration response and no default: 500 (reference §4.3). */
export function noIntegrationResponse(ctx: RequestContext): GatewayResult {
  ctx.gateway.log({ level: "error", msg: "No match for output mapping and no default output mapping configured", requestId: ctx.requestId });
  return gatewayResponse(ctx, "API_CONFIGURATION_ERROR");
}
