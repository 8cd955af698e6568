/**
 * Gateway responses: the errors API Gateway itself answers with. Defaults follow reference §6
 * and the recorded GetGatewayResponses table (corpus aws-snapshots/extracted/default-gateway-responses.json).
 */
import type { ValueSource } from "../server/value-source.js";

/** Every REST gateway response type (reference §6). */
export type GatewayResponseType =
  | "ACCESS_DENIED" | "API_CONFIGURATION_ERROR" | "AUTHORIZER_CONFIGURATION_ERROR" | "AUTHORIZER_FAILURE"
  | "BAD_REQUEST_PARAMETERS" | "BAD_REQUEST_BODY" | "DEFAULT_4XX" | "DEFAULT_5XX" | "EXPIRED_TOKEN"
  | "INTEGRATION_FAILURE" | "INTEGRATION_TIMEOUT" | "INVALID_API_KEY" | "INVALID_SIGNATURE"
  | "MISSING_AUTHENTICATION_TOKEN" | "QUOTA_EXCEEDED" | "REQUEST_TOO_LARGE" | "RESOURCE_NOT_FOUND"
  | "THROTTLED" | "UNAUTHORIZED" | "UNSUPPORTED_MEDIA_TYPE" | "WAF_FILTERED";

/** Built-in status, message and `x-amzn-ErrorType` of a response type. */
export interface GatewayResponseDefault {
  readonly statusCode: number | undefined;
  readonly message: string | null;
  readonly errorType: string | undefined;
}

/** Reference §6; [U] entries are choices, marked there as unconfirmed. */
export const DEFAULT_GATEWAY_RESPONSES: Readonly<Record<GatewayResponseType, GatewayResponseDefault>> = {
  ACCESS_DENIED: { statusCode: 403, message: "User is not authorized to access this resource with an explicit deny in an identity-based policy", errorType: "AccessDeniedException" },
  API_CONFIGURATION_ERROR: { statusCode: 500, message: "Internal server error", errorType: "InternalServerErrorException" },
  AUTHORIZER_CONFIGURATION_ERROR: { statusCode: 500, message: null, errorType: "AuthorizerConfigurationException" },
  AUTHORIZER_FAILURE: { statusCode: 500, message: "Internal server error", errorType: "AuthorizerFailureException" },
  BAD_REQUEST_PARAMETERS: { statusCode: 400, message: "Bad request", errorType: "BadRequestException" },
  BAD_REQUEST_BODY: { statusCode: 400, message: "Invalid request body", errorType: "BadRequestException" },
  DEFAULT_4XX: { statusCode: undefined, message: "Bad request", errorType: undefined },
  DEFAULT_5XX: { statusCode: undefined, message: "Internal server error", errorType: undefined },
  EXPIRED_TOKEN: { statusCode: 403, message: "The security token included in the request is expired", errorType: "ExpiredTokenException" },
  INTEGRATION_FAILURE: { statusCode: 504, message: "Internal server error", errorType: "InternalServerErrorException" },
  INTEGRATION_TIMEOUT: { statusCode: 504, message: "Endpoint request timed out", errorType: undefined },
  INVALID_API_KEY: { statusCode: 403, message: "Forbidden", errorType: "ForbiddenException" },
  INVALID_SIGNATURE: { statusCode: 403, message: "The request signature we calculated does not match the signature you provided.", errorType: "InvalidSignatureException" },
  MISSING_AUTHENTICATION_TOKEN: { statusCode: 403, message: "Missing Authentication Token", errorType: "MissingAuthenticationTokenException" },
  QUOTA_EXCEEDED: { statusCode: 429, message: "Limit Exceeded", errorType: "LimitExceededException" },
  REQUEST_TOO_LARGE: { statusCode: 413, message: "HTTP content length exceeded 10485760 bytes.", errorType: undefined },
  RESOURCE_NOT_FOUND: { statusCode: 404, message: "Not Found", errorType: "NotFoundException" },
  THROTTLED: { statusCode: 429, message: "Too Many Requests", errorType: "TooManyRequestsException" },
  UNAUTHORIZED: { statusCode: 401, message: "Unauthorized", errorType: "UnauthorizedException" },
  UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, message: "Unsupported Media Type", errorType: "BadRequestException" },
  WAF_FILTERED: { statusCode: 403, message: "Forbidden", errorType: "WafFilteredException" },
};

/** Part of a gateway response template: text or a `$variable`. */
export type TemplatePart = { readonly kind: "text"; readonly value: string } | { readonly kind: "variable"; readonly name: string };

/** One customisation from `x-amazon-apigateway-gateway-responses`, as generated. */
export interface GatewayResponseCustomisation {
  readonly statusCode?: number;
  readonly headers?: readonly { readonly name: string; readonly source: ValueSource }[];
  readonly templates?: readonly { readonly contentType: string; readonly parts: readonly TemplatePart[] }[];
}

/** The effective response of one type after resolution. */
export interface ResolvedGatewayResponse {
  readonly type: GatewayResponseType;
  readonly statusCode: number;
  readonly message: string | null;
  readonly errorType: string | undefined;
  readonly headers: readonly { readonly name: string; readonly source: ValueSource }[];
  /** Custom templates; undefined means the built-in JSON body. */
  readonly templates: readonly { readonly contentType: string; readonly parts: readonly TemplatePart[] }[] | undefined;
}

/**
 * Resolves every type once, at start-up (reference §6): configured type → else configured
 * DEFAULT_4XX/DEFAULT_5XX by the class of the type's default status (its statusCode, if set,
 * replaces the status) → else built-in. Headers of the type and the DEFAULT_xXX fallback merge.
 */
export function resolveGatewayResponses(
  custom: Readonly<Partial<Record<GatewayResponseType, GatewayResponseCustomisation>>>,
): Readonly<Record<GatewayResponseType, ResolvedGatewayResponse>> {
  const out = {} as Record<GatewayResponseType, ResolvedGatewayResponse>;
  for (const type of Object.keys(DEFAULT_GATEWAY_RESPONSES) as GatewayResponseType[]) {
    const def = DEFAULT_GATEWAY_RESPONSES[type];
    const builtIn = def.statusCode ?? (type === "DEFAULT_4XX" ? 400 : 500);
    const fallback = custom[builtIn < 500 ? "DEFAULT_4XX" : "DEFAULT_5XX"];
    const own = custom[type];
    const statusCode = own?.statusCode ?? (own === undefined ? fallback?.statusCode : undefined) ?? builtIn;
    const headers = [...(fallback?.headers ?? []), ...(own?.headers ?? [])];
    const templates = own?.templates && own.templates.length > 0 ? own.templates : fallback?.templates && fallback.templates.length > 0 ? fallback.templates : undefined;
    out[type] = { type, statusCode, message: def.message, errorType: def.errorType, headers, templates };
  }
  return out;
}
