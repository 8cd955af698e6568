// Golden test 3 (STYLE.md §8 "Compiles"): generated code typechecks as code a person would write: strict, and
// with noUnusedLocals and noUnusedParameters (no unused variable, import or parameter). Checked on generated/
// and on a build of every API folder under test/fixtures/ (REST and HTTP APIs, every integration kind).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { build } from "../../compiler/build.js";
import { writeToDisk } from "../../compiler/emit/output.js";
import { formatHuman } from "../../compiler/diagnostics/format.js";
import { REPO_ROOT } from "../helpers/gateway.js";

const TMP = path.join(REPO_ROOT, ".tmp", `generated-typecheck-${randomUUID().slice(0, 8)}`);
const TSC = path.join(REPO_ROOT, "node_modules", ".bin", "tsc");

describe("generated code typechecks with noUnusedLocals and noUnusedParameters", () => {
  let apis: readonly string[] = [];

  before(async () => {
    mkdirSync(TMP, { recursive: true });
    const result = await build({ root: REPO_ROOT, specsDir: "test/fixtures", outDir: path.relative(REPO_ROOT, path.join(TMP, "out")) });
    assert.equal(result.hasErrors, false, formatHuman(result.diagnostics));
    writeToDisk(REPO_ROOT, result.files, result.outDirs);
    apis = result.apis.map((a) => a.name);
    writeFileSync(
      path.join(TMP, "tsconfig.json"),
      JSON.stringify({
        extends: path.join(REPO_ROOT, "tsconfig.json"),
        compilerOptions: { noUnusedLocals: true, noUnusedParameters: true },
        include: [path.join(REPO_ROOT, "generated", "**", "*.mts"), path.join(TMP, "out", "**", "*.mts")],
      }),
    );
  });
  after(() => rmSync(TMP, { recursive: true, force: true }));

  it("builds every fixture API", () => {
    assert.ok(apis.length >= 10, `only ${apis.length} fixture APIs built`);
  });

  it("reports no error for generated/ and the fixture builds", () => {
    const res = spawnSync(TSC, ["-p", path.join(TMP, "tsconfig.json"), "--noEmit"], { cwd: REPO_ROOT, encoding: "utf8" });
    assert.equal(res.status, 0, `${res.stdout}${res.stderr}`);
  });
});
