import { getHeader, sourceIp } from "./request.js";
import type { RequestContext } from "./types.js";

/**
 * `$context.<name>` for mappings and gateway-response templates (reference §4.1), for the
 * variables gwc knows today; undefined for the others.
 */
export function contextVariable(ctx: RequestContext, name: string): string | undefined {
  switch (name) {
    case "requestId": return ctx.requestId;
    case "extendedRequestId": return ctx.extendedRequestId;
    case "httpMethod": return ctx.method;
    case "stage": return ctx.gateway.stage.name;
    case "apiId": return ctx.gateway.definition.apiId;
    case "accountId": return ctx.gateway.accountId;
    case "resourcePath": return ctx.route?.resource;
    case "resourceId": return ctx.route?.resourceId;
    case "path": return ctx.rawPath;
    case "protocol": return "HTTP/1.1";
    case "domainName": return getHeader(ctx.req, "host") ?? "localhost";
    case "identity.sourceIp": return sourceIp(ctx);
    case "identity.userAgent": return getHeader(ctx.req, "user-agent");
    // Set only when the method required a key and it was admitted (reference §7); the key's name is its id.
    case "identity.apiKey": return ctx.apiKey === undefined ? undefined : getHeader(ctx.req, "x-api-key");
    case "identity.apiKeyId": return ctx.apiKey?.name;
    case "requestTimeEpoch": return String(ctx.startTime);
    default: return undefined;
  }
}

/** The `$context` variables {@link contextVariable} knows, by name. */
const CONTEXT_VARIABLE_NAMES = [
  "requestId", "extendedRequestId", "httpMethod", "stage", "apiId", "accountId", "resourcePath", "resourceId", "path", "protocol",
  "domainName", "identity.sourceIp", "identity.userAgent", "identity.apiKey", "identity.apiKeyId", "requestTimeEpoch",
] as const;

/** Every `$context` variable this request has a value for, by dotted name: a mapping template's `$context`. */
export function contextValues(ctx: RequestContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CONTEXT_VARIABLE_NAMES) {
    const value = contextVariable(ctx, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
