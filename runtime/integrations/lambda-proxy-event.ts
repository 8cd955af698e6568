/**
 * Lambda proxy (AWS_PROXY) request events: payload 1.0 (REST, and HTTP APIs configured with
 * payloadFormatVersion 1.0) and payload 2.0 (HTTP APIs).
 *
 * Field sets follow shared/reference/aws-api-gateway.md §3.1 / §3.2. Where the events LocalStack
 * recorded from real AWS (test/corpus/events/aws-recorded-localstack) disagree with the
 * reference, the recording wins and the spot says so.
 *
 * Pure functions: no clock, no I/O. They run once per proxied request, so they build each
 * object once and never round-trip through JSON.
 */

/** Mutual-TLS client certificate as it appears in `identity.clientCert` (v1) or `authentication.clientCert` (v2). */
export interface ProxyClientCert {
  /** PEM text of the client certificate. */
  clientCertPem: string;
  /** Subject distinguished name. */
  subjectDN: string;
  /** Issuer distinguished name. */
  issuerDN: string;
  /** Serial number, as AWS formats it (e.g. `a1:a1:…`). */
  serialNumber: string;
  /** Validity window in OpenSSL text form (`May 28 12:30:02 2019 GMT`). */
  validity: { notBefore: string; notAfter: string };
}

/** What the gateway knows about one request when it builds a Lambda proxy event. */
export interface ProxyEventInput {
  /** Which kind of API serves the request; decides `version` and a few payload 1.0 details (§3.1). */
  apiType: "REST" | "HTTP";
  /** Actual HTTP method, upper case (never `ANY`, §3.1). */
  method: string;
  /**
   * Path as received, without query string and with percent-encoding kept (e.g. `/hello//world/%2B`),
   * and without the `/{stage}` segment when the gateway serves the API under a stage prefix:
   * set `stagePrefixInPath` instead so it is re-added where AWS shows it.
   */
  rawPath: string;
  /** Text after `?` without the `?`, `""` when none. */
  rawQuery: string;
  /** node's `req.rawHeaders`: `[name, value, name, value, …]`, original case and order. */
  rawHeaders: readonly string[];
  /** Request body; `undefined` or empty means no body. */
  body: Buffer | undefined;
  /** Decided by the caller (Content-Type vs binaryMediaTypes, §14); true → body base64 in the event. */
  isBinaryBody: boolean;
  /** REST resource template (`/{proxy+}`); HTTP route path. */
  resource: string;
  /** HTTP API route key (`GET /pets/{id}` or `$default`). */
  routeKey: string;
  /** Path parameters as matched by the router (not decoded); `undefined` when the route has none. */
  pathParameters: Readonly<Record<string, string>> | undefined;
  /** Stage name, e.g. `dev` or `$default`. */
  stage: string;
  /** Stage variables; `undefined` when none. */
  stageVariables: Readonly<Record<string, string>> | undefined;
  /** Request id (uuid for REST; HTTP APIs use the short form AWS also sends as `apigw-requestid`). */
  requestId: string;
  /** Extended request id (`x-amz-apigw-id`). */
  extendedRequestId: string;
  /** Request time in ms since the epoch, taken from the gateway clock by the caller. */
  requestTimeEpoch: number;
  /** Client address. */
  sourceIp: string;
  /** API id. */
  apiId: string;
  /** AWS account id reported to the function. */
  accountId: string;
  /** Host header value, or `localhost`. */
  domainName: string;
  /** A stable short id for the resource (REST `requestContext.resourceId`). */
  resourceId: string;
  /**
   * REST deployment id (`requestContext.deploymentId`). Every recorded REST event carries the field,
   * so when this is absent it is still emitted, with `apiId` as a stable stand-in. Unused for HTTP APIs.
   */
  deploymentId?: string;
  /** Protocol of the request line, e.g. `HTTP/1.1`. */
  protocol: string;
  /** When true, `requestContext.path` (v1) and `rawPath` (v2) carry the `/{stage}` prefix. */
  stagePrefixInPath: boolean;
  /** API key value the client presented, when the method required one (`identity.apiKey`). */
  apiKey?: string;
  /** Id of that API key (`identity.apiKeyId`). */
  apiKeyId?: string;
  /** Client certificate when mutual TLS is on. */
  clientCert?: ProxyClientCert;
  /**
   * `requestContext.authorizer`, already in the payload's shape: v1 Lambda `{principalId, …context}`
   * or Cognito `{claims}`; v2 `{jwt}`, `{lambda}` or `{iam}` (§3.1, §3.2). Omitted when undefined.
   */
  authorizer?: Readonly<Record<string, unknown>>;
}

