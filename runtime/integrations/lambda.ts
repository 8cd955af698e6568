import type { Integration, RequestContext } from "../server/types.js";
import { gatewayResponse } from "../responses/respond.js";
import { invoke, type InvokeConfig } from "./lambda-proxy.js";
import {
  integrationResponse, noIntegrationResponse, selectIntegrationResponse, selectRequestTemplate, templateFailure, templateScope,
  type IntegrationResponse, type MappingTemplate, type PassthroughBehavior,
} from "./mapping.js";
import { builtContext, type VtlScope } from "../vtl/index.js";

/** A Lambda custom integration as generated (`type: aws` with a Lambda invocation URI). */
export interface LambdaIntegrationConfig extends InvokeConfig {
  readonly requestTemplates: readonly MappingTemplate[];
  readonly passthroughBehavior: PassthroughBehavior;
  readonly responses: readonly IntegrationResponse[];
}

/** The payload Lambda returns for a function error, as API Gateway receives it (reference §16 vector 21 [V]). */
function errorPayload(error: unknown, awsRequestId: string): { readonly errorMessage: string; readonly errorType: string; readonly requestId: string; readonly stackTrace: string[] } {
  const e = error as { message?: unknown; name?: unknown; stack?: unknown } | undefined;
  const message = e instanceof Error || typeof e?.message === "string" ? String(e!.message) : String(error);
  const stack = typeof e?.stack === "string" ? e.stack.split("\n").slice(1).map((l) => l.trim()) : [];
  return { errorMessage: message, errorType: typeof e?.name === "string" ? e.name : "Error", requestId: awsRequestId, stackTrace: stack };
}

/**
 * Lambda custom (reference §3, §4.3; vectors 19–21): the request template's output (or the passthrough body) is the
 * event, parsed as JSON (an empty body is `{}`). A result is the integration response's body as JSON and takes the
 * default response; a function error's payload (`errorMessage`, `errorType`, `requestId`, `stackTrace`) is the body,
 * and its `errorMessage` selects the response by the patterns; with neither a match nor a default, 500. The
 * integration's timeout answers 504; the function's own is a function error (`Task timed out after …`).
 */
export function createLambdaIntegration(config: LambdaIntegrationConfig): Integration {
  return async (ctx: RequestContext) => {
    const choice = selectRequestTemplate(ctx, config.requestTemplates, config.passthroughBehavior);
    if (choice.kind === "unsupported") return gatewayResponse(ctx, "UNSUPPORTED_MEDIA_TYPE");
    let payload = ctx.body === undefined ? "" : ctx.body.toString("utf8");
    let requestContext: VtlScope["$context"] | undefined;
    if (choice.kind === "template") {
      if (choice.template.render === undefined) payload = choice.template.body ?? "";
      else {
        try {
          const scope = templateScope(ctx, payload);
          payload = choice.template.render(scope);
          requestContext = builtContext(scope);
        } catch (err) {
          return templateFailure(ctx, err);
        }
      }
    }
    let event: unknown;
    try {
      event = payload.trim() === "" ? {} : JSON.parse(payload);
    } catch {
      ctx.gateway.log({ level: "error", msg: "Execution failed: the Lambda payload is not JSON (Could not parse request body into json)", requestId: ctx.requestId, function: config.functionName });
      return gatewayResponse(ctx, "API_CONFIGURATION_ERROR");
    }
    const outcome = await invoke(config, event, ctx);
    if (outcome.kind === "integration-timeout") {
      ctx.gateway.log({ level: "error", msg: "Execution failed due to a timeout error", requestId: ctx.requestId, function: config.functionName });
      return gatewayResponse(ctx, "INTEGRATION_TIMEOUT");
    }
    let body: string;
    let selected: IntegrationResponse | undefined;
    if (outcome.kind === "result") {
      body = JSON.stringify(outcome.value === undefined ? null : outcome.value);
      selected = config.responses.find((r) => r.pattern === undefined);
    } else {
      const error = outcome.kind === "error" ? outcome.error : new Error(`Task timed out after ${(config.functionTimeoutMs / 1000).toFixed(2)} seconds`);
      const p = errorPayload(error, outcome.awsRequestId);
      ctx.gateway.log({ level: "error", msg: "Lambda execution failed", requestId: ctx.requestId, function: config.functionName, error: p.errorMessage });
      body = JSON.stringify(p);
      selected = selectIntegrationResponse(config.responses, p.errorMessage);
    }
    if (!selected) return noIntegrationResponse(ctx);
    return integrationResponse(ctx, selected, Buffer.from(body), "application/json", requestContext);
  };
}
