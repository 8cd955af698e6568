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
