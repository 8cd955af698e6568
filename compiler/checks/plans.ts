import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { IrApi, IrMethodCacheSetting, IrMethodThrottle } from "../ir.js";

/** The stage default key of `methodSettings`: every method of the stage. */
const EVERY_METHOD = "*/*";

/**
 * Usage plans and method settings (reference §7, §8): every method key names a route of the API (GWC4009; the stage
 * default excepted), and a key is in at most one plan per stage (GWC4011), as API Gateway refuses otherwise.
 */
export function checkPlans(api: IrApi, bag: DiagnosticBag): void {
  const methodKeys = new Set(api.routes.map((r) => r.methodKey));
  const checkKeys = (throttles: readonly (IrMethodThrottle | IrMethodCacheSetting)[]): void => {
    for (const t of throttles) if (t.methodKey !== EVERY_METHOD && !methodKeys.has(t.methodKey)) bag.report("GWC4009", t.origin, { key: t.methodKey });
  };
  for (const stage of api.stages) {
    checkKeys(stage.methodThrottles);
    // A setting with both a throttle and caching fields is reported once, for its throttle.
    checkKeys(stage.methodCacheSettings.filter((c) => !stage.methodThrottles.some((t) => t.methodKey === c.methodKey)));
  }
  const planOfKey = new Map<string, string>(); // "<stage>\u0000<key>" → plan
  for (const plan of api.usagePlans) {
    for (const s of plan.apiStages) {
      checkKeys(s.methodThrottles);
      for (const key of plan.apiKeys) {
        const slot = `${s.stage}\u0000${key}`;
        const first = planOfKey.get(slot);
        if (first !== undefined && first !== plan.name) bag.report("GWC4011", s.origin, { name: key, first, second: plan.name, stage: s.stage });
        else planOfKey.set(slot, plan.name);
      }
    }
  }
}
