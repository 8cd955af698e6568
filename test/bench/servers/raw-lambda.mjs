// The LIMIT of the Lambda proxy cases: a bare node:http server that builds the API Gateway proxy
// event (payload 1.0 for REST, 2.0 for HTTP APIs) with every field AWS sets, calls the bench
// handler in-process, and writes its result back. No routing table, no validation, no timeouts:
// the least work that still gives the handler a complete event and the client a correct answer.
// Usage: PORT=n node raw-lambda.mjs 1.0|2.0
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { handler } from "../handlers/hello.mjs";

const version = process.argv[2] === "2.0" ? "2.0" : "1.0";
const port = Number(process.env.PORT ?? 3000);
const STAGE = "bench";
const API_ID = "benchapi01";
const ACCOUNT = "123456789012";
const FUNCTION = "Hello";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n) => (n < 10 ? `0${n}` : String(n));
const requestTime = (ms) => {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
};
const decode = (s) => {
  const t = s.includes("+") ? s.replace(/\+/g, " ") : s;
  if (!t.includes("%")) return t;
  try {
    return decodeURIComponent(t);
  } catch {
    return t;
  }
};
const HOP = new Set(["connection", "content-length", "transfer-encoding", "keep-alive", "te", "trailer", "upgrade", "expect"]);

function context(requestId) {
  return {
    awsRequestId: requestId,
    functionName: FUNCTION,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${FUNCTION}`,
    memoryLimitInMB: "128",
    logGroupName: `/aws/lambda/${FUNCTION}`,
    logStreamName: "raw",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 3000,
  };
}

function eventV1(req, path, rawQuery, body, requestId, now) {
  let headers = null;
  let multiValueHeaders = null;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (HOP.has(name.toLowerCase())) continue;
    headers ??= {};
    multiValueHeaders ??= {};
    headers[name] = raw[i + 1];
    (multiValueHeaders[name] ??= []).push(raw[i + 1]);
  }
  let qs = null;
  let mqs = null;
  if (rawQuery !== "") {
    for (const pair of rawQuery.split("&")) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      const k = decode(eq < 0 ? pair : pair.slice(0, eq));
      const v = eq < 0 ? "" : decode(pair.slice(eq + 1));
      qs ??= {};
      mqs ??= {};
      qs[k] = v;
      (mqs[k] ??= []).push(v);
    }
  }
  const host = req.headers.host ?? "localhost";
  return {
    resource: path,
    path,
    httpMethod: req.method,
    headers,
    multiValueHeaders,
    queryStringParameters: qs,
    multiValueQueryStringParameters: mqs,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: ACCOUNT,
      apiId: API_ID,
      deploymentId: API_ID,
      domainName: host,
      domainPrefix: host.split(".")[0],
      extendedRequestId: requestId.slice(0, 8),
      httpMethod: req.method,
      identity: {
        accessKey: null, accountId: null, caller: null, cognitoAuthenticationProvider: null, cognitoAuthenticationType: null,
        cognitoIdentityId: null, cognitoIdentityPoolId: null, principalOrgId: null,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1", user: null, userAgent: req.headers["user-agent"] ?? null, userArn: null,
      },
      path: `/${STAGE}${path}`,
      protocol: `HTTP/${req.httpVersion}`,
      requestId,
      requestTime: requestTime(now),
      requestTimeEpoch: now,
      resourceId: "raw000",
      resourcePath: path,
      stage: STAGE,
    },
    body: body === undefined ? null : body.toString("utf8"),
    isBase64Encoded: false,
  };
}

function eventV2(req, path, rawQuery, body, requestId, now) {
  const headers = {};
  let cookies;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (HOP.has(lower)) continue;
    if (lower === "cookie") {
      cookies ??= [];
      for (const c of raw[i + 1].split("; ")) if (c !== "") cookies.push(c);
      continue;
    }
    headers[lower] = headers[lower] === undefined ? raw[i + 1] : `${headers[lower]},${raw[i + 1]}`;
  }
  let qs;
  if (rawQuery !== "") {
    for (const pair of rawQuery.split("&")) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      const k = decode(eq < 0 ? pair : pair.slice(0, eq));
      const v = eq < 0 ? "" : decode(pair.slice(eq + 1));
      qs ??= {};
      qs[k] = qs[k] === undefined ? v : `${qs[k]},${v}`;
    }
  }
  const host = headers.host ?? "localhost";
  const event = {
    version: "2.0",
    routeKey: `${req.method} ${path}`,
    rawPath: path,
    rawQueryString: rawQuery,
    headers,
    requestContext: {
      accountId: ACCOUNT,
      apiId: API_ID,
      domainName: host,
      domainPrefix: host.split(".")[0],
      http: { method: req.method, path, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? "127.0.0.1", userAgent: headers["user-agent"] ?? "" },
      requestId,
      routeKey: `${req.method} ${path}`,
      stage: "$default",
      time: requestTime(now),
      timeEpoch: now,
    },
    isBase64Encoded: false,
  };
  if (cookies) event.cookies = cookies;
  if (qs) event.queryStringParameters = qs;
  if (body !== undefined) event.body = body.toString("utf8");
  return event;
}

/** Payload 1.0 result → response (statusCode, headers, multiValueHeaders, body, isBase64Encoded). */
function writeV1(res, result, requestId) {
  const flat = ["x-amzn-RequestId", requestId];
  for (const [k, v] of Object.entries(result?.headers ?? {})) if (k.toLowerCase() !== "content-length") flat.push(k, String(v));
  for (const [k, vs] of Object.entries(result?.multiValueHeaders ?? {})) for (const v of vs) flat.push(k, String(v));
  const body = result?.isBase64Encoded ? Buffer.from(result.body ?? "", "base64") : Buffer.from(result?.body ?? "");
  flat.push("content-length", String(body.length));
  res.writeHead(result?.statusCode ?? 502, flat);
  res.end(body);
}

/** Payload 2.0 result: a result without statusCode is a JSON body of 200 (AWS's inference). */
function writeV2(res, result, requestId) {
  const flat = ["apigw-requestid", requestId];
  let status = 200;
  let body;
  if (result !== null && typeof result === "object" && "statusCode" in result) {
    status = result.statusCode;
    for (const [k, v] of Object.entries(result.headers ?? {})) if (k.toLowerCase() !== "content-length") flat.push(k, String(v));
    for (const c of result.cookies ?? []) flat.push("set-cookie", c);
    body = result.isBase64Encoded ? Buffer.from(result.body ?? "", "base64") : Buffer.from(result.body ?? "");
  } else {
    flat.push("content-type", "application/json");
    body = Buffer.from(typeof result === "string" ? result : JSON.stringify(result));
  }
  flat.push("content-length", String(body.length));
  res.writeHead(status, flat);
  res.end(body);
}

const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    const body = chunks.length === 0 ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const requestId = randomUUID();
    const now = Date.now();
    const event = version === "2.0" ? eventV2(req, path, rawQuery, body, requestId, now) : eventV1(req, path, rawQuery, body, requestId, now);
    Promise.resolve(handler(event, context(requestId))).then(
      (result) => (version === "2.0" ? writeV2 : writeV1)(res, result, requestId),
      () => {
        res.writeHead(502, { "content-type": "application/json" });
        res.end('{"message": "Internal server error"}');
      },
    );
  });
});
server.listen(port, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => process.exit(0));
