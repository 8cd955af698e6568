import assert from "node:assert/strict";
import type fc from "fast-check";
import { UNAUTHORIZED_CACHE_CONTROL_WARNING } from "../../../../runtime/cache/response-cache.js";
import { concreteRequest, describeRequest, modelRequestOf, sendRequest, type CacheRequestSpec, type CacheWorldModel, type CacheWorldReal } from "./fixture.js";

/**
 * Sends one request to the gateway and compares the answer with the model's: refused (403, the integration does not
 * run), a miss (the Counter ran: its count is the next one, the body made for this request) or a hit (the stored
 * body, count included, and nothing ran); the warning header exactly where the model warns; a request id of its own.
 * A Counter run the model does not expect shows as a count that skips ahead on the next miss.
 */
export class SendRequestCommand implements fc.AsyncCommand<CacheWorldModel, CacheWorldReal> {
  constructor(readonly spec: CacheRequestSpec) {}

  check(): boolean {
    return true;
  }

  async run(model: CacheWorldModel, real: CacheWorldReal): Promise<void> {
    const spec = concreteRequest(this.spec, real.prefix);
    const expected = model.cache.handle(modelRequestOf(model.fixture, spec));
    const got = await sendRequest(real.url, spec);
    const where = `${describeRequest(spec)} at ${model.cache.now} ms`;

    const id = got.headers["x-amzn-requestid"];
    assert.equal(typeof id, "string", `${where}: a request id`);
    assert.ok(!real.requestIds.has(id as string), `${where}: request id ${String(id)} was already used by another answer`);
    real.requestIds.add(id as string);

    if (expected.kind === "refused") {
      assert.equal(got.status, expected.status, `${where}: FAIL_WITH_403 refuses an unauthorized Cache-Control: max-age=0`);
      assert.equal(got.body.n, undefined, `${where}: the refusal is not the integration's answer`);
      assert.equal(got.headers["warning"], undefined, `${where}: no warning header`);
      return;
    }
    const want = expected.response;
    const what = expected.kind === "hit" ? `a hit on the answer stored with n ${want.n}` : `the integration to run (n ${want.n})`;
    if (got.body.n !== want.n) {
      const saw = typeof got.body.n !== "number" ? `no count (status ${got.status})` : got.body.n > model.invocations ? `the integration ran (n ${got.body.n})` : `an answer from the cache (n ${got.body.n})`;
      assert.fail(`${where}: expected ${what}, got ${saw}`);
    }
    assert.equal(got.status, 200, `${where}: status`);
    assert.deepEqual(got.body, want, `${where}: expected ${what}, with the body made for the request that stored it`);
    assert.equal(got.headers["content-type"], "application/json", `${where}: the Counter's content type`);
    assert.equal(got.headers["x-backend"], "counter", `${where}: the Counter's own header`);
    assert.equal(got.headers["warning"], expected.warning ? UNAUTHORIZED_CACHE_CONTROL_WARNING : undefined, `${where}: warning header`);
  }

  toString(): string {
    return describeRequest(this.spec);
  }
}
