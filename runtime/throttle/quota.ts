/**
 * Quota periods (reference §7): `DAY`, `WEEK` and `MONTH` in UTC calendar boundaries, since AWS does not say
 * when a period resets [U]; weeks start on Sunday, as the older AWS reading of `offset` (0 = Sunday) implies.
 */
import type { QuotaDefinition } from "../server/types.js";

const DAY_MS = 86_400_000;
/** 1970-01-01, the epoch, was a Thursday: the Sunday before it is 4 days earlier. */
const EPOCH_SUNDAY = -4 * DAY_MS;

/** The period of `quota` that holds `now`: its start (inclusive) and end (exclusive), epoch ms. */
export function quotaPeriod(period: QuotaDefinition["period"], now: number): { readonly start: number; readonly end: number } {
  switch (period) {
    case "DAY": {
      const start = Math.floor(now / DAY_MS) * DAY_MS;
      return { start, end: start + DAY_MS };
    }
    case "WEEK": {
      const start = EPOCH_SUNDAY + Math.floor((now - EPOCH_SUNDAY) / (7 * DAY_MS)) * 7 * DAY_MS;
      return { start, end: start + 7 * DAY_MS };
    }
    case "MONTH": {
      const d = new Date(now);
      return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
    }
  }
}

/**
 * The limit in force in the period starting at `periodStart`: `limit`, less `offset` in the initial period (the
 * one the gateway started in: AWS's current reading of `offset`, "requests subtracted from the limit in the
 * initial period"), never below 0.
 */
export function quotaLimit(quota: QuotaDefinition, periodStart: number, startedAt: number): number {
  return periodStart === quotaPeriod(quota.period, startedAt).start ? Math.max(0, quota.limit - quota.offset) : quota.limit;
}
