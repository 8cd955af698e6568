import { acceptedMediaType, requestMediaType } from "../server/request.js";
import type { GatewayResult, RequestContext } from "../server/types.js";
import { baseHeaders, gatewayResponse, result } from "../responses/respond.js";

/** `passthroughBehavior` (reference §4.2). */
export type PassthroughBehavior = "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES" | "NEVER";

/** A static template bound to a media type. */
export interface StaticTemplate {
  readonly contentType: string;
  readonly body: string;
}

/** An integration response as generated: pattern compiled to a full-match RegExp (reference §4.3 [U]). */
export interface IntegrationResponse {
  /** Undefined for the `default` response. */
  readonly pattern: RegExp | undefined;
  readonly statusCode: number;
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  readonly templates: readonly StaticTemplate[];
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
export function selectResponseTemplate(ctx: RequestContext, templates: readonly StaticTemplate[]): StaticTemplate | undefined {
  if (templates.length <= 1) return templates[0];
  const accept = acceptedMediaType(ctx) ?? "application/json";
  return templates.find((t) => t.contentType === accept) ?? templates[0];
}

/** Template bodies encoded once: they are constants of the generated code. */
const ENCODED = new WeakMap<StaticTemplate, Buffer>();

function encoded(template: StaticTemplate): Buffer {
  let bytes = ENCODED.get(template);
  if (bytes === undefined) ENCODED.set(template, (bytes = Buffer.from(template.body)));
  return bytes;
}

/**
 * A non-proxy integration response: the selected response's status and static headers, the
 * response template (or the passthrough body), `Content-Type` from the template key.
 */
export function integrationResponse(ctx: RequestContext, response: IntegrationResponse, passthroughBody: Buffer | undefined, passthroughType: string | undefined): GatewayResult {
  const headers: Record<string, string> = baseHeaders(ctx);
  const template = selectResponseTemplate(ctx, response.templates);
  headers["content-type"] = template?.contentType ?? passthroughType ?? "application/json";
  for (const h of response.headers) headers[h.name] = h.value;
  return result(response.statusCode, headers, template ? encoded(template) : passthroughBody ?? "");
}

/** No matching integration response and no default: 500 (reference §4.3). */
export function noIntegrationResponse(ctx: RequestContext): GatewayResult {
  ctx.gateway.log({ level: "error", msg: "No match for output mapping and no default output mapping configured", requestId: ctx.requestId });
  return gatewayResponse(ctx, "API_CONFIGURATION_ERROR");
}
