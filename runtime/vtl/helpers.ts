/**
 * The helpers compiled templates call, as one namespace: generated code imports it as `vtl`
 * (compiler/vtl/compile.ts `HELPERS_NAME`) and calls `vtl.str(...)`, `vtl.prop(...)`, ….
 * Re-exports only.
 */
export { str, strOr } from "./render.js";
export { prop, index, call, setProp, setIndex } from "./dispatch.js";
export { truthy, eq, ne, lt, le, gt, ge, add, sub, mul, div, mod, neg } from "./operators.js";
export { list, map } from "./literals.js";
export { loop, range } from "./loop.js";
export { block, macro } from "./block.js";
export { stop, stopped } from "./errors.js";
