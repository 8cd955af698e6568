/**
 * The Redis stores: token buckets and quota counters shared by every gateway process that uses the same Redis
 * (ARCHITECTURE.md "Scale"). One Lua script per request for all its buckets and its quota, so the checks and
 * their updates are atomic and cost one round trip. Every key of one API and stage carries the hash tag `{gwc:<api>:<stage>}`, so a script's keys
 * are always in one slot and the scripts run on Redis Cluster too.
 *
 * The stage's response cache is three keys under the same tag: the entries (a hash: field = SHA-256 of the cache key),
 * their last use (a sorted set, for least-recently-used eviction) and their sizes with the total (a hash), kept
 * within the stage's byte budget by the store script; a flush unlinks the three.
 *
 * Redis unreachable: requests are served unthrottled and uncounted (fail open), as API Gateway serves a request
 * whose usage-plan check failed internally (reference §7, "Usage Plan check failed due to an internal error"), and
 * the response cache is bypassed (every lookup a miss, nothing stored).
 * A command waits at most COMMAND_TIMEOUT_MS; the client reconnects by itself; the outage is logged once, and its
 * end once. ioredis is loaded only when a Redis store is configured.
 */
import { createHash } from "node:crypto";
import { QUOTA_REFUSED, STORE_UNAVAILABLE, USAGE_RETENTION_DAYS, utcDay, type CachedResponse, type QuotaRequest, type ResponseCacheStore, type TokenBucketLimits, type UsagePlanStore } from "./store.js";
import { MICRO_TOKENS } from "../throttle/token-bucket.js";
import { entryBytes, MAX_CACHE_TTL_SECONDS } from "../cache/response-cache.js";

/** Longest a request waits on Redis before it is served as if Redis were down (fail open). */
export const COMMAND_TIMEOUT_MS = 250;

/** How long start-up waits for a first connection before serving with Redis away (fail open). */
const CONNECT_WAIT_MS = 2_000;


/**
 * Lua that refills the buckets KEYS[1..n] (hash fields t = millionths of a token, u = last refill in epoch ms; a
 * missing bucket is full), returns the 0-based index of the first empty one, or takes one token from each. ARGV[1]
 * is now; from ARGV[base], per bucket: rate in millionths per ms, capacity in millionths, expiry ms. The arithmetic
 * is that of token-bucket.ts `refill`: whole numbers, so Lua's doubles are exact. `n` is a Lua expression.
 */
function takeBucketsLua(n: string, base: number): string {
  return `
local n = ${n}
local now = tonumber(ARGV[1])
local t, u = {}, {}
for i = 1, n do
  local perMs = tonumber(ARGV[3 * i + ${base - 3}])
  local cap = tonumber(ARGV[3 * i + ${base - 2}])
  local s = redis.call('HMGET', KEYS[i], 't', 'u')
  local tokens, updated = tonumber(s[1]), tonumber(s[2])
  if tokens == nil then tokens = cap; updated = now end
  local elapsed = now - updated
  if elapsed > 0 then
    if perMs > 0 and elapsed >= (cap - tokens) / perMs then tokens = cap else tokens = math.min(cap, tokens + elapsed * perMs) end
    updated = now
  else
    tokens = math.min(tokens, cap)
  end
  if tokens < ${MICRO_TOKENS} then return i - 1 end
  t[i] = tokens
  u[i] = updated
end
for i = 1, n do
  redis.call('HSET', KEYS[i], 't', t[i] - ${MICRO_TOKENS}, 'u', u[i])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[3 * i + ${base - 1}]))
end
`;
}

/** Every key a bucket: answers the first empty one's index, or -1 when a token was taken from each. */
const TAKE_SCRIPT = `${takeBucketsLua("#KEYS", 2)}return -1
`;

/**
 * The usage-plan step's one round trip: ARGV[2] = n buckets, ARGV[3] = 1 with a quota, ARGV[4] = 1 with a usage
 * count. KEYS: the buckets as in TAKE_SCRIPT, then the quota counter (as in CONSUME_SCRIPT), then the usage hash
 * (field = UTC day, value = requests). ARGV after the buckets' triples: quota period start, limit, expiry; then the
 * usage day and expiry. Returns TAKE_SCRIPT's answer when a bucket is empty, QUOTA_REFUSED when the buckets had
 * tokens (now taken) but the quota was exhausted, else -1 (counted in the quota and the day's usage).
 */
