import type { Integration, RequestContext } from "../server/types.js";
import { gatewayResponse } from "../responses/respond.js";
import { integrationResponse, noIntegrationResponse, selectIntegrationResponse, selectRequestTemplate, templateFailure, templateScope, type IntegrationResponse, type PassthroughBehavior } from "./mapping.js";
import { builtContext, type VtlScope, type VtlTemplate } from "../vtl/index.js";

/**
 * A MOCK integration as generated: a static request template reduced at build time to its statusCode, a VTL one
 * compiled (`render`), its statusCode read from what it renders.
 */
export interface MockIntegrationConfig {
  readonly requestTemplates: readonly { readonly contentType: string; readonly statusCode?: number | undefined; readonly render?: VtlTemplate }[];
  readonly passthroughBehavior: PassthroughBehavior;
  readonly responses: readonly IntegrationResponse[];
}

function statusFromBody(body: Buffer | string | undefined): number | undefined {
  if (body === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(typeof body === "string" ? body : body.toString("utf8"));
    const s = v !== null && typeof v === "object" ? Number((v as { statusCode?: unknown }).statusCode) : NaN;
    return Number.isInteger(s) ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * MOCK: the request template yields `{"statusCode": N}`, which selects the integration response
 * by regex on the status (reference §3, §4.3). A template without statusCode → 500 [U]. What a VTL request template
 * sets in `$context` (its overrides) is seen by the response template (vector aws/mock-request-override-in-response).
 */
export function createMockIntegration(config: MockIntegrationConfig): Integration {
  return (ctx: RequestContext) => {
    const choice = selectRequestTemplate(ctx, config.requestTemplates, config.passthroughBehavior);
    if (choice.kind === "unsupported") return gatewayResponse(ctx, "UNSUPPORTED_MEDIA_TYPE");
    let status: number | undefined;
    let requestContext: VtlScope["$context"] | undefined;
    if (choice.kind !== "template") status = statusFromBody(ctx.body);
    else if (choice.template.render === undefined) status = choice.template.statusCode;
    else {
      try {
        const scope = templateScope(ctx, ctx.body === undefined ? "" : ctx.body.toString("utf8"));
        status = statusFromBody(choice.template.render(scope));
        requestContext = builtContext(scope);
      } catch (err) {
        return templateFailure(ctx, err);
      }
    }
    if (status === undefined) {
      ctx.gateway.log({ level: "error", msg: "MOCK request template produced no statusCode", requestId: ctx.requestId });
      return gatewayResponse(ctx, "API_CONFIGURATION_ERROR");
    }
    const response = selectIntegrationResponse(config.responses, String(status));
    if (!response) return noIntegrationResponse(ctx);
    return integrationResponse(ctx, response, undefined, undefined, requestContext);
  };
}

/** A method without an integration: 500 Internal server error (GWC2002 warns at build time). */
export function createMissingIntegration(): Integration {
  return (ctx) => gatewayResponse(ctx, "API_CONFIGURATION_ERROR");
}
