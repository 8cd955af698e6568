import type { GatewayResult, RequestContext } from "../server/types.js";

/** Integration: the route's integration answers (mock, http, http_proxy, Lambda proxy). */
export function integrate(ctx: RequestContext): GatewayResult | Promise<GatewayResult> {
  return ctx.route!.integration(ctx);
}
