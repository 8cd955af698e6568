/**
 * normalise: Swagger 2.0 / OpenAPI 3.x document + gateway.yaml → IR (STYLE.md §2, §3). One pass, split into
 * readers by concern over one shared context. Each reader reads its part of the document as written and reports
 * what gwc cannot build (GWC2xxx); names are resolved by passes/link.ts (GWC3xxx) and semantic problems are
 * reported by compiler/checks/ (GWC4xxx), except where the reader must decide what enters the IR (each such
 * place says why).
 *
 *   api.ts                normaliseApi: the order readers run in, and the IrApi they assemble
 *   context.ts            NormaliseContext (document, version, API type, dialect, bag, models read) and DocReader
 *   document.ts           version and API type detection, root extensions, binary media types
 *   paths.ts              path templates, routes, parameters (calls the readers below per operation)
 *   request-validators.ts x-amazon-apigateway-request-validators and which one an operation gets
 *   models.ts             body models and shared component models ($ref → #/models/<id>)
 *   schema-dialect.ts     JSON Schema dialect normalisation (OpenAPI 3.0/3.1, Swagger 2 → draft 4 / 2020-12)
 *   integrations.ts       x-amazon-apigateway-integration, URIs, Lambda ARNs, integration responses
 *   templates.ts          mapping templates (static), parameter mappings (parseMappingSource), template variables
 *   security.ts           security requirements and schemes (authorizers, IAM and API keys refused for now)
 *   gateway-responses.ts  x-amazon-apigateway-gateway-responses
 *   gateway-yaml.ts       stages, defaultStage and function declarations from gateway.yaml
 *
 * Where a coming reader goes: usage plans and API keys from gateway.yaml → gateway-yaml.ts (their names resolved
 * in link.ts, their checks in checks/plans.ts); authorizers → security.ts (unknown authorizers resolved in
 * link.ts); VTL mapping templates → templates.ts (compiled by vtl/); WebSocket routes
 * (x-amazon-apigateway-route-selection-expression, route keys) → a new reader, websocket.ts, called from api.ts.
 */
export { normaliseApi } from "./api.js";
export { parsePathTemplate } from "./paths.js";
export { isCloudFormationIntrinsic, lambdaFunctionFromUri, parseUriTemplate, uriText } from "./integrations.js";
export { findVtlConstruct, parseMappingSource, parseTemplateVariables } from "./templates.js";
export { normaliseSchema, type SchemaSourceDialect } from "./schema-dialect.js";
