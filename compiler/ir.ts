/**
 * The gwc intermediate representation: the contract between parsing (load, normalise, link,
 * check) and generation (emit). Plain JSON-serialisable data, readonly, `kind`-tagged; every
 * node carries an `origin` pointing into its source document. No functions live here.
 *
 * Field names follow Amazon API Gateway's own API where a field mirrors an AWS property.
 */

/** Where a node came from: a repository-relative POSIX path and an RFC 6901 pointer into it. */
export interface IrOrigin {
  readonly file: string;
  readonly pointer: string;
}

/** The two API flavours of Amazon API Gateway that OpenAPI can describe. */
export type IrApiType = "REST" | "HTTP";

/** JSON Schema dialect used for request models: REST models are draft 4, OpenAPI 3.1 is 2020-12. */
export type IrSchemaDialect = "draft-04" | "2020-12";

/** One compiled API: an API folder under specs/. */
export interface IrApi {
  readonly kind: "api";
  /** Folder name; also the output folder under generated/. */
  readonly name: string;
  /** REST (v1) or HTTP (v2) API, decided from the document's extensions. */
  readonly apiType: IrApiType;
  /** `info.title`. */
  readonly title: string;
  /** `info.version`. */
  readonly version: string;
  /** Source documents (openapi, gateway.yaml, handler files), repository-relative, sorted. */
  readonly sources: readonly string[];
  /** The OpenAPI document's origin (root pointer). */
  readonly origin: IrOrigin;
  /** Every route (REST method on a resource, or HTTP route key), in canonical order after canonicalise. */
  readonly routes: readonly IrRoute[];
  /** Schemas compiled to validators; routes refer to them by `id`. */
  readonly models: readonly IrModel[];
  /** JSON Schema dialect of `models`. */
  readonly schemaDialect: IrSchemaDialect;
  /** Stages from gateway.yaml, or one default stage. */
  readonly stages: readonly IrStage[];
  /** Name of the stage served when none is chosen. */
  readonly defaultStage: string;
  /** Lambda functions, resolved to local handler modules. */
  readonly functions: readonly IrFunction[];
  /** `x-amazon-apigateway-gateway-responses` entries as written (REST). */
  readonly gatewayResponses: readonly IrGatewayResponse[];
  /** `x-amazon-apigateway-binary-media-types` (REST). */
  readonly binaryMediaTypes: readonly string[];
  /** gateway.yaml `apiKeys`: each key's value source (never the value itself). */
  readonly apiKeys: readonly IrApiKey[];
  /** gateway.yaml `usagePlans`. */
  readonly usagePlans: readonly IrUsagePlan[];
  /** gateway.yaml `account.throttle`: the account-wide bucket, or undefined for none. */
  readonly accountThrottle: IrThrottle | undefined;
  /** gateway.yaml `store`: a `redis://` URL (no password), or undefined for the in-memory store. */
  readonly store: string | undefined;
  /** gateway.yaml `storeFailure`: what usage-plan checks do while the store does not answer (undefined: open). */
  readonly storeFailure: "open" | "closed" | undefined;
  /**
   * What normalise read for link to resolve names against. Set only between normalise and link: link drops it,
   * so it never reaches check, emit or the IR dump.
   */
  readonly unlinked?: IrUnlinked;
}

/** Inputs of name resolution that are not names in the IR: gateway.yaml's function declarations and the handler files. */
export interface IrUnlinked {
  readonly kind: "unlinked";
  /** gateway.yaml `functions`, in document order. */
  readonly functionDeclarations: readonly IrFunctionDeclaration[];
  /** Files below the API folder's handlers/, repository-relative, sorted (where `handlers/<name>.ts` is looked for). */
  readonly handlerFiles: readonly string[];
  /** The API folder, repository-relative. */
  readonly dir: string;
}

/** A Lambda function as gateway.yaml declares it (`functions.<name>`), before link checks its handler file exists. */
export interface IrFunctionDeclaration {
  readonly kind: "function-declaration";
  /** The key under `functions`: the function name integration ARNs use. */
  readonly name: string;
  /** Repository-relative handler source file, from `handler` before `#`. */
  readonly handlerFile: string;
  /** Exported handler name, from `handler` after `#`, if written. */
  readonly exportName: string | undefined;
  /** Function timeout in seconds (Lambda `Timeout`), if written. */
  readonly timeout: number | undefined;
  /** gateway.yaml `/functions/<name>/handler`. */
  readonly origin: IrOrigin;
}

