import type { IrApiType, IrCacheKeyParameter, IrIntegration, IrResponseHeaderMapping, IrResponseValueSource, IrIntegrationResponse, IrPassthroughBehavior, IrUriPart } from "../../ir.js";
import { joinPointer } from "../../util/json-pointer.js";
import { isObject, parseStatus, str, type Json, type NormaliseContext } from "./context.js";
import { readMappingTemplates, readRequestParameters } from "./templates.js";

/** REST 50–29000 ms (default 29000), HTTP 50–30000 ms (default 30000): reference §1.1. */
const TIMEOUT_LIMITS: Readonly<Record<IrApiType, { min: number; max: number }>> = {
  REST: { min: 50, max: 29000 },
  HTTP: { min: 50, max: 30000 },
};

/** A Java-style regex from `responses` keys; JS accepts nearly all AWS examples. */
function isValidRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** True for a CloudFormation intrinsic function object (`{"Ref": …}`, `{"Fn::Sub": …}`) written where a value belongs. */
export function isCloudFormationIntrinsic(value: unknown): value is Json {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0]!.startsWith("Fn::"));
}

/**
 * The text of an integration URI: the string itself, or the template of a CloudFormation `Fn::Sub` with its
 * literal variables filled in and `${!x}` unescaped to `${x}` (Fn::Sub's escape for a literal `${`).
 */
export function uriText(uri: unknown): string | undefined {
  if (typeof uri === "string") return uri;
  if (!isCloudFormationIntrinsic(uri)) return undefined;
  const sub = uri["Fn::Sub"];
  const [template, vars] = typeof sub === "string" ? [sub, {}] : Array.isArray(sub) && typeof sub[0] === "string" ? [sub[0], isObject(sub[1]) ? sub[1] : {}] : [undefined, {}];
  if (template === undefined) return undefined;
  return template.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, name: string) =>
    bang === "!" ? `\${${name}}` : typeof (vars as Json)[name] === "string" ? ((vars as Json)[name] as string) : whole,
  );
}

/** Extracts a Lambda function name from an integration URI (AWS ARN form, with CloudFormation placeholders). */
export function lambdaFunctionFromUri(uri: unknown): { name: string; qualifier: string | undefined } | undefined {
  let text: string | undefined;
  if (typeof uri === "string") text = uri;
  else if (isObject(uri)) {
    const sub = uri["Fn::Sub"];
    if (typeof sub === "string") text = sub;
    else if (Array.isArray(sub) && typeof sub[0] === "string") text = sub[0];
    const getAtt = uri["Fn::GetAtt"];
    if (Array.isArray(getAtt) && typeof getAtt[0] === "string") return { name: getAtt[0], qualifier: undefined };
    if (typeof getAtt === "string") return { name: getAtt.split(".")[0]!, qualifier: undefined };
  }
  if (text === undefined) return undefined;
  // ...:function:NAME[:alias]/invocations, NAME possibly a ${Resource.Arn} placeholder.
  const placeholder = /functions\/\$\{([A-Za-z0-9_]+)(?:\.Arn)?\}(?::([A-Za-z0-9_${}.-]+))?\/invocations/.exec(text);
  if (placeholder) return { name: placeholder[1]!, qualifier: placeholder[2] };
  const arn = /:function:([A-Za-z0-9_${}.-]+?)(?::([A-Za-z0-9_${}.-]+))?\/invocations/.exec(text);
  if (arn) {
    const name = arn[1]!.replace(/^\$\{([^}.]+)(?:\.[^}]*)?\}$/, "$1");
    return { name, qualifier: arn[2] };
  }
  return undefined;
}

