import { randomUUID } from "node:crypto";
import type { Integration, RequestContext } from "../server/types.js";
import { forwardedHeaders, getHeader, sourceIp } from "../server/request.js";
import { traceIdOf } from "../server/ids.js";
import { baseHeaders, gatewayResponse, lambdaFailure, result } from "../responses/respond.js";
import { buildEventV1, buildEventV2, type ProxyEventInput } from "./lambda-proxy-event.js";
import { convertProxyResultV1, convertProxyResultV2, isBinaryMediaType, type ProxyResultOutcome } from "./lambda-proxy-response.js";

/** The Lambda-like context handed to handlers (the fields Node.js Lambda handlers use). */
export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

/** A Lambda handler: async (event, context) or callback style (event, context, callback). */
export type LambdaHandler = (event: any, context: LambdaContext, callback?: (err?: unknown, result?: unknown) => void) => unknown;

/** A Lambda proxy integration as generated. */
export interface LambdaProxyConfig {
  readonly handler: LambdaHandler;
  readonly functionName: string;
  readonly qualifier: string | undefined;
  readonly payloadFormatVersion: "1.0" | "2.0";
  /** Integration timeout (`timeoutInMillis`): exceeding it answers 504 (REST) / 503 (HTTP). */
  readonly timeoutInMillis: number;
  /** The function's own timeout: exceeding it is a function error, 502 (REST) / 500 (HTTP). */
  readonly functionTimeoutMs: number;
}

/** How an in-process invocation ended. */
export type InvokeOutcome = { kind: "result"; value: unknown } | { kind: "error"; error: unknown } | { kind: "function-timeout" } | { kind: "integration-timeout" };

/** What an invocation needs of its integration: the handler, its name and qualifier, and both timeouts. */
export type InvokeConfig = Pick<LambdaProxyConfig, "handler" | "functionName" | "qualifier" | "timeoutInMillis" | "functionTimeoutMs">;

/** HTTP APIs base64-encode bodies whose type is not text [U: AWS does not document the list]. */
function isTextType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const t = contentType.split(";")[0]!.trim().toLowerCase();
  return t.startsWith("text/") || t === "application/json" || t === "application/xml" || t === "application/javascript" ||
    t === "application/x-www-form-urlencoded" || t.endsWith("+json") || t.endsWith("+xml") || t === "";
}

/** An invocation waiting for its handler, with the instant (epoch ms, real time) it times out. */
interface PendingInvocation {
  readonly deadline: number;
  readonly expire: () => void;
}

/**
 * Granularity of invocation timeouts. One sweep over the invocations in flight replaces a timer
 * per invocation (test/bench profile: timer insert/unenroll were ~3% of a Lambda proxy request);
 * timeouts fire up to this late, well within API Gateway's own 50 ms minimum.
 */
const TIMEOUT_SWEEP_MS = 10;
const pending = new Set<PendingInvocation>();
let sweeper: NodeJS.Timeout | undefined;

function sweep(): void {
  const now = Date.now();
  for (const p of pending) {
    if (p.deadline <= now) {
      pending.delete(p);
      p.expire();
    }
  }
  if (pending.size === 0 && sweeper !== undefined) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

function watch(p: PendingInvocation): void {
  pending.add(p);
  if (sweeper === undefined) {
    sweeper = setInterval(sweep, TIMEOUT_SWEEP_MS);
    sweeper.unref();
  }
}

/**
 * Invokes a handler in-process with a Lambda-like context, as Lambda would: async or callback style; the function's
 * own timeout and the integration's, whichever comes first, end the wait (the handler itself runs on).
 */
export function invoke(config: InvokeConfig, event: unknown, ctx: RequestContext): Promise<InvokeOutcome & { readonly awsRequestId: string }> {
  const start = ctx.gateway.clock.now();
  const deadline = start + config.functionTimeoutMs;
  const arn = `arn:aws:lambda:us-east-1:${ctx.gateway.accountId}:function:${config.functionName}${config.qualifier ? `:${config.qualifier}` : ""}`;
  const context: LambdaContext = {
    awsRequestId: randomUUID(),
    functionName: config.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: arn,
    memoryLimitInMB: "128",
    logGroupName: `/aws/lambda/${config.functionName}`,
    logStreamName: "gwc",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - ctx.gateway.clock.now()),
  };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (o: InvokeOutcome): void => {
      if (settled) return;
      settled = true;
      pending.delete(watcher);
      resolve({ ...o, awsRequestId: context.awsRequestId });
    };
    const functionFirst = config.functionTimeoutMs < config.timeoutInMillis;
    const watcher: PendingInvocation = {
      deadline: Date.now() + (functionFirst ? config.functionTimeoutMs : config.timeoutInMillis),
      expire: () => finish({ kind: functionFirst ? "function-timeout" : "integration-timeout" }),
    };
    watch(watcher);
    try {
      const callback = (err?: unknown, result?: unknown): void => finish(err != null ? { kind: "error", error: err } : { kind: "result", value: result });
      const ret = config.handler.length >= 3 ? config.handler(event, context, callback) : config.handler(event, context);
      if (ret !== null && typeof ret === "object" && typeof (ret as Promise<unknown>).then === "function") {
        (ret as Promise<unknown>).then((value) => finish({ kind: "result", value }), (error: unknown) => finish({ kind: "error", error }));
      } else if (config.handler.length < 3) {
        finish({ kind: "result", value: ret });
      }
    } catch (error) {
      finish({ kind: "error", error });
    }
  });
}

