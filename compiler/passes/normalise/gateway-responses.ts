import type { IrGatewayResponse, IrTemplatePart, IrValueSource } from "../../ir.js";
import { joinPointer } from "../../util/json-pointer.js";
import { GATEWAY_RESPONSE_TYPES } from "../gateway-response-types.js";
import { isObject, parseStatus, type NormaliseContext } from "./context.js";
import { parseMappingSource, parseTemplateVariables } from "./templates.js";

/**
 * `x-amazon-apigateway-gateway-responses` (REST). An unknown response type (GWC4006) is reported here and left
 * out of the IR, and so is an invalid statusCode (GWC4003): the IR's `statusCode: undefined` also means "not
 * set", so no later check could tell the two apart.
 */
export function readGatewayResponses(ctx: NormaliseContext): IrGatewayResponse[] {
  const raw = ctx.doc.root["x-amazon-apigateway-gateway-responses"];
  if (!isObject(raw)) return [];
  const out: IrGatewayResponse[] = [];
  for (const [type, value] of Object.entries(raw)) {
    const at = joinPointer("/x-amazon-apigateway-gateway-responses", type);
    if (!GATEWAY_RESPONSE_TYPES.has(type)) {
      ctx.report("GWC4006", at, { type });
      continue;
    }
    const def = isObject(value) ? value : {};
    let statusCode: number | undefined;
    if (def.statusCode !== undefined) {
      statusCode = parseStatus(def.statusCode);
      if (statusCode === undefined) ctx.report("GWC4003", joinPointer(at, "statusCode"), { value: String(def.statusCode) });
    }
    const headers: { name: string; source: IrValueSource }[] = [];
    if (isObject(def.responseParameters)) {
      for (const [target, source] of Object.entries(def.responseParameters)) {
        // AWS accepts gatewayresponse.path.* and .querystring.* targets too (developer guide,
        // "x-amazon-apigateway-gateway-responses.responseParameters object": "param-position can be header, path,
        // or querystring"); a response carries neither, so gwc builds without them.
        if (/^gatewayresponse\.(path|querystring)\../.test(target) && typeof source === "string" && parseMappingSource(source)) {
          ctx.report("GWC2009", joinPointer(at, "responseParameters", target), { feature: `Gateway response parameter "${target}"` });
          continue;
        }
        const t = /^gatewayresponse\.header\.(.+)$/.exec(target);
        const s = typeof source === "string" ? parseMappingSource(source) : undefined;
        if (!t || !s) {
          ctx.report("GWC2007", joinPointer(at, "responseParameters", target), { target, source: String(source) });
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
    out.push({ kind: "gateway-response", responseType: type, statusCode, headers, templates, origin: ctx.doc.origin(at) });
  }
  return out;
}