/** `requestContext.identity` of payload 1.0 (§3.1). */
export interface ProxyIdentityV1 {
  accessKey: string | null;
  accountId: string | null;
  /** Present only when an API key was used (omitted, not null, otherwise [V]). */
  apiKey?: string;
  /** Present only when an API key was used. */
  apiKeyId?: string;
  caller: string | null;
  /** Present only with mutual TLS. */
  clientCert?: ProxyClientCert;
  cognitoAuthenticationProvider: string | null;
  cognitoAuthenticationType: string | null;
  cognitoIdentityId: string | null;
  cognitoIdentityPoolId: string | null;
  principalOrgId: string | null;
  sourceIp: string;
  user: string | null;
  /** Last `User-Agent` value; null when the client sent none. */
  userAgent: string | null;
  userArn: string | null;
}

/** `requestContext` of payload 1.0 (§3.1). */
export interface ProxyRequestContextV1 {
  accountId: string;
  apiId: string;
  /** Present only when an authorizer ran. */
  authorizer?: Readonly<Record<string, unknown>>;
  /** REST only. */
  deploymentId?: string;
  domainName: string;
  domainPrefix: string;
  extendedRequestId: string;
  httpMethod: string;
  identity: ProxyIdentityV1;
  /** Path as received, with `/{stage}` when the API is served under its stage. */
  path: string;
  protocol: string;
  requestId: string;
  /** `04/Mar/2020:19:15:17 +0000`. */
  requestTime: string;
  requestTimeEpoch: number;
  /** Resource id (REST); null for HTTP APIs. */
  resourceId: string | null;
  resourcePath: string;
  stage: string;
}

/** Lambda proxy event, payload format 1.0 (§3.1). Absent maps are `null`. */
export interface ProxyEventV1 {
  /** `"1.0"` for HTTP APIs only; REST events have no `version`. */
  version?: "1.0";
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string> | null;
  multiValueHeaders: Record<string, string[]> | null;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  requestContext: ProxyRequestContextV1;
  body: string | null;
  isBase64Encoded: boolean;
}

/** `requestContext` of payload 2.0 (§3.2). */
export interface ProxyRequestContextV2 {
  accountId: string;
  apiId: string;
  /** Present only with mutual TLS. */
  authentication?: { clientCert: ProxyClientCert };
  /** Present only when an authorizer ran: `{jwt}`, `{lambda}` or `{iam}`. */
  authorizer?: Readonly<Record<string, unknown>>;
  domainName: string;
  domainPrefix: string;
  http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
  requestId: string;
  routeKey: string;
  stage: string;
  /** `12/Mar/2020:19:03:58 +0000`. */
  time: string;
  timeEpoch: number;
}

/** Lambda proxy event, payload format 2.0 (§3.2). Optional fields are omitted, never null. */
export interface ProxyEventV2 {
  version: "2.0";
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  stageVariables?: Record<string, string>;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: ProxyRequestContextV2;
}

// Request headers REST never hands to an integration, proxy ones included: reference §3.4 [V], the
// same list LocalStack validated (header_utils.py DROPPED_FROM_REQUEST_COMMON). The recorded POST
// events (aws-recorded-localstack/*) indeed carry neither Connection nor Content-Length.
const REST_DROPPED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  "connection",
  "content-length",
  "content-md5",
  "expect",
  "max-forwards",
  "proxy-authenticate",
  "server",
  "te",
  "transfer-encoding",
  "trailer",
  "upgrade",
  "www-authenticate",
]);

// HTTP APIs: only hop-by-hop fields (RFC 9110 §7.6.1) describe our socket rather than the request.
// [U] no recording; the aws-lambda-go v2 sample shows content-length is kept.
const HTTP_DROPPED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

