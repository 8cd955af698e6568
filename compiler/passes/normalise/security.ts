import { joinPointer } from "../../util/json-pointer.js";
import { isObject, str, type Json, type NormaliseContext } from "./context.js";

/**
 * Reads the authorization an operation asks for. An `apiKey` scheme named `x-api-key` in the header is API
 * Gateway's `apiKeyRequired` (REST APIs; HTTP APIs have no API keys: GWC2003). Refuses what gwc does not enforce
 * yet: `x-amazon-apigateway-auth`, authorizers and IAM (GWC2003); plain OpenAPI schemes that API Gateway ignores
 * are warned about (GWC2010).
 */
export function readSecurity(ctx: NormaliseContext, op: Json, pointer: string): { apiKeyRequired: boolean } {
  let apiKeyRequired = false;
  const auth = op["x-amazon-apigateway-auth"];
  if (isObject(auth) && typeof auth.type === "string" && auth.type.toUpperCase() !== "NONE") {
    ctx.report("GWC2003", joinPointer(pointer, "x-amazon-apigateway-auth"), { feature: `Authorization type "${auth.type}" (x-amazon-apigateway-auth)` });
  }
  // An operation without `security` inherits the root requirement. AWS applies it on REST import too, although
  // reference §1 says it is ignored: aws-snapshots test_apigateway_import.snapshot.json recorded
  // test_import_with_global_api_key_authorizer and test_import_with_cognito_auth_identity_source, where the
  // operations without `security` got the root authorizer.
  const own = Array.isArray(op.security);
  const security = own ? op.security : ctx.doc.root.security;
  if (!Array.isArray(security)) return { apiKeyRequired };
  const base = own ? joinPointer(pointer, "security") : "/security";
  const schemes = securitySchemes(ctx);
  security.forEach((req: unknown, i: number) => {
    if (!isObject(req)) return;
    for (const name of Object.keys(req)) {
      const scheme = schemes.get(name);
      const at = joinPointer(base, i, name);
      if (scheme === undefined) continue;
      if (isObject(scheme["x-amazon-apigateway-authorizer"])) {
        const type = str(scheme["x-amazon-apigateway-authorizer"].type) ?? "lambda";
        ctx.report("GWC2003", at, { feature: `Authorizer "${name}" (type ${type})` });
      } else if (/^aws/i.test(str(scheme["x-amazon-apigateway-authtype"]) ?? "")) {
        ctx.report("GWC2003", at, { feature: `IAM authorization "${name}"` });
      } else if (scheme.type === "apiKey" && str(scheme.name)?.toLowerCase() === "x-api-key" && scheme.in === "header") {
        if (ctx.apiType === "HTTP") ctx.report("GWC2003", at, { feature: `API key requirement "${name}" on an HTTP API (API Gateway has API keys for REST APIs only)` });
        else apiKeyRequired = true;
      } else {
        // Plain OpenAPI schemes (http basic/bearer, oauth2, openIdConnect, other apiKey names) create nothing on
        // import: API Gateway serves such operations unauthenticated, and so does gwc, saying so.
        ctx.report("GWC2010", at, { name, type: String(scheme.type) });
      }
    }
  });
  return { apiKeyRequired };
}

/** `securityDefinitions` (Swagger 2) or `components.securitySchemes` by name, read once per document. */
function securitySchemes(ctx: NormaliseContext): Map<string, Json> {
  if (ctx.securitySchemes) return ctx.securitySchemes;
  const root = ctx.doc.root;
  const raw = ctx.version === "swagger-2.0" ? root.securityDefinitions : isObject(root.components) ? root.components.securitySchemes : undefined;
  ctx.securitySchemes = new Map();
  if (isObject(raw)) for (const [k, v] of Object.entries(raw)) if (isObject(v)) ctx.securitySchemes.set(k, v);
  return ctx.securitySchemes;
}