/**
 * A token bucket's limits (reference §7): refilled at `rateLimit` tokens per second up to `burstLimit`. A layer
 * limits only with a `rateLimit`; `burstLimit` defaults to the rate rounded up, at least 1 (gwc's choice, [U]).
 */
export interface IrThrottle {
  readonly kind: "throttle";
  /** Requests per second, fractions allowed. */
  readonly rateLimit: number;
  /** Bucket capacity. */
  readonly burstLimit: number;
  readonly origin: IrOrigin;
}

/** Where an API key's value comes from: never the value itself (STYLE.md, "No secrets in generated code"). */
export type IrApiKeySource =
  | { readonly kind: "env"; /** Environment variable read at start-up. */ readonly variable: string }
  | { readonly kind: "sha256"; /** SHA-256 of the value, lower-case hex. */ readonly hex: string };

/** An API key (AWS::ApiGateway::ApiKey), by name. */
export interface IrApiKey {
  readonly kind: "api-key";
  /** The name under `apiKeys` (AWS's key name; `$context.identity.apiKeyId`). */
  readonly name: string;
  /** Undefined only when the written value was refused (GWC4010): such a build stops before emit. */
  readonly source: IrApiKeySource | undefined;
  /** `enabled` (default true): a disabled key is refused with 403. */
  readonly enabled: boolean;
  readonly origin: IrOrigin;
}

/** A per-method limit in a usage plan's stage (`apiStages[].throttle["/pets/GET"]`). */
export interface IrMethodThrottle {
  readonly kind: "method-throttle";
  /** `/resource/path/METHOD`, as AWS writes method keys. */
  readonly methodKey: string;
  readonly throttle: IrThrottle;
  readonly origin: IrOrigin;
}

/** A usage plan's quota (reference §7): requests per API key per calendar period, UTC. */
export interface IrQuota {
  readonly kind: "quota";
  /** Requests per period. */
  readonly limit: number;
  /** `DAY`, `WEEK` (from Sunday 00:00 UTC) or `MONTH` (from the 1st, 00:00 UTC). */
  readonly period: "DAY" | "WEEK" | "MONTH";
  /** Requests taken off the limit in the initial period (AWS's current reading of `offset`). */
  readonly offset: number;
  readonly origin: IrOrigin;
}

/** A usage plan (AWS::ApiGateway::UsagePlan). */
export interface IrUsagePlan {
  readonly kind: "usage-plan";
  readonly name: string;
  /** The plan's limits per API key, or undefined. */
  readonly throttle: IrThrottle | undefined;
  /** The plan's quota per API key, or undefined. */
  readonly quota: IrQuota | undefined;
  /** The stages the plan applies to, each with its per-method limits (sorted by method key). */
  readonly apiStages: readonly { readonly stage: string; readonly methodThrottles: readonly IrMethodThrottle[]; readonly origin: IrOrigin }[];
  /** Names of the plan's API keys, sorted. */
  readonly apiKeys: readonly string[];
  readonly origin: IrOrigin;
}

/** A JSON Schema model, already normalised to `IrApi.schemaDialect`. */
export interface IrModel {
  readonly kind: "model";
  /** Stable id, a valid JS identifier (`model_Pet`, `body_createPet`). */
  readonly id: string;
  /** The schema, with references to other models as `{"$ref": "<definitionsRef>"}`. */
  readonly schema: unknown;
  /** True for component schemas shared by reference; false for inline request bodies. */
  readonly shared: boolean;
  readonly origin: IrOrigin;
}

/** A path segment of a route template. */
export type IrSegment =
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "param"; readonly name: string }
  | { readonly kind: "greedy"; readonly name: string };