// REST proxy events are produced behind CloudFront, which capitalises these names: the recordings
// show `authorization`, `aUThorization` → `Authorization` and `user-Agent` → `User-Agent`, while a
// custom `tEsT-HEADeR` keeps its case. The reference (§3.1) only says "may arrive canonicalised";
// the recording wins. Other standard names (`cache-control` in the aws-lambda-go sample) stay as sent.
const REST_CANONICAL_HEADER_NAMES: ReadonlyMap<string, string> = new Map([
  ["authorization", "Authorization"],
  ["user-agent", "User-Agent"],
]);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Formats a request time the way `requestContext.requestTime` / `time` show it (§3.1):
 * `dd/MMM/yyyy:HH:mm:ss +0000`, always UTC, English month names.
 */
export function formatRequestTime(epochMs: number): string {
  // Requests of the same second share the text (test/bench profile: formatting was ~1% of a request).
  const second = Math.floor(epochMs / 1000);
  if (second === lastSecond) return lastText;
  lastSecond = second;
  lastText = formatUncached(epochMs);
  return lastText;
}

let lastSecond = NaN;
let lastText = "";

function formatUncached(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    pad2(d.getUTCDate()) +
    "/" +
    MONTHS[d.getUTCMonth()] +
    "/" +
    d.getUTCFullYear() +
    ":" +
    pad2(d.getUTCHours()) +
    ":" +
    pad2(d.getUTCMinutes()) +
    ":" +
    pad2(d.getUTCSeconds()) +
    " +0000"
  );
}

/**
 * Builds the payload 1.0 event (§3.1) for REST APIs, and for HTTP APIs with payloadFormatVersion
 * 1.0 (`apiType: "HTTP"` adds `version: "1.0"`).
 */
export function buildEventV1(input: ProxyEventInput): ProxyEventV1 {
  const isRest = input.apiType === "REST";
  const groups = collectHeaders(
    input.rawHeaders,
    isRest ? REST_DROPPED_REQUEST_HEADERS : HTTP_DROPPED_REQUEST_HEADERS,
    isRest ? REST_CANONICAL_HEADER_NAMES : undefined,
    false,
  );

  let headers: Record<string, string> | null = null;
  let multiValueHeaders: Record<string, string[]> | null = null;
  let userAgent: string | null = null;
  if (groups.size > 0) {
    headers = {};
    multiValueHeaders = {};
    for (const [lower, group] of groups) {
      // Duplicates: last value in the single-value map (§3.1 [U]), all of them in the multi map.
      const last = group.values[group.values.length - 1]!;
      setOwn(headers, group.name, last);
      setOwn(multiValueHeaders, group.name, group.values);
      if (lower === "user-agent") userAgent = last;
    }
  }

  let queryStringParameters: Record<string, string> | null = null;
  let multiValueQueryStringParameters: Record<string, string[]> | null = null;
  const query = parseQuery(input.rawQuery);
  if (query !== undefined) {
    queryStringParameters = {};
    multiValueQueryStringParameters = {};
    for (const [name, values] of query) {
      // Last value wins in the single-value map (§3.1 [V]; recording with-params-encoding-multi).
      setOwn(queryStringParameters, name, values[values.length - 1]!);
      setOwn(multiValueQueryStringParameters, name, values);
    }
  }

  const identity: ProxyIdentityV1 = {
    accessKey: null,
    accountId: null,
    caller: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: input.sourceIp,
    user: null,
    userAgent,
    userArn: null,
  };
  // apiKey, apiKeyId, clientCert and authorizer are omitted, not null, when not applicable (§3.1 [V]).
  if (input.apiKey !== undefined) identity.apiKey = input.apiKey;
  if (input.apiKeyId !== undefined) identity.apiKeyId = input.apiKeyId;
  if (input.clientCert !== undefined) identity.clientCert = input.clientCert;

  const requestContext: ProxyRequestContextV1 = {
    accountId: input.accountId,
    apiId: input.apiId,
    domainName: input.domainName,
    domainPrefix: domainPrefixOf(input.domainName),
    extendedRequestId: input.extendedRequestId,
    httpMethod: input.method,
    identity,
    // Not normalised: the recordings show `/stage//hardcoded` here while `path` is `/hardcoded`.
    path: stagedPath(input),
    protocol: input.protocol,
    requestId: input.requestId,
    requestTime: formatRequestTime(input.requestTimeEpoch),
    requestTimeEpoch: input.requestTimeEpoch,
    // HTTP API payload 1.0 carries `resourceId: null` and no deploymentId (AWS's HTTP API 1.0
    // example, copied as powertools-python/apiGatewayProxyEvent.json).
    resourceId: isRest ? input.resourceId : null,
    resourcePath: input.resource,
    stage: input.stage,
  };
  if (isRest) requestContext.deploymentId = input.deploymentId ?? input.apiId;
  if (input.authorizer !== undefined) requestContext.authorizer = input.authorizer;

  const event: ProxyEventV1 = {
    resource: input.resource,
    path: eventPath(input.rawPath),
    httpMethod: input.method,
    headers,
    multiValueHeaders,
    queryStringParameters,
    multiValueQueryStringParameters,
    // Copies, so a function that mutates its event cannot reach the router's or the stage's maps.
    pathParameters: input.pathParameters === undefined ? null : { ...input.pathParameters },
    stageVariables: input.stageVariables === undefined ? null : { ...input.stageVariables },
    requestContext,
    body: encodeBody(input.body, input.isBinaryBody) ?? null,
    isBase64Encoded: input.isBinaryBody && hasBody(input.body),
  };
  // Assigned last rather than spread into a copy; key order does not matter to a JSON consumer.
  if (!isRest) event.version = "1.0";
  return event;
}

