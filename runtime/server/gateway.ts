import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { systemClock } from "../clock.js";
import { resolveGatewayResponses } from "../responses/gateway-responses.js";
import { gatewayResponse, respond } from "../responses/respond.js";
import { nextExtendedId } from "./ids.js";
import { runPipeline } from "./pipeline.js";
import { resolveApiKeys } from "../auth/api-key.js";
import { createMemoryResponseCache, createMemoryUsagePlanStore, memoryCacheBudget } from "../stores/memory.js";
import { clusterBytes } from "../cache/response-cache.js";
import type { GatewayDefinition, GatewayOptions, GatewayResult, GatewayRuntime, RequestContext } from "./types.js";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A running (or runnable) gateway for one API and stage. */
export interface Gateway {
  /** The node:http request listener: usable with any node:http server. */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  readonly runtime: GatewayRuntime;
  /** Starts a server on `port` (0 = any free port) and resolves with its URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting connections and resolves when in-flight requests have finished. */
  close(): Promise<void>;
}

function defaultLog(entry: Readonly<Record<string, unknown>>): void {
  process.stderr.write(JSON.stringify(entry) + "\n");
}

/** Builds the runtime state and request handler for a generated API definition. */
export function createGateway(definition: GatewayDefinition, options: GatewayOptions = {}): Gateway {
  const stageName = options.stage ?? definition.defaultStage;
  const declared = definition.stages.find((s) => s.name === stageName);
  if (!declared) throw new Error(`Unknown stage "${stageName}"; defined: ${definition.stages.map((s) => s.name).join(", ")}`);
  const stage = options.stageVariables ? { ...declared, variables: { ...declared.variables, ...options.stageVariables } } : declared;
  const clock = options.clock ?? systemClock;
  const runtime: GatewayRuntime = {
    definition,
    stage,
    apiKeys: resolveApiKeys(definition, stage, options.env ?? process.env),
    limits: options.usagePlanStore ?? createMemoryUsagePlanStore(),
    cache: stage.cacheClusterSize === undefined ? undefined : (options.responseCache ?? createMemoryResponseCache({ capacityBytes: memoryCacheBudget(clusterBytes(stage.cacheClusterSize)) })),
    startedAt: clock.now(),
    routeSteps: new WeakMap(),
    responses: resolveGatewayResponses(definition.gatewayResponses),
    clock,
    accountId: options.accountId ?? "123456789012",
    log: options.log ?? defaultLog,
    inFlight: 0,
  };
  let server: Server | undefined;
  let closing = false;
  let drained: (() => void) | undefined;

  const done = (): void => {
    runtime.inFlight--;
    if (closing && runtime.inFlight === 0) drained?.();
  };
  // No step throws past the pipeline: an unexpected exception is a 500 and a log line.
  const fail = (ctx: RequestContext, err: unknown): void => {
    runtime.log({ level: "error", msg: "unexpected error in request pipeline", requestId: ctx.requestId, error: String((err as Error)?.stack ?? err) });
    if (!ctx.responded && !ctx.res.headersSent) void respond(ctx, gatewayResponse(ctx, "API_CONFIGURATION_ERROR"));
    else ctx.res.destroy();
    done();
  };
  const answer = (ctx: RequestContext, result: GatewayResult): void => {
    let writing: void | Promise<void>;
    try {
      writing = respond(ctx, result);
    } catch (err) {
      fail(ctx, err);
      return;
    }
    if (writing) writing.then(done, (err: unknown) => fail(ctx, err));
    else done();
  };
  // The functions above are made once per gateway, not per request (test/bench cache-hit).
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    runtime.inFlight++;
    if (closing) res.setHeader("connection", "close");
    const ctx = createContext(runtime, req, res);
    let outcome: GatewayResult | Promise<GatewayResult>;
    try {
      outcome = runPipeline(ctx);
    } catch (err) {
      fail(ctx, err);
      return;
    }
    if (outcome instanceof Promise) outcome.then((r) => answer(ctx, r), (err: unknown) => fail(ctx, err));
    else answer(ctx, outcome);
  };

  return {
    handle,
    runtime,
    listen(port, host = "127.0.0.1") {
      server = createServer({ keepAliveTimeout: 5000 }, handle);
      // A client that sends a malformed request gets a 400 and the connection closes; the server keeps serving.
      server.on("clientError", (_err, socket) => {
        if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
        else socket.destroy();
      });
      const s = server;
      return new Promise((resolve, reject) => {
        s.once("error", reject);
        s.listen(port, host, () => {
          const addr = s.address() as AddressInfo;
          const h = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
          resolve(`http://${h}:${addr.port}`);
        });
      });
    },
    close() {
      closing = true;
      const s = server;
      if (!s) return Promise.resolve();
      const done = new Promise<void>((resolve) => {
        if (runtime.inFlight === 0) resolve();
        else drained = resolve;
      });
      s.close();
      s.closeIdleConnections();
      return done.then(() => {
        s.closeAllConnections();
      });
    },
  };
}

function createContext(runtime: GatewayRuntime, req: IncomingMessage, res: ServerResponse): RequestContext {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const clientId = req.headers["x-amzn-requestid"];
  // A client-sent UUID x-amzn-RequestId is reused (reference §3.4).
  const requestId = typeof clientId === "string" && UUID_RE.test(clientId) ? clientId.toLowerCase() : randomUUID();
  const startTime = runtime.clock.now();
  return {
    req,
    res,
    gateway: runtime,
    method: (req.method ?? "GET").toUpperCase(),
    rawPath: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? "" : url.slice(q + 1),
    requestId,
    extendedRequestId: nextExtendedId(),
    traceId: undefined,
    startTime,
    route: undefined,
    pathParameters: undefined,
    body: undefined,
    responded: false,
    apiKey: undefined,
    cacheStatus: undefined,
    cacheStore: undefined,
  };
}
