// The store contract (test/helpers/contracts/store-contract.ts) on the memory stores and on the Redis stores.
// Redis: the machine's Redis at 127.0.0.1:6379 (GWC_TEST_REDIS_URL to use another). With CI set the Redis suite
// must run; elsewhere it is skipped, loudly, when no Redis answers.
import { after, before, describe } from "node:test";
import { createMemoryUsagePlanStore } from "../../../../runtime/stores/memory.js";
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
