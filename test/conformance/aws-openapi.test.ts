// Builds every real API Gateway document of test/corpus/aws-openapi and compares the outcome with
// aws-openapi.expected.json (STYLE.md §8 "Conformance": an expectation per case, with a reason; a case whose
// outcome changes, including one that starts building, fails the run until the file is updated).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { build, type BuildResult } from "../../compiler/build.js";
import { formatHuman } from "../../compiler/diagnostics/format.js";
import { CORPUS, REPO_ROOT } from "../helpers/gateway.js";

const DIR = path.join(CORPUS, "aws-openapi");

/** One document's expected outcome. */
interface Expectation {
  readonly result: "builds" | "diagnosed";
  /** Sorted unique error codes (warnings are not listed). */
  readonly codes?: readonly string[];
  readonly reason?: string;
  /** Functions that got a handlers/<name>.ts stub (GWC3002 on the first build). */
  readonly stubs?: readonly string[];
  readonly note?: string;
}

const expected = (JSON.parse(readFileSync(new URL("./aws-openapi.expected.json", import.meta.url), "utf8")) as { documents: Record<string, Expectation> })
  .documents;

/** The corpus documents: not the extension fragments, not cfn-websocket/ (CloudFormation, not OpenAPI). */
const documents = readdirSync(DIR)
  .filter((f) => /\.(json|ya?ml)$/.test(f) && f !== "manifest.json" && f !== "awsdocs-extension-fragments.json")
  .sort();

const STUB = `// Stub written by test/conformance/aws-openapi.test.ts.\nexport const handler = async () => ({ statusCode: 200, body: "" });\n`;

describe("aws-openapi corpus conformance", () => {
  const tmp = path.join(REPO_ROOT, ".tmp", `aws-openapi-${randomUUID().slice(0, 8)}`);
  const outcomes = new Map<string, { result: string; codes: string[] } | "crashed">();
  before(() => mkdirSync(tmp, { recursive: true }));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  for (const file of documents) {
    it(`${file} ${expected[file] ? (expected[file]!.result === "builds" ? "builds" : `is diagnosed ${expected[file]!.codes?.join(", ")}`) : "(no expectation)"}`, async () => {
      outcomes.set(file, "crashed");
      const api = path.join(tmp, file.replace(/\.(json|ya?ml)$/, "").replace(/[^A-Za-z0-9-]+/g, "-"));
      mkdirSync(api, { recursive: true });
      copyFileSync(path.join(DIR, file), path.join(api, file.endsWith(".json") ? "openapi.json" : "openapi.yaml"));
      const buildIt = (): Promise<BuildResult> => build({ root: REPO_ROOT, specsDir: api, outDir: path.relative(REPO_ROOT, path.join(tmp, "out")) });
      let result = await buildIt();
      const stubs = [...new Set(result.diagnostics.filter((d) => d.code === "GWC3002").map((d) => /"(.+)"/.exec(d.message)![1]!))].sort();
      if (stubs.length > 0) {
        mkdirSync(path.join(api, "handlers"));
        for (const name of stubs) writeFileSync(path.join(api, "handlers", `${name}.ts`), STUB);
        result = await buildIt();
      }
      const internal = result.diagnostics.filter((d) => d.code.startsWith("GWC9"));
      assert.deepEqual(internal, [], formatHuman(internal));
      const codes = [...new Set(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code))].sort();
      outcomes.set(file, { result: result.hasErrors ? "diagnosed" : "builds", codes });
      if (!result.hasErrors) assert.ok(result.files.paths().some((f) => f.endsWith("/router.mts")), "a build that succeeds emits a router");

      const want = expected[file];
      assert.ok(want, `${file} has no entry in aws-openapi.expected.json; it ${result.hasErrors ? `is diagnosed ${codes.join(", ")}` : "builds"}`);
      const got = { result: result.hasErrors ? "diagnosed" : "builds", codes: result.hasErrors ? codes : undefined, stubs: stubs.length > 0 ? stubs : undefined };
      const details = result.hasErrors ? `\n${formatHuman(result.diagnostics.filter((d) => d.severity === "error"))}` : "";
      assert.deepEqual(got, { result: want.result, codes: want.codes, stubs: want.stubs ? [...want.stubs].sort() : undefined }, `outcome of ${file} changed${details}`);
      if (want.result === "diagnosed") assert.ok(want.reason && want.reason.length > 0, `${file}: a diagnosed document needs a reason`);
    });
  }

  it("has an expectation for every document and a document for every expectation", (t) => {
    assert.deepEqual(Object.keys(expected).sort(), documents);
    const built = [...outcomes.values()].filter((o) => o !== "crashed" && o.result === "builds").length;
    const diagnosed = [...outcomes.values()].filter((o) => o !== "crashed" && o.result === "diagnosed");
    const crashed = [...outcomes.values()].filter((o) => o === "crashed").length;
    const byCode = new Map<string, number>();
    for (const o of diagnosed) if (o !== "crashed") for (const c of o.codes) byCode.set(c, (byCode.get(c) ?? 0) + 1);
    const summary = `aws-openapi: ${built} build, ${diagnosed.length} diagnosed (by code: ${[...byCode].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, n]) => `${c} ${n}`).join(", ")}), ${crashed} crashed`;
    t.diagnostic(summary);
    console.log(summary);
    assert.equal(crashed, 0);
  });
});
