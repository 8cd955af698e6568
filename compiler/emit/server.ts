/** Generates server.mts: the service entry. `node server.mjs` serves with PORT/HOST/GWC_STAGE. */
export function emitServer(): string {
  return [
    `import { pathToFileURL } from "node:url";`,
    `import { exitOnServeError, serveFromEnv, type GatewayDefinition, type ServeOptions } from "gwc/runtime";`,
    `import { API } from "./config.mjs";`,
    `import { matchRoute } from "./router.mjs";`,
    ``,
    `/** The complete gateway definition handed to the runtime. */`,
    `export const definition: GatewayDefinition = { ...API, match: matchRoute };`,
    ``,
    `/** Serves this API (options fall back to PORT, HOST, GWC_STAGE, GWC_REDIS_URL, GWC_STORE_FAILURE, GWC_ADMIN_PORT). */`,
    `export function serve(options: ServeOptions = {}): Promise<void> {`,
    `  return serveFromEnv(definition, options);`,
    `}`,
    ``,
    `if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {`,
    `  serve().catch(exitOnServeError);`,
    `}`,
    ``,
  ].join("\n");
}
