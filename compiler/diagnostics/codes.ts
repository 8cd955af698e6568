/**
 * THE registry of diagnostic codes. Every code, slug, severity, message template and hint is
 * written here and nowhere else. Ranges follow the phases (STYLE.md §6): 1xxx load, 2xxx
 * normalise, 3xxx link, 4xxx check, 5xxx emit, 9xxx internal. Retired codes stay, marked
 * `retired`, and are never reused.
 */

/** Severity of a diagnostic: errors stop the build, warnings do not. */
export type Severity = "error" | "warning";

/** One registry entry. `{name}` placeholders in `message` and `hint` take the report's args. */
export interface CodeSpec {
  readonly slug: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint: string;
  readonly retired?: true;
}

export const CODES = {
  GWC1001: {
    slug: "syntax-error",
    severity: "error",
    message: "Cannot parse {file}: {detail}",
    hint: "Fix the YAML or JSON syntax at this position",
  },
  GWC1002: {
    slug: "openapi-invalid",
    severity: "warning",
    message: "The OpenAPI document does not validate: {detail}",
    hint: "API Gateway imports many such documents; fix it if other tools must read it too",
  },
  GWC1003: {
    slug: "unresolved-ref",
    severity: "error",
    message: "Cannot resolve the document's references: {detail}",
    hint: "Check that every $ref points at an existing file and JSON pointer",
  },
  GWC1004: {
    slug: "no-openapi-document",
    severity: "error",
    message: "No OpenAPI document found in {dir}",
    hint: "Add openapi.yaml, openapi.yml or openapi.json to the API folder",
  },
  GWC1005: {
    slug: "unsupported-openapi-version",
    severity: "error",
    message: "Unsupported document version \"{version}\"",
    hint: "Use OpenAPI 3.0, OpenAPI 3.1 or Swagger 2.0",
  },
  GWC1010: {
    slug: "gateway-yaml-invalid",
    severity: "error",
    message: "gateway.yaml: {detail}",
    hint: "See compiler/load/gateway.schema.json for the accepted fields",
  },
  GWC2001: {
    slug: "unsupported-integration",
    severity: "error",
    message: "Integration type \"{type}\" is not supported yet",
    hint: "gwc serves aws_proxy (Lambda proxy), aws with a Lambda URI (Lambda custom), http_proxy, http and mock integrations; AWS service integrations come later",
  },
  GWC2002: {
    slug: "missing-integration",
    severity: "warning",
    message: "Operation \"{route}\" has no x-amazon-apigateway-integration; it answers 500 Internal server error",
    hint: "Add an x-amazon-apigateway-integration to the operation",
  },
  GWC2003: {
    slug: "unsupported-feature",
    severity: "error",
    message: "{feature} is not supported yet",
    hint: "Remove it or wait for the gwc release that supports it; gwc refuses to build rather than silently ignore it",
  },
  GWC2004: {
    slug: "vtl-not-supported",
    severity: "error",
    message: "Mapping template for \"{contentType}\" cannot be compiled: {detail}",
    hint: "Fix the template at that line and column; the README's VTL table lists what gwc compiles",
  },
  GWC2005: {
    slug: "malformed-integration",
    severity: "error",
    message: "Malformed integration: {detail}",
    hint: "See the x-amazon-apigateway-integration reference for the accepted fields",
  },
  GWC2006: {
    slug: "timeout-out-of-range",
    severity: "error",
    message: "timeoutInMillis {value} is outside {min}..{max}",
    hint: "Use a timeout within API Gateway's limits for this API type",
  },
  GWC2007: {
    slug: "unsupported-mapping-expression",
    severity: "error",
    message: "Unsupported parameter mapping \"{target}\": \"{source}\"",
    hint: "Use method.request.{path|querystring|header}.NAME, stageVariables.NAME, context.NAME or a 'static' value; in responses also integration.response.{header|multivalueheader}.NAME or integration.response.body[.path]",
  },
  GWC2008: {
    slug: "bad-path-template",
    severity: "error",
    message: "Path \"{path}\" is not a valid resource path: {detail}",
    hint: "A {param} must be a whole segment and a greedy {param+} must be the last segment",
  },
  GWC2009: {
    slug: "unsupported-feature-ignored",
    severity: "warning",
    message: "{feature} is not supported yet and has no effect",
    hint: "The API builds without it; behaviour differs from API Gateway here",
  },
  GWC2010: {
    slug: "security-scheme-not-enforced",
    severity: "warning",
    message: "Security scheme \"{name}\" (type {type}) is not enforced: API Gateway enforces only its authorizers, IAM and API keys",
    hint: "Add an x-amazon-apigateway-authorizer to the scheme to enforce it, or remove the requirement",
  },
  GWC2011: {
    slug: "bad-cache-key-parameter",
    severity: "error",
    message: "Cache key parameter {value} is not a method request parameter",
    hint: "Write it as method.request.querystring.<name>, method.request.header.<name> or method.request.path.<name>",
  },
  GWC3001: {
    slug: "unknown-request-validator",
    severity: "error",
    message: "Request validator \"{name}\" is not defined",
    hint: "Define it under x-amazon-apigateway-request-validators, or correct the name",
  },
  GWC3002: {
    slug: "unresolved-function",
    severity: "error",
    message: "Lambda function \"{name}\" has no handler module",
    hint: "Add handlers/{name}.ts exporting `handler`, or map it under `functions` in gateway.yaml",
  },
  GWC3003: {
    slug: "unresolved-lambda-uri",
    severity: "error",
    message: "Cannot find a Lambda function name in integration uri \"{uri}\"",
    hint: "Use arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{account}:function:NAME/invocations",
  },
  GWC3004: {
    slug: "unknown-integration-ref",
    severity: "error",
    message: "Integration reference \"{ref}\" is not defined",
    hint: "Define it under components.x-amazon-apigateway-integrations",
  },
  GWC3005: {
    slug: "unknown-handler-file",
    severity: "error",
    message: "Handler module \"{file}\" for function \"{name}\" does not exist",
    hint: "Correct the `handler` path in gateway.yaml (relative to the API folder)",
  },
  GWC3006: {
    slug: "unknown-api-key",
    severity: "error",
    message: "Usage plan \"{plan}\" names API key \"{name}\", which is not defined under apiKeys",
    hint: "Define the key under apiKeys, or correct the name",
  },
  GWC3007: {
    slug: "unknown-plan-stage",
    severity: "error",
    message: "Usage plan \"{plan}\" names stage \"{name}\", which is not defined under stages",
    hint: "Define the stage under stages, or correct the name",
  },
  GWC4001: {
    slug: "duplicate-route",
    severity: "error",
    message: "Route \"{route}\" is defined more than once",
    hint: "Remove one of the definitions",
  },
  GWC4002: {
    slug: "mock-without-status",
    severity: "warning",
    message: "MOCK request template for \"{contentType}\" yields no statusCode; requests answer 500",
    hint: "Write the template as {\"statusCode\": 200}",
  },
  GWC4003: {
    slug: "invalid-status-code",
    severity: "error",
    message: "Status code \"{value}\" is not a valid HTTP status",
    hint: "Use a status code from 100 to 599",
  },
  GWC4004: {
    slug: "invalid-stage",
    severity: "error",
    message: "Stage name \"{name}\" is invalid",
    hint: "Stage names match [A-Za-z0-9_-]{1,128}",
  },
  GWC4005: {
    slug: "invalid-stage-variable",
    severity: "error",
    message: "Stage variable \"{name}\" is invalid: {detail}",
    hint: "Names match [A-Za-z0-9_]{1,64}; values match [A-Za-z0-9-._~:/?#&=,]{1,512}",
  },
  GWC4006: {
    slug: "unknown-gateway-response",
    severity: "error",
    message: "Gateway response type \"{type}\" does not exist",
    hint: "Use one of the API Gateway response types, e.g. DEFAULT_4XX, MISSING_AUTHENTICATION_TOKEN",
  },
  GWC4007: {
    slug: "invalid-selection-pattern",
    severity: "error",
    message: "Selection pattern \"{pattern}\" is not a valid regular expression",
    hint: "Fix the regular expression in the responses key",
  },
  GWC4008: {
    slug: "unknown-stage",
    severity: "error",
    message: "Default stage \"{name}\" is not defined under stages",
    hint: "Define the stage, or correct defaultStage",
  },
  GWC4009: {
    slug: "unknown-method-key",
    severity: "error",
    message: "Method key \"{key}\" matches no route of this API",
    hint: "Write it as \"/resource/path/METHOD\" for a route of the API (\"//GET\" for the root resource), or \"*/*\" for every method",
  },
  GWC4010: {
    slug: "plaintext-api-key",
    severity: "error",
    message: "API key \"{name}\" has its value written in gateway.yaml, where it would reach generated code",
    hint: "Put the value in an environment variable and write value: \"${env:NAME}\", or give its SHA-256 as valueSha256",
  },
  GWC4011: {
    slug: "key-in-two-plans",
    severity: "error",
    message: "API key \"{name}\" is in usage plans \"{first}\" and \"{second}\" on stage \"{stage}\"; a key can be in one plan per stage",
    hint: "Remove the key from one of the plans, or attach the plans to different stages",
  },
  GWC4012: {
    slug: "store-password",
    severity: "error",
    message: "The store URL in gateway.yaml carries a password, which would reach generated code",
    hint: "Write the URL without it, and give the full URL in the GWC_REDIS_URL environment variable when the gateway starts",
  },
  GWC5001: {
    slug: "model-not-compilable",
    severity: "error",
    message: "Request model cannot be compiled to a validator: {detail}",
    hint: "Fix the JSON Schema of the model (it must be valid {dialect})",
  },
  GWC5002: {
    slug: "handler-not-bundled",
    severity: "error",
    message: "Handler {file} cannot be bundled: {detail}",
    hint: "Install the package it imports in the project that holds the specs (npm install <package>), or fix the import",
  },
  GWC9001: {
    slug: "internal-error",
    severity: "error",
    message: "Internal error: {detail}",
    hint: "This is a gwc bug; please report it with the spec that triggers it",
  },
} as const satisfies Record<`GWC${number}`, CodeSpec>;

/** A registered diagnostic code. */
export type Code = keyof typeof CODES;
