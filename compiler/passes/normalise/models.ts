import type { IrBodyModel, IrOrigin } from "../../ir.js";
import { joinPointer, splitPointer } from "../../util/json-pointer.js";
import { provisionalModelId } from "../allocate-model-ids.js";
import { isObject, type Json, type NormaliseContext } from "./context.js";
import { normaliseSchema } from "./schema-dialect.js";

/** A JS identifier made from free text (a route key, a schema name), for a model's wanted name. */
function identifierFrom(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  return /^[0-9]/.test(cleaned) || cleaned === "" ? `_${cleaned}` : cleaned;
}

/** The body models of an operation: Swagger 2 `in: body` parameters by `consumes`, or OAS 3 `requestBody.content`. */
export function readBodyModels(ctx: NormaliseContext, op: Json, opPointer: string, routeKey: string, pathParams: unknown[], pathParamsPointer: string): IrBodyModel[] {
  const out: IrBodyModel[] = [];
  if (ctx.version === "swagger-2.0") {
    const params = [...pathParams.map((p, i) => ({ p, base: joinPointer(pathParamsPointer, i) })),
      ...(Array.isArray(op.parameters) ? op.parameters : []).map((p, i) => ({ p, base: joinPointer(opPointer, "parameters", i) }))];
    for (const { p, base } of params) {
      const { value, pointer } = ctx.doc.deref(p, base);
      if (!isObject(value) || value.in !== "body" || value.schema === undefined) continue;
      const consumes = Array.isArray(op.consumes) ? op.consumes : Array.isArray(ctx.doc.root.consumes) ? ctx.doc.root.consumes : ["application/json"];
      const modelId = modelFor(ctx, value.schema, joinPointer(pointer, "schema"), routeKey);
      // `consumes: */*` binds the model to any content type, as API Gateway's `$default` key does.
      for (const ct of consumes) if (typeof ct === "string") out.push({ kind: "body-model", contentType: ct === "*/*" ? "$default" : ct.toLowerCase(), modelId });
    }
    return out;
  }
  const { value: body, pointer } = ctx.doc.deref(op.requestBody, joinPointer(opPointer, "requestBody"));
  if (!isObject(body) || !isObject(body.content)) return out;
  for (const [ct, media] of Object.entries(body.content)) {
    if (!isObject(media) || media.schema === undefined) continue;
    const modelId = modelFor(ctx, media.schema, joinPointer(pointer, "content", ct, "schema"), routeKey);
    out.push({ kind: "body-model", contentType: ct === "$default" ? ct : ct.toLowerCase(), modelId });
  }
  return out;
}

/** Model for a body schema: a shared component model when it is a plain `$ref`, else an inline model. */
function modelFor(ctx: NormaliseContext, schema: unknown, pointer: string, routeKey: string): string {
  if (isObject(schema) && typeof schema.$ref === "string" && Object.keys(schema).length === 1) {
    const target = refTarget(ctx, schema.$ref);
    if (target !== undefined) return sharedModel(ctx, target);
  }
  const id = allocateId(`body_${identifierFrom(routeKey)}`, pointer);
  ctx.models.push({ kind: "model", id, schema: convertSchema(ctx, schema), shared: false, origin: ctx.doc.origin(pointer) });
  return id;
}

/** Pointer of a referenced definition, for internal refs and API Gateway model URLs. */
function refTarget(ctx: NormaliseContext, ref: string): string | undefined {
  if (ref.startsWith("#/")) return decodeURIComponent(ref.slice(1));
  const m = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([^/#]+)$/.exec(ref);
  if (m) return ctx.version === "swagger-2.0" ? joinPointer("/definitions", m[1]!) : joinPointer("/components/schemas", m[1]!);
  return undefined;
}

/** The shared model for the definition at `pointer`, read once. */
function sharedModel(ctx: NormaliseContext, pointer: string): string {
  const known = ctx.modelIds.get(pointer);
  if (known) return known;
  const tokens = splitPointer(pointer);
  const id = allocateId(`model_${identifierFrom(tokens[tokens.length - 1] ?? "root")}`, pointer);
  ctx.modelIds.set(pointer, id);
  const schema = ctx.doc.get(pointer);
  // Registered before converting so that cycles refer back to this id.
  const model: { kind: "model"; id: string; schema: unknown; shared: boolean; origin: IrOrigin } = { kind: "model", id, schema: {}, shared: true, origin: ctx.doc.origin(pointer) };
  ctx.models.push(model);
  model.schema = convertSchema(ctx, schema ?? {});
  return id;
}

/**
 * A provisional model id, `<name>@<pointer>`: unique, and carrying the name the model should get.
 * `allocateModelIds` gives the final identifiers in canonical order, so a name clash is resolved
 * the same way whatever the document's key order (test/golden/determinism.test.ts).
 */
function allocateId(name: string, pointer: string): string {
  return provisionalModelId(name, pointer);
}

/** Normalises the dialect and rewrites every `$ref` to `#/models/<id>` (the IR's reference form). */
function convertSchema(ctx: NormaliseContext, schema: unknown): unknown {
  const from = ctx.version === "openapi-3.1" ? "openapi-3.1" : ctx.version === "swagger-2.0" ? "swagger-2.0" : "openapi-3.0";
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!isObject(node)) return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") {
        const target = refTarget(ctx, v);
        out.$ref = target !== undefined ? `#/models/${sharedModel(ctx, target)}` : v;
      } else out[k] = rewrite(v);
    }
    return out;
  };
  return rewrite(normaliseSchema(schema, from));
}
