import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { validate } from "@readme/openapi-parser";
import { DiagnosticBag } from "../../../../compiler/diagnostics/diagnostic.js";
import { loadOpenApi, pointerOfValidationMessage } from "../../../../compiler/load/openapi.js";
import { parseSource } from "../../../../compiler/load/source-map.js";
import { REPO_ROOT } from "../../../helpers/gateway.js";

const TMP = path.join(REPO_ROOT, ".tmp", `unit-openapi-${randomUUID().slice(0, 8)}`);
after(() => rmSync(TMP, { recursive: true, force: true }));

/** Writes `text` to a temporary file and loads it as an OpenAPI document, returning the diagnostics. */
async function load(name: string, text: string): Promise<ReturnType<DiagnosticBag["sorted"]>> {
  mkdirSync(TMP, { recursive: true });
  const abs = path.join(TMP, name);
  writeFileSync(abs, text);
  const file = path.relative(REPO_ROOT, abs).split(path.sep).join("/");
  // As build() does: the locator parses the file itself, since loadOpenApi reports before it returns the document.
  const parsed = parseSource(file, text);
  const bag = new DiagnosticBag((origin) => ("doc" in parsed ? parsed.doc.locate(origin.pointer) : { line: 1, column: 1 }));
  await loadOpenApi(abs, file, bag);
  return bag.sorted();
}

/** The first message @readme/openapi-parser gives for `doc`. */
async function firstMessage(doc: object): Promise<string> {
  const result = await validate(structuredClone(doc) as never);
  assert.equal(result.valid, false);
  return (result as { errors: { message: string }[] }).errors[0]!.message;
}

describe("loadOpenApi locations", () => {
  it("reports GWC1001 at the line and column of a YAML syntax error", async () => {
    const diagnostics = await load("broken.yaml", "openapi: 3.0.1\ninfo:\n  title: [unclosed\npaths: {}\n");
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.code, "GWC1001");
    assert.notDeepEqual([diagnostics[0]!.location.line, diagnostics[0]!.location.column], [1, 1]);
    assert.doesNotMatch(diagnostics[0]!.message, /\(line \d+/);
  });

  it("reports GWC1001 at the line and column of a JSON syntax error", async () => {
    const diagnostics = await load("broken.json", '{\n  "openapi": "3.0.1",\n  "info": {,\n}\n');
    assert.equal(diagnostics[0]!.code, "GWC1001");
    assert.deepEqual([diagnostics[0]!.location.line, diagnostics[0]!.location.column], [3, 12]);
  });

  it("reports GWC1002 at the node the validator complains about", async () => {
    const text = JSON.stringify({ swagger: "2.0", info: { title: "t", version: "1" }, host: "api.{region}.example.com", paths: {} }, null, 2);
    const diagnostics = await load("host.json", text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.location.pointer, d.location.line]), [["GWC1002", "/host", 7]]);
  });
});

describe("pointerOfValidationMessage", () => {
  it("follows a backquoted path with unescaped path keys", () => {
    const doc = { paths: { "/pets/{id}": { get: {} } } };
    assert.equal(pointerOfValidationMessage(doc, "`/paths/pets/{id}/get` is missing path parameter(s) for `{id}`."), "/paths/~1pets~1{id}/get");
  });

  it("stops at the deepest node that exists", () => {
    assert.equal(pointerOfValidationMessage({ components: { securitySchemes: { a: {} } } }, "`/components/securitySchemes/a/flows` is missing"), "/components/securitySchemes/a");
  });

  it("names the first path without a leading slash", () => {
    assert.equal(pointerOfValidationMessage({ paths: { "/a": {}, $default: {} } }, "Entries in the OpenAPI `paths` object must begin with a leading slash."), "/paths/$default");
  });

  it("finds the node of a schema violation from its code frame", async () => {
    const doc = { openapi: "3.0.1", info: { title: { Ref: "AWS::StackName" }, version: "1" }, paths: {} };
    assert.equal(pointerOfValidationMessage(doc, await firstMessage(doc)), "/info/title");
  });

  it("finds a missing property's parent even when a $ref was expanded in the frame", async () => {
    const doc = {
      openapi: "3.0.1",
      info: { title: "t", version: "1" },
      paths: {
        "/a": { get: { responses: { "200": { $ref: "#/components/responses/Ok" } } } },
        "/b": { get: { "x-amazon-apigateway-integration": { $ref: "#/components/x-amazon-apigateway-integrations/I" } } },
      },
      components: { responses: { Ok: { description: "ok" } }, "x-amazon-apigateway-integrations": { I: { type: "http_proxy", uri: "http://h/" } } },
    };
    assert.equal(pointerOfValidationMessage(doc, await firstMessage(doc)), "/paths/~1b/get");
  });

  it("returns the root when the message has no frame or path", () => {
    assert.equal(pointerOfValidationMessage({}, "Supplied schema is not a valid API definition."), "");
  });
});