/** One route: a REST method on a resource path, or an HTTP API route key. */
export interface IrRoute {
  readonly kind: "route";
  /** Route key as AWS writes it: `GET /pets/{id}`, `ANY /{proxy+}`, `$default`. */
  readonly routeKey: string;
  /** HTTP method, upper case, or `ANY` (`x-amazon-apigateway-any-method`). */
  readonly method: string;
  /** Resource path template (`/pets/{id}`), or `$default` for the HTTP default route. */
  readonly path: string;
  /** `path` split into segments; empty for `/` and `$default`. */
  readonly segments: readonly IrSegment[];
  /** True for the HTTP API `$default` route (`isDefaultRoute`). */
  readonly isDefaultRoute: boolean;
  /** `operationId`, when present. */
  readonly operationId: string | undefined;
  /** Method request parameters (REST `method.request.*`). */
  readonly parameters: readonly IrParameter[];
  /** Request validation in force for this method (`x-amazon-apigateway-request-validator`). */
  readonly validation: IrValidation;
  /** Request body models by content type (`$default` = any type). */
  readonly bodyModels: readonly IrBodyModel[];
  /** The integration behind the route. */
  readonly integration: IrIntegration;
  /** `apiKeyRequired`: an `apiKey` security scheme named `x-api-key` in the header applies (reference §7). */
  readonly apiKeyRequired: boolean;
  /** The route's key in method settings and plan throttles: `/pets/{id}/GET` (`//GET` for the root resource). */
  readonly methodKey: string;
  /**
   * The integration's `cacheKeyParameters` (`method.request.querystring.type`, …), in document order: the values
   * that, with the method and resource path, make a response cache key (reference §8). Empty when none.
   */
  readonly cacheKeyParameters: readonly IrCacheKeyParameter[];
  /** The integration's `cacheNamespace`, when written (part of the cache key). */
  readonly cacheNamespace: string | undefined;
  readonly origin: IrOrigin;
}

/** One `cacheKeyParameters` entry: a method request parameter by location and name. */
export interface IrCacheKeyParameter {
  readonly in: "path" | "querystring" | "header" | "multivaluequerystring" | "multivalueheader";
  readonly name: string;
}

/** A declared method request parameter. */
export interface IrParameter {
  readonly kind: "parameter";
  /** `path`, `querystring` or `header`, as AWS names the locations. */
  readonly in: "path" | "querystring" | "header";
  readonly name: string;
  /** `required: true` in the document (path parameters always are). */
  readonly required: boolean;
  readonly origin: IrOrigin;
}

/** Validator flags (`x-amazon-apigateway-request-validators`): which checks run for a method. */
export interface IrValidation {
  /** Validator name as declared, or undefined when no validator applies. */
  readonly validatorName: string | undefined;
  /** `validateRequestParameters`. */
  readonly validateRequestParameters: boolean;
  /** `validateRequestBody`. */
  readonly validateRequestBody: boolean;
}

/** A request body model bound to a content type. */
export interface IrBodyModel {
  readonly kind: "body-model";
  /** Media type, lower case, or `$default`. */
  readonly contentType: string;
  /** Id of an `IrModel`. */
  readonly modelId: string;
}

/** The integration types gwc implements; anything else is a diagnostic, never ignored. */
export type IrIntegration = IrLambdaProxyIntegration | IrLambdaIntegration | IrHttpProxyIntegration | IrMockIntegration | IrHttpIntegration | IrNoIntegration;

/**
 * Lambda custom (`type: aws` with a Lambda invocation URI): the request template's output is the event of the
 * in-process handler; its result, or its error payload, is the integration response, selected on `errorMessage`.
 */
export interface IrLambdaIntegration {
  readonly kind: "lambda";
  /** Id of the `IrFunction` (`function:<name>`). */
  readonly functionId: string;
  readonly qualifier: string | undefined;
  readonly requestTemplates: readonly IrMappingTemplate[];
  readonly passthroughBehavior: IrPassthroughBehavior;
  readonly responses: readonly IrIntegrationResponse[];
  readonly timeoutInMillis: number;
  readonly origin: IrOrigin;
}

/** An operation without `x-amazon-apigateway-integration` (GWC2002): it answers 500 Internal server error. */
export interface IrNoIntegration {
  readonly kind: "none";
  readonly origin: IrOrigin;
}

/** AWS_PROXY to a Lambda function served in-process from a local handler module. */
export interface IrLambdaProxyIntegration {
  readonly kind: "lambda-proxy";
  /** Id of the `IrFunction` (`function:<name>`). */
  readonly functionId: string;
  /** Lambda alias or version qualifier from the ARN, if any. */
  readonly qualifier: string | undefined;
  /** `payloadFormatVersion`: REST is always 1.0; HTTP APIs 1.0 or 2.0. */
  readonly payloadFormatVersion: "1.0" | "2.0";
  /** `timeoutInMillis` (REST default 29000, HTTP 30000). */
  readonly timeoutInMillis: number;
  readonly origin: IrOrigin;
}

