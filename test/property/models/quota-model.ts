/**
 * Reference model of a usage-plan quota (reference §7): at most `limit` requests per API key per period, DAY,
 * WEEK or MONTH; periods are UTC calendar periods (the reference's choice for an undocumented reset [U]), weeks
 * starting on Sunday; `offset` requests are taken off the limit in the initial period. Period starts are found by
 * walking a UTC date back to midnight, to Sunday, or to the 1st, which shares nothing with the runtime's arithmetic.
 */
export interface ModelQuota {
  readonly limit: number;
  readonly period: "DAY" | "WEEK" | "MONTH";
  readonly offset: number;
}

/** The UTC calendar period start of `t` for `period`, by walking back day by day. */
export function modelPeriodStart(period: ModelQuota["period"], t: number): number {
  const d = new Date(t);
  let day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  if (period === "DAY") return day.getTime();
  const stop = period === "WEEK" ? (x: Date): boolean => x.getUTCDay() === 0 : (x: Date): boolean => x.getUTCDate() === 1;
  while (!stop(day)) day = new Date(day.getTime() - 86_400_000);
  return day.getTime();
}

/** For each request time (ascending), whether the quota admits it; `startedAt` fixes the initial period. */
export function modelQuota(quota: ModelQuota, startedAt: number, times: readonly number[]): boolean[] {
  const initial = modelPeriodStart(quota.period, startedAt);
  const used = new Map<number, number>();
  return times.map((t) => {
    const start = modelPeriodStart(quota.period, t);
    const limit = start === initial ? Math.max(0, quota.limit - quota.offset) : quota.limit;
    const count = used.get(start) ?? 0;
    if (count >= limit) return false;
    used.set(start, count + 1);
    return true;
  });
}
