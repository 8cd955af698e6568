// One contract for every response cache store (STYLE.md §8; undici's cacheStoreTests): memory and Redis keep, expire,
// evict and flush entries alike, in virtual time, through the ResponseCacheStore interface only.
import { it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { CachedResponse, ResponseCacheStore } from "../../../runtime/stores/store.js";
import { entryBytes } from "../../../runtime/cache/response-cache.js";
import { testSeed } from "../seed.js";

const SEED = testSeed();
const T0 = 1_700_000_000_000;

/** Makes a store with the given byte budget; the suite closes what it opened. */
export type CacheStoreFactory = (capacityBytes: number) => ResponseCacheStore;

function entry(seed: number, bodyBytes: number, expiresAt: number): CachedResponse {
  return { statusCode: 200 + (seed % 300), headers: ["content-type", "application/json", "x-entry", String(seed)], body: Buffer.alloc(bodyBytes, seed % 251), expiresAt };
}

function same(got: CachedResponse | undefined, want: CachedResponse): void {
  assert.ok(got !== undefined, "expected an entry");
  assert.equal(got.statusCode, want.statusCode);
  assert.deepEqual([...got.headers], [...want.headers]);
  assert.ok(Buffer.from(got.body).equals(want.body), "body differs");
  assert.equal(got.expiresAt, want.expiresAt);
}

/**
 * The contract. `make(capacity)` gives a store over a namespace of its own (each call a fresh, empty cache);
 * `numRuns` is lower for a store behind a network round trip.
 */
export function cacheStoreContract(make: CacheStoreFactory, numRuns: number): void {
  it("returns what was stored under a key until it expires, and nothing after", async () => {
    const store = make(1_000_000);
    const value = entry(7, 100, T0 + 60_000);
    await store.set("GET [\"/items\",null]\"a\"", value, T0);
    same(await store.get("GET [\"/items\",null]\"a\"", T0 + 59_999), value);
    assert.equal(await store.get("GET [\"/items\",null]\"a\"", T0 + 60_000), undefined);
    assert.equal(await store.get("GET [\"/items\",null]\"b\"", T0), undefined);
  });

  it("never answers a key with another key's entry, and never holds more than its budget", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 200, max: 4_000 }),
        fc.array(fc.record({ key: fc.integer({ min: 0, max: 12 }), bytes: fc.integer({ min: 0, max: 1_500 }), get: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        async (capacity, ops) => {
          const store = make(capacity);
          const stored = new Map<string, CachedResponse>();
          let seq = 0;
          for (const op of ops) {
            const key = `k${op.key}`;
            if (op.get) {
              const got = await store.get(key, T0);
              if (got !== undefined) same(got, stored.get(key)!);
            } else {
              const value = entry(seq++, op.bytes, T0 + 3_600_000);
              await store.set(key, value, T0);
              stored.set(key, value);
            }
          }
          let held = 0;
          for (const [key, value] of stored) {
            const got = await store.get(key, T0);
            if (got === undefined) continue;
            same(got, value);
            held += entryBytes(key, value.headers, value.body);
          }
          assert.ok(held <= capacity, `${held} bytes held with a budget of ${capacity}`);
        },
      ),
      { seed: SEED, numRuns },
    );
  });

  it("evicts the least recently used entry to make room: a read counts as a use", async () => {
    const one = entryBytes("a", entry(0, 100, 0).headers, Buffer.alloc(100));
    const store = make(Math.floor(2.5 * one));
    await store.set("a", entry(1, 100, T0 + 60_000), T0);
    await store.set("b", entry(2, 100, T0 + 60_000), T0 + 1);
    assert.ok((await store.get("a", T0 + 2)) !== undefined);
    await store.set("c", entry(3, 100, T0 + 60_000), T0 + 3);
    assert.equal(await store.get("b", T0 + 4), undefined, "b was the least recently used");
    assert.equal((await store.get("a", T0 + 4))?.headers[3], "1");
    assert.equal((await store.get("c", T0 + 4))?.headers[3], "3");
  });

  it("does not keep an entry larger than the whole budget, and replaces a key's entry", async () => {
    const store = make(500);
    await store.set("k", entry(1, 10, T0 + 60_000), T0);
    await store.set("k", entry(2, 20, T0 + 60_000), T0);
    assert.equal((await store.get("k", T0))?.headers[3], "2");
    await store.set("big", entry(3, 600, T0 + 60_000), T0);
    assert.equal(await store.get("big", T0), undefined);
  });

  it("empties on flush", async () => {
    const store = make(100_000);
    for (let i = 0; i < 5; i++) await store.set(`k${i}`, entry(i, 50, T0 + 60_000), T0);
    await store.flush();
    for (let i = 0; i < 5; i++) assert.equal(await store.get(`k${i}`, T0), undefined);
    await store.set("k0", entry(9, 50, T0 + 60_000), T0);
    assert.equal((await store.get("k0", T0))?.headers[3], "9", "the cache works again after a flush");
  });
}
