import { createGateway } from "./gateway.js";
import { closeHttpPools } from "../integrations/http.js";
import type { GatewayDefinition } from "./types.js";

/** Options for `serveFromEnv`; environment variables PORT, HOST and GWC_STAGE fill what is not given. */
export interface ServeOptions {
  readonly port?: number;
  readonly host?: string;
  readonly stage?: string;
}

/**
 * Starts the gateway as a service: prints its URL on one line, and on SIGTERM/SIGINT stops
 * accepting connections, lets in-flight requests finish, then exits.
 */
export async function serveFromEnv(definition: GatewayDefinition, options: ServeOptions = {}): Promise<void> {
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const host = options.host ?? process.env.HOST ?? "127.0.0.1";
  const gateway = createGateway(definition, { stage: options.stage ?? process.env.GWC_STAGE });
  const url = await gateway.listen(port, host);
  process.stdout.write(`${url}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    gateway.runtime.log({ level: "info", msg: `received ${signal}, finishing in-flight requests` });
    void gateway.close().then(closeHttpPools).then(() => process.exit(0));
  };
  // A handler may leave a promise rejected or throw inside a timer, outside any request's pipeline.
  // API Gateway would fail only that invocation; the gateway logs it and keeps serving.
  process.on("unhandledRejection", (reason) => {
    gateway.runtime.log({ level: "error", msg: "unhandled promise rejection (a handler's promise outside its invocation)", error: String((reason as Error)?.stack ?? reason) });
  });
  process.on("uncaughtException", (err) => {
    gateway.runtime.log({ level: "error", msg: "uncaught exception outside a request pipeline", error: String(err?.stack ?? err) });
  });
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