/** Builds the HTTP API payload 2.0 event (§3.2). */
export function buildEventV2(input: ProxyEventInput): ProxyEventV2 {
  const groups = collectHeaders(input.rawHeaders, HTTP_DROPPED_REQUEST_HEADERS, undefined, true);

  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  let userAgent = "";
  for (const [lower, group] of groups) {
    if (lower === "cookie") {
      // Cookies move to `cookies`, one entry per pair (§3.2); the header itself is not repeated.
      cookies ??= [];
      for (const value of group.values) {
        for (const pair of value.split("; ")) if (pair !== "") cookies.push(pair);
      }
      continue;
    }
    // Duplicate headers are joined with "," (no space, §3.2 and the powertools v2 samples).
    const joined = group.values.length === 1 ? group.values[0]! : group.values.join(",");
    setOwn(headers, lower, joined);
    if (lower === "user-agent") userAgent = joined;
  }

  // Named stages: rawPath carries the stage prefix (§3.2 [U]).
  const rawPath = stagedPath(input);

  const requestContext: ProxyRequestContextV2 = {
    accountId: input.accountId,
    apiId: input.apiId,
    domainName: input.domainName,
    domainPrefix: domainPrefixOf(input.domainName),
    http: {
      method: input.method,
      path: rawPath,
      protocol: input.protocol,
      sourceIp: input.sourceIp,
      userAgent,
    },
    requestId: input.requestId,
    routeKey: input.routeKey,
    stage: input.stage,
    time: formatRequestTime(input.requestTimeEpoch),
    timeEpoch: input.requestTimeEpoch,
  };
  if (input.clientCert !== undefined) requestContext.authentication = { clientCert: input.clientCert };
  if (input.authorizer !== undefined) requestContext.authorizer = input.authorizer;

  const event: ProxyEventV2 = {
    version: "2.0",
    routeKey: input.routeKey,
    rawPath,
    rawQueryString: input.rawQuery,
    headers,
    isBase64Encoded: input.isBinaryBody && hasBody(input.body),
    requestContext,
  };
  // Absent fields are omitted in 2.0 (aws-lambda-go apigw-v2-request-no-authorizer.json).
  if (cookies !== undefined && cookies.length > 0) event.cookies = cookies;
  const query = parseQuery(input.rawQuery);
  if (query !== undefined) {
    const queryStringParameters: Record<string, string> = {};
    for (const [name, values] of query) {
      // Repeated parameters are joined with "," (§3.2, vector 66).
      setOwn(queryStringParameters, name, values.length === 1 ? values[0]! : values.join(","));
    }
    event.queryStringParameters = queryStringParameters;
  }
  if (input.pathParameters !== undefined) event.pathParameters = { ...input.pathParameters };
  if (input.stageVariables !== undefined) event.stageVariables = { ...input.stageVariables };
  const body = encodeBody(input.body, input.isBinaryBody);
  if (body !== undefined) event.body = body;
  return event;
}

