/**
 * REST MOCK integrations and request passthrough over a real socket: reference §3, §4.2, §4.3
 * and §16 vectors 25–31. Fixture: test/fixtures/rest-mock-passthrough; its HTTP routes call an
 * echo backend started here (passed in as the stage variable backendUrl).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { request } from "undici";
import { closeHttpPools } from "gwc/runtime";
import { startBackend, type TestBackend } from "../helpers/backend.js";
import { REPO_ROOT, startGateway, type RunningGateway } from "../helpers/gateway.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures");

const UNSUPPORTED = `{"message":"Unsupported Media Type"}`;

/** What the echo backend saw. */
interface Seen {
  method: string;
  contentType: string | null;
  body: string;
}

/** A backend answering every request with 200 and a JSON description of it. */
function startEchoBackend(): Promise<TestBackend> {
  return startBackend((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen: Seen = { method: req.method ?? "", contentType: req.headers["content-type"] ?? null, body: Buffer.concat(chunks).toString("utf8") };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(seen));
    });
  });
}

describe("REST MOCK and passthrough", () => {
  let gw: RunningGateway;
  let backend: TestBackend;
  before(async () => {
    backend = await startEchoBackend();
    gw = await startGateway(path.join(FIXTURES, "rest-mock-passthrough"), { stageVariables: { backendUrl: backend.url } });
  });
  after(async () => {
    await gw.close();
    await closeHttpPools();
    await backend.close();
  });

  describe("MOCK", () => {
    it("answers from the response template selected by the request template's statusCode (vector 25)", async () => {
      const res = await request(`${gw.url}/mock/ok`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers["content-type"], "application/json");
      assert.equal(await res.body.text(), `{"ok":true}`);
    });

    it("answers 500 when the request template yields no statusCode (vector 26)", async () => {
      const res = await request(`${gw.url}/mock/no-status`);
      assert.equal(res.statusCode, 500);
      assert.deepEqual(await res.body.json(), { message: "Internal server error" });
    });

    it("selects the integration response whose pattern matches the status, with its static headers", async () => {
      const res = await request(`${gw.url}/mock/not-found`);
      assert.equal(res.statusCode, 404);
      assert.equal(res.headers["x-selected"], "4xx");
      assert.equal(await res.body.text(), `{"found": false}`);
    });

    it("answers 500 Internal server error when no integration response matches and none is default (vector 23)", async () => {
      const res = await request(`${gw.url}/mock/unmatched`);
      assert.equal(res.statusCode, 500);
      assert.equal(res.headers["x-amzn-errortype"], "InternalServerErrorException");
      assert.equal(await res.body.text(), `{"message": "Internal server error"}`);
    });

    const formats: [string, { accept: string | undefined; contentType: string; body: string }][] = [
      ["selects the response template named by Accept", { accept: "application/xml", contentType: "application/xml", body: "<format>xml</format>" }],
      ["selects the response template by the first Accept type", { accept: "application/xml, application/json", contentType: "application/xml", body: "<format>xml</format>" }],
      ["selects the application/json response template without Accept", { accept: undefined, contentType: "application/json", body: `{"format": "json"}` }],
    ];
    for (const [name, want] of formats) {
      it(name, async () => {
        const res = await request(`${gw.url}/mock/formats`, { headers: want.accept === undefined ? {} : { accept: want.accept } });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers["content-type"], want.contentType);
        assert.equal(await res.body.text(), want.body);
      });
    }
  });

  describe("passthrough behaviour", () => {
    const XML = "<pet><name>Rex</name></pet>";
    type Want = { status: 415 } | { status: 200; seen: Omit<Seen, "method"> };
    const rows: [string, { path: string; contentType: string | undefined; body: string; want: Want }][] = [
      ["answers 415 for an unmatched Content-Type under NEVER (vector 27)",
        { path: "/template/never", contentType: "application/xml", body: XML, want: { status: 415 } }],
      ["answers 415 for an unmatched Content-Type under WHEN_NO_TEMPLATES when templates exist (vector 28)",
        { path: "/template/when-no-templates", contentType: "application/xml", body: XML, want: { status: 415 } }],
      ["forwards an unmatched body unchanged under WHEN_NO_MATCH (vector 29)",
        { path: "/template/when-no-match", contentType: "application/xml", body: XML, want: { status: 200, seen: { contentType: "application/xml", body: XML } } }],
      ["answers 415 under NEVER when the integration has no templates (vector 30)",
        { path: "/no-template/never", contentType: "application/xml", body: XML, want: { status: 415 } }],
      ["forwards the body under WHEN_NO_TEMPLATES when the integration has no templates (vector 30)",
        { path: "/no-template/when-no-templates", contentType: "application/xml", body: XML, want: { status: 200, seen: { contentType: "application/xml", body: XML } } }],
      ["forwards the body under the default WHEN_NO_MATCH when the integration has no templates",
        { path: "/no-template/when-no-match", contentType: "application/xml", body: XML, want: { status: 200, seen: { contentType: "application/xml", body: XML } } }],
      ["maps a matching Content-Type through its template under NEVER",
        { path: "/template/never", contentType: "application/json", body: `{"a":1}`, want: { status: 200, seen: { contentType: "application/json", body: `{"templated": true}` } } }],
      ["selects the template by media type, ignoring Content-Type parameters (vector 31)",
        { path: "/template/never", contentType: "application/json; charset=UTF-8", body: `{"a":1}`, want: { status: 200, seen: { contentType: "application/json; charset=UTF-8", body: `{"templated": true}` } } }],
      ["treats a request without Content-Type as application/json",
        { path: "/template/never", contentType: undefined, body: `{"a":1}`, want: { status: 200, seen: { contentType: null, body: `{"templated": true}` } } }],
    ];
    for (const [name, c] of rows) {
      it(name, async () => {
        const res = await request(`${gw.url}${c.path}`, { method: "POST", body: c.body, headers: c.contentType === undefined ? {} : { "content-type": c.contentType } });
        assert.equal(res.statusCode, c.want.status);
        if (c.want.status === 415) {
          assert.equal(res.headers["content-type"], "application/json");
          assert.equal(await res.body.text(), UNSUPPORTED);
          return;
        }
        const seen = (await res.body.json()) as Seen;
        assert.deepEqual(seen, { method: "POST", ...c.want.seen });
      });
    }
  });
});