/** Parses an HTTP URI template into text, `{param}` and `${stageVariables.x}` parts. */
export function parseUriTemplate(uri: string): IrUriPart[] {
  const parts: IrUriPart[] = [];
  const re = /\$\{stageVariables\.([A-Za-z0-9_]+)\}|\{([^{}]+)\}/g;
  let last = 0;
  for (let m = re.exec(uri); m; m = re.exec(uri)) {
    if (m.index > last) parts.push({ kind: "text", value: uri.slice(last, m.index) });
    parts.push(m[1] !== undefined ? { kind: "stage-variable", name: m[1] } : { kind: "path-param", name: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < uri.length) parts.push({ kind: "text", value: uri.slice(last) });
  return parts;
}

function passthrough(value: unknown): IrPassthroughBehavior {
  const v = typeof value === "string" ? value.toUpperCase() : "WHEN_NO_MATCH";
  return v === "NEVER" || v === "WHEN_NO_TEMPLATES" ? v : "WHEN_NO_MATCH";
}

/**
 * An operation's `x-amazon-apigateway-integration` (following a reusable integration `$ref`). A Lambda
 * integration names its function by `functionId` only; link resolves it to a handler (passes/link.ts).
 */
export function readIntegration(ctx: NormaliseContext, op: Json, opPointer: string, routeKey: string): IrIntegration {
  const pointer = joinPointer(opPointer, "x-amazon-apigateway-integration");
  let raw = op["x-amazon-apigateway-integration"];
  let at = pointer;
  // Used where the integration is missing or was refused with a diagnostic; the latter never reaches emit.
  const none: IrIntegration = { kind: "none", origin: ctx.doc.origin(opPointer) };
  if (isObject(raw) && typeof raw.$ref === "string") {
    const target = ctx.doc.deref(raw, pointer);
    if (!isObject(target.value)) {
      ctx.report("GWC3004", pointer, { ref: raw.$ref });
      return none;
    }
    raw = target.value;
    at = target.pointer;
  }
  if (!isObject(raw)) {
    ctx.report("GWC2002", opPointer, { route: routeKey });
    return none;
  }
  const type = str(raw.type)?.toLowerCase();
  const limits = TIMEOUT_LIMITS[ctx.apiType];
  let timeoutInMillis = limits.max;
  if (isCloudFormationIntrinsic(raw.timeoutInMillis)) {
    // CloudFormation resolves it before API Gateway sees the document; gwc cannot, so the default applies.
    ctx.report("GWC2009", joinPointer(at, "timeoutInMillis"), { feature: `A CloudFormation value for timeoutInMillis (${JSON.stringify(raw.timeoutInMillis)})` });
  } else if (raw.timeoutInMillis !== undefined) {
    const t = Number(raw.timeoutInMillis);
    if (!Number.isInteger(t) || t < limits.min || t > limits.max) {
      const value = typeof raw.timeoutInMillis === "string" || typeof raw.timeoutInMillis === "number" ? String(raw.timeoutInMillis) : JSON.stringify(raw.timeoutInMillis);
      ctx.report("GWC2006", joinPointer(at, "timeoutInMillis"), { value, min: limits.min, max: limits.max });
    } else timeoutInMillis = t;
  }
  const origin = ctx.doc.origin(at);
  if (raw.connectionType !== undefined && str(raw.connectionType)?.toUpperCase() === "VPC_LINK") {
    ctx.report("GWC2003", joinPointer(at, "connectionType"), { feature: "VPC link integrations (connectionType VPC_LINK)" });
  }
  if (raw.contentHandling !== undefined) {
    ctx.report("GWC2009", joinPointer(at, "contentHandling"), { feature: `contentHandling ${String(raw.contentHandling)}` });
  }
  if (raw.integrationSubtype !== undefined) {
    ctx.report("GWC2001", joinPointer(at, "integrationSubtype"), { type: `AWS service (${String(raw.integrationSubtype)})` });
    return none;
  }
  switch (type) {
    case "aws_proxy": {
      // AWS "Use stage variables in a Lambda integration": the function is chosen per stage at run time.
      const stageVariable = /:function:(\$\{stageVariables\.[A-Za-z0-9_]+\})/.exec(uriText(raw.uri) ?? "");
      if (stageVariable) {
        ctx.report("GWC2003", joinPointer(at, "uri"), { feature: `A Lambda function chosen by a stage variable (${stageVariable[1]})` });
        return none;
      }
      const fn = lambdaFunctionFromUri(raw.uri);
      if (!fn) {
        ctx.report("GWC3003", joinPointer(at, "uri"), { uri: typeof raw.uri === "string" ? raw.uri : JSON.stringify(raw.uri) });
        return none;
      }
      if (!/^[A-Za-z0-9_-]+$/.test(fn.name)) {
        ctx.report("GWC3003", joinPointer(at, "uri"), { uri: typeof raw.uri === "string" ? raw.uri : JSON.stringify(raw.uri) });
        return none;
      }
      const pfv = String(raw.payloadFormatVersion ?? (ctx.apiType === "HTTP" ? "2.0" : "1.0"));
      return {
        kind: "lambda-proxy",
        functionId: `function:${fn.name}`,
        qualifier: fn.qualifier,
        payloadFormatVersion: ctx.apiType === "REST" || pfv === "1.0" ? "1.0" : "2.0",
        timeoutInMillis,
        origin,
      };
    }
    case "http_proxy":
    case "http": {
      const text = uriText(raw.uri);
      // `${uri}`, `${AWS::Region}`, `${PrivateALB.DNSName}`: filled in by CloudFormation or a template engine before import.
      const placeholder = text === undefined ? undefined : /\$\{(?!stageVariables\.[A-Za-z0-9_]+\})[^}]*\}/.exec(text)?.[0];
      if (placeholder !== undefined) {
        ctx.report("GWC2005", joinPointer(at, "uri"), {
          detail: `uri contains the placeholder ${JSON.stringify(placeholder)}, which CloudFormation or a template engine fills in before import; substitute it, or use \${stageVariables.NAME}`,
        });
        return none;
      }
      if (text === undefined || !/^https?:\/\//i.test(text.replace(/^\$\{stageVariables\.[A-Za-z0-9_]+\}/, "http://"))) {
        ctx.report("GWC2005", joinPointer(at, "uri"), { detail: `uri must be an http(s) URL, got ${JSON.stringify(raw.uri)}` });
        return none;
      }
      const uri = parseUriTemplate(text);
      const requestParameters = readRequestParameters(ctx, raw.requestParameters, joinPointer(at, "requestParameters"));
      const httpMethod = (str(raw.httpMethod) ?? "ANY").toUpperCase();
      if (type === "http_proxy") {
        if (ctx.apiType === "HTTP" && isObject(raw.responseParameters)) {
          ctx.report("GWC2003", joinPointer(at, "responseParameters"), { feature: "HTTP API response parameter mapping (responseParameters)" });
        }
        return { kind: "http-proxy", uri, httpMethod, requestParameters, timeoutInMillis, origin };
      }
      return {
        kind: "http",
        uri,
        httpMethod,
        requestParameters,
        requestTemplates: readMappingTemplates(ctx, raw.requestTemplates, joinPointer(at, "requestTemplates")),
        passthroughBehavior: passthrough(raw.passthroughBehavior),
        responses: readResponses(ctx, raw.responses, joinPointer(at, "responses")),
        timeoutInMillis,
        origin,
      };
    }
    case "mock": {
      // A template without a statusCode is kept as written (statusCode undefined) and reported by checks/integrations.ts.
      const templates = readMappingTemplates(ctx, raw.requestTemplates, joinPointer(at, "requestTemplates"));
      const requestTemplates = templates.map((t) => {
        let statusCode: number | undefined;
        // A VTL template's statusCode is known when it renders.
        if (t.vtl) return { ...t, statusCode };
        try {
          const parsed: unknown = JSON.parse(t.body);
          statusCode = isObject(parsed) ? parseStatus(parsed.statusCode) : undefined;
        } catch {
          statusCode = undefined;
        }
        return { ...t, statusCode };
      });
      return {
        kind: "mock",
        requestTemplates,
        passthroughBehavior: passthrough(raw.passthroughBehavior),
        responses: readResponses(ctx, raw.responses, joinPointer(at, "responses")),
        origin,
      };
    }
    case "aws": {
      // A Lambda invocation URI is Lambda custom; any other `arn:aws:apigateway:{region}:{service}:…` an AWS service.
      const text = uriText(raw.uri) ?? "";
      const fn = /:lambda:path\/2015-03-31\/functions\//.test(text) || isObject(raw.uri) ? lambdaFunctionFromUri(raw.uri) : undefined;
      if (!fn || !/^[A-Za-z0-9_-]+$/.test(fn.name)) {
        ctx.report("GWC2001", joinPointer(at, "type"), { type: `aws (AWS service ${text})` });
        return none;
      }
      return {
        kind: "lambda",
        functionId: `function:${fn.name}`,
        qualifier: fn.qualifier,
        requestTemplates: readMappingTemplates(ctx, raw.requestTemplates, joinPointer(at, "requestTemplates")),
        passthroughBehavior: passthrough(raw.passthroughBehavior),
        responses: readResponses(ctx, raw.responses, joinPointer(at, "responses")),
        timeoutInMillis,
        origin,
      };
    }
    default:
      ctx.report("GWC2005", joinPointer(at, "type"), { detail: `unknown integration type ${JSON.stringify(raw.type)}` });
      return none;
  }
}

