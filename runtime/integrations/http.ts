import { Pool, errors as undiciErrors, type Dispatcher } from "undici";
import { Transform, type Readable } from "node:stream";
import type { BodySink, GatewayResult, Integration, RequestContext, StreamedBody } from "../server/types.js";
import { decodeQueryComponent, forwardedHeaders, getHeader } from "../server/request.js";
import { traceIdOf } from "../server/ids.js";
import { valueOf, type ValueSource } from "../server/value-source.js";
import { baseHeaders, gatewayResponse } from "../responses/respond.js";
import { MAX_PAYLOAD_BYTES } from "../server/limits.js";
import { builtContext, readOverrides, type VtlScope } from "../vtl/index.js";
import {
  integrationResponse, noIntegrationResponse, selectIntegrationResponse, selectRequestTemplate,
  invalidHeader, templateFailure, templateScope, type IntegrationResponse, type MappingTemplate, type PassthroughBehavior,
} from "./mapping.js";

/** A part of an integration URI template. */
export type UriPart =
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "path-param"; readonly name: string }
  | { readonly kind: "stage-variable"; readonly name: string };

/** A value source for `integration.request.*` mappings (reference §4.4). */

/** `integration.request.<in>.<name>` ← source. */
export interface RequestParameterMapping {
  readonly target: { readonly in: "path" | "querystring" | "header"; readonly name: string };
  readonly source: ValueSource;
}

/** Common configuration of HTTP and HTTP_PROXY integrations. */
export interface HttpIntegrationBase {
  readonly uri: readonly UriPart[];
  /** `ANY` forwards the client's method. */
  readonly httpMethod: string;
  readonly requestParameters: readonly RequestParameterMapping[];
  readonly timeoutInMillis: number;
}

/** HTTP (non-proxy) integration configuration. */
export interface HttpIntegrationConfig extends HttpIntegrationBase {
  readonly requestTemplates: readonly MappingTemplate[];
  readonly passthroughBehavior: PassthroughBehavior;
  readonly responses: readonly IntegrationResponse[];
}

/**
 * Client request headers never forwarded (reference §3.4 [V]); Host is rewritten by the client
 * library; Via dropped for HTTP types.
 */
const DROPPED_REQUEST_HEADERS = new Set([
  "connection", "content-length", "content-md5", "expect", "max-forwards", "proxy-authenticate", "server", "te",
  "transfer-encoding", "trailer", "upgrade", "www-authenticate", "host", "via", "keep-alive", "proxy-connection",
]);

/** Backend response headers renamed to `x-amzn-Remapped-<Name>` for all integration types (reference §3.4 [V]). */
const REMAPPED_RESPONSE_HEADERS = new Set(["connection", "content-length", "date", "server", "x-amzn-requestid"]);

/** Backend response headers dropped (reference §3.4). Content-Encoding is kept: see README compatibility notes. */
const DROPPED_RESPONSE_HEADERS = new Set(["transfer-encoding", "via", "keep-alive"]);

/** One undici Pool per backend origin, shared by every route of the process. */
const pools = new Map<string, Pool>();

/** Connections per backend origin: enough for 2 cores under load without unbounded sockets. */
const POOL_CONNECTIONS = 128;

function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) {
    pool = new Pool(origin, { connections: POOL_CONNECTIONS, pipelining: 1, keepAliveTimeout: 4_000 });
    pools.set(origin, pool);
  }
  return pool;
}

/** Closes every backend pool (graceful shutdown). */
export async function closeHttpPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}