const ADMIT_SCRIPT = `${takeBucketsLua("tonumber(ARGV[2])", 5)}local a = 5 + 3 * n
local k = n + 1
if ARGV[3] == '1' then
  local start = tonumber(ARGV[a])
  local limit = tonumber(ARGV[a + 1])
  local s = redis.call('HMGET', KEYS[k], 'p', 'c')
  local count = 0
  if tonumber(s[1]) == start then count = tonumber(s[2]) end
  if count >= limit then return ${QUOTA_REFUSED} end
  redis.call('HSET', KEYS[k], 'p', start, 'c', count + 1)
  redis.call('PEXPIRE', KEYS[k], tonumber(ARGV[a + 2]))
  a = a + 3
  k = k + 1
end
if ARGV[4] == '1' then
  redis.call('HINCRBY', KEYS[k], ARGV[a], 1)
  redis.call('PEXPIRE', KEYS[k], tonumber(ARGV[a + 1]))
end
return -1
`;

/**
 * Counts one request in the period starting at ARGV[1] if fewer than ARGV[2] were counted (hash fields p = period
 * start, c = count; a counter of an earlier period starts again at 0); the counter expires ARGV[3] ms later (a
 * relative expiry: times come from the gateway's clock, which need not be Redis's). Returns the
 * requests left, or -1 when the quota was exhausted (nothing counted).
 */
const CONSUME_SCRIPT = `
local start = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local s = redis.call('HMGET', KEYS[1], 'p', 'c')
local count = 0
if tonumber(s[1]) == start then count = tonumber(s[2]) end
if count >= limit then return -1 end
redis.call('HSET', KEYS[1], 'p', start, 'c', count + 1)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return limit - count - 1
`;

/**
 * Looks up an entry of the response cache: KEYS[1] entries hash, KEYS[2] last-use sorted set; ARGV[1] field, ARGV[2]
 * now. Marks a found entry used (LRU).
 */
const CACHE_GET_SCRIPT = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v then redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[1]) end
return v
`;

/**
 * Stores an entry: KEYS[1] entries, KEYS[2] last use, KEYS[3] sizes (field '#total' the sum); ARGV[1] field, ARGV[2]
 * value, ARGV[3] its bytes, ARGV[4] now, ARGV[5] budget, ARGV[6] a time before which every entry is stale (now minus
 * the longest TTL), ARGV[7] expiry of the three keys (ms). Drops stale entries (at most 100 a call), the entry's
 * former self, then least recently used ones until the new one fits; one larger than the budget is not stored.
 * Returns 1 when stored.
 */
const CACHE_SET_SCRIPT = `
local function drop(f)
  local size = tonumber(redis.call('HGET', KEYS[3], f))
  if size then redis.call('HINCRBY', KEYS[3], '#total', -size) end
  redis.call('HDEL', KEYS[1], f)
  redis.call('HDEL', KEYS[3], f)
  redis.call('ZREM', KEYS[2], f)
end
for _, f in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[6], 'LIMIT', 0, 100)) do drop(f) end
drop(ARGV[1])
local bytes = tonumber(ARGV[3])
local budget = tonumber(ARGV[5])
if bytes > budget then return 0 end
local total = tonumber(redis.call('HGET', KEYS[3], '#total')) or 0
while total + bytes > budget do
  local victim = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
  if not victim then break end
  drop(victim)
  total = tonumber(redis.call('HGET', KEYS[3], '#total')) or 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], bytes)