/**
 * Where a mapped value comes from (`method.request.*`, `'static'`, `stageVariables.*`,
 * `context.*`; reference §4.1): the one source type of request parameter mappings and gateway
 * response headers, read at run time by runtime/server/value-source.ts `valueOf`.
 */
export type IrValueSource =
  | { readonly kind: "request"; readonly in: "path" | "querystring" | "header"; readonly name: string }
  | { readonly kind: "static"; readonly value: string }
  | { readonly kind: "stage-variable"; readonly name: string }
  | { readonly kind: "context"; readonly name: string };

/** `integration.request.{path|querystring|header}.<name>` ← source. */
export interface IrRequestParameterMapping {
  readonly kind: "request-parameter";
  readonly target: { readonly in: "path" | "querystring" | "header"; readonly name: string };
  readonly source: IrValueSource;
}

/** A URI template split into literal text and placeholders, resolved per request. */
export type IrUriPart =
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "path-param"; readonly name: string }
  | { readonly kind: "stage-variable"; readonly name: string };

/** HTTP_PROXY: the request is forwarded to `uri` and the backend's response returned. */
export interface IrHttpProxyIntegration {
  readonly kind: "http-proxy";
  /** The `uri` split into parts; `{x}` placeholders are integration path parameters. */
  readonly uri: readonly IrUriPart[];
  /** `httpMethod`; `ANY` forwards the client's method. */
  readonly httpMethod: string;
  /** `requestParameters` mappings; unmapped `{x}` placeholders take the same-named method path parameter. */
  readonly requestParameters: readonly IrRequestParameterMapping[];
  /** `timeoutInMillis`. */
  readonly timeoutInMillis: number;
  readonly origin: IrOrigin;
}

/**
 * A mapping template (reference §4): static text, emitted as it is, or VTL, compiled at build time into a function
 * of the generated templates module (compiler/vtl/compile.ts). No template is interpreted at run time.
 */
export interface IrMappingTemplate {
  readonly kind: "mapping-template";
  /** Media type key, lower case. */
  readonly contentType: string;
  /** Template text as written. */
  readonly body: string;
  /** True when the text uses VTL (references, directives, comments): it is compiled; else it is the output itself. */
  readonly vtl: boolean;
  readonly origin: IrOrigin;
}

/** One entry of `x-amazon-apigateway-integration.responses`. */
export interface IrIntegrationResponse {
  readonly kind: "integration-response";
  /** Selection regex, or undefined for the `default` key. */
  readonly selectionPattern: string | undefined;
  /** Method response status returned. */
  readonly statusCode: number;
  /** `method.response.header.*` mappings (`responseParameters`, reference §4.4), in document order. */
  readonly headers: readonly IrResponseHeaderMapping[];
  /** Response templates by media type. */
  readonly templates: readonly IrMappingTemplate[];
  readonly origin: IrOrigin;
}

/** One `method.response.header.<name>` ← source of an integration response (reference §4.4). */
export interface IrResponseHeaderMapping {
  readonly name: string;
  readonly source: IrResponseValueSource;
}

/**
 * Where a response header's value comes from: a static `'value'`, the integration response's header (one value or
 * all, comma-joined), its body (`integration.response.body`, or a JSONPath into it without `$.`), a stage variable
 * or a `$context` variable.
 */
export type IrResponseValueSource =
  | { readonly kind: "static"; readonly value: string }
  | { readonly kind: "integration-header"; readonly name: string; readonly multi: boolean }
  | { readonly kind: "integration-body"; readonly path: string | undefined }
  | { readonly kind: "stage-variable"; readonly name: string }
  | { readonly kind: "context"; readonly name: string };

/** `passthroughBehavior`, normalised to AWS's upper-case spelling. */
export type IrPassthroughBehavior = "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES" | "NEVER";

/** MOCK: the request template yields `{"statusCode": N}`, which selects an integration response. */
export interface IrMockIntegration {
  readonly kind: "mock";
  /** Request templates by media type; a static one's `statusCode` is read at build time, a VTL one's when it renders. */
  readonly requestTemplates: readonly (IrMappingTemplate & { readonly statusCode: number | undefined })[];
  readonly passthroughBehavior: IrPassthroughBehavior;
  readonly responses: readonly IrIntegrationResponse[];
  readonly origin: IrOrigin;
}