interface HeaderGroup {
  name: string;
  values: string[];
}

/**
 * Groups raw header lines by case-insensitive name, in first-seen order. The first spelling of a
 * name is kept ([U]: AWS never showed two spellings of one name in a recording).
 */
function collectHeaders(
  rawHeaders: readonly string[],
  dropped: ReadonlySet<string>,
  canonical: ReadonlyMap<string, string> | undefined,
  lowerCaseNames: boolean,
): Map<string, HeaderGroup> {
  const groups = new Map<string, HeaderGroup>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (dropped.has(lower)) continue;
    const value = rawHeaders[i + 1]!;
    const group = groups.get(lower);
    if (group === undefined) {
      const outName = lowerCaseNames ? lower : (canonical?.get(lower) ?? name);
      groups.set(lower, { name: outName, values: [value] });
    } else {
      group.values.push(value);
    }
  }
  return groups;
}

/**
 * Splits a raw query string into decoded names and values, in first-seen order; undefined when
 * there is no parameter. Form-style decoding (`+` → space, `%2B` → `+`) as the recording
 * with-params-encoding shows for `queryStringParameters`.
 */
function parseQuery(rawQuery: string): Map<string, string[]> | undefined {
  if (rawQuery === "") return undefined;
  let params: Map<string, string[]> | undefined;
  let start = 0;
  while (start <= rawQuery.length) {
    let end = rawQuery.indexOf("&", start);
    if (end === -1) end = rawQuery.length;
    if (end > start) {
      const eq = rawQuery.indexOf("=", start);
      // `?flag` has no "=": the parameter is present with an empty value [U].
      const hasValue = eq !== -1 && eq < end;
      const name = decodeFormComponent(rawQuery.slice(start, hasValue ? eq : end));
      const value = hasValue ? decodeFormComponent(rawQuery.slice(eq + 1, end)) : "";
      params ??= new Map();
      const values = params.get(name);
      if (values === undefined) params.set(name, [value]);
      else values.push(value);
    }
    start = end + 1;
  }
  return params;
}

/** application/x-www-form-urlencoded decoding of one component; malformed escapes are kept as sent [U]. */
function decodeFormComponent(text: string): string {
  const hasPlus = text.includes("+");
  if (!hasPlus && !text.includes("%")) return text;
  const spaced = hasPlus ? text.replaceAll("+", " ") : text;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * `path` of a v1 event: the path without stage, with a run of leading slashes collapsed to one.
 * The reference (§3.1) says "actual path"; the recordings show `/stage//hardcoded` → `/hardcoded`
 * and `/stage//proxy-value` → `/proxy-value`, while inner runs stay (`/proxy-value//double-slash`).
 */
function eventPath(rawPath: string): string {
  let i = 0;
  while (rawPath.charCodeAt(i) === 47 /* "/" */) i++;
  if (i === 1) return rawPath;
  return "/" + rawPath.slice(i);
}

/** Path with the `/{stage}` prefix when the API is served under its stage. */
function stagedPath(input: ProxyEventInput): string {
  const path = input.rawPath === "" ? "/" : input.rawPath;
  return input.stagePrefixInPath ? "/" + input.stage + path : path;
}

/** First DNS label of the domain (`abc123.execute-api…` → `abc123`); the whole name when it has no dot. */
function domainPrefixOf(domainName: string): string {
  const dot = domainName.indexOf(".");
  return dot === -1 ? domainName : domainName.slice(0, dot);
}

function hasBody(body: Buffer | undefined): body is Buffer {
  return body !== undefined && body.length > 0;
}

/** Body text for the event: base64 when the caller classified it as binary (§14), else UTF-8. */
function encodeBody(body: Buffer | undefined, isBinary: boolean): string | undefined {
  if (!hasBody(body)) return undefined;
  return body.toString(isBinary ? "base64" : "utf8");
}

/** Plain assignment, except for `__proto__`, which must become an own key rather than a prototype. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}
