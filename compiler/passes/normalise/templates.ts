import type { IrMappingTemplate, IrRequestParameterMapping, IrTemplatePart, IrValueSource } from "../../ir.js";
import { joinPointer } from "../../util/json-pointer.js";
import { compileTemplate } from "../../vtl/compile.js";
import { isObject, type NormaliseContext } from "./context.js";

/** Finds a VTL construct in a template (a whole reference such as `$input.body`), or undefined if the template is static text. */
export function findVtlConstruct(template: string): string | undefined {
  const m = /(\$!?\{?[a-zA-Z][\w-]*(?:\.[a-zA-Z][\w-]*)*\}?|\$[{!]|#(?:set|if|foreach|else|elseif|end|define|macro|parse|include|stop|break|evaluate)\b|#\{|##|#\*)/.exec(template);
  return m ? m[0] : undefined;
}

/**
 * Mapping templates by content type. A template using VTL is compiled here once to find its errors: one that does
 * not compile is refused with the line and column inside the template (GWC2004); the emitter compiles it again.
 */
export function readMappingTemplates(ctx: NormaliseContext, raw: unknown, pointer: string): IrMappingTemplate[] {
  if (!isObject(raw)) return [];
  const out: IrMappingTemplate[] = [];
  for (const [ct, body] of Object.entries(raw)) {
    if (typeof body !== "string") continue;
    const at = joinPointer(pointer, ct);
    const vtl = findVtlConstruct(body) !== undefined;
    if (vtl) {
      const compiled = compileTemplate(body);
      if ("error" in compiled) {
        const { message, line, column } = compiled.error;
        ctx.report("GWC2004", at, { contentType: ct, detail: `${message} (template line ${line}, column ${column})` });
        continue;
      }
    }
    out.push({ kind: "mapping-template", contentType: ct.toLowerCase(), body, vtl, origin: ctx.doc.origin(at) });
  }
  return out;
}

/** `integration.request.*` ← source mappings of an integration's `requestParameters`; others are refused (GWC2007). */
export function readRequestParameters(ctx: NormaliseContext, raw: unknown, pointer: string): IrRequestParameterMapping[] {
  if (!isObject(raw)) return [];
  const out: IrRequestParameterMapping[] = [];
  for (const [target, source] of Object.entries(raw)) {
    const t = /^integration\.request\.(path|querystring|header)\.(.+)$/.exec(target);
    const s = typeof source === "string" ? parseMappingSource(source) : undefined;
    if (!t || !s) {
      ctx.report("GWC2007", joinPointer(pointer, target), { target, source: String(source) });
      continue;
    }
    out.push({ kind: "request-parameter", target: { in: t[1] as "path" | "querystring" | "header", name: t[2]! }, source: s });
  }
  return out;
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
