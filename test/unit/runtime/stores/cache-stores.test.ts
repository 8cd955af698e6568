// The response cache contract (test/helpers/contracts/cache-contract.ts) on the memory store and on the Redis store.
// Redis: the machine's Redis at 127.0.0.1:6379 (GWC_TEST_REDIS_URL to use another); with CI set it must run.
import { after, describe } from "node:test";
import { createMemoryResponseCache } from "../../../../runtime/stores/memory.js";
import { createRedisStores, type RedisStores } from "../../../../runtime/stores/redis.js";
import { cacheStoreContract } from "../../../helpers/contracts/cache-contract.js";
import { deleteKeys, REDIS_URL, redisUp } from "../../../helpers/redis.js";

describe("memory response cache (cache contract)", () => {
  cacheStoreContract((capacityBytes) => createMemoryResponseCache({ capacityBytes }), 200);
});

const skip = await redisUp("the Redis response cache contract");

describe(`Redis response cache at ${REDIS_URL} (cache contract)`, { skip }, () => {
  // Each cache the contract makes is a stage of its own, so it starts empty.
  const opened: RedisStores[] = [];
  let made = 0;
  const api = `cache-contract-${process.pid}`;
  after(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await deleteKeys(REDIS_URL, `{gwc:${api}:*`);
  });
  cacheStoreContract((capacityBytes) => {
    const stage = `s${made++}`;
    // The store is connected lazily: the contract awaits each call, and the first one waits for the connection.
    let real: ReturnType<RedisStores["responseCache"]> | undefined;
    const ready = createRedisStores({ url: REDIS_URL, api, stage, log: () => {} }).then((s) => (opened.push(s), (real = s.responseCache(capacityBytes))));
    return {
      capacityBytes,
      get: async (key, now) => (real ?? (await ready)).get(key, now),
      set: async (key, value, now) => (real ?? (await ready)).set(key, value, now),
      flush: async () => (real ?? (await ready)).flush(),
    };
  }, 40);
});