redis.call('HINCRBY', KEYS[3], '#total', bytes)
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[7]) end
return 1
`;

/** A cached response as one Redis value: a JSON line (status, headers, expiry), a newline, then the body's bytes. */
export function encodeCachedResponse(value: CachedResponse): Buffer {
  return Buffer.concat([Buffer.from(JSON.stringify([value.statusCode, value.headers, value.expiresAt])), Buffer.from("\n"), value.body]);
}

/** The inverse of {@link encodeCachedResponse}; undefined for a value it did not write. */
export function decodeCachedResponse(raw: Buffer): CachedResponse | undefined {
  const nl = raw.indexOf(0x0a);
  if (nl < 0) return undefined;
  try {
    const [statusCode, headers, expiresAt] = JSON.parse(raw.subarray(0, nl).toString("utf8")) as [number, string[], number];
    return { statusCode, headers, expiresAt, body: Buffer.from(raw.subarray(nl + 1)) };
  } catch {
    return undefined;
  }
}

/** A bucket that is not used expires once it would be full again, plus this margin; one that never refills, after a day. */
const BUCKET_EXPIRY_MARGIN_MS = 1_000;
const NO_REFILL_EXPIRY_MS = 86_400_000;
/** A key's usage hash expires USAGE_RETENTION_DAYS after its last request. */
const USAGE_EXPIRY_MS = USAGE_RETENTION_DAYS * 86_400_000;

/** What {@link createRedisStores} needs to know. */
export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`). */
  readonly url: string;
  /** API and stage: every key is prefixed with the hash tag `{gwc:<api>:<stage>}`. */
  readonly api: string;
  readonly stage: string;
  /** Where the outage and recovery lines go. */
  readonly log: (entry: Readonly<Record<string, unknown>>) => void;
  /**
   * What usage-plan checks do while Redis does not answer: `open` (default) serves the request unthrottled and
   * uncounted, as API Gateway does when its own plan check fails; `closed` refuses it (500).
   */
  readonly failure?: "open" | "closed";
}

/** The Redis usage-plan store and response cache over one connection, and how to close it. */
export interface RedisStores {
  readonly limits: UsagePlanStore;
  /** The stage's response cache on this Redis, within `capacityBytes` (the stage's `cacheClusterSize`). */
  responseCache(capacityBytes: number): ResponseCacheStore;
  close(): Promise<void>;
}

