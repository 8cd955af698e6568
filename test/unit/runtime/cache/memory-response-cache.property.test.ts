// createMemoryResponseCache against an exact model of a byte-budgeted LRU map, in virtual time: random set, get,
// clock and flush sequences over keys of one to four UTF-8 bytes a character, bodies from empty to over the budget,
// and TTLs from 0. The model is a Map in recency order (oldest first) whose weights are counted here, from the
// entry weight the store documents (ENTRY_OVERHEAD_BYTES + key + header + body bytes); lru-cache's rules, as its
// README gives them: a set or a get is a use, room is made by dropping the least recently used, an entry heavier
// than the whole budget is not kept and takes any older entry under its key with it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createMemoryResponseCache } from "../../../../runtime/stores/memory.js";
import { ENTRY_OVERHEAD_BYTES } from "../../../../runtime/cache/response-cache.js";
import type { CachedResponse } from "../../../../runtime/stores/store.js";
import { testSeed } from "../../../helpers/seed.js";

const SEED = testSeed();
const T0 = 1_700_000_000_000;

/** Keys of one-byte, two-byte, four-byte and many characters: the budget counts bytes, not UTF-16 units. */
const KEYS = ["a", "b", "c", "d", 'GET ["/items",null]"x"', "ключ", "🔑", "k".repeat(300)];

const utf8 = new TextEncoder();

/** An entry's weight against the budget: the overhead, its key, every header name and value, and its body. */
function weightOf(key: string, value: CachedResponse): number {
  let n = ENTRY_OVERHEAD_BYTES + utf8.encode(key).length + value.body.length;
  for (const h of value.headers) n += utf8.encode(h).length;
  return n;
}

/** The model: entries in recency order, least recently used first, with their weights. */
class LruBudgetModel {
  readonly entries = new Map<string, { readonly value: CachedResponse; readonly weight: number }>();
  bytes = 0;

  constructor(readonly capacity: number) {}

  set(key: string, value: CachedResponse): void {
    const weight = weightOf(key, value);
    this.#delete(key);
    if (weight > this.capacity) return;
    for (const [oldest, e] of this.entries) {
      if (this.bytes + weight <= this.capacity) break;
      this.entries.delete(oldest);
      this.bytes -= e.weight;
    }
    this.entries.set(key, { value, weight });
    this.bytes += weight;
  }

  get(key: string, now: number): CachedResponse | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    this.#delete(key);
    if (now >= e.value.expiresAt) return undefined;
    this.entries.set(key, e);
    this.bytes += e.weight;
    return e.value;
  }

  flush(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  #delete(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    this.bytes -= e.weight;
  }
}

type Op =
  | { readonly op: "set"; readonly key: number; readonly headers: readonly string[]; readonly body: { readonly bytes: number } | { readonly budgetPlus: number }; readonly ttlMs: number }
  | { readonly op: "get"; readonly key: number }
  | { readonly op: "advance"; readonly ms: number }
  | { readonly op: "flush" };

const headersArb = fc.oneof(
  fc.constant([] as string[]),
  fc.constant(["content-type", "application/json"]),
  fc.array(fc.tuple(fc.constantFrom("x-a", "x-é", "content-type"), fc.string({ unit: "grapheme", maxLength: 6 })), { maxLength: 3 }).map((pairs) => pairs.flat()),
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant("set" as const),
      key: fc.integer({ min: 0, max: KEYS.length - 1 }),
      headers: headersArb,
      // Mostly small bodies; some sized so that the whole entry weighs the budget, one byte less, or one byte more.
      body: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 120 }).map((bytes) => ({ bytes })) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 3_000 }).map((bytes) => ({ bytes })) },
        { weight: 1, arbitrary: fc.integer({ min: -1, max: 1 }).map((budgetPlus) => ({ budgetPlus })) },
      ),
      ttlMs: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 10_000 }), fc.constant(3_600_000)),
    }),
  },
  { weight: 5, arbitrary: fc.record({ op: fc.constant("get" as const), key: fc.integer({ min: 0, max: KEYS.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("advance" as const), ms: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 5_000 })) }) },
  { weight: 1, arbitrary: fc.constant({ op: "flush" as const }) },
);

