// Module resolve hook that `gwc serve` registers (node:module register) before it loads a build:
// `gwc/runtime`, the one package generated code imports, resolves to the runtime of the gwc that
// serves, so a build runs from any folder, also one with no node_modules above it. Plain JS: it
// runs on the loader thread before any TypeScript hook.
let runtimeUrl;

export function initialize(data) {
  runtimeUrl = data.runtimeUrl;
}

export async function resolve(specifier, context, next) {
  if (specifier === "gwc/runtime") return { url: runtimeUrl, shortCircuit: true };
  return next(specifier, context);
}
