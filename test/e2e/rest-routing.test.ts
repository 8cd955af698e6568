/**
 * REST routing over a real socket: reference §2 and §16 vectors 1–7.
 * Fixtures: test/fixtures/rest-routing (no catch-all) and rest-routing-greedy (root and nested {proxy+}).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { request } from "undici";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures");

/** The routing facts the fixtures' echo handler returns. */
interface Echo {
  resource: string;
  path: string;
  httpMethod: string;
  pathParameters: Record<string, string> | null;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
}

async function echo(url: string, method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH" = "GET"): Promise<Echo> {
  const res = await request(url, { method });
  assert.equal(res.statusCode, 200, `${method} ${url}`);
  return (await res.body.json()) as Echo;
}

const MISSING_TOKEN = `{"message":"Missing Authentication Token"}`;

describe("REST routing: literal and parameter resources", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(path.join(FIXTURES, "rest-routing"));
  });
  after(async () => {
    await gw.close();
  });

  // Vectors 1 and 2, and the recorded routingNotFound (not-found, wrong-method).
  const misses: [string, { method: "GET" | "DELETE" | "POST"; path: string }][] = [
    ["an undefined path", { method: "GET", path: "/nope" }],
    ["an undefined method on a defined resource", { method: "DELETE", path: "/pets" }],
    ["an undefined method on a parameter resource", { method: "POST", path: "/pets/cat" }],
    ["the root resource, which has no methods", { method: "GET", path: "/" }],
    ["a path below a leaf resource", { method: "GET", path: "/pets/cat/toys" }],
  ];
  for (const [name, { method, path: p }] of misses) {
    it(`answers 403 Missing Authentication Token for ${name}`, async () => {
      const res = await request(`${gw.url}${p}`, { method });
      assert.equal(res.statusCode, 403);
      assert.equal(res.headers["x-amzn-errortype"], "MissingAuthenticationTokenException");
      assert.equal(res.headers["content-type"], "application/json");
      assert.match(String(res.headers["x-amzn-requestid"]), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(await res.body.text(), MISSING_TOKEN);
    });
  }

  it("answers an unknown path with a non-SigV4 Authorization header with the SigV4 parse error (vector 3)", async () => {
    const res = await request(`${gw.url}/nope`, { headers: { authorization: "Bearer abc" } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.headers["x-amzn-errortype"], "IncompleteSignatureException");
    const body = (await res.body.json()) as { message: string };
    // The hashed text is [U] in the reference; the shape (a SHA-256 digest in base64) is not.
    assert.match(body.message, /^Invalid key=value pair \(missing equal-sign\) in Authorization header \(hashed with SHA-256 and encoded with Base64\): '[A-Za-z0-9+/]{43}='\.$/);
  });

  it("routes a literal segment to the literal resource and anything else to its {param} sibling (vector 4)", async () => {
    const cat = await echo(`${gw.url}/pets/cat`);
    assert.equal(cat.resource, "/pets/{id}");
    assert.deepEqual(cat.pathParameters, { id: "cat" });
    const dog = await echo(`${gw.url}/pets/dog`);
    assert.equal(dog.resource, "/pets/dog");
    assert.equal(dog.pathParameters, null);
  });

  it("ignores a trailing slash for matching and keeps it in the event path (vector 7)", async () => {
    const e = await echo(`${gw.url}/pets/`);
    assert.equal(e.resource, "/pets");
    assert.equal(e.path, "/pets/");
  });

  it("collapses a double slash for routing and in the event path", async () => {
    const e = await echo(`${gw.url}//pets`);
    assert.equal(e.resource, "/pets");
    assert.equal(e.path, "/pets");
  });

  it("keeps path parameters percent-encoded in the event", async () => {
    const e = await echo(`${gw.url}/pets/a%2Bb`);
    assert.deepEqual(e.pathParameters, { id: "a%2Bb" });
  });

  it("prefers an explicitly defined method over ANY on the same resource", async () => {
    const res = await request(`${gw.url}/things`);
    assert.equal(res.statusCode, 200);
    assert.equal(await res.body.text(), `{"route": "GET /things"}`);
  });

  const anyMethods = ["POST", "PUT", "DELETE", "PATCH"] as const;
  for (const method of anyMethods) {
    it(`serves ${method} through ANY with the actual method in the event`, async () => {
      const e = await echo(`${gw.url}/things`, method);
      assert.equal(e.resource, "/things");
      assert.equal(e.httpMethod, method);
    });
  }
});

describe("REST routing: greedy {proxy+} resources", () => {
  let gw: RunningGateway;
  before(async () => {
    gw = await startGateway(path.join(FIXTURES, "rest-routing-greedy"));
  });
  after(async () => {
    await gw.close();
  });

  it("routes below a literal resource to its nested {proxy+} with the rest of the path as proxy (vector 5)", async () => {
    const e = await echo(`${gw.url}/parent/a/b`);
    assert.equal(e.resource, "/parent/{proxy+}");
    assert.deepEqual(e.pathParameters, { proxy: "a/b" });
  });

  it("routes other paths to the root {proxy+} (vector 5)", async () => {
    const e = await echo(`${gw.url}/x/y`);
    assert.equal(e.resource, "/{proxy+}");
    assert.deepEqual(e.pathParameters, { proxy: "x/y" });
  });

  it("builds the event of ANY /{proxy+} from the actual request (vector 6)", async () => {
    const e = await echo(`${gw.url}/hello/world?name=me`, "POST");
    assert.equal(e.resource, "/{proxy+}");
    assert.equal(e.path, "/hello/world");
    assert.equal(e.httpMethod, "POST");
    assert.deepEqual(e.pathParameters, { proxy: "hello/world" });
    assert.deepEqual(e.queryStringParameters, { name: "me" });
    assert.deepEqual(e.multiValueQueryStringParameters, { name: ["me"] });
  });

  it("answers 403 when the nested {proxy+} resource lacks the method, without falling back to the root one", async () => {
    const res = await request(`${gw.url}/parent/a/b`, { method: "POST" });
    assert.equal(res.statusCode, 403);
    assert.equal(await res.body.text(), MISSING_TOKEN);
  });
});
