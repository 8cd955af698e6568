import { acceptedMediaType } from "../server/request.js";
import { contextVariable } from "../server/context-variables.js";
import type { GatewayResult, RequestContext } from "../server/types.js";
import type { GatewayResponseType, ResolvedGatewayResponse } from "./gateway-responses.js";
import { valueOf } from "../server/value-source.js";

/** Reference §14: error texts differ between API types. */
const HTTP_API_ERRORS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  413: "Request Entity Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * Types whose built-in body AWS writes as `{"message": "..."}` (with a space), unlike the default
 * template `{"message":$context.error.messageString}`: reference §5, §16 vectors 17, 18, 23, 32–34.
 * API_CONFIGURATION_ERROR: AWS recorded a 500 InternalServerErrorException with Content-Length 36,
 * the spaced form (aws-snapshots test_apigateway_integrations, header remapping "content-length").
 */
const SPACED_BODY = new Set<GatewayResponseType>(["API_CONFIGURATION_ERROR", "BAD_REQUEST_BODY", "BAD_REQUEST_PARAMETERS", "INTEGRATION_TIMEOUT", "INTEGRATION_FAILURE"]);

/** The headers every REST response carries (reference §3.4), as a flat list: the names of {@link baseHeaders}. */
export function restIdHeaders(ctx: RequestContext): string[] {
  return ["x-amzn-RequestId", ctx.requestId, "x-amz-apigw-id", ctx.extendedRequestId];
}

/** Headers every response carries (reference §3.4). */
export function baseHeaders(ctx: RequestContext): Record<string, string> {
  if (ctx.gateway.definition.apiType === "HTTP") return { "apigw-requestid": ctx.extendedRequestId };
  return { "x-amzn-RequestId": ctx.requestId, "x-amz-apigw-id": ctx.extendedRequestId };
}

/** A response value with a byte body (a string is encoded as UTF-8). */
export function result(statusCode: number, headers: Record<string, string | string[]> | string[], body: string | Buffer, gatewayResponse?: GatewayResponseType): GatewayResult {
  return { statusCode, headers, body: typeof body === "string" ? Buffer.from(body) : body, gatewayResponse };
}

/** The same answer, closing the connection after it (a body over the limit is not read to its end). */
export function closingConnection(answer: GatewayResult): GatewayResult {
  const headers = Array.isArray(answer.headers) ? [...answer.headers, "connection", "close"] : { ...answer.headers, connection: "close" };
  return { ...answer, headers };
}

/**
 * The respond step, and the only code that writes to the client socket: status and headers, then
 * the body (Content-Length set for bytes, none for a HEAD request's body), or a streamed body piped
 * in. Resolves when a streamed body has ended; a second answer to one request is ignored.
 */
export function respond(ctx: RequestContext, answer: GatewayResult): void | Promise<void> {
  const res = ctx.res;
  if (ctx.responded || res.headersSent) return;
  ctx.responded = true;
  const { body, headers } = answer;
  if (Buffer.isBuffer(body)) {
    if (Array.isArray(headers)) headers.push("content-length", String(body.length));
    else headers["content-length"] = String(body.length);
    res.writeHead(answer.statusCode, headers);
    res.end(ctx.method === "HEAD" ? undefined : body);
    return;
  }
  res.writeHead(answer.statusCode, headers);
  return body.pipeTo(res);
}

function contextValue(ctx: RequestContext, name: string, message: string | null, type: GatewayResponseType): string | undefined {
  switch (name) {
    case "error.responseType": return type;
    case "error.message": return message ?? "null";
    case "error.messageString": return JSON.stringify(message);
    default: return contextVariable(ctx, name);
  }
}


/** Plain `$var` substitution of gateway response templates (reference §6: no VTL). */
function renderTemplate(ctx: RequestContext, parts: readonly { kind: string; value?: string; name?: string }[], message: string | null, type: GatewayResponseType): string {
  let out = "";
  for (const p of parts) {
    if (p.kind === "text") out += p.value!;
    else {
      const name = p.name!.startsWith("context.") ? p.name!.slice(8) : undefined;
      const stage = p.name!.startsWith("stageVariables.") ? ctx.gateway.stage.variables[p.name!.slice(15)] : undefined;
      out += (name !== undefined ? contextValue(ctx, name, message, type) : stage) ?? "";
    }
  }
  return out;
}

const BUILT_IN_BODIES = new WeakMap<ResolvedGatewayResponse, Buffer>();

