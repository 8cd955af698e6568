import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type {
  IrApi, IrApiType, IrBodyModel, IrGatewayResponse, IrIntegration, IrIntegrationResponse,
  IrModel, IrOrigin, IrParameter, IrPassthroughBehavior, IrRequestParameterMapping, IrRoute, IrValueSource,
  IrSegment, IrStage, IrStaticTemplate, IrTemplatePart, IrUriPart, IrValidation, IrSchemaDialect,
} from "../ir.js";
import type { LoadedApi } from "../load/api-folder.js";
import { joinPointer, splitPointer } from "../util/json-pointer.js";
import { compareStrings } from "../util/order.js";
import { normaliseSchema } from "../emit/schema-dialect.js";
import { GATEWAY_RESPONSE_TYPES } from "./gateway-response-types.js";
import { provisionalModelId } from "./allocate-model-ids.js";

/** Document flavour, decided from `swagger` / `openapi`. */
type DocVersion = "swagger-2.0" | "openapi-3.0" | "openapi-3.1";

type Json = Record<string, unknown>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch"] as const;

/** REST 50–29000 ms (default 29000), HTTP 50–30000 ms (default 30000): reference §1.1. */
const TIMEOUT_LIMITS: Readonly<Record<IrApiType, { min: number; max: number }>> = {
  REST: { min: 50, max: 29000 },
  HTTP: { min: 50, max: 30000 },
};

/** AWS Lambda's default function timeout, in seconds. */
const DEFAULT_FUNCTION_TIMEOUT = 3;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Reads the pieces of a document that the normaliser walks, following internal `$ref`s. */
class DocReader {
  constructor(readonly root: Json, readonly file: string) {}

  origin(pointer: string): IrOrigin {
    return { file: this.file, pointer };
  }

  get(pointer: string): unknown {
    let node: unknown = this.root;
    for (const token of splitPointer(pointer)) {
      if (Array.isArray(node)) node = node[Number(token)];
      else if (isObject(node)) node = node[token];
      else return undefined;
    }
    return node;
  }

  /** Follows `$ref: "#/..."` chains (at most 32 hops) and returns the target and its pointer. */
  deref(value: unknown, pointer: string): { value: unknown; pointer: string } {
    let v = value;
    let p = pointer;
    for (let hops = 0; hops < 32 && isObject(v) && typeof v.$ref === "string" && v.$ref.startsWith("#"); hops++) {
      p = decodeURIComponent(v.$ref.slice(1));
      v = this.get(p);
    }
    return { value: v, pointer: p };
  }
}

/** Turns a loaded API folder into the IR. Reports problems and carries on where that is safe. */
export function normaliseApi(loaded: LoadedApi, bag: DiagnosticBag): IrApi | undefined {
  const file = loaded.openapi.file;
  const root = loaded.openapi.value as Json;
  const doc = new DocReader(root, file);
  const version = detectVersion(root);
  if (!version) {
    bag.report("GWC1005", doc.origin(root.openapi !== undefined ? "/openapi" : root.swagger !== undefined ? "/swagger" : ""), {
      version: String(root.openapi ?? root.swagger ?? ""),
    });
    return undefined;
  }
  const apiType = detectApiType(root);
  const schemaDialect: IrSchemaDialect = version === "openapi-3.1" ? "2020-12" : "draft-04";
  const n = new Normaliser(doc, version, apiType, schemaDialect, loaded, bag);
  return n.run();
}

function detectVersion(root: Json): DocVersion | undefined {
  // An unquoted YAML `swagger: 2.0` / `openapi: 3.0` is the number 2 / 3: accept it as the version it spells.
  if (String(root.swagger) === "2.0" || root.swagger === 2) return "swagger-2.0";
  const v = str(root.openapi) ?? (typeof root.openapi === "number" ? root.openapi.toFixed(1) : undefined);
  if (v === undefined) return undefined;
  // API Gateway imports `openapi: "3.0"` (TOOLCHAIN.md: several real exports say so).
  if (/^3\.0(\.\d+)?$/.test(v)) return "openapi-3.0";
  if (/^3\.1(\.\d+)?$/.test(v)) return "openapi-3.1";
  return undefined;
}

/** Root extensions only REST APIs have (reference §1). */
const REST_ONLY_ROOT_EXTENSIONS = [
  "x-amazon-apigateway-api-key-source", "x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-gateway-responses",
  "x-amazon-apigateway-minimum-compression-size", "x-amazon-apigateway-policy", "x-amazon-apigateway-request-validator",
  "x-amazon-apigateway-request-validators",
] as const;

/** Integration types HTTP APIs do not have: they take aws_proxy and http_proxy only (reference §1.1). */
const REST_ONLY_INTEGRATION_TYPES: ReadonlySet<string> = new Set(["aws", "http", "mock"]);

/** Authorizer types HTTP APIs do not have: they take request (Lambda) and jwt (reference §1). */
const REST_ONLY_AUTHORIZER_TYPES: ReadonlySet<string> = new Set(["token", "cognito_user_pools"]);