interface ScriptedClient {
  gwcCacheGetBuffer(numKeys: number, ...args: (string | number)[]): Promise<Buffer | null>;
  gwcCacheSet(numKeys: number, ...args: (string | number | Buffer)[]): Promise<number>;
  unlink(...keys: string[]): Promise<number>;
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  gwcTake(numKeys: number, ...args: (string | number)[]): Promise<number>;
  gwcConsume(key: string, ...args: (string | number)[]): Promise<number>;
  gwcAdmit(numKeys: number, ...args: (string | number)[]): Promise<number>;
  on(event: string, listener: (arg?: unknown) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/** Redis URL without its password, for messages and logs. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

/**
 * Connects to Redis (lazily loading ioredis) and returns the rate limit and quota stores. Never rejects for an
 * unreachable Redis: the stores fail open until it answers.
 */
export async function createRedisStores(options: RedisStoreOptions): Promise<RedisStores> {
  const { Redis } = await import("ioredis");
  const client = new Redis(options.url, {
    commandTimeout: COMMAND_TIMEOUT_MS,
    // A request never queues behind a dead connection: with Redis down it fails at once, and is served (fail open).
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    lazyConnect: false,
    retryStrategy: (times: number) => Math.min(1_000, 50 * times),
  }) as unknown as ScriptedClient & { defineCommand(name: string, def: { numberOfKeys?: number; lua: string }): void };
  client.defineCommand("gwcTake", { lua: TAKE_SCRIPT });
  client.defineCommand("gwcConsume", { numberOfKeys: 1, lua: CONSUME_SCRIPT });
  client.defineCommand("gwcAdmit", { lua: ADMIT_SCRIPT });
  client.defineCommand("gwcCacheGet", { lua: CACHE_GET_SCRIPT });
  client.defineCommand("gwcCacheSet", { lua: CACHE_SET_SCRIPT });
  const prefix = `{gwc:${options.api}:${options.stage}}:`;
  const failClosed = options.failure === "closed";
  let down = false;
  const where = redactRedisUrl(options.url);
  const outage = (err: unknown): void => {
    if (down) return;
    down = true;
    const limits = failClosed ? "usage plan checks fail closed (requests with limits refused with 500)" : "usage plan checks fail open (requests served unthrottled)";
    options.log({ level: "error", msg: `Redis store unreachable: ${limits} and the response cache is bypassed until it answers`, store: where, error: String((err as Error)?.message ?? err) });
  };
  const recovered = (): void => {
    if (!down) return;
    down = false;
    options.log({ level: "info", msg: "Redis store answers again: usage plan checks and the response cache resume", store: where });
  };
  client.on("error", outage);
  client.on("ready", recovered);
  // Start answering once connected, or after CONNECT_WAIT_MS with Redis still away (then failing open).
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CONNECT_WAIT_MS);
    client.on("ready", () => (clearTimeout(timer), resolve()));
  });
  /** Key and argument lists of the bucket part of a script: keys, then per bucket (rate, capacity, expiry). */
  const bucketArgs = (keys: readonly { readonly key: string; readonly limits: TokenBucketLimits }[]): { keys: string[]; args: number[] } => {
    const args: number[] = [];
    for (const { limits } of keys) {
      const perMs = Math.round(limits.rateLimit * 1000);
      const capacity = limits.burstLimit * MICRO_TOKENS;
      args.push(perMs, capacity, perMs > 0 ? Math.ceil(capacity / perMs) + BUCKET_EXPIRY_MARGIN_MS : NO_REFILL_EXPIRY_MS);
    }
    return { keys: keys.map((k) => prefix + k.key), args };
  };
  const quotaExpiry = (periodEnd: number, now: number): number => Math.max(1, periodEnd - now) + BUCKET_EXPIRY_MARGIN_MS;
  const answered = (r: unknown): number => (recovered(), Number(r));
  const refused = failClosed ? STORE_UNAVAILABLE : -1;
  const take = (keys: readonly { readonly key: string; readonly limits: TokenBucketLimits }[], now: number): Promise<number> => {
    const b = bucketArgs(keys);
    return client.gwcTake(keys.length, ...b.keys, now, ...b.args).then(answered, (err: unknown) => (outage(err), refused));
  };
  let lastDayStart = Number.NaN;
  let lastDay = "";
  const dayOf = (now: number): string => {
    const start = now - (now % 86_400_000);
    if (start !== lastDayStart) {
      lastDayStart = start;
      lastDay = utcDay(now);
    }
    return lastDay;
  };
  const limits: UsagePlanStore = {
    take,
    consume(key, periodStart, periodEnd, limit, now): Promise<number> {
      return client.gwcConsume(prefix + key, periodStart, limit, quotaExpiry(periodEnd, now)).then(answered, (err: unknown) => (outage(err), 0));
    },
    admit(keys, quota: QuotaRequest | undefined, now, usage): Promise<number> {
      if (quota === undefined && usage === undefined) return take(keys, now);
      const b = bucketArgs(keys);
      const allKeys = b.keys;
      const args: (string | number)[] = [now, keys.length, quota === undefined ? 0 : 1, usage === undefined ? 0 : 1, ...b.args];
      if (quota !== undefined) {
        allKeys.push(prefix + quota.key);
        args.push(quota.periodStart, quota.limit, quotaExpiry(quota.periodEnd, now));
      }
      if (usage !== undefined) {
        allKeys.push(prefix + usage);
        args.push(dayOf(now), USAGE_EXPIRY_MS);
      }
      return client.gwcAdmit(allKeys.length, ...allKeys, ...args).then(answered, (err: unknown) => (outage(err), refused));
    },
    usage(usage, days): Promise<number[]> {
      if (days.length === 0) return Promise.resolve([]);
      return client.hmget(prefix + usage, ...days).then((counts) => (recovered(), counts.map((c) => Number(c ?? 0))));
    },
  };
  const cacheKeys = [`${prefix}cache:entries`, `${prefix}cache:used`, `${prefix}cache:sizes`];
  const field = (key: string): string => createHash("sha256").update(key).digest("base64url");
  const responseCache = (capacityBytes: number): ResponseCacheStore => ({
    capacityBytes,
    get(key, now) {
      return client.gwcCacheGetBuffer(2, ...cacheKeys.slice(0, 2), field(key), now).then(
        (raw) => {
          recovered();
          const entry = raw === null ? undefined : decodeCachedResponse(raw);
          return entry !== undefined && entry.expiresAt > now ? entry : undefined;
        },
        (err: unknown) => (outage(err), undefined),
      );
    },
    set(key, value, now) {
      const encoded = encodeCachedResponse(value);
      const bytes = entryBytes(key, value.headers, value.body);
      const maxTtl = MAX_CACHE_TTL_SECONDS * 1000;
      return client.gwcCacheSet(3, ...cacheKeys, field(key), encoded, bytes, now, capacityBytes, now - maxTtl, maxTtl + BUCKET_EXPIRY_MARGIN_MS).then(
        () => void recovered(),
        (err: unknown) => void outage(err),
      );
    },
    /** Rejects when Redis does not answer: a flush that did not happen is the caller's to report. */
    flush() {
      return client.unlink(...cacheKeys).then(() => void recovered());
    },
  });
  return {
    limits,
    responseCache,
    async close() {
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
