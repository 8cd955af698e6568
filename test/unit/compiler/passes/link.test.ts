import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DiagnosticBag, InternalError, type Diagnostic } from "../../../../compiler/diagnostics/diagnostic.js";
import type { IrApi } from "../../../../compiler/ir.js";
import type { GatewayYaml } from "../../../../compiler/load/gateway-yaml.js";
import { parseSource } from "../../../../compiler/load/source-map.js";
import { linkApi } from "../../../../compiler/passes/link.js";
import { normaliseApi } from "../../../../compiler/passes/normalise/index.js";

/** Normalises and links an inline document with the given gateway.yaml and handler files; no I/O. */
function link(doc: object, given: { gateway?: GatewayYaml; handlers?: readonly string[] } = {}): { ir: IrApi; diagnostics: Diagnostic[] } {
  const parsed = parseSource("api/openapi.json", JSON.stringify(doc, null, 2));
  if (!("doc" in parsed)) throw new Error(`fixture does not parse: ${parsed.problem.detail}`);
  const source = parsed.doc;
  const bag = new DiagnosticBag((origin) => (origin.file === source.file ? source.locate(origin.pointer) : { line: 1, column: 1 }));
  const loaded = {
    name: "api", dir: "api", openapi: source, gateway: given.gateway, gatewayFile: given.gateway ? "api/gateway.yaml" : undefined, handlerFiles: given.handlers ?? [],
  };
  const normalised = normaliseApi(loaded, bag);
  assert.ok(normalised);
  return { ir: linkApi(normalised, bag), diagnostics: bag.sorted() };
}

const lambda = (name: string): object => ({
  responses: { "200": { description: "ok" } },
  "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${name}/invocations` },
});
const doc = { openapi: "3.0.1", info: { title: "t", version: "1" }, paths: { "/a": { get: lambda("getA"), post: lambda("getA") } } };
const uri = "/paths/~1a/get/x-amazon-apigateway-integration/uri";

describe("linkApi", () => {
  it("resolves a function to handlers/<name>.ts once, at its first reference", () => {
    const { ir, diagnostics } = link(doc, { handlers: ["api/handlers/getA.ts"] });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(ir.functions, [
      { kind: "function", id: "function:getA", name: "getA", handlerFile: "api/handlers/getA.ts", exportName: "handler", timeout: 3, origin: { file: "api/openapi.json", pointer: uri } },
    ]);
  });

  it("resolves a function to the handler and timeout gateway.yaml declares", () => {
    const { ir } = link(doc, { gateway: { functions: { getA: { handler: "./src/a.ts#get", timeout: 10 } } }, handlers: ["api/src/a.ts"] });
    assert.deepEqual(ir.functions.map((f) => [f.handlerFile, f.exportName, f.timeout]), [["api/src/a.ts", "get", 10]]);
  });

  it("reports GWC3002 when no handler file has the function's name", () => {
    const { ir, diagnostics } = link(doc);
    assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.location.pointer}`), [`GWC3002 ${uri}`]);
    assert.deepEqual(ir.functions, []);
  });

  it("reports GWC3005 when the handler gateway.yaml declares does not exist", () => {
    const { diagnostics } = link(doc, { gateway: { functions: { getA: { handler: "src/a.ts" } } } });
    assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.location.file} ${d.location.pointer}`), ["GWC3005 api/gateway.yaml /functions/getA/handler"]);
  });

  it("drops the unlinked names from the IR", () => {
    const { ir } = link(doc, { handlers: ["api/handlers/getA.ts"] });
    assert.equal("unlinked" in ir, false);
  });

  it("throws InternalError for an IR that did not come from normaliseApi", () => {
    const { ir } = link(doc, { handlers: ["api/handlers/getA.ts"] });
    assert.throws(() => linkApi(ir, new DiagnosticBag(() => ({ line: 1, column: 1 }))), InternalError);
  });
});
