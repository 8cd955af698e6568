import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { request } from "undici";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

describe("petstore example over a real socket", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(path.join(REPO_ROOT, "specs/petstore"));
  });
  after(async () => {
    await gw.close();
  });

  it("serves a Lambda proxy route with the AWS request id header", async () => {
    const res = await request(`${gw.url}/pets`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["x-amzn-requestid"]), /^[0-9a-f-]{36}$/);
    const body = (await res.body.json()) as { name: string }[];
    assert.ok(body.some((p) => p.name === "Rex"));
  });

  it("answers an unknown path with 403 Missing Authentication Token", async () => {
    const res = await request(`${gw.url}/nope`);
    assert.equal(res.statusCode, 403);
    assert.equal(res.headers["x-amzn-errortype"], "MissingAuthenticationTokenException");
    assert.equal(await res.body.text(), `{"message":"Missing Authentication Token"}`);
  });

  it("answers the MOCK route from its static response template", async () => {
    const res = await request(`${gw.url}/health`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["cache-control"], "no-store");
    assert.equal(await res.body.text(), `{"status": "ok"}`);
  });

  it("caches GET /pets/{petId} per petId, as the example's gateway.yaml says", async () => {
    const generatedAt = async (url: string): Promise<string> => {
      const res = await request(url);
      assert.equal(res.statusCode, 200);
      await res.body.dump();
      return String(res.headers["x-generated-at"]);
    };
    const first = await generatedAt(`${gw.url}/pets/1`);
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(await generatedAt(`${gw.url}/pets/1`), first, "the second answer came from the cache");
    assert.notEqual(await generatedAt(`${gw.url}/pets/2`), first, "another petId is another entry");
  });
});