/**
 * Integration responses by selection pattern. A response with an invalid status (GWC4003) or pattern (GWC4007)
 * is reported here and left out of the IR, so no later check could see it.
 */
function readResponses(ctx: NormaliseContext, raw: unknown, pointer: string): IrIntegrationResponse[] {
  if (!isObject(raw)) return [];
  const out: IrIntegrationResponse[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const at = joinPointer(pointer, key);
    if (!isObject(value)) continue;
    const statusCode = parseStatus(value.statusCode);
    if (statusCode === undefined) {
      ctx.report("GWC4003", joinPointer(at, "statusCode"), { value: String(value.statusCode) });
      continue;
    }
    if (key !== "default" && !isValidRegExp(key)) {
      ctx.report("GWC4007", at, { pattern: key });
      continue;
    }
    const headers: IrResponseHeaderMapping[] = [];
    if (isObject(value.responseParameters)) {
      for (const [target, source] of Object.entries(value.responseParameters)) {
        const t = /^method\.response\.header\.(.+)$/.exec(target);
        const s = typeof source === "string" ? responseValueSource(source) : undefined;
        if (!t || !s) {
          ctx.report("GWC2007", joinPointer(at, "responseParameters", target), { target, source: String(source) });
          continue;
        }
        headers.push({ name: t[1]!, source: s });
      }
    }
    out.push({
      kind: "integration-response",
      selectionPattern: key === "default" ? undefined : key,
      statusCode,
      headers,
      templates: readMappingTemplates(ctx, value.responseTemplates, joinPointer(at, "responseTemplates")),
      origin: ctx.doc.origin(at),
    });
  }
  return out;
}

