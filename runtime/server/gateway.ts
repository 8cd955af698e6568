import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createHash, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { systemClock } from "../clock.js";
import { resolveGatewayResponses } from "../responses/gateway-responses.js";
import { sendGatewayResponse } from "../responses/respond.js";
import { getHeader, pathSegments, queryValue } from "./request.js";
import { MAX_PAYLOAD_BYTES } from "./limits.js";
import { nextExtendedId } from "./ids.js";
import type { GatewayDefinition, GatewayOptions, GatewayRuntime, RequestContext, RouteDefinition } from "./types.js";


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
  const runtime: GatewayRuntime = {
    definition,
    stage,
    responses: resolveGatewayResponses(definition.gatewayResponses),
    clock: options.clock ?? systemClock,
    accountId: options.accountId ?? "123456789012",
    log: options.log ?? defaultLog,
    inFlight: 0,
  };
  let server: Server | undefined;
  let closing = false;
  let drained: (() => void) | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    runtime.inFlight++;
    if (closing) res.setHeader("connection", "close");
    const ctx = createContext(runtime, req, res);
    const done = (): void => {
      runtime.inFlight--;
      if (closing && runtime.inFlight === 0) drained?.();
    };
    const fail = (err: unknown): void => {
      runtime.log({ level: "error", msg: "unexpected error in request pipeline", requestId: ctx.requestId, error: String((err as Error)?.stack ?? err) });
      if (!ctx.responded && !res.headersSent) sendGatewayResponse(ctx, "API_CONFIGURATION_ERROR");
      else res.destroy();
      done();
    };
    let pending: void | Promise<void>;
    try {
      pending = runPipeline(ctx);
    } catch (err) {
      fail(err);
      return;
    }
    if (pending) pending.then(done, fail);
    else done();
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
  };
}

/** Reads the whole body up to the payload limit; `"too-large"` when it exceeds it. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(size === 0 ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

/**
 * REST: a non-SigV4 Authorization header on an unknown route is answered with the signature
 * parser's error rather than Missing Authentication Token (reference §6, §16 vector 3).
 * The hashed value is the whole header value [U].
 */
function incompleteSignatureMessage(authorization: string): string | undefined {
  const space = authorization.indexOf(" ");
  const params = space < 0 ? authorization : authorization.slice(space + 1);
  if (params.split(",").every((p) => p.includes("="))) return undefined;
  const hash = createHash("sha256").update(authorization).digest("base64");
  return `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${hash}'.`;
}

function routeMiss(ctx: RequestContext): void {
  if (ctx.gateway.definition.apiType === "REST") {
    const auth = getHeader(ctx.req, "authorization");
    const message = auth !== undefined ? incompleteSignatureMessage(auth) : undefined;
    if (message !== undefined) {
      sendGatewayResponse(ctx, "MISSING_AUTHENTICATION_TOKEN", { message, errorType: "IncompleteSignatureException" });
      return;
    }
  }
  sendGatewayResponse(ctx, "MISSING_AUTHENTICATION_TOKEN");
}

function isBlank(v: string | undefined): boolean {
  return v === undefined || v.trim() === "";
}

/** Names of required parameters that are absent or blank (reference §5: `?q1=` fails). */
function missingParameters(ctx: RequestContext, route: RouteDefinition): string[] {
  const missing: string[] = [];
  for (const p of route.requiredParameters ?? []) {
    const v = p.in === "header" ? getHeader(ctx.req, p.name) : p.in === "querystring" ? queryValue(ctx.rawQuery, p.name) : ctx.pathParameters?.[p.name];
    if (isBlank(v)) missing.push(p.name);
  }
  return missing;
}

function mediaType(contentType: string | undefined): string {
  if (contentType === undefined) return "application/json";
  const semi = contentType.indexOf(";");
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** The fixed request pipeline (reference §0) for what gwc implements so far. */
/**
 * The fixed request pipeline (reference §0) for what gwc implements so far. It stays synchronous
 * until something must be awaited (a body to read, an asynchronous integration), so a MOCK answer
 * costs no promise (test/bench profile).
 */
function runPipeline(ctx: RequestContext): void | Promise<void> {
  const { req } = ctx;
  // 1. Payload limit.
  const length = req.headers["content-length"];
  if (length !== undefined && Number(length) > MAX_PAYLOAD_BYTES) {
    ctx.res.setHeader("connection", "close");
    sendGatewayResponse(ctx, "REQUEST_TOO_LARGE");
    req.resume();
    return;
  }
  // 2–3. Route.
  const match = ctx.gateway.definition.match(ctx.method, pathSegments(ctx.rawPath));
  if (!match) {
    req.resume();
    routeMiss(ctx);
    return;
  }
  const route = match.route;
  ctx.route = route;
  ctx.pathParameters = match.params;
  // Body: buffered unless the integration streams it. A request with neither Content-Length nor
  // Transfer-Encoding has no body (RFC 9112 §6.3): reading it would only add listeners, a promise,
  // and a costly listener removal when node dumps the stream at response end (test/bench profile).
  if (!route.streamsBody && (length !== undefined || req.headers["transfer-encoding"] !== undefined)) {
    return readBody(req).then((body) => {
      if (body === "too-large") {
        ctx.res.setHeader("connection", "close");
        sendGatewayResponse(ctx, "REQUEST_TOO_LARGE");
        return;
      }
      ctx.body = body;
      return validateAndIntegrate(ctx, route);
    });
  }
  return validateAndIntegrate(ctx, route);
}

/** Steps 9–12: validation (parameters, then body; reference §5), then the integration. */
function validateAndIntegrate(ctx: RequestContext, route: RouteDefinition): void | Promise<void> {
  if (route.requiredParameters) {
    const missing = missingParameters(ctx, route);
    if (missing.length > 0) {
      sendGatewayResponse(ctx, "BAD_REQUEST_PARAMETERS", { message: `Missing required request parameters: [${missing.join(", ")}]` });
      return;
    }
  }
  if (route.validateBody) {
    const validate = route.validateBody(mediaType(getHeader(ctx.req, "content-type")));
    if (validate) {
      let ok: boolean;
      try {
        // A missing or empty body is still validated (reference §5 [V]); as AWS, it counts as an empty object.
        ok = validate(ctx.body === undefined ? {} : JSON.parse(ctx.body.toString("utf8")));
      } catch {
        ok = false;
      }
      if (!ok) {
        sendGatewayResponse(ctx, "BAD_REQUEST_BODY");
        return;
      }
    }
  }
  // 12. Integration.
  return route.integration(ctx);
}