function encodePathValue(value: string, greedy: boolean): string {
  // Path parameters reach the integration as received (not decoded, reference §2 [V]); greedy values keep their slashes.
  return greedy ? value : value.replace(/\//g, "%2F");
}

/** Where a request goes: the Pool's origin and the request target (path and query). */
export interface BackendTarget {
  readonly origin: string;
  readonly path: string;
}

/**
 * Resolves the backend for this request: placeholders, stage variables, query string. Plain
 * string work, no URL parsing per request: the path goes to the backend as built, as a proxy's should.
 */
export function backendTarget(ctx: RequestContext, config: HttpIntegrationBase, overrides?: RequestOverrides): BackendTarget {
  let text = "";
  for (const part of config.uri) {
    if (part.kind === "text") text += part.value;
    else if (part.kind === "stage-variable") text += ctx.gateway.stage.variables[part.name] ?? "";
    else {
      const mapping = config.requestParameters.find((m) => m.target.in === "path" && m.target.name === part.name);
      const name = part.name.endsWith("+") ? part.name.slice(0, -1) : part.name;
      const greedy = part.name.endsWith("+") || name === "proxy";
      // An override is a template's plain text, not a value as received: it is percent-encoded (a greedy one by segment).
      const override = overrides?.path[part.name] ?? overrides?.path[name];
      if (override !== undefined) {
        text += greedy ? override.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(override);
        continue;
      }
      const value = mapping ? valueOf(ctx, mapping.source) : ctx.pathParameters?.[name];
      text += encodePathValue(value ?? "", greedy);
    }
  }
  // HTTP API $default routes forward the full request path (reference §2).
  if (ctx.gateway.definition.apiType === "HTTP" && ctx.route?.resource === "$default") text = text.replace(/\/$/, "") + ctx.rawPath;
  const scheme = text.indexOf("://");
  const slash = scheme < 0 ? -1 : text.indexOf("/", scheme + 3);
  const queryAt = text.indexOf("?", scheme + 3);
  const end = slash < 0 || (queryAt >= 0 && queryAt < slash) ? (queryAt < 0 ? text.length : queryAt) : slash;
  const origin = text.slice(0, end);
  let path = end === text.length ? "/" : text[end] === "?" ? "/" + text.slice(end) : text.slice(end);
  let query = ctx.rawQuery;
  for (const m of config.requestParameters) {
    if (m.target.in !== "querystring") continue;
    const v = valueOf(ctx, m.source);
    if (v !== undefined) query += (query === "" ? "" : "&") + `${encodeURIComponent(m.target.name)}=${encodeURIComponent(v)}`;
  }
  // `$context.requestOverride.querystring.<name>` replaces every value the parameter had (reference §4.6).
  for (const name of Object.keys(overrides?.querystring ?? {})) {
    const pairs = query === "" ? [] : query.split("&").filter((p) => decodeQueryComponent(p.split("=")[0]!) !== name);
    pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(overrides!.querystring[name]!)}`);
    query = pairs.join("&");
  }
  if (query !== "") path += (path.includes("?") ? "&" : "?") + query;
  return { origin, path };
}

/** What a request template set under `$context.requestOverride` for the backend's path and query string. */
export interface RequestOverrides {
  readonly path: Readonly<Record<string, string>>;
  readonly querystring: Readonly<Record<string, string>>;
}

/** Request headers for the backend (reference §3.4). */
function backendHeaders(ctx: RequestContext, config: HttpIntegrationBase, forwardClientHeaders: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = ctx.req.rawHeaders;
  if (forwardClientHeaders) {
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!;
      const lower = name.toLowerCase();
      if (DROPPED_REQUEST_HEADERS.has(lower)) continue;
      out[lower] = out[lower] === undefined ? raw[i + 1]! : `${out[lower]},${raw[i + 1]!}`;
    }
  } else {
    const ct = getHeader(ctx.req, "content-type");
    if (ct !== undefined) out["content-type"] = ct;
  }
  for (const m of config.requestParameters) {
    if (m.target.in !== "header") continue;
    const v = valueOf(ctx, m.source);
    if (v !== undefined) out[m.target.name.toLowerCase()] = v;
  }
  const g = ctx.gateway.definition;
  out["accept"] ??= "application/json";
  out["user-agent"] ??= `AmazonAPIGateway_${g.apiId}`;
  out["x-amzn-apigateway-api-id"] = g.apiId;
  out["x-amzn-trace-id"] = traceIdOf(ctx);
  const forwarded = forwardedHeaders(ctx, out["x-forwarded-for"]);
  out["x-forwarded-for"] = forwarded.for;
  out["x-forwarded-port"] ??= forwarded.port;
  out["x-forwarded-proto"] ??= forwarded.proto;
  return out;
}

/** Counts bytes of a streamed request body and fails past the payload limit. */
function limitStream(limit: number): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > limit) cb(Object.assign(new Error("request body too large"), { code: "GWC_TOO_LARGE" }));
      else cb(null, chunk);
    },
  });
}

type BackendFailure = "timeout" | "network" | "too-large";

function classify(err: unknown): BackendFailure {
  const e = err as { code?: string; name?: string };
  if (e?.code === "GWC_TOO_LARGE") return "too-large";
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || e?.name === "TimeoutError" || e?.name === "AbortError") return "timeout";
  return "network";
}

function backendFailure(ctx: RequestContext, failure: BackendFailure, err: unknown, target: BackendTarget | undefined): GatewayResult {
  if (failure === "too-large") return gatewayResponse(ctx, "REQUEST_TOO_LARGE");
  ctx.gateway.log({
    level: "error",
    msg: failure === "timeout" ? "Execution failed due to a timeout error" : "Execution failed due to a network error communicating with endpoint",
    requestId: ctx.requestId,
    endpoint: target?.origin,
    error: String((err as Error)?.message ?? err),
  });
  // Reference §3.4: timeout → REST 504 / HTTP 503. A network error is INTEGRATION_FAILURE [U: no AWS recording].
  return gatewayResponse(ctx, failure === "timeout" ? "INTEGRATION_TIMEOUT" : "INTEGRATION_FAILURE");
}

async function requestBackend(
  ctx: RequestContext,
  config: HttpIntegrationBase,
  target: BackendTarget,
  headers: Record<string, string>,
  body: Buffer | string | Readable | undefined,
): Promise<Dispatcher.ResponseData> {
  const method = config.httpMethod === "ANY" ? ctx.method : config.httpMethod;
  // undici runs headersTimeout on its coarse timers (up to ~1 s late), too coarse for timeoutInMillis
  // (50 ms–29 s, reference §14): a precise timer aborts the request until the response headers arrive.
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no response within ${config.timeoutInMillis} ms`, "TimeoutError")),
    config.timeoutInMillis,
  );
  try {
    return await poolFor(target.origin).request({
      method: method as Dispatcher.HttpMethod,
      path: target.path,
      headers,
      body: method === "GET" || method === "HEAD" ? undefined : body,
      headersTimeout: config.timeoutInMillis,
      bodyTimeout: config.timeoutInMillis,
      signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Raised by the precise timer when the backend sends no response headers within `timeoutInMillis`. */
class BackendTimeoutError extends Error {
  override readonly name = "TimeoutError";
}

/** Response headers of the backend, remapped and filtered for the client (reference §3.4), after the gateway's own. */
function proxyResponseHeaders(ctx: RequestContext, raw: Readonly<Record<string, string | string[] | undefined>>): string[] {
  const out: string[] = [];
  const base = baseHeaders(ctx);
  for (const name in base) out.push(name, base[name]!);
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (DROPPED_RESPONSE_HEADERS.has(lower)) continue;
    const target = REMAPPED_RESPONSE_HEADERS.has(lower) ? `x-amzn-Remapped-${name}` : name;
    if (Array.isArray(value)) for (const v of value) out.push(target, v);
    else out.push(target, value);
  }
  const length = raw["content-length"];
  if (typeof length === "string") out.push("content-length", length);
  return out;
}

/**
 * The backend's response body while it arrives: chunks that come before the respond step pipes
 * it in are held (they arrive in the same tick as the headers at most), then each chunk goes
 * straight to the client, and the backend is paused while the client is slow.
 */
class ProxiedBody implements StreamedBody {
  readonly kind = "stream";
  #sink: BodySink | undefined;
  #early: Buffer[] = [];
  #ended = false;
  #failed: Error | undefined;
  #settle: (() => void) | undefined;

  constructor(
    private readonly ctx: RequestContext,
    private readonly upstream: () => { pause(): void; resume(): void } | undefined,
  ) {}

  pipeTo(sink: BodySink): Promise<void> {
    this.#sink = sink;
    return new Promise((resolve) => {
      this.#settle = resolve;
      for (const chunk of this.#early) sink.write(chunk);
      this.#early = [];
      if (this.#failed) this.fail(this.#failed);
      else if (this.#ended) this.end();
    });
  }

  data(chunk: Buffer): void {
    const sink = this.#sink;
    if (!sink) {
      this.#early.push(chunk);
      return;
    }
    if (!sink.write(chunk)) {
      const upstream = this.upstream();
      upstream?.pause();
      sink.once("drain", () => upstream?.resume());
    }
  }

  end(): void {
    this.#ended = true;
    if (!this.#sink) return;
    this.#sink.end();
    this.#settle?.();
  }

  /** The backend failed after its headers were sent: the client's response is cut off. */
  fail(err: Error): void {
    this.#failed = err;
    const sink = this.#sink;
    if (!sink) return;
    if (!sink.writableEnded) {
      if (!sink.destroyed) this.ctx.gateway.log({ level: "error", msg: "response stream from endpoint failed", requestId: this.ctx.requestId, error: err.message });
      sink.destroy();
    }
    this.#settle?.();
  }
}

/**
 * HTTP_PROXY: method, query, headers and body forwarded; the backend's status, headers and body
 * returned, 4xx/5xx included (reference §3.4). Bodies stream both ways and nothing is buffered
 * unless request validation needed the body first. Built on undici's dispatch API: the answer is
 * returned when the backend's headers arrive, its body a {@link ProxiedBody} that writes each
 * chunk straight to the client (test/bench: 2.3× less CPU per proxied 1 KB GET than Pool.request
 * + a stream pipe).
 */
export function createHttpProxyIntegration(config: HttpIntegrationBase): Integration {
  return (ctx: RequestContext) =>
    new Promise<GatewayResult>((resolve) => {
      let target: BackendTarget | undefined;
      let headers: Record<string, string>;
      let body: Buffer | Readable | undefined = ctx.body;
      try {
        target = backendTarget(ctx, config);
        headers = backendHeaders(ctx, config, true);
        if (ctx.route?.streamsBody) {
          const length = ctx.req.headers["content-length"];
          if (length !== undefined && length !== "0") {
            // The pipeline already refused a Content-Length over the limit (step 1), and node stops at
            // the declared length: the request stream goes to the backend as it is.
            body = ctx.req;
            headers["content-length"] = length;
          } else if (length === undefined && ctx.req.headers["transfer-encoding"] !== undefined) {
            const limited = limitStream(MAX_PAYLOAD_BYTES);
            ctx.req.pipe(limited);
            ctx.req.on("error", (e) => limited.destroy(e));
            body = limited;
          } else ctx.req.resume();
        }
      } catch (err) {
        resolve(backendFailure(ctx, classify(err), err, target));
        return;
      }
      const method = config.httpMethod === "ANY" ? ctx.method : config.httpMethod;
      let upstream: { abort(reason: Error): void; pause(): void; resume(): void } | undefined;
      let streamed: ProxiedBody | undefined;
      let finished = false;
      const finish = (): void => {
        finished = true;
        clearTimeout(timer);
      };
      // undici's headersTimeout runs on coarse timers (up to ~1 s late): a precise timer aborts until headers arrive.
      const timer = setTimeout(() => upstream?.abort(new BackendTimeoutError(`no response within ${config.timeoutInMillis} ms`)), config.timeoutInMillis);
      // A client that goes away aborts the backend request: a paused one would otherwise hold its connection.
      ctx.res.once("close", () => {
        if (!finished) upstream?.abort(new Error("client closed the connection"));
      });
      poolFor(target.origin).dispatch(
        {
          method: method as Dispatcher.HttpMethod,
          path: target.path,
          headers,
          body: method === "GET" || method === "HEAD" ? null : body ?? null,
          bodyTimeout: config.timeoutInMillis,
        },
        {
          onRequestStart(controller) {
            upstream = controller;
            if (ctx.res.destroyed) controller.abort(new Error("client closed the connection"));
          },
          onResponseStart(_controller, statusCode, rawHeaders) {
            clearTimeout(timer);
            streamed = new ProxiedBody(ctx, () => upstream);
            resolve({ statusCode, headers: proxyResponseHeaders(ctx, rawHeaders as Record<string, string | string[] | undefined>), body: streamed });
          },
          onResponseData(_controller, chunk) {
            streamed!.data(chunk);
          },
          onResponseEnd() {
            finish();
            streamed!.end();
          },
          onResponseError(_controller, err) {
            finish();
            if (streamed) streamed.fail(err);
            else resolve(backendFailure(ctx, err instanceof BackendTimeoutError ? "timeout" : classify(err), err, target));
          },
        },
      );
    });
}

/**
 * HTTP (non-proxy): the request body is the request template's output or the passthrough body, with the headers
 * the template's `$context.requestOverride.header` sets; the response is selected by regex on the backend status,
 * only mapped headers are returned, and the response template renders the backend's body (reference §3.4, §4.2,
 * §4.3, §4.6).
 */
export function createHttpIntegration(config: HttpIntegrationConfig): Integration {
  return async (ctx: RequestContext) => {
    const choice = selectRequestTemplate(ctx, config.requestTemplates, config.passthroughBehavior);
    if (choice.kind === "unsupported") return gatewayResponse(ctx, "UNSUPPORTED_MEDIA_TYPE");
    let payload: string | Buffer | undefined = ctx.body;
    let requestContext: VtlScope["$context"] | undefined;
    let overrideHeaders: Readonly<Record<string, string>> = {};
    let overrides: RequestOverrides | undefined;
    if (choice.kind === "template" && choice.template.render === undefined) payload = choice.template.body;
    else if (choice.kind === "template") {
      try {
        const scope = templateScope(ctx, ctx.body === undefined ? "" : ctx.body.toString("utf8"));
        payload = choice.template.render!(scope);
        requestContext = builtContext(scope);
        if (requestContext !== undefined) {
          const o = readOverrides(requestContext);
          overrideHeaders = o.requestHeaders;
          overrides = { path: o.requestPath, querystring: o.requestQuerystring };
        }
        const refused = invalidHeader(overrideHeaders);
        if (refused !== undefined) throw new Error(`requestOverride header ${JSON.stringify(refused)} is not a valid header (name, or a value with CR/LF)`);
      } catch (err) {
        return templateFailure(ctx, err);
      }
    }
    let target: BackendTarget | undefined;
    let status: number;
    let body: Buffer;
    let contentType: string | undefined;
    let backendResponseHeaders: Record<string, string | string[] | undefined> = {};
    try {
      target = backendTarget(ctx, config, overrides);
      const headers = { ...backendHeaders(ctx, config, false), ...overrideHeaders };
      const response = await requestBackend(ctx, config, target, headers, payload);
      status = response.statusCode;
      const ct = response.headers["content-type"];
      contentType = Array.isArray(ct) ? ct[0] : ct;
      backendResponseHeaders = response.headers;
      body = Buffer.from(await response.body.arrayBuffer());
    } catch (err) {
      return backendFailure(ctx, classify(err), err, target);
    }
    const selected = selectIntegrationResponse(config.responses, String(status));
    if (!selected) return noIntegrationResponse(ctx);
    return integrationResponse(ctx, selected, body, contentType, requestContext, backendResponseHeaders);
  };
}

