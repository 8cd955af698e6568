import { contextVariable } from "./context-variables.js";
import { getHeader, queryValue } from "./request.js";
import type { RequestContext } from "./types.js";

/**
 * Where a mapped value comes from, as API Gateway's mapping expressions name it (reference §4.1):
 * `method.request.{path|querystring|header}.<name>`, a static `'value'`, `stageVariables.<name>`
 * or `context.<name>`. Integration request parameters and gateway response headers use it today;
 * VTL `$input.params`, cache keys and authorizer identity sources will read values the same way.
 */
export type ValueSource =
  | { readonly kind: "request"; readonly in: "path" | "querystring" | "header"; readonly name: string }
  | { readonly kind: "static"; readonly value: string }
  | { readonly kind: "stage-variable"; readonly name: string }
  | { readonly kind: "context"; readonly name: string };

/**
 * The value of `source` for this request, or undefined where the request has none. `context`
 * resolves `$context` names; a gateway response passes one that also knows `error.*`.
 */
export function valueOf(ctx: RequestContext, source: ValueSource, context: (name: string) => string | undefined = (name) => contextVariable(ctx, name)): string | undefined {
  switch (source.kind) {
    case "static": return source.value;
    case "stage-variable": return ctx.gateway.stage.variables[source.name];
    case "context": return context(source.name);
    case "request":
      if (source.in === "header") return getHeader(ctx.req, source.name);
      if (source.in === "querystring") return queryValue(ctx.rawQuery, source.name);
      return ctx.pathParameters?.[source.name];
  }
}
