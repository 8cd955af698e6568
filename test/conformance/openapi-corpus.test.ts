// Builds every document of test/corpus/openapi (Stripe, GitHub, OpenAI, Kubernetes, Twilio, the OAI
// examples with the multi-file petstore-separate) and compares the outcome with openapi-corpus.expected.json.
// None has API Gateway integrations, so every operation gets a GWC2002 warning; that is expected. The manifest's
// path and operation counts are checked against the routes of the IR.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { build } from "../../compiler/build.js";
import { DiagnosticBag, type Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { formatHuman } from "../../compiler/diagnostics/format.js";
import type { IrApi } from "../../compiler/ir.js";
import { loadApiFolder } from "../../compiler/load/api-folder.js";
import { parseSource } from "../../compiler/load/source-map.js";
import { compileToIr } from "../../compiler/pipeline.js";
import { splitPointer } from "../../compiler/util/json-pointer.js";
import { CORPUS, REPO_ROOT } from "../helpers/gateway.js";

const DIR = path.join(CORPUS, "openapi");

interface ManifestEntry {
  readonly file: string;
  readonly spec_version: string;
  readonly paths: number;
  readonly operations: number;
}

interface Expectation {
  readonly result: "builds" | "diagnosed";
  readonly codes?: readonly string[];
  readonly reason?: string;
}

const manifest = (JSON.parse(readFileSync(path.join(DIR, "manifest.json"), "utf8")) as ManifestEntry[]).filter(
  (e) => !e.spec_version.startsWith("fragment"),
);
const expected = (JSON.parse(readFileSync(new URL("./openapi-corpus.expected.json", import.meta.url), "utf8")) as { documents: Record<string, Expectation> })
  .documents;

/** Operation keys gwc routes (TRACE is not an API Gateway method; no corpus document has one). */
const OPERATION_KEYS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method"]);

/** The path keys of a parsed document that have operations, with the number of operations under each. */
function operationsByPath(value: unknown): Map<string, number> {
  const paths = (value as { paths?: Record<string, unknown> }).paths ?? {};
  const out = new Map<string, number>();
  for (const [p, item] of Object.entries(paths)) {
    const n = item !== null && typeof item === "object" ? Object.keys(item).filter((k) => OPERATION_KEYS.has(k)).length : 0;
    if (n > 0) out.set(p, n);
  }
  return out;
}

describe("openapi corpus conformance", () => {
  const tmp = path.join(REPO_ROOT, ".tmp", `openapi-corpus-${randomUUID().slice(0, 8)}`);
  before(() => mkdirSync(tmp, { recursive: true }));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /** Copies a corpus document into an API folder of its own; petstore-separate keeps its spec/ and common/ layout. */
  function apiFolderFor(entry: ManifestEntry): string {
    const label = entry.file.replace(/[^A-Za-z0-9]+/g, "-");
    const ext = path.extname(entry.file);
    if (entry.file.includes("/petstore-separate/")) {
      const base = path.join(tmp, label);
      cpSync(path.join(DIR, entry.file, "../.."), base, { recursive: true });
      copyFileSync(path.join(DIR, entry.file), path.join(base, "spec", `openapi${ext}`));
      return path.join(base, "spec");
    }
    const api = path.join(tmp, label, "api");
    mkdirSync(api, { recursive: true });
    copyFileSync(path.join(DIR, entry.file), path.join(api, `openapi${ext}`));
    return api;
  }

  for (const entry of manifest) {
    const want = expected[entry.file];
    it(`${entry.file} ${want?.result === "diagnosed" ? `is diagnosed ${want.codes?.join(", ")}` : "builds"}, with ${entry.operations} operations as routes`, async () => {
      const api = apiFolderFor(entry);
      const result = await build({ root: REPO_ROOT, specsDir: api, outDir: path.relative(REPO_ROOT, path.join(tmp, "out")) });
      const internal = result.diagnostics.filter((d) => d.code.startsWith("GWC9"));
      assert.deepEqual(internal, [], formatHuman(internal));
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      const codes = [...new Set(errors.map((d) => d.code))].sort();
      assert.ok(want, `${entry.file} has no entry in openapi-corpus.expected.json; it ${result.hasErrors ? `is diagnosed ${codes.join(", ")}` : "builds"}`);
      assert.deepEqual(
        { result: result.hasErrors ? "diagnosed" : "builds", codes: result.hasErrors ? codes : undefined },
        { result: want.result, codes: want.codes },
        `outcome of ${entry.file} changed\n${formatHuman(errors.slice(0, 10))}`,
      );

      // The IR: from the build, or (when diagnosed, so build() returns none) from the front end alone.
      let ir: IrApi | undefined = result.apis[0];
      let value: unknown;
      if (ir === undefined) {
        const loaded = await loadApiFolder(REPO_ROOT, api, new DiagnosticBag(() => ({ line: 1, column: 1 })));
        assert.ok(loaded, "the document loads");
        ir = compileToIr(loaded, new DiagnosticBag(() => ({ line: 1, column: 1 })));
        value = loaded.openapi.value;
      } else {
        const docName = `openapi${path.extname(entry.file)}`;
        const parsed = parseSource(docName, readFileSync(path.join(api, docName), "utf8"));
        assert.ok("doc" in parsed);
        value = parsed.doc.value;
      }
      assert.ok(ir, "normalise produces an IR");
      const byPath = operationsByPath(value);
      assert.equal(Object.keys((value as { paths?: object }).paths ?? {}).length, entry.paths, "the manifest's path count");
      // Paths API Gateway refuses (GWC2008) yield no routes; every other operation is one route.
      const refused = new Set(
        result.diagnostics.filter((d: Diagnostic) => d.code === "GWC2008").map((d) => splitPointer(d.location.pointer)[1]!),
      );
      const refusedOps = [...refused].reduce((n, p) => n + (byPath.get(p) ?? 0), 0);
      assert.equal(ir.routes.length, entry.operations - refusedOps, `routes = the manifest's ${entry.operations} operations − ${refusedOps} under refused paths`);
      assert.equal(new Set(ir.routes.map((r) => r.path)).size, [...byPath.keys()].filter((p) => !refused.has(p)).length, "one resource per path with operations");
      assert.equal(result.diagnostics.filter((d) => d.code === "GWC2002").length, ir.routes.length, "one GWC2002 warning per route without an integration");
    });
  }

  it("has an expectation for every document and a document for every expectation", () => {
    assert.deepEqual(Object.keys(expected).sort(), manifest.map((e) => e.file).sort());
  });
});