/**
 * HTTP APIs are recognised by extensions only they have (reference §1, §14). `$default` routes and
 * `x-amazon-apigateway-importexport-version` exist only in HTTP APIs. The weaker hints (payloadFormatVersion,
 * reusable integrations, x-amazon-apigateway-cors) lose to anything only REST APIs have: AWS imported such
 * documents with ImportRestApi (aws-openapi/localstack-cognito-authorizers.oas30.json carries
 * payloadFormatVersion next to an `http` integration and Cognito authorizers, and became a REST API).
 */
function detectApiType(root: Json): IrApiType {
  if (root["x-amazon-apigateway-importexport-version"] !== undefined) return "HTTP";
  const components = isObject(root.components) ? root.components : {};
  const paths = isObject(root.paths) ? root.paths : {};
  let httpHint = root["x-amazon-apigateway-cors"] !== undefined || components["x-amazon-apigateway-integrations"] !== undefined;
  let restOnly = REST_ONLY_ROOT_EXTENSIONS.some((k) => root[k] !== undefined);
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : isObject(root.securityDefinitions) ? root.securityDefinitions : {};
  for (const scheme of Object.values(schemes)) {
    const authorizer = isObject(scheme) ? scheme["x-amazon-apigateway-authorizer"] : undefined;
    if (isObject(authorizer) && REST_ONLY_AUTHORIZER_TYPES.has(String(authorizer.type).toLowerCase())) restOnly = true;
  }
  for (const [p, item] of Object.entries(paths)) {
    if (p === "/$default") return "HTTP";
    if (!isObject(item)) continue;
    for (const [key, op] of Object.entries(item)) {
      if (!isObject(op)) continue;
      if (key === "x-amazon-apigateway-any-method" && op.isDefaultRoute === true) return "HTTP";
      const integ = op["x-amazon-apigateway-integration"];
      if (!isObject(integ)) continue;
      if (integ.payloadFormatVersion !== undefined || typeof integ.$ref === "string") httpHint = true;
      if (typeof integ.type === "string" && REST_ONLY_INTEGRATION_TYPES.has(integ.type.toLowerCase())) restOnly = true;
    }
  }
  return httpHint && !restOnly ? "HTTP" : "REST";
}

/** Splits `/pets/{id}/{proxy+}` into segments; reports templates API Gateway rejects. */
export function parsePathTemplate(path: string): { segments: IrSegment[]; problem?: string } {
  const segments: IrSegment[] = [];
  const parts = path.split("/").filter((s) => s !== "");
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const greedy = /^\{([^{}]+)\+\}$/.exec(part);
    const param = /^\{([^{}+]+)\}$/.exec(part);
    if (greedy) {
      if (i !== parts.length - 1) return { segments, problem: "a greedy parameter must be the last segment" };
      segments.push({ kind: "greedy", name: greedy[1]! });
    } else if (param) {
      segments.push({ kind: "param", name: param[1]! });
    } else if (part.includes("{") || part.includes("}")) {
      return { segments, problem: `segment "${part}" mixes text and a parameter` };
    } else {
      segments.push({ kind: "literal", value: part });
    }
  }
  return { segments };
}

