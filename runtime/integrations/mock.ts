import type { Integration, RequestContext } from "../server/types.js";
import { gatewayResponse } from "../responses/respond.js";
import { integrationResponse, noIntegrationResponse, selectIntegrationResponse, selectRequestTemplate, type IntegrationResponse, type PassthroughBehavior } from "./mapping.js";

/** A MOCK integration as generated: request templates reduced at build time to their statusCode. */
export interface MockIntegrationConfig {
  readonly requestTemplates: readonly { readonly contentType: string; readonly statusCode: number | undefined }[];
  readonly passthroughBehavior: PassthroughBehavior;
  readonly responses: readonly IntegrationResponse[];
}

function statusFromBody(body: Buffer | undefined): number | undefined {
  if (body === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(body.toString("utf8"));
    const s = v !== null && typeof v === "object" ? Number((v as { statusCode?: unknown }).statusCode) : NaN;
    return Number.isInteger(s) ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * MOCK: the request template yields `{"statusCode": N}`, which selects the integration response
 * by regex on the status (reference §3, §4.3). A template without statusCode → 500 [U].
 */
export function createMockIntegration(config: MockIntegrationConfig): Integration {
  return (ctx: RequestContext) => {
    const choice = selectRequestTemplate(ctx, config.requestTemplates, config.passthroughBehavior);
    if (choice.kind === "unsupported") return gatewayResponse(ctx, "UNSUPPORTED_MEDIA_TYPE");
    const status = choice.kind === "template" ? choice.template.statusCode : statusFromBody(ctx.body);
    if (status === undefined) {
      ctx.gateway.log({ level: "error", msg: "MOCK request template produced no statusCode", requestId: ctx.requestId });
      return gatewayResponse(ctx, "API_CONFIGURATION_ERROR");
    }
    const response = selectIntegrationResponse(config.responses, String(status));
    if (!response) return noIntegrationResponse(ctx);
    return integrationResponse(ctx, response, undefined, undefined);
  };
}

/** A method without an integration: 500 Internal server error (GWC2002 warns at build time). */
export function createMissingIntegration(): Integration {
  return (ctx) => gatewayResponse(ctx, "API_CONFIGURATION_ERROR");
}