/** The built-in JSON body of a gateway response. */
function builtInBody(type: GatewayResponseType, message: string | null, spaced: boolean): string {
  // Capital-M body for denials (reference §6 ACCESS_DENIED [O]).
  if (type === "ACCESS_DENIED") return `{"Message":${JSON.stringify(message)}}`;
  return spaced ? `{"message": ${JSON.stringify(message)}}` : `{"message":${JSON.stringify(message)}}`;
}

/** Per-answer overrides of a resolved gateway response. */
export interface GatewayResponseOverrides {
  /** Replaces the type's default message (`$context.error.message`). */
  readonly message?: string | null;
  /** Replaces the type's `x-amzn-ErrorType`. */
  readonly errorType?: string;
  /** Replaces the resolved status code. */
  readonly statusCode?: number;
  /** Built-in body written `{"message": "..."}` with a space, as AWS does for some errors. */
  readonly spaced?: boolean;
}

/**
 * A gateway response (REST: customisable, reference §6) or the fixed HTTP API error for the same
 * status, as a response value.
 */
export function gatewayResponse(ctx: RequestContext, type: GatewayResponseType, overrides: GatewayResponseOverrides = {}): GatewayResult {
  const g = ctx.gateway;
  const headers: Record<string, string> = baseHeaders(ctx);
  if (g.definition.apiType === "HTTP") {
    const status = overrides.statusCode ?? (type === "MISSING_AUTHENTICATION_TOKEN" || type === "RESOURCE_NOT_FOUND" ? 404 : type === "INTEGRATION_TIMEOUT" || type === "INTEGRATION_FAILURE" ? 503 : g.responses[type].statusCode);
    headers["content-type"] = "application/json";
    return result(status, headers, JSON.stringify({ message: overrides.message ?? HTTP_API_ERRORS[status] ?? "Internal Server Error" }), type);
  }
  if (type === "REQUEST_TOO_LARGE") {
    // Not customisable, plain text (reference §6, §16 vector 40).
    headers["content-type"] = "text/plain";
    return result(413, headers, g.responses.REQUEST_TOO_LARGE.message ?? "", type);
  }
  const r = g.responses[type];
  const msg = overrides.message === undefined ? r.message : overrides.message;
  const et = overrides.errorType ?? r.errorType;
  if (et) headers["x-amzn-ErrorType"] = et;
  for (const h of r.headers) {
    const v = valueOf(ctx, h.source, (name) => contextValue(ctx, name, msg, type));
    if (v !== undefined) headers[h.name] = v;
  }
  if (r.templates) {
    const accept = acceptedMediaType(ctx);
    const t = r.templates.find((x) => x.contentType === accept) ?? r.templates.find((x) => x.contentType === "application/json") ?? r.templates[0]!;
    headers["content-type"] = t.contentType;
    const body = renderTemplate(ctx, t.parts, msg, type);
    return result(overrides.statusCode ?? r.statusCode, headers, body, type);
  }
  headers["content-type"] = "application/json";
  const spaced = overrides.spaced ?? SPACED_BODY.has(type);
  if (overrides.message === undefined && overrides.spaced === undefined) {
    // The built-in body of a type never changes: built once (test/bench: error answers cost no more than successes).
    let cached = BUILT_IN_BODIES.get(r);
    if (cached === undefined) BUILT_IN_BODIES.set(r, (cached = Buffer.from(builtInBody(type, msg, spaced))));
    return result(overrides.statusCode ?? r.statusCode, headers, cached, type);
  }
  return result(overrides.statusCode ?? r.statusCode, headers, builtInBody(type, msg, spaced), type);
}

/**
 * The Lambda-proxy failure answer: REST 502 `{"message": "Internal server error"}`, HTTP 500
 * `Internal Server Error` (reference §3.3). REST renders it as a 5xx gateway response, so a
 * customised DEFAULT_5XX (headers such as CORS, templates) applies to it [U: AWS does not name the type].
 */
export function lambdaFailure(ctx: RequestContext): GatewayResult {
  if (ctx.gateway.definition.apiType === "HTTP") return gatewayResponse(ctx, "DEFAULT_5XX", { statusCode: 500, message: "Internal Server Error" });
  return gatewayResponse(ctx, "DEFAULT_5XX", { statusCode: 502, message: "Internal server error", errorType: "InternalServerErrorException", spaced: true });
}
