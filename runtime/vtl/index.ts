/** The VTL runtime: what a gateway needs to render compiled mapping templates. */
export * as vtl from "./helpers.js";
export { builtContext, createVtlScope, type VtlRequest, type VtlScope, type VtlScopeOptions, type VtlTemplate } from "./scope.js";
export { readOverrides, type VtlOverrides } from "./overrides.js";
export { isVtlRenderError, VtlRenderError } from "./errors.js";
export { MAX_FOREACH_ITERATIONS } from "./loop.js";
