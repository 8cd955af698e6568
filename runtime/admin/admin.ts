/**
 * Operating a running stage: its keys' usage per day (API Gateway's GetUsage) and a flush of its response cache
 * (FlushStageCache). `gwc usage` and `gwc cache flush` call these against the Redis store directly; the admin
 * listener (off by default, loopback only, a bearer token from the environment) serves them over HTTP for any store,
 * the memory store included.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { hash, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { usageKeyOf } from "../auth/api-key.js";
import { quotaPeriod } from "../throttle/quota.js";
import { USAGE_RETENTION_DAYS, type ResponseCacheStore, type UsagePlanStore } from "../stores/store.js";
import type { GatewayDefinition, GatewayRuntime } from "../server/types.js";

/** A request the admin functions refuse, with the status the listener answers and AWS's exception name. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** GetUsage's answer: per key, one `[used, remaining]` pair per day from `startDate` to `endDate`. */
export interface UsageReport {
  readonly usagePlanId: string;
  readonly startDate: string;
  readonly endDate: string;
  /** Key name → per day `[requests counted, quota remaining after that day]`; remaining is null without a quota. */
  readonly items: Readonly<Record<string, readonly (readonly [number, number | null])[]>>;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dayStart(date: string, name: string): number {
  const t = DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) throw new AdminError(400, "BadRequestException", `${name} must be a date written YYYY-MM-DD, not "${date}"`);
  return t;
}

function daysBetween(from: number, to: number): string[] {
  const out: string[] = [];
  for (let t = from; t <= to; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * GetUsage for `plan` on the stage `store` serves: requests counted per key and UTC day (an admitted request with a
 * key counts, as for the quota), and with a quota what was left of it after each day. `remaining` does not apply
 * the plan's `offset` (it counts from the period's start). At most {@link USAGE_RETENTION_DAYS} days, all kept.
 */
export async function getUsage(definition: GatewayDefinition, store: UsagePlanStore, query: { plan: string; startDate: string; endDate: string; keyId?: string }): Promise<UsageReport> {
  const plan = definition.usagePlans?.find((p) => p.name === query.plan);
  if (plan === undefined) throw new AdminError(404, "NotFoundException", `Invalid Usage Plan ID specified: "${query.plan}" is not a usage plan of ${definition.apiName}`);
  const start = dayStart(query.startDate, "startDate");
  const end = dayStart(query.endDate, "endDate");
  if (end < start) throw new AdminError(400, "BadRequestException", "endDate is before startDate");
  if ((end - start) / DAY_MS + 1 > USAGE_RETENTION_DAYS) throw new AdminError(400, "BadRequestException", `at most ${USAGE_RETENTION_DAYS} days at a time`);
  const keys = query.keyId === undefined ? [...plan.apiKeys] : [query.keyId];
  if (query.keyId !== undefined && !plan.apiKeys.includes(query.keyId)) throw new AdminError(404, "NotFoundException", `API key "${query.keyId}" is not in usage plan "${plan.name}"`);
  // With a quota, its period may begin before startDate: read from there to know what was left.
  const from = plan.quota === undefined ? start : quotaPeriod(plan.quota.period, start).start;
  const days = daysBetween(from, end);
  const shown = daysBetween(start, end);
  const items: Record<string, (readonly [number, number | null])[]> = {};
  for (const key of [...keys].sort()) {
    const counts = await store.usage(usageKeyOf(plan.name, key), days);
    const rows: (readonly [number, number | null])[] = [];
    let periodStart = Number.NaN;
    let used = 0;
    days.forEach((_day, i) => {
      const t = from + i * DAY_MS;
      if (plan.quota !== undefined) {
        const p = quotaPeriod(plan.quota.period, t).start;
        if (p !== periodStart) {
          periodStart = p;
          used = 0;
        }
        used += counts[i]!;
      }
      if (t >= start) rows.push([counts[i]!, plan.quota === undefined ? null : Math.max(0, plan.quota.limit - used)]);
    });
    items[key] = rows;
  }
  return { usagePlanId: plan.name, startDate: shown[0]!, endDate: shown[shown.length - 1]!, items };
}

/** FlushStageCache: empties the stage's response cache. */
export async function flushStageCache(cache: ResponseCacheStore | undefined, stage: string): Promise<void> {
  if (cache === undefined) throw new AdminError(400, "BadRequestException", `stage "${stage}" has no response cache (cacheClusterEnabled)`);
  await cache.flush();
}

/** Options of {@link startAdminListener}. */
export interface AdminListenerOptions {
  /** Port on 127.0.0.1 (0 = any free port). */
  readonly port: number;
  /** The bearer token every request must carry (from GWC_ADMIN_TOKEN). */
  readonly token: string;
}

/** Shortest admin token accepted: a guessable one would open the admin API to any local process. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

function digest(value: string): Buffer {
  return hash("sha256", value, "buffer") as unknown as Buffer;
}

function send(res: ServerResponse, status: number, body: unknown, type?: string): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) };
  if (type !== undefined) headers["x-amzn-ErrorType"] = type;
  res.writeHead(status, headers);
  res.end(text);
}

/**
 * The admin listener, on 127.0.0.1 only, every request with `Authorization: Bearer <token>` (compared in constant
 * time), paths as API Gateway's own API names them:
 * - `GET /usageplans/{plan}/usage?startDate=YYYY-MM-DD&endDate=YYYY-MM-DD[&keyId=name]` → GetUsage
 * - `DELETE /restapis/{apiId}/stages/{stage}/cache/data` → FlushStageCache (202)
 */
export async function startAdminListener(runtime: GatewayRuntime, options: AdminListenerOptions): Promise<{ readonly url: string; close(): Promise<void> }> {
  const expected = digest(options.token);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const auth = req.headers.authorization ?? "";
    const given = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    if (!timingSafeEqual(digest(given), expected)) return send(res, 401, { message: "Unauthorized" }, "UnauthorizedException");
    const url = new URL(req.url ?? "/", "http://admin");
    const parts = url.pathname.split("/").filter((p) => p !== "").map(decodeURIComponent);
    const d = runtime.definition;
    if (req.method === "GET" && parts.length === 3 && parts[0] === "usageplans" && parts[2] === "usage") {
      const q = url.searchParams;
      const report = await getUsage(d, runtime.limits, { plan: parts[1]!, startDate: q.get("startDate") ?? "", endDate: q.get("endDate") ?? "", keyId: q.get("keyId") ?? undefined });
      return send(res, 200, report);
    }
    if (req.method === "DELETE" && parts.length === 6 && parts[0] === "restapis" && parts[2] === "stages" && parts[4] === "cache" && parts[5] === "data") {
      if (parts[1] !== d.apiId && parts[1] !== d.apiName) throw new AdminError(404, "NotFoundException", `Invalid API identifier specified: "${parts[1]}"`);
      if (parts[3] !== runtime.stage.name) throw new AdminError(404, "NotFoundException", `this gateway serves stage "${runtime.stage.name}", not "${parts[3]}"`);
      await flushStageCache(runtime.cache, runtime.stage.name);
      return send(res, 202, {});
    }
    send(res, 404, { message: `no admin operation ${req.method} ${url.pathname}` }, "NotFoundException");
  };
  const server: Server = createServer((req, res) => {
    req.resume();
    handle(req, res).catch((err: unknown) => {
      if (err instanceof AdminError) return send(res, err.status, { message: err.message }, err.type);
      runtime.log({ level: "error", msg: "admin request failed", error: String((err as Error)?.message ?? err) });
      send(res, 500, { message: "the store did not answer" }, "ServiceUnavailableException");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
