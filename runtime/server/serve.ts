import { createGateway } from "./gateway.js";
import { closeHttpPools } from "../integrations/http.js";
import type { GatewayDefinition } from "./types.js";
import { isServeError, ServeError } from "./errors.js";
import { createRedisStores, redactRedisUrl } from "../stores/redis.js";
import { clusterBytes } from "../cache/response-cache.js";
import { MIN_ADMIN_TOKEN_LENGTH, startAdminListener } from "../admin/admin.js";

function defaultLog(entry: Readonly<Record<string, unknown>>): void {
  process.stderr.write(JSON.stringify(entry) + "\n");
}

/**
 * Options for `serveFromEnv`; environment variables PORT, HOST, GWC_STAGE, GWC_REDIS_URL, GWC_STORE_FAILURE and
 * GWC_ADMIN_PORT fill what is not given.
 */
export interface ServeOptions {
  readonly port?: number;
  readonly host?: string;
  readonly stage?: string;
  /** Where usage-plan limits and the response cache are kept: `memory`, or a `redis://` URL shared by several processes. */
  readonly store?: string;
  /** What usage-plan checks do while a Redis store does not answer: `open` (default) or `closed`. */
  readonly storeFailure?: "open" | "closed";
  /** Port of the admin listener on 127.0.0.1 (GetUsage, cache flush); off when not given. Needs GWC_ADMIN_TOKEN. */
  readonly adminPort?: number;
}

/** The failure mode: the option, else GWC_STORE_FAILURE, else gateway.yaml's `storeFailure`, else open. */
function storeFailureOf(definition: GatewayDefinition, options: ServeOptions): "open" | "closed" {
  const mode = options.storeFailure ?? (process.env.GWC_STORE_FAILURE || undefined) ?? definition.storeFailure ?? "open";
  if (mode !== "open" && mode !== "closed") throw new ServeError("GWC_BAD_STORE", `store failure mode must be "open" or "closed", not "${String(mode)}"`);
  return mode;
}

/** The admin listener's port and token, or undefined when it is off (no port given). */
function adminOf(options: ServeOptions): { port: number; token: string } | undefined {
  const text = options.adminPort ?? (process.env.GWC_ADMIN_PORT || undefined);
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ServeError("GWC_BAD_PORT", `the admin port must be a port number (0-65535), not "${String(text)}"`);
  const token = process.env.GWC_ADMIN_TOKEN ?? "";
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) throw new ServeError("GWC_ADMIN_TOKEN", `the admin listener needs GWC_ADMIN_TOKEN in the environment, at least ${MIN_ADMIN_TOKEN_LENGTH} characters`);
  return { port, token };
}

/** The store a gateway uses: the option, else GWC_REDIS_URL, else gateway.yaml's `store`, else memory. */
function storeOf(definition: GatewayDefinition, options: ServeOptions): string {
  const store = options.store ?? (process.env.GWC_REDIS_URL || undefined) ?? definition.store ?? "memory";
  if (store !== "memory" && !/^rediss?:\/\/./.test(store)) throw new ServeError("GWC_BAD_STORE", `store must be "memory" or a redis:// URL, not "${redactRedisUrl(store)}"`);
  return store;
}

/**
 * Starts the gateway as a service: prints its URL on one line, and on SIGTERM/SIGINT stops
 * accepting connections, lets in-flight requests finish, then exits.
 */
export async function serveFromEnv(definition: GatewayDefinition, options: ServeOptions = {}): Promise<void> {
  const port = options.port ?? portFromEnv(process.env.PORT);
  const host = options.host ?? process.env.HOST ?? "127.0.0.1";
  const stage = options.stage ?? process.env.GWC_STAGE;
  if (stage !== undefined && !definition.stages.some((s) => s.name === stage)) {
    throw new ServeError("GWC_UNKNOWN_STAGE", `stage "${stage}" is not defined; this API has ${definition.stages.map((s) => `"${s.name}"`).join(", ")}`);
  }
  const store = storeOf(definition, options);
  const failure = storeFailureOf(definition, options);
  const admin = adminOf(options);
  const redis = store === "memory" ? undefined : await createRedisStores({ url: store, api: definition.apiName, stage: stage ?? definition.defaultStage, log: defaultLog, failure });
  let gateway: ReturnType<typeof createGateway>;
  try {
    const served = definition.stages.find((s) => s.name === (stage ?? definition.defaultStage));
    const responseCache = redis && served?.cacheClusterSize !== undefined ? redis.responseCache(clusterBytes(served.cacheClusterSize)) : undefined;
    gateway = createGateway(definition, { stage, usagePlanStore: redis?.limits, responseCache });
  } catch (err) {
    await redis?.close();
    throw err;
  }
  let url: string;
  try {
    url = await gateway.listen(port, host);
  } catch (err) {
    await redis?.close();
    throw listenError(err, port, host);
  }
  let adminListener: Awaited<ReturnType<typeof startAdminListener>> | undefined;
  if (admin !== undefined) {
    try {
      adminListener = await startAdminListener(gateway.runtime, admin);
    } catch (err) {
      await gateway.close();
      await redis?.close();
      throw listenError(err, admin.port, "127.0.0.1");
    }
    gateway.runtime.log({ level: "info", msg: "admin listener (GetUsage, cache flush) on loopback", url: adminListener.url });
  }
  process.stdout.write(`${url}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    gateway.runtime.log({ level: "info", msg: `received ${signal}, finishing in-flight requests` });
    void Promise.all([gateway.close(), adminListener?.close()]).then(closeHttpPools).then(() => redis?.close()).then(() => process.exit(0));
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

function portFromEnv(text: string | undefined): number {
  if (text === undefined || text === "") return 3000;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ServeError("GWC_BAD_PORT", `PORT must be a port number (0-65535), not "${text}"`);
  return n;
}

/** A listen failure as a one-line ServeError where the cause is the user's to fix; other errors unchanged. */
function listenError(err: unknown, port: number, host: string): unknown {
  switch ((err as NodeJS.ErrnoException)?.code) {
    case "EADDRINUSE":
      return new ServeError("GWC_PORT_IN_USE", `port ${port} on ${host} is already in use; choose another with --port or PORT`);
    case "EACCES":
      return new ServeError("GWC_PORT_DENIED", `not allowed to listen on port ${port} on ${host}; choose a port above 1023 with --port or PORT`);
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new ServeError("GWC_BAD_HOST", `cannot listen on host "${host}": no such local address; choose another with --host or HOST`);
    default:
      return err;
  }
}

/**
 * What a generated `server.mjs` does when serving fails: a {@link ServeError} prints as one line
 * (`gwc: port 3000 on 127.0.0.1 is already in use; …`), anything else with its stack; exit 1.
 */
export function exitOnServeError(err: unknown): never {
  process.stderr.write(isServeError(err) ? `gwc: ${err.message}\n` : `${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
}
