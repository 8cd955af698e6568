export { build, type BuildOptions, type BuildResult } from "./build.js";
export type { Diagnostic } from "./diagnostics/diagnostic.js";
