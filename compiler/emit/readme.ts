import Handlebars from "handlebars";
import { readFileSync } from "node:fs";
import type { IrApi, IrRoute, IrUriPart } from "../ir.js";

/** Compiled once; `strict: true` makes a missing field throw (STYLE.md §5 "Handlebars"). */
let template: Handlebars.TemplateDelegate | undefined;

function uriText(parts: readonly IrUriPart[]): string {
  return parts.map((p) => (p.kind === "text" ? p.value : p.kind === "stage-variable" ? `\${stageVariables.${p.name}}` : `{${p.name}}`)).join("");
}

function describeRoute(api: IrApi, r: IrRoute): { routeKey: string; integration: string; target: string; validation: string } {
  const i = r.integration;
  const target =
    i.kind === "lambda-proxy"
      ? `${api.functions.find((f) => f.id === i.functionId)?.handlerFile ?? i.functionId} (payload ${i.payloadFormatVersion})`
      : i.kind === "lambda"
        ? `${api.functions.find((f) => f.id === i.functionId)?.handlerFile ?? i.functionId} (mapping templates)`
      : i.kind === "http-proxy" || i.kind === "http"
        ? `${i.httpMethod} ${uriText(i.uri)}`
        : i.kind === "none"
          ? "none: answers 500"
          : "static response";
  const checks = [r.validation.validateRequestParameters ? "parameters" : "", r.validation.validateRequestBody && r.bodyModels.length > 0 ? "body" : ""].filter(Boolean);
  return { routeKey: r.routeKey, integration: i.kind, target, validation: checks.join(", ") || "–" };
}

/** Generates README.md for one built API: how to run it, its stages and its routes. */
export function emitReadme(api: IrApi, regenerate: string): string {
  template ??= Handlebars.compile(readFileSync(new URL("../templates/api-readme.md.hbs", import.meta.url), "utf8"), { strict: true });
  return template({
    sources: api.sources.join(" + "),
    title: api.title,
    apiType: api.apiType,
    openapi: api.origin.file,
    regenerate,
    name: api.name,
    defaultStage: api.defaultStage,
    stages: api.stages.map((s) => ({ name: s.name, isDefault: s.name === api.defaultStage, variables: s.variables.map((v) => v.name) })),
    routes: api.routes.map((r) => describeRoute(api, r)),
  });
}