/** A response parameter's source (reference §4.4), or undefined when gwc does not map it. */
function responseValueSource(source: string): IrResponseValueSource | undefined {
  const stat = /^'(.*)'$/s.exec(source);
  if (stat) return { kind: "static", value: stat[1]! };
  const header = /^integration\.response\.(header|multivalueheader)\.([a-zA-Z0-9._$-]+)$/.exec(source);
  if (header) return { kind: "integration-header", name: header[2]!, multi: header[1] === "multivalueheader" };
  if (source === "integration.response.body") return { kind: "integration-body", path: undefined };
  const body = /^integration\.response\.body\.(.+)$/.exec(source);
  if (body) return { kind: "integration-body", path: body[1]! };
  const sv = /^stageVariables\.([A-Za-z0-9_]+)$/.exec(source);
  if (sv) return { kind: "stage-variable", name: sv[1]! };
  const c = /^context\.([A-Za-z0-9_.]+)$/.exec(source);
  if (c) return { kind: "context", name: c[1]! };
  return undefined;
}

/** `method.request.<location>.<name>`, the form of a cache key parameter (reference §8). */
const CACHE_KEY_PARAMETER = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/;

/**
 * The integration's `cacheKeyParameters` and `cacheNamespace` (following a reusable integration `$ref`). A key
 * parameter that is not a method request parameter is refused (GWC2011): leaving it out would let requests that
 * differ in it share a cached response.
 */
export function readCacheKey(ctx: NormaliseContext, op: Json, opPointer: string): { cacheKeyParameters: IrCacheKeyParameter[]; cacheNamespace: string | undefined } {
  let raw = op["x-amazon-apigateway-integration"];
  let at = joinPointer(opPointer, "x-amazon-apigateway-integration");
  if (isObject(raw) && typeof raw.$ref === "string") {
    const target = ctx.doc.deref(raw, at);
    raw = target.value;
    at = target.pointer;
  }
  const cacheKeyParameters: IrCacheKeyParameter[] = [];
  if (!isObject(raw)) return { cacheKeyParameters, cacheNamespace: undefined };
  const list = Array.isArray(raw.cacheKeyParameters) ? raw.cacheKeyParameters : [];
  list.forEach((entry, i) => {
    const m = typeof entry === "string" ? CACHE_KEY_PARAMETER.exec(entry) : null;
    if (!m) {
      ctx.report("GWC2011", joinPointer(at, "cacheKeyParameters", i), { value: typeof entry === "string" ? entry : JSON.stringify(entry) });
      return;
    }
    cacheKeyParameters.push({ in: m[1] as IrCacheKeyParameter["in"], name: m[2]! });
  });
  return { cacheKeyParameters, cacheNamespace: str(raw.cacheNamespace) };
}
