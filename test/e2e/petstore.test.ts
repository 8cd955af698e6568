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
});
