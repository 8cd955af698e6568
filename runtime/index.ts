/** The surface generated code may import: explicit named exports only. */
export { createGateway, type Gateway } from "./server/gateway.js";
export { serveFromEnv, exitOnServeError, type ServeOptions } from "./server/serve.js";
export { isServeError, ServeError } from "./server/errors.js";
export { MAX_PAYLOAD_BYTES } from "./server/limits.js";
export type {
  ApiType, BodyValidator, GatewayDefinition, GatewayOptions, GatewayResult, Integration, ModelValidator, RequestContext,
  RequiredParameter, RouteDefinition, RouteMatch, RouteMatcher, StageDefinition, Step, StepOutcome, StreamedBody, BodySink,
  MethodCacheSetting, CacheKeyParameter,
} from "./server/types.js";
export type { GatewayResponseCustomisation, GatewayResponseType } from "./responses/gateway-responses.js";
export { createMockIntegration, createMissingIntegration, type MockIntegrationConfig } from "./integrations/mock.js";
export { createLambdaProxyIntegration, type LambdaContext, type LambdaHandler, type LambdaProxyConfig } from "./integrations/lambda-proxy.js";
export { createLambdaIntegration, type LambdaIntegrationConfig } from "./integrations/lambda.js";
export { createHttpProxyIntegration, createHttpIntegration, closeHttpPools, type HttpIntegrationBase, type HttpIntegrationConfig } from "./integrations/http.js";
export type { IntegrationResponse, MappingTemplate, ResponseHeaderMapping } from "./integrations/mapping.js";
export { vtl, createVtlScope, readOverrides, type VtlScope, type VtlTemplate } from "./vtl/index.js";
export { systemClock, type Clock } from "./clock.js";
export { AdminError, flushStageCache, getUsage, startAdminListener, type UsageReport } from "./admin/admin.js";
export { createRedisStores, type RedisStores, type RedisStoreOptions } from "./stores/redis.js";
export { createMemoryResponseCache, createMemoryUsagePlanStore } from "./stores/memory.js";
export type { CachedResponse, ResponseCacheStore, UsagePlanStore } from "./stores/store.js";
export { clusterBytes } from "./cache/response-cache.js";
export { ajvEqual, ajvUcs2length, ajvUri, AjvValidationError, ajvFullFormats } from "./validation/ajv-runtime.js";