/**
 * The client's headers plus those API Gateway adds for proxy integrations (reference §3.1 [O],
 * present in every recorded event): X-Forwarded-For/-Port/-Proto and X-Amzn-Trace-Id.
 */
function eventHeaders(ctx: RequestContext): string[] {
  const raw = ctx.req.rawHeaders;
  const out: string[] = [];
  let forwardedFor: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    if (lower === "x-forwarded-for") forwardedFor = forwardedFor === undefined ? raw[i + 1]! : `${forwardedFor}, ${raw[i + 1]!}`;
    else if (lower !== "x-forwarded-port" && lower !== "x-forwarded-proto" && lower !== "x-amzn-trace-id") out.push(raw[i]!, raw[i + 1]!);
  }
  const forwarded = forwardedHeaders(ctx, forwardedFor);
  out.push("X-Amzn-Trace-Id", traceIdOf(ctx), "X-Forwarded-For", forwarded.for, "X-Forwarded-Port", forwarded.port, "X-Forwarded-Proto", forwarded.proto);
  return out;
}

/** The event input for this request (see lambda-proxy-event.ts). */
function eventInput(ctx: RequestContext, binary: boolean): ProxyEventInput {
  const g = ctx.gateway;
  const route = ctx.route!;
  return {
    apiType: g.definition.apiType,
    method: ctx.method,
    rawPath: ctx.rawPath,
    rawQuery: ctx.rawQuery,
    rawHeaders: eventHeaders(ctx),
    body: ctx.body,
    isBinaryBody: binary,
    resource: route.resource,
    routeKey: route.routeKey,
    pathParameters: ctx.pathParameters,
    stage: g.stage.name,
    stageVariables: Object.keys(g.stage.variables).length > 0 ? g.stage.variables : undefined,
    requestId: ctx.requestId,
    extendedRequestId: ctx.extendedRequestId,
    requestTimeEpoch: ctx.startTime,
    sourceIp: sourceIp(ctx),
    // Set only when the method required a key (reference §7): the value the client sent, and the key's name as its id.
    ...(ctx.apiKey === undefined ? {} : { apiKey: getHeader(ctx.req, "x-api-key"), apiKeyId: ctx.apiKey.name }),
    apiId: g.definition.apiId,
    accountId: g.accountId,
    domainName: getHeader(ctx.req, "host") ?? "localhost",
    resourceId: route.resourceId,
    protocol: `HTTP/${ctx.req.httpVersion}`,
    stagePrefixInPath: false,
  };
}

/** AWS_PROXY to an in-process handler: builds the 1.0/2.0 event and maps the result (reference §3.1–3.3). */
export function createLambdaProxyIntegration(config: LambdaProxyConfig): Integration {
  return async (ctx: RequestContext) => {
    const g = ctx.gateway;
    const isHttpApi = g.definition.apiType === "HTTP";
    const contentType = getHeader(ctx.req, "content-type");
    const binary = ctx.body !== undefined && (isHttpApi ? !isTextType(contentType) : isBinaryMediaType(contentType, g.definition.binaryMediaTypes));
    const input = eventInput(ctx, binary);
    const event = config.payloadFormatVersion === "2.0" ? buildEventV2(input) : buildEventV1(input);
    const outcome = await invoke(config, event, ctx);
    if (outcome.kind === "integration-timeout") {
      g.log({ level: "error", msg: "Execution failed due to a timeout error", requestId: ctx.requestId, function: config.functionName });
      return gatewayResponse(ctx, "INTEGRATION_TIMEOUT");
    }
    if (outcome.kind !== "result") {
      const detail = outcome.kind === "function-timeout" ? `Task timed out after ${(config.functionTimeoutMs / 1000).toFixed(2)} seconds` : String((outcome.error as Error)?.stack ?? outcome.error);
      g.log({ level: "error", msg: "Lambda execution failed", requestId: ctx.requestId, function: config.functionName, error: detail });
      return lambdaFailure(ctx);
    }
    let converted: ProxyResultOutcome;
    try {
      converted = config.payloadFormatVersion === "2.0"
        ? convertProxyResultV2(outcome.value)
        : convertProxyResultV1(outcome.value, { binaryMediaTypes: g.definition.binaryMediaTypes, accept: getHeader(ctx.req, "accept") });
    } catch (err) {
      converted = { ok: false, reason: String(err) };
    }
    if (!converted.ok) {
      g.log({ level: "error", msg: "Execution failed due to configuration error: Malformed Lambda proxy response", requestId: ctx.requestId, function: config.functionName, reason: converted.reason });
      return lambdaFailure(ctx);
    }
    const { statusCode, headers, body } = converted.response;
    const flat: string[] = [];
    const base = baseHeaders(ctx);
    for (const name in base) flat.push(name, base[name]!);
    // Recorded on every Lambda proxy response (corpus lambda-proxy-response-format.json).
    if (!isHttpApi) flat.push("X-Amzn-Trace-Id", traceIdOf(ctx));
    for (const [name, value] of headers) {
      // The gateway owns framing headers: Content-Length is recomputed, Transfer-Encoding dropped (reference §3.4).
      const lower = name.toLowerCase();
      if (lower === "content-length" || lower === "transfer-encoding" || lower === "connection") continue;
      flat.push(name, value);
    }
    return result(statusCode, flat, body);
  };
}
