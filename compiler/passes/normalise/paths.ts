import type { IrParameter, IrRoute, IrSegment } from "../../ir.js";
import { joinPointer } from "../../util/json-pointer.js";
import { isObject, str, type Json, type NormaliseContext } from "./context.js";
import { readCacheKey, readIntegration } from "./integrations.js";
import { readBodyModels } from "./models.js";
import { resolveValidation, type RequestValidators } from "./request-validators.js";
import { readSecurity } from "./security.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch"] as const;

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

/** Every route of the document, path item by path item in document order (canonicalise sorts them later). */
export function readPaths(ctx: NormaliseContext, validators: RequestValidators): IrRoute[] {
  const routes: IrRoute[] = [];
  const paths = isObject(ctx.doc.root.paths) ? ctx.doc.root.paths : {};
  for (const path of Object.keys(paths)) {
    const pathPointer = joinPointer("/paths", path);
    const item = ctx.doc.deref(paths[path], pathPointer);
    if (!isObject(item.value)) continue;
    routes.push(...readPathItem(ctx, path, item.value, item.pointer, validators));
  }
  return routes;
}

/** The routes of one path item: one per method, plus `x-amazon-apigateway-any-method` (ANY, or HTTP's `$default`). */
function readPathItem(ctx: NormaliseContext, path: string, item: Json, pointer: string, validators: RequestValidators): IrRoute[] {
  const routes: IrRoute[] = [];
  const isDefaultPath = path === "/$default";
  const parsed = isDefaultPath ? { segments: [] as IrSegment[] } : parsePathTemplate(path);
  if (parsed.problem) {
    ctx.report("GWC2008", pointer, { path, detail: parsed.problem });
    return routes;
  }
  const pathParams = Array.isArray(item.parameters) ? item.parameters : [];
  const ops: { method: string; key: string }[] = METHODS.filter((m) => isObject(item[m])).map((m) => ({ method: m.toUpperCase(), key: m }));
  if (isObject(item["x-amazon-apigateway-any-method"])) ops.push({ method: "ANY", key: "x-amazon-apigateway-any-method" });
  for (const { method, key } of ops) {
    const opPointer = joinPointer(pointer, key);
    const op = item[key] as Json;
    const isDefaultRoute = isDefaultPath || (method === "ANY" && op.isDefaultRoute === true && ctx.apiType === "HTTP");
    const routePath = isDefaultRoute ? "$default" : path;
    const routeKey = isDefaultRoute ? "$default" : `${method} ${path}`;
    const origin = ctx.doc.origin(opPointer);
    const { apiKeyRequired } = readSecurity(ctx, op, opPointer);
    const parameters = readParameters(ctx, pathParams, joinPointer(pointer, "parameters"), op, opPointer);
    const validation = resolveValidation(ctx, op, opPointer, validators);
    const bodyModels = validation.validateRequestBody ? readBodyModels(ctx, op, opPointer, routeKey, pathParams, joinPointer(pointer, "parameters")) : [];
    const integration = readIntegration(ctx, op, opPointer, routeKey);
    const { cacheKeyParameters, cacheNamespace } = readCacheKey(ctx, op, opPointer);
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
      apiKeyRequired,
      // AWS's method key: the resource path, then the method (`/pets/{id}/GET`; the root resource is `//GET`).
      methodKey: isDefaultRoute ? `$default/${method}` : `${path}/${method}`,
      cacheKeyParameters,
      cacheNamespace,
      origin,
    });
  }
  return routes;
}

/** Path-item and operation parameters (the operation's win), keyed by location and name (headers case-insensitively). */
function readParameters(ctx: NormaliseContext, pathParams: unknown[], pathPointer: string, op: Json, opPointer: string): IrParameter[] {
  const byKey = new Map<string, IrParameter>();
  const add = (list: unknown[], base: string): void => {
    list.forEach((raw, i) => {
      const { value, pointer } = ctx.doc.deref(raw, joinPointer(base, i));
      if (!isObject(value) || typeof value.name !== "string") return;
      const where = value.in === "query" ? "querystring" : value.in === "header" ? "header" : value.in === "path" ? "path" : undefined;
      if (!where) return;
      byKey.set(`${where}:${where === "header" ? value.name.toLowerCase() : value.name}`, {
        kind: "parameter",
        in: where,
        name: value.name,
        required: where === "path" || value.required === true,
        origin: ctx.doc.origin(pointer),
      });
    });
  };
  add(pathParams, pathPointer);
  add(Array.isArray(op.parameters) ? op.parameters : [], joinPointer(opPointer, "parameters"));
  return [...byKey.values()];
}