/** Budgets from one byte (nothing fits) through a few entries' worth, mostly a handful, so that sets evict. */
const capacityArb = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(1, 64, ENTRY_OVERHEAD_BYTES + 1) },
  { weight: 4, arbitrary: fc.integer({ min: 200, max: 1_500 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_500, max: 4_000 }) },
);

function valueFor(key: string, op: Extract<Op, { op: "set" }>, serial: number, capacity: number, now: number): CachedResponse {
  // The serial tags the value (status and a header), so a value answered under the wrong key is named.
  const headers = [...op.headers, "x-serial", String(serial)];
  const base = { statusCode: 200 + (serial % 300), headers, body: Buffer.alloc(0), expiresAt: now + op.ttlMs };
  const bytes = "bytes" in op.body ? op.body.bytes : Math.max(0, capacity - weightOf(key, base) + op.body.budgetPlus);
  return { ...base, body: Buffer.alloc(bytes, serial % 251) };
}

/** Runs `ops` on a fresh store and the model side by side, checking the store after every step. */
function runOps(capacity: number, ops: readonly Op[]): void {
  const store = createMemoryResponseCache({ capacityBytes: capacity });
  const model = new LruBudgetModel(capacity);
  let now = T0;
  let serial = 0;
  ops.forEach((op, step) => {
    const at = `step ${step} (${JSON.stringify(op)}), budget ${capacity}`;
    switch (op.op) {
      case "set": {
        const key = KEYS[op.key]!;
        const value = valueFor(key, op, serial++, capacity, now);
        store.set(key, value, now);
        model.set(key, value);
        if (weightOf(key, value) > capacity) assert.equal(store.get(key, now), undefined, `${at}: an entry heavier than the budget is not kept`);
        break;
      }
      case "get": {
        const key = KEYS[op.key]!;
        const want = model.get(key, now);
        const got = store.get(key, now) as CachedResponse | undefined;
        if (got !== undefined) assert.ok(now < got.expiresAt, `${at}: answered an entry stale since ${got.expiresAt - T0} ms at ${now - T0} ms`);
        assert.equal(got, want, `${at}: ${nameOf(got)} answered, the model holds ${nameOf(want)} under ${JSON.stringify(key)}`);
        break;
      }
      case "advance":
        now += op.ms;
        break;
      case "flush":
        store.flush();
        model.flush();
        for (const key of KEYS) assert.equal(store.get(key, now), undefined, `${at}: ${JSON.stringify(key)} answers after a flush`);
        break;
    }
    assert.ok(store.bytes <= capacity, `${at}: ${store.bytes} bytes held, budget ${capacity}`);
    assert.equal(store.bytes, model.bytes, `${at}: bytes held`);
    assert.equal(store.size, model.entries.size, `${at}: entries held`);
  });
}

/** A value as a failure message names it. */
function nameOf(v: CachedResponse | undefined): string {
  return v === undefined ? "nothing" : `the value with serial ${v.headers[v.headers.length - 1]}`;
}

describe(`createMemoryResponseCache against an LRU byte-budget model (seed ${SEED})`, () => {
  it("holds exactly the entries the model holds, never over budget, never another key's value, none stale or flushed", () => {
    fc.assert(
      fc.property(capacityArb, fc.array(opArb, { maxLength: 80, size: "max" }), (capacity, ops) => runOps(capacity, ops)),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("keeps nothing heavier than the budget, and drops the older entry under its key", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4_000 }), fc.integer({ min: 0, max: KEYS.length - 1 }), fc.integer({ min: 1, max: 2_000 }), (capacity, k, over) => {
        const key = KEYS[k]!;
        const store = createMemoryResponseCache({ capacityBytes: capacity });
        const small: CachedResponse = { statusCode: 200, headers: [], body: Buffer.alloc(0), expiresAt: T0 + 60_000 };
        store.set(key, small, T0);
        const heavy: CachedResponse = { ...small, body: Buffer.alloc(Math.max(0, capacity - weightOf(key, small)) + over) };
        store.set(key, heavy, T0);
        assert.equal(store.get(key, T0), undefined);
        assert.equal(store.bytes, 0);
        assert.equal(store.size, 0);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
