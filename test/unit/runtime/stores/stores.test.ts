// The store contract (test/helpers/contracts/store-contract.ts) on the memory stores and on the Redis stores.
// Redis: the machine's Redis at 127.0.0.1:6379 (GWC_TEST_REDIS_URL to use another). With CI set the Redis suite
// must run; elsewhere it is skipped, loudly, when no Redis answers.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createMemoryRateLimitStore, createMemoryUsagePlanStore } from "../../../../runtime/stores/memory.js";
import { createRedisStores, type RedisStores } from "../../../../runtime/stores/redis.js";
import { storeContract } from "../../../helpers/contracts/store-contract.js";
import { deleteKeys, REDIS_URL, redisUp } from "../../../helpers/redis.js";

describe("memory stores (store contract)", () => {
  const stores = { limits: createMemoryUsagePlanStore() };
  storeContract(() => stores, 200);
});

const skip = await redisUp("the Redis store contract");

describe(`Redis stores at ${REDIS_URL} (store contract)`, { skip }, () => {
  let stores: RedisStores;
  before(async () => {
    stores = await createRedisStores({ url: REDIS_URL, api: `contract-${process.pid}`, stage: "test", log: () => {} });
  });
  after(async () => {
    await stores?.close();
    await deleteKeys(REDIS_URL, `{gwc:contract-${process.pid}:test}:*`);
  });
  storeContract(() => stores, 60);
});

describe("memory store bounds", () => {
  it("keeps a bucket in use while many others come and go past the bound (least recently used go first)", () => {
    const store = createMemoryRateLimitStore({ maxBuckets: 8 });
    const hot = [{ key: "hot", limits: { rateLimit: 0, burstLimit: 1000 } }];
    const t = 1_700_000_000_000;
    let taken = 0;
    for (let i = 0; i < 500; i++) {
      if (store.take(hot, t) === -1) taken++;
      store.take([{ key: `cold-${i}`, limits: { rateLimit: 1, burstLimit: 1 } }], t);
      assert.ok(store.size <= 8);
    }
    // A bucket that never refills and was never dropped has given exactly its 500 tokens so far: 500 left.
    assert.equal(taken, 500);
    let left = 0;
    while (store.take(hot, t) === -1) left++;
    assert.equal(left, 500, "the hot bucket was dropped (and came back full) at some point");
  });
});