/** A Java-style regex from `responses` keys; JS accepts nearly all AWS examples. */
function isValidRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Finds a VTL construct in a template (a whole reference such as `$input.body`), or undefined if the template is static text. */
export function findVtlConstruct(template: string): string | undefined {
  const m = /(\$!?\{?[a-zA-Z][\w-]*(?:\.[a-zA-Z][\w-]*)*\}?|\$[{!]|#(?:set|if|foreach|else|elseif|end|define|macro|parse|include|stop|break|evaluate)\b|#\{|##|#\*)/.exec(template);
  return m ? m[0] : undefined;
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

/** Splits a gateway-response template into text and `$variable` parts (no VTL: reference §6). */
export function parseTemplateVariables(template: string): IrTemplatePart[] {
  const parts: IrTemplatePart[] = [];
  const re = /\$(?:\{([A-Za-z0-9_.]+)\}|([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*))/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) parts.push({ kind: "text", value: template.slice(last, m.index) });
    parts.push({ kind: "variable", name: (m[1] ?? m[2])! });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ kind: "text", value: template.slice(last) });
  return parts;
}

function parseStatus(value: unknown): number | undefined {
  const s = typeof value === "number" ? value : typeof value === "string" && /^\d{3}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(s) && s >= 100 && s <= 599 ? s : undefined;
}

function passthrough(value: unknown): IrPassthroughBehavior {
  const v = typeof value === "string" ? value.toUpperCase() : "WHEN_NO_MATCH";
  return v === "NEVER" || v === "WHEN_NO_TEMPLATES" ? v : "WHEN_NO_MATCH";
}

function identifierFrom(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  return /^[0-9]/.test(cleaned) || cleaned === "" ? `_${cleaned}` : cleaned;
}

class Normaliser {
  readonly #modelIds = new Map<string, string>(); // definition pointer → model id
  readonly #models: IrModel[] = [];
  readonly #functions = new Map<string, { name: string; origin: IrOrigin }>();

  constructor(
    readonly doc: DocReader,
    readonly version: DocVersion,
    readonly apiType: IrApiType,
    readonly dialect: IrSchemaDialect,
    readonly loaded: LoadedApi,
    readonly bag: DiagnosticBag,
  ) {}

  run(): IrApi {
    const root = this.doc.root;
    const info = isObject(root.info) ? root.info : {};
    this.checkRootExtensions();
    const validators = this.readValidators();
    const routes: IrRoute[] = [];
    const paths = isObject(root.paths) ? root.paths : {};
    for (const path of Object.keys(paths)) {
      const pathPointer = joinPointer("/paths", path);
      const item = this.doc.deref(paths[path], pathPointer);
      if (!isObject(item.value)) continue;
      routes.push(...this.readPathItem(path, item.value, item.pointer, validators));
    }
    const stages = this.readStages();
    return {
      kind: "api",
      name: this.loaded.name,
      apiType: this.apiType,
      title: typeof info.title === "string" ? info.title : this.loaded.name,
      version: typeof info.version === "string" || typeof info.version === "number" ? String(info.version) : "",
      sources: [this.doc.file, ...(this.loaded.gatewayFile ? [this.loaded.gatewayFile] : [])].sort(compareStrings),
      origin: this.doc.origin(""),
      routes,
      models: this.#models,
      schemaDialect: this.dialect,
      stages: stages.stages,
      defaultStage: stages.defaultStage,
      functions: this.resolveFunctions(),
      gatewayResponses: this.readGatewayResponses(),
      binaryMediaTypes: this.readBinaryMediaTypes(),
    };
  }

  report(code: Parameters<DiagnosticBag["report"]>[0], pointer: string, args: Readonly<Record<string, string | number>> = {}): void {
    this.bag.report(code, this.doc.origin(pointer), args);
  }

  checkRootExtensions(): void {
    const root = this.doc.root;
    if (root["x-amazon-apigateway-policy"] !== undefined) {
      this.report("GWC2003", "/x-amazon-apigateway-policy", { feature: "Resource policy (x-amazon-apigateway-policy)" });
    }
    if (root["x-amazon-apigateway-cors"] !== undefined) {
      this.report("GWC2009", "/x-amazon-apigateway-cors", { feature: "CORS configuration (x-amazon-apigateway-cors)" });
    }
    if (root["x-amazon-apigateway-minimum-compression-size"] !== undefined) {
      this.report("GWC2009", "/x-amazon-apigateway-minimum-compression-size", { feature: "Response compression (x-amazon-apigateway-minimum-compression-size)" });
    }
    if (str(root["x-amazon-apigateway-api-key-source"])?.toUpperCase() === "AUTHORIZER") {
      this.report("GWC2003", "/x-amazon-apigateway-api-key-source", { feature: "API keys from a Lambda authorizer (x-amazon-apigateway-api-key-source: AUTHORIZER)" });
    }
  }

  readValidators(): { byName: Map<string, IrValidation>; defaultName: string | undefined } {
    const byName = new Map<string, IrValidation>();
    const root = this.doc.root;
    const defs = root["x-amazon-apigateway-request-validators"];
    if (isObject(defs)) {
      for (const [name, v] of Object.entries(defs)) {
        const def = isObject(v) ? v : {};
        byName.set(name, {
          validatorName: name,
          validateRequestBody: def.validateRequestBody === true,
          validateRequestParameters: def.validateRequestParameters === true,
        });
      }
    }
    const defaultName = str(root["x-amazon-apigateway-request-validator"]);
    if (defaultName !== undefined && !byName.has(defaultName)) {
      this.report("GWC3001", "/x-amazon-apigateway-request-validator", { name: defaultName });
    }
    return { byName, defaultName };
  }

  readPathItem(path: string, item: Json, pointer: string, validators: { byName: Map<string, IrValidation>; defaultName: string | undefined }): IrRoute[] {
    const routes: IrRoute[] = [];
    const isDefaultPath = path === "/$default";
    const parsed = isDefaultPath ? { segments: [] as IrSegment[] } : parsePathTemplate(path);
    if (parsed.problem) {
      this.report("GWC2008", pointer, { path, detail: parsed.problem });
      return routes;
    }
    const pathParams = Array.isArray(item.parameters) ? item.parameters : [];
    const ops: { method: string; key: string }[] = METHODS.filter((m) => isObject(item[m])).map((m) => ({ method: m.toUpperCase(), key: m }));
    if (isObject(item["x-amazon-apigateway-any-method"])) ops.push({ method: "ANY", key: "x-amazon-apigateway-any-method" });
    for (const { method, key } of ops) {
      const opPointer = joinPointer(pointer, key);
      const op = item[key] as Json;
      const isDefaultRoute = isDefaultPath || (method === "ANY" && op.isDefaultRoute === true && this.apiType === "HTTP");
      const routePath = isDefaultRoute ? "$default" : path;
      const routeKey = isDefaultRoute ? "$default" : `${method} ${path}`;
      const origin = this.doc.origin(opPointer);
      this.checkSecurity(op, opPointer);
      const parameters = this.readParameters(pathParams, joinPointer(pointer, "parameters"), op, opPointer);
      const validation = this.resolveValidation(op, opPointer, validators);
      const bodyModels = validation.validateRequestBody ? this.readBodyModels(op, opPointer, routeKey, pathParams, joinPointer(pointer, "parameters")) : [];
      const integration = this.readIntegration(op, opPointer, routeKey);
      routes.push({
        kind: "route",
        routeKey,
        method,
        path: routePath,
        segments: parsed.segments,
        isDefaultRoute,
        operationId: str(op.operationId),
        parameters,
        validation,
        bodyModels,
        integration,
        origin,
      });
    }
    return routes;
  }

  checkSecurity(op: Json, pointer: string): void {
    const auth = op["x-amazon-apigateway-auth"];
    if (isObject(auth) && typeof auth.type === "string" && auth.type.toUpperCase() !== "NONE") {
      this.report("GWC2003", joinPointer(pointer, "x-amazon-apigateway-auth"), { feature: `Authorization type "${auth.type}" (x-amazon-apigateway-auth)` });
    }
    // An operation without `security` inherits the root requirement. AWS applies it on REST import too, although
    // reference §1 says it is ignored: aws-snapshots test_apigateway_import.snapshot.json recorded
    // test_import_with_global_api_key_authorizer and test_import_with_cognito_auth_identity_source, where the
    // operations without `security` got the root authorizer.
    const own = Array.isArray(op.security);
    const security = own ? op.security : this.doc.root.security;
    if (!Array.isArray(security)) return;
    const base = own ? joinPointer(pointer, "security") : "/security";
    const schemes = this.securitySchemes();
    security.forEach((req: unknown, i: number) => {
      if (!isObject(req)) return;
      for (const name of Object.keys(req)) {
        const scheme = schemes.get(name);
        const at = joinPointer(base, i, name);
        if (scheme === undefined) continue;
        if (isObject(scheme["x-amazon-apigateway-authorizer"])) {
          const type = str(scheme["x-amazon-apigateway-authorizer"].type) ?? "lambda";
          this.report("GWC2003", at, { feature: `Authorizer "${name}" (type ${type})` });
        } else if (/^aws/i.test(str(scheme["x-amazon-apigateway-authtype"]) ?? "")) {
          this.report("GWC2003", at, { feature: `IAM authorization "${name}"` });
        } else if (scheme.type === "apiKey" && str(scheme.name)?.toLowerCase() === "x-api-key") {
          this.report("GWC2003", at, { feature: `API key requirement "${name}" (usage plans and API keys)` });
        } else {
          // Plain OpenAPI schemes (http basic/bearer, oauth2, openIdConnect, other apiKey names) create nothing on
          // import: API Gateway serves such operations unauthenticated, and so does gwc, saying so.
          this.report("GWC2010", at, { name, type: String(scheme.type) });
        }
      }
    });
  }

  #schemes: Map<string, Json> | undefined;
  securitySchemes(): Map<string, Json> {
    if (this.#schemes) return this.#schemes;
    const root = this.doc.root;
    const raw = this.version === "swagger-2.0" ? root.securityDefinitions : isObject(root.components) ? root.components.securitySchemes : undefined;
    this.#schemes = new Map();
    if (isObject(raw)) for (const [k, v] of Object.entries(raw)) if (isObject(v)) this.#schemes.set(k, v);
    return this.#schemes;
  }

  readParameters(pathParams: unknown[], pathPointer: string, op: Json, opPointer: string): IrParameter[] {
    const byKey = new Map<string, IrParameter>();
    const add = (list: unknown[], base: string): void => {
      list.forEach((raw, i) => {
        const { value, pointer } = this.doc.deref(raw, joinPointer(base, i));
        if (!isObject(value) || typeof value.name !== "string") return;
        const where = value.in === "query" ? "querystring" : value.in === "header" ? "header" : value.in === "path" ? "path" : undefined;
        if (!where) return;
        byKey.set(`${where}:${where === "header" ? value.name.toLowerCase() : value.name}`, {
          kind: "parameter",
          in: where,
          name: value.name,
          required: where === "path" || value.required === true,
          origin: this.doc.origin(pointer),
        });
      });
    };
    add(pathParams, pathPointer);
    add(Array.isArray(op.parameters) ? op.parameters : [], joinPointer(opPointer, "parameters"));
    return [...byKey.values()];
  }

  resolveValidation(op: Json, pointer: string, validators: { byName: Map<string, IrValidation>; defaultName: string | undefined }): IrValidation {
    const none: IrValidation = { validatorName: undefined, validateRequestBody: false, validateRequestParameters: false };
    if (this.apiType === "HTTP") return none;
    const own = str(op["x-amazon-apigateway-request-validator"]);
    if (own !== undefined && !validators.byName.has(own)) {
      this.report("GWC3001", joinPointer(pointer, "x-amazon-apigateway-request-validator"), { name: own });
      return none;
    }
    const name = own ?? validators.defaultName;
    return (name !== undefined ? validators.byName.get(name) : undefined) ?? none;
  }

  readBodyModels(op: Json, opPointer: string, routeKey: string, pathParams: unknown[], pathParamsPointer: string): IrBodyModel[] {
    const out: IrBodyModel[] = [];
    if (this.version === "swagger-2.0") {
      const params = [...pathParams.map((p, i) => ({ p, base: joinPointer(pathParamsPointer, i) })),
        ...(Array.isArray(op.parameters) ? op.parameters : []).map((p, i) => ({ p, base: joinPointer(opPointer, "parameters", i) }))];
      for (const { p, base } of params) {
        const { value, pointer } = this.doc.deref(p, base);
        if (!isObject(value) || value.in !== "body" || value.schema === undefined) continue;
        const consumes = Array.isArray(op.consumes) ? op.consumes : Array.isArray(this.doc.root.consumes) ? this.doc.root.consumes : ["application/json"];
        const modelId = this.modelFor(value.schema, joinPointer(pointer, "schema"), routeKey);
        // `consumes: */*` binds the model to any content type, as API Gateway's `$default` key does.
        for (const ct of consumes) if (typeof ct === "string") out.push({ kind: "body-model", contentType: ct === "*/*" ? "$default" : ct.toLowerCase(), modelId });
      }
      return out;
    }
    const { value: body, pointer } = this.doc.deref(op.requestBody, joinPointer(opPointer, "requestBody"));
    if (!isObject(body) || !isObject(body.content)) return out;
    for (const [ct, media] of Object.entries(body.content)) {
      if (!isObject(media) || media.schema === undefined) continue;
      const modelId = this.modelFor(media.schema, joinPointer(pointer, "content", ct, "schema"), routeKey);
      out.push({ kind: "body-model", contentType: ct === "$default" ? ct : ct.toLowerCase(), modelId });
    }
    return out;
  }

  /** Model for a body schema: a shared component model when it is a plain `$ref`, else an inline model. */
  modelFor(schema: unknown, pointer: string, routeKey: string): string {
    if (isObject(schema) && typeof schema.$ref === "string" && Object.keys(schema).length === 1) {
      const target = this.refTarget(schema.$ref);
      if (target !== undefined) return this.sharedModel(target);
    }
    const id = this.allocateId(`body_${identifierFrom(routeKey)}`, pointer);
    this.#models.push({ kind: "model", id, schema: this.convertSchema(schema), shared: false, origin: this.doc.origin(pointer) });
    return id;
  }

  /** Pointer of a referenced definition, for internal refs and API Gateway model URLs. */
  refTarget(ref: string): string | undefined {
    if (ref.startsWith("#/")) return decodeURIComponent(ref.slice(1));
    const m = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([^/#]+)$/.exec(ref);
    if (m) return this.version === "swagger-2.0" ? joinPointer("/definitions", m[1]!) : joinPointer("/components/schemas", m[1]!);
    return undefined;
  }

  sharedModel(pointer: string): string {
    const known = this.#modelIds.get(pointer);
    if (known) return known;
    const tokens = splitPointer(pointer);
    const id = this.allocateId(`model_${identifierFrom(tokens[tokens.length - 1] ?? "root")}`, pointer);
    this.#modelIds.set(pointer, id);
    const schema = this.doc.get(pointer);
    // Registered before converting so that cycles refer back to this id.
    const model: { kind: "model"; id: string; schema: unknown; shared: boolean; origin: IrOrigin } = { kind: "model", id, schema: {}, shared: true, origin: this.doc.origin(pointer) };
    this.#models.push(model);
    model.schema = this.convertSchema(schema ?? {});
    return id;
  }

  /**
   * A provisional model id, `<name>@<pointer>`: unique, and carrying the name the model should get.
   * `allocateModelIds` gives the final identifiers in canonical order, so a name clash is resolved
   * the same way whatever the document's key order (test/golden/determinism.test.ts).
   */
  allocateId(name: string, pointer: string): string {
    return provisionalModelId(name, pointer);
  }

  /** Normalises the dialect and rewrites every `$ref` to `#/models/<id>` (the IR's reference form). */
  convertSchema(schema: unknown): unknown {
    const from = this.version === "openapi-3.1" ? "openapi-3.1" : this.version === "swagger-2.0" ? "swagger-2.0" : "openapi-3.0";
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (!isObject(node)) return node;
      const out: Json = {};
      for (const [k, v] of Object.entries(node)) {
        if (k === "$ref" && typeof v === "string") {
          const target = this.refTarget(v);
          out.$ref = target !== undefined ? `#/models/${this.sharedModel(target)}` : v;
        } else out[k] = rewrite(v);
      }
      return out;
    };
    return rewrite(normaliseSchema(schema, from));
  }

  readIntegration(op: Json, opPointer: string, routeKey: string): IrIntegration {
    const pointer = joinPointer(opPointer, "x-amazon-apigateway-integration");
    let raw = op["x-amazon-apigateway-integration"];
    let at = pointer;
    // Used where the integration is missing or was refused with a diagnostic; the latter never reaches emit.
    const none: IrIntegration = { kind: "none", origin: this.doc.origin(opPointer) };
    if (isObject(raw) && typeof raw.$ref === "string") {
      const target = this.doc.deref(raw, pointer);
      if (!isObject(target.value)) {
        this.report("GWC3004", pointer, { ref: raw.$ref });
        return none;
      }
      raw = target.value;
      at = target.pointer;
    }
    if (!isObject(raw)) {
      this.report("GWC2002", opPointer, { route: routeKey });
      return none;
    }
    const type = str(raw.type)?.toLowerCase();
    const limits = TIMEOUT_LIMITS[this.apiType];
    let timeoutInMillis = limits.max;
    if (isCloudFormationIntrinsic(raw.timeoutInMillis)) {
      // CloudFormation resolves it before API Gateway sees the document; gwc cannot, so the default applies.
      this.report("GWC2009", joinPointer(at, "timeoutInMillis"), { feature: `A CloudFormation value for timeoutInMillis (${JSON.stringify(raw.timeoutInMillis)})` });
    } else if (raw.timeoutInMillis !== undefined) {
      const t = Number(raw.timeoutInMillis);
      if (!Number.isInteger(t) || t < limits.min || t > limits.max) {
        const value = typeof raw.timeoutInMillis === "string" || typeof raw.timeoutInMillis === "number" ? String(raw.timeoutInMillis) : JSON.stringify(raw.timeoutInMillis);
        this.report("GWC2006", joinPointer(at, "timeoutInMillis"), { value, min: limits.min, max: limits.max });
      } else timeoutInMillis = t;
    }
    const origin = this.doc.origin(at);
    if (raw.connectionType !== undefined && str(raw.connectionType)?.toUpperCase() === "VPC_LINK") {
      this.report("GWC2003", joinPointer(at, "connectionType"), { feature: "VPC link integrations (connectionType VPC_LINK)" });
    }
    if (raw.contentHandling !== undefined) {
      this.report("GWC2009", joinPointer(at, "contentHandling"), { feature: `contentHandling ${String(raw.contentHandling)}` });
    }
    if (raw.integrationSubtype !== undefined) {
      this.report("GWC2001", joinPointer(at, "integrationSubtype"), { type: `AWS service (${String(raw.integrationSubtype)})` });
      return none;
    }
    switch (type) {
      case "aws_proxy": {
        // AWS "Use stage variables in a Lambda integration": the function is chosen per stage at run time.
        const stageVariable = /:function:(\$\{stageVariables\.[A-Za-z0-9_]+\})/.exec(uriText(raw.uri) ?? "");
        if (stageVariable) {
          this.report("GWC2003", joinPointer(at, "uri"), { feature: `A Lambda function chosen by a stage variable (${stageVariable[1]})` });
          return none;
        }
        const fn = lambdaFunctionFromUri(raw.uri);
        if (!fn) {
          this.report("GWC3003", joinPointer(at, "uri"), { uri: typeof raw.uri === "string" ? raw.uri : JSON.stringify(raw.uri) });
          return none;
        }
        if (!/^[A-Za-z0-9_-]+$/.test(fn.name)) {
          this.report("GWC3003", joinPointer(at, "uri"), { uri: typeof raw.uri === "string" ? raw.uri : JSON.stringify(raw.uri) });
          return none;
        }
        if (!this.#functions.has(fn.name)) this.#functions.set(fn.name, { name: fn.name, origin: this.doc.origin(joinPointer(at, "uri")) });
        const pfv = String(raw.payloadFormatVersion ?? (this.apiType === "HTTP" ? "2.0" : "1.0"));
        return {
          kind: "lambda-proxy",
          functionId: `function:${fn.name}`,
          qualifier: fn.qualifier,
          payloadFormatVersion: this.apiType === "REST" || pfv === "1.0" ? "1.0" : "2.0",
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
          this.report("GWC2005", joinPointer(at, "uri"), {
            detail: `uri contains the placeholder ${JSON.stringify(placeholder)}, which CloudFormation or a template engine fills in before import; substitute it, or use \${stageVariables.NAME}`,
          });
          return none;
        }
        if (text === undefined || !/^https?:\/\//i.test(text.replace(/^\$\{stageVariables\.[A-Za-z0-9_]+\}/, "http://"))) {
          this.report("GWC2005", joinPointer(at, "uri"), { detail: `uri must be an http(s) URL, got ${JSON.stringify(raw.uri)}` });
          return none;
        }
        const uri = parseUriTemplate(text);
        const requestParameters = this.readRequestParameters(raw.requestParameters, joinPointer(at, "requestParameters"));
        const httpMethod = (str(raw.httpMethod) ?? "ANY").toUpperCase();
        if (type === "http_proxy") {
          if (this.apiType === "HTTP" && isObject(raw.responseParameters)) {
            this.report("GWC2003", joinPointer(at, "responseParameters"), { feature: "HTTP API response parameter mapping (responseParameters)" });
          }
          return { kind: "http-proxy", uri, httpMethod, requestParameters, timeoutInMillis, origin };
        }
        return {
          kind: "http",
          uri,
          httpMethod,
          requestParameters,
          requestTemplates: this.readStaticTemplates(raw.requestTemplates, joinPointer(at, "requestTemplates")),
          passthroughBehavior: passthrough(raw.passthroughBehavior),
          responses: this.readResponses(raw.responses, joinPointer(at, "responses")),
          timeoutInMillis,
          origin,
        };
      }
      case "mock": {
        const templates = this.readStaticTemplates(raw.requestTemplates, joinPointer(at, "requestTemplates"));
        const requestTemplates = templates.map((t) => {
          let statusCode: number | undefined;
          try {
            const parsed: unknown = JSON.parse(t.body);
            statusCode = isObject(parsed) ? parseStatus(parsed.statusCode) : undefined;
          } catch {
            statusCode = undefined;
          }
          if (statusCode === undefined && findVtlConstruct(t.body) === undefined) {
            this.report("GWC4002", joinPointer(at, "requestTemplates", t.contentType), { contentType: t.contentType });
          }
          return { ...t, statusCode };
        });
        return {
          kind: "mock",
          requestTemplates,
          passthroughBehavior: passthrough(raw.passthroughBehavior),
          responses: this.readResponses(raw.responses, joinPointer(at, "responses")),
          origin,
        };
      }
      case "aws":
        this.report("GWC2001", joinPointer(at, "type"), { type: "aws" });
        return none;
      default:
        this.report("GWC2005", joinPointer(at, "type"), { detail: `unknown integration type ${JSON.stringify(raw.type)}` });
        return none;
    }
  }

  readStaticTemplates(raw: unknown, pointer: string): IrStaticTemplate[] {
    if (!isObject(raw)) return [];
    const out: IrStaticTemplate[] = [];
    for (const [ct, body] of Object.entries(raw)) {
      if (typeof body !== "string") continue;
      const construct = findVtlConstruct(body);
      if (construct !== undefined) {
        this.report("GWC2004", joinPointer(pointer, ct), { contentType: ct, construct });
        continue;
      }
      out.push({ kind: "static-template", contentType: ct.toLowerCase(), body });
    }
    return out;
  }

  readResponses(raw: unknown, pointer: string): IrIntegrationResponse[] {
    if (!isObject(raw)) return [];
    const out: IrIntegrationResponse[] = [];
    for (const [key, value] of Object.entries(raw)) {
      const at = joinPointer(pointer, key);
      if (!isObject(value)) continue;
      const statusCode = parseStatus(value.statusCode);
      if (statusCode === undefined) {
        this.report("GWC4003", joinPointer(at, "statusCode"), { value: String(value.statusCode) });
        continue;
      }
      if (key !== "default" && !isValidRegExp(key)) {
        this.report("GWC4007", at, { pattern: key });
        continue;
      }
      const headers: { name: string; value: string }[] = [];
      if (isObject(value.responseParameters)) {
        for (const [target, source] of Object.entries(value.responseParameters)) {
          const t = /^method\.response\.header\.(.+)$/.exec(target);
          const s = typeof source === "string" ? /^'(.*)'$/s.exec(source) : null;
          if (!t || !s) {
            this.report("GWC2007", joinPointer(at, "responseParameters", target), { target, source: String(source) });
            continue;
          }
          headers.push({ name: t[1]!, value: s[1]! });
        }
      }
      out.push({
        kind: "integration-response",
        selectionPattern: key === "default" ? undefined : key,
        statusCode,
        headers,
        templates: this.readStaticTemplates(value.responseTemplates, joinPointer(at, "responseTemplates")),
        origin: this.doc.origin(at),
      });
    }
    return out;
  }

  readRequestParameters(raw: unknown, pointer: string): IrRequestParameterMapping[] {
    if (!isObject(raw)) return [];
    const out: IrRequestParameterMapping[] = [];
    for (const [target, source] of Object.entries(raw)) {
      const t = /^integration\.request\.(path|querystring|header)\.(.+)$/.exec(target);
      const s = typeof source === "string" ? parseMappingSource(source) : undefined;
      if (!t || !s) {
        this.report("GWC2007", joinPointer(pointer, target), { target, source: String(source) });
        continue;
      }
      out.push({ kind: "request-parameter", target: { in: t[1] as "path" | "querystring" | "header", name: t[2]! }, source: s });
    }
    return out;
  }

  readGatewayResponses(): IrGatewayResponse[] {
    const raw = this.doc.root["x-amazon-apigateway-gateway-responses"];
    if (!isObject(raw)) return [];
    const out: IrGatewayResponse[] = [];
    for (const [type, value] of Object.entries(raw)) {
      const at = joinPointer("/x-amazon-apigateway-gateway-responses", type);
      if (!GATEWAY_RESPONSE_TYPES.has(type)) {
        this.report("GWC4006", at, { type });
        continue;
      }
      const def = isObject(value) ? value : {};
      let statusCode: number | undefined;
      if (def.statusCode !== undefined) {
        statusCode = parseStatus(def.statusCode);
        if (statusCode === undefined) this.report("GWC4003", joinPointer(at, "statusCode"), { value: String(def.statusCode) });
      }
      const headers: { name: string; source: IrValueSource }[] = [];
      if (isObject(def.responseParameters)) {
        for (const [target, source] of Object.entries(def.responseParameters)) {
          // AWS accepts gatewayresponse.path.* and .querystring.* targets too (developer guide,
          // "x-amazon-apigateway-gateway-responses.responseParameters object": "param-position can be header, path,
          // or querystring"); a response carries neither, so gwc builds without them.
          if (/^gatewayresponse\.(path|querystring)\../.test(target) && typeof source === "string" && parseMappingSource(source)) {
            this.report("GWC2009", joinPointer(at, "responseParameters", target), { feature: `Gateway response parameter "${target}"` });
            continue;
          }
          const t = /^gatewayresponse\.header\.(.+)$/.exec(target);
          const s = typeof source === "string" ? parseMappingSource(source) : undefined;
          if (!t || !s) {
            this.report("GWC2007", joinPointer(at, "responseParameters", target), { target, source: String(source) });
            continue;
          }
          headers.push({ name: t[1]!, source: s });
        }
      }
      const templates: { contentType: string; parts: IrTemplatePart[] }[] = [];
      if (isObject(def.responseTemplates)) {
        for (const [ct, body] of Object.entries(def.responseTemplates)) {
          if (typeof body === "string") templates.push({ contentType: ct.toLowerCase(), parts: parseTemplateVariables(body) });
        }
      }
      out.push({ kind: "gateway-response", responseType: type, statusCode, headers, templates, origin: this.doc.origin(at) });
    }
    return out;
  }

  readBinaryMediaTypes(): string[] {
    const raw = this.doc.root["x-amazon-apigateway-binary-media-types"];
    return Array.isArray(raw) ? raw.filter((t): t is string => typeof t === "string").map((t) => t.replace(/~1/g, "/").toLowerCase()) : []; // exports escape "/" as "~1"
  }

  readStages(): { stages: IrStage[]; defaultStage: string } {
    const gw = this.loaded.gateway;
    const file = this.loaded.gatewayFile;
    if (!gw?.stages || Object.keys(gw.stages).length === 0 || !file) {
      const name = this.apiType === "HTTP" ? "$default" : "dev";
      return { stages: [{ kind: "stage", name, variables: [], origin: this.doc.origin("") }], defaultStage: name };
    }
    const stages: IrStage[] = [];
    for (const [name, def] of Object.entries(gw.stages)) {
      const at = { file, pointer: joinPointer("/stages", name) };
      if (!(/^[A-Za-z0-9_-]{1,128}$/.test(name) || (name === "$default" && this.apiType === "HTTP"))) {
        this.bag.report("GWC4004", at, { name });
      }
      const variables: { name: string; value: string }[] = [];
      for (const [k, v] of Object.entries(def.variables ?? {})) {
        const value = String(v);
        const vat = { file, pointer: joinPointer("/stages", name, "variables", k) };
        if (!/^[A-Za-z0-9_]{1,64}$/.test(k)) this.bag.report("GWC4005", vat, { name: k, detail: "invalid name" });
        else if (!/^[A-Za-z0-9\-._~:/?#&=,]{1,512}$/.test(value)) this.bag.report("GWC4005", vat, { name: k, detail: "invalid value" });
        variables.push({ name: k, value });
      }
      stages.push({ kind: "stage", name, variables, origin: at });
    }
    const names = stages.map((s) => s.name).sort(compareStrings);
    const defaultStage = gw.defaultStage ?? names[0]!;
    if (!names.includes(defaultStage)) this.bag.report("GWC4008", { file, pointer: "/defaultStage" }, { name: defaultStage });
    return { stages, defaultStage };
  }

  resolveFunctions(): IrApi["functions"] {
    const out: IrApi["functions"][number][] = [];
    const gw = this.loaded.gateway?.functions ?? {};
    const dir = this.loaded.dir;
    for (const { name, origin } of this.#functions.values()) {
      const configured = gw[name];
      if (configured && this.loaded.gatewayFile) {
        const [modPath, exportName] = configured.handler.split("#") as [string, string | undefined];
        const handlerFile = `${dir}/${modPath.replace(/^\.\//, "")}`;
        if (!this.loaded.handlerFiles.includes(handlerFile)) {
          this.bag.report("GWC3005", { file: this.loaded.gatewayFile, pointer: joinPointer("/functions", name, "handler") }, { file: handlerFile, name });
          continue;
        }
        out.push({ kind: "function", id: `function:${name}`, name, handlerFile, exportName: exportName ?? "handler", timeout: configured.timeout ?? DEFAULT_FUNCTION_TIMEOUT, origin });
        continue;
      }
      const handlerFile = ["ts", "mts", "js", "mjs"].map((ext) => `${dir}/handlers/${name}.${ext}`).find((f) => this.loaded.handlerFiles.includes(f));
      if (!handlerFile) {
        this.bag.report("GWC3002", origin, { name });
        continue;
      }
      out.push({ kind: "function", id: `function:${name}`, name, handlerFile, exportName: "handler", timeout: DEFAULT_FUNCTION_TIMEOUT, origin });
    }
    return out;
  }
}

/** Parses a REST mapping source expression (reference §4.4), or undefined if unsupported. */
export function parseMappingSource(source: string): IrValueSource | undefined {
  const req = /^method\.request\.(path|querystring|header)\.([a-zA-Z0-9._$-]+)$/.exec(source);
  if (req) return { kind: "request", in: req[1] as "path" | "querystring" | "header", name: req[2]! };
  const stat = /^'(.*)'$/s.exec(source);
  if (stat) return { kind: "static", value: stat[1]! };
  const sv = /^stageVariables\.([A-Za-z0-9_]+)$/.exec(source);
  if (sv) return { kind: "stage-variable", name: sv[1]! };
  const ctx = /^context\.([A-Za-z0-9_.]+)$/.exec(source);
  if (ctx) return { kind: "context", name: ctx[1]! };
  return undefined;
}