/** HTTP (non-proxy): body via a request template or passthrough, response selected on status, response templates. */
export interface IrHttpIntegration {
  readonly kind: "http";
  readonly uri: readonly IrUriPart[];
  readonly httpMethod: string;
  readonly requestParameters: readonly IrRequestParameterMapping[];
  readonly requestTemplates: readonly IrMappingTemplate[];
  readonly passthroughBehavior: IrPassthroughBehavior;
  readonly responses: readonly IrIntegrationResponse[];
  readonly timeoutInMillis: number;
  readonly origin: IrOrigin;
}

/** A deployment stage (gateway.yaml `stages`). */
export interface IrStage {
  readonly kind: "stage";
  /** Stage name, `[A-Za-z0-9_-]{1,128}` or `$default` (HTTP). */
  readonly name: string;
  /** Stage variables, sorted by name. */
  readonly variables: readonly { readonly name: string; readonly value: string }[];
  /**
   * `methodSettings` throttles by method key, sorted: the stage default (key `*` `/` `*`, every method) or
   * `/path/METHOD`. A method's own entry replaces the default for it; each method has a bucket of its own
   * (reference §7 "stage-method → stage").
   */
  readonly methodThrottles: readonly IrMethodThrottle[];
  /** The stage's response cache (`cacheClusterEnabled`), or undefined when it has none (reference §8). */
  readonly cacheCluster: IrCacheCluster | undefined;
  /** The caching fields of `methodSettings`, by method key, sorted; a field left out inherits from `*` `/` `*`. */
  readonly methodCacheSettings: readonly IrMethodCacheSetting[];
  readonly origin: IrOrigin;
}

/** A stage's response cache: `cacheClusterSize` in GB as AWS writes it (`0.5` … `237`, default `0.5`). */
export interface IrCacheCluster {
  readonly kind: "cache-cluster";
  readonly size: string;
  readonly origin: IrOrigin;
}

/** How a stage answers `Cache-Control: max-age=0` from a caller not authorized to invalidate (reference §8). */
export type IrUnauthorizedCacheControlHeaderStrategy = "FAIL_WITH_403" | "SUCCEED_WITH_RESPONSE_HEADER" | "SUCCEED_WITHOUT_RESPONSE_HEADER";

/** The caching fields of one `methodSettings` entry, as written (undefined: not written). */
export interface IrMethodCacheSetting {
  readonly kind: "method-cache";
  /** `*` `/` `*` (the stage default) or `/path/METHOD`. */
  readonly methodKey: string;
  readonly cachingEnabled: boolean | undefined;
  readonly cacheTtlInSeconds: number | undefined;
  readonly requireAuthorizationForCacheControl: boolean | undefined;
  readonly unauthorizedCacheControlHeaderStrategy: IrUnauthorizedCacheControlHeaderStrategy | undefined;
  readonly origin: IrOrigin;
}

/** A Lambda function served from a local handler module. */
export interface IrFunction {
  readonly kind: "function";
  /** `function:<name>`. */
  readonly id: string;
  /** Function name as it appears in the integration ARN. */
  readonly name: string;
  /** Repository-relative handler source file. */
  readonly handlerFile: string;
  /** Exported handler name (`handler`). */
  readonly exportName: string;
  /** Function timeout in seconds (Lambda `Timeout`, default 3). */
  readonly timeout: number;
  readonly origin: IrOrigin;
}

/** A part of a gateway response template: text, or a `$variable` substituted per response. */
export type IrTemplatePart =
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "variable"; readonly name: string };

/** One customised gateway response type (`x-amazon-apigateway-gateway-responses`). */
export interface IrGatewayResponse {
  readonly kind: "gateway-response";
  /** Response type, e.g. `MISSING_AUTHENTICATION_TOKEN`, `DEFAULT_4XX`. */
  readonly responseType: string;
  /** Replacement status code, if set. */
  readonly statusCode: number | undefined;
  /** `gatewayresponse.header.<name>` ← source. */
  readonly headers: readonly { readonly name: string; readonly source: IrValueSource }[];
  /** Templates by media type, pre-split into text and `$variable` parts (no VTL, as AWS). */
  readonly templates: readonly { readonly contentType: string; readonly parts: readonly IrTemplatePart[] }[];
  readonly origin: IrOrigin;
}
