import type { IrApiType } from "../../ir.js";
import { isObject, str, type DocVersion, type Json, type NormaliseContext } from "./context.js";

/** Decides the document flavour from `swagger` / `openapi`, or undefined for a version gwc does not read. */
export function detectVersion(root: Json): DocVersion | undefined {
  // An unquoted YAML `swagger: 2.0` / `openapi: 3.0` is the number 2 / 3: accept it as the version it spells.
  if (String(root.swagger) === "2.0" || root.swagger === 2) return "swagger-2.0";
  const v = str(root.openapi) ?? (typeof root.openapi === "number" ? root.openapi.toFixed(1) : undefined);
  if (v === undefined) return undefined;
  // API Gateway imports `openapi: "3.0"` (TOOLCHAIN.md: several real exports say so).
  if (/^3\.0(\.\d+)?$/.test(v)) return "openapi-3.0";
  if (/^3\.1(\.\d+)?$/.test(v)) return "openapi-3.1";
  return undefined;
}

/** Root extensions only REST APIs have (reference §1). */
const REST_ONLY_ROOT_EXTENSIONS = [
  "x-amazon-apigateway-api-key-source", "x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-gateway-responses",
  "x-amazon-apigateway-minimum-compression-size", "x-amazon-apigateway-policy", "x-amazon-apigateway-request-validator",
  "x-amazon-apigateway-request-validators",
] as const;

/** Integration types HTTP APIs do not have: they take aws_proxy and http_proxy only (reference §1.1). */
const REST_ONLY_INTEGRATION_TYPES: ReadonlySet<string> = new Set(["aws", "http", "mock"]);

/** Authorizer types HTTP APIs do not have: they take request (Lambda) and jwt (reference §1). */
const REST_ONLY_AUTHORIZER_TYPES: ReadonlySet<string> = new Set(["token", "cognito_user_pools"]);

/**
 * HTTP APIs are recognised by extensions only they have (reference §1, §14). `$default` routes and
 * `x-amazon-apigateway-importexport-version` exist only in HTTP APIs. The weaker hints (payloadFormatVersion,
 * reusable integrations, x-amazon-apigateway-cors) lose to anything only REST APIs have: AWS imported such
 * documents with ImportRestApi (aws-openapi/localstack-cognito-authorizers.oas30.json carries
 * payloadFormatVersion next to an `http` integration and Cognito authorizers, and became a REST API).
 */
export function detectApiType(root: Json): IrApiType {
  if (root["x-amazon-apigateway-importexport-version"] !== undefined) return "HTTP";
  const components = isObject(root.components) ? root.components : {};
  const paths = isObject(root.paths) ? root.paths : {};
  let httpHint = root["x-amazon-apigateway-cors"] !== undefined || components["x-amazon-apigateway-integrations"] !== undefined;
  let restOnly = REST_ONLY_ROOT_EXTENSIONS.some((k) => root[k] !== undefined);
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : isObject(root.securityDefinitions) ? root.securityDefinitions : {};
  for (const scheme of Object.values(schemes)) {
    const authorizer = isObject(scheme) ? scheme["x-amazon-apigateway-authorizer"] : undefined;
    if (isObject(authorizer) && REST_ONLY_AUTHORIZER_TYPES.has(String(authorizer.type).toLowerCase())) restOnly = true;
  }
  for (const [p, item] of Object.entries(paths)) {
    if (p === "/$default") return "HTTP";
    if (!isObject(item)) continue;
    for (const [key, op] of Object.entries(item)) {
      if (!isObject(op)) continue;
      if (key === "x-amazon-apigateway-any-method" && op.isDefaultRoute === true) return "HTTP";
      const integ = op["x-amazon-apigateway-integration"];
      if (!isObject(integ)) continue;
      if (integ.payloadFormatVersion !== undefined || typeof integ.$ref === "string") httpHint = true;
      if (typeof integ.type === "string" && REST_ONLY_INTEGRATION_TYPES.has(integ.type.toLowerCase())) restOnly = true;
    }
  }
  return httpHint && !restOnly ? "HTTP" : "REST";
}

/** Root extensions gwc does not build (resource policy, CORS, compression, API keys from an authorizer): says so. */
export function checkRootExtensions(ctx: NormaliseContext): void {
  const root = ctx.doc.root;
  if (root["x-amazon-apigateway-policy"] !== undefined) {
    ctx.report("GWC2003", "/x-amazon-apigateway-policy", { feature: "Resource policy (x-amazon-apigateway-policy)" });
  }
  if (root["x-amazon-apigateway-cors"] !== undefined) {
    ctx.report("GWC2009", "/x-amazon-apigateway-cors", { feature: "CORS configuration (x-amazon-apigateway-cors)" });
  }
  if (root["x-amazon-apigateway-minimum-compression-size"] !== undefined) {
    ctx.report("GWC2009", "/x-amazon-apigateway-minimum-compression-size", { feature: "Response compression (x-amazon-apigateway-minimum-compression-size)" });
  }
  if (str(root["x-amazon-apigateway-api-key-source"])?.toUpperCase() === "AUTHORIZER") {
    ctx.report("GWC2003", "/x-amazon-apigateway-api-key-source", { feature: "API keys from a Lambda authorizer (x-amazon-apigateway-api-key-source: AUTHORIZER)" });
  }
}

/** `x-amazon-apigateway-binary-media-types`, lower case (REST). */
export function readBinaryMediaTypes(ctx: NormaliseContext): string[] {
  const raw = ctx.doc.root["x-amazon-apigateway-binary-media-types"];
  return Array.isArray(raw) ? raw.filter((t): t is string => typeof t === "string").map((t) => t.replace(/~1/g, "/").toLowerCase()) : []; // exports escape "/" as "~1"
}
