// IR dumps (STYLE.md §3 "Review", §8 golden 5): the canonical IR of every example API under specs/
// is snapshotted, so a change to the IR shows up as a readable diff before any generated code
// changes. UPDATE_GOLDEN=1 rewrites the files; inspect the diff. A dump with no API fails.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "../../compiler/build.js";
import { canonicalJson } from "../../compiler/util/order.js";
import { REPO_ROOT } from "../helpers/gateway.js";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const DIR = path.join(REPO_ROOT, "test/golden/ir");

describe("IR dumps of specs/", async () => {
  const result = await build({ root: REPO_ROOT, specsDir: "specs" });
  const names = result.apis.map((a) => a.name);

  it("builds every example API without errors", () => {
    assert.equal(result.hasErrors, false, result.diagnostics.map((d) => d.message).join("; "));
  });

  for (const api of result.apis) {
    it(`matches test/golden/ir/${api.name}.json`, () => {
      const file = path.join(DIR, `${api.name}.json`);
      const dump = canonicalJson(api) + "\n";
      if (UPDATE) writeFileSync(file, dump);
      assert.ok(existsSync(file), `missing ${file}: run UPDATE_GOLDEN=1`);
      assert.equal(dump, readFileSync(file, "utf8"));
    });
  }

  it("has no dump without an API", () => {
    const stray = readdirSync(DIR).filter((f) => !names.includes(f.replace(/\.json$/, "")));
    assert.deepEqual(stray, []);
  });
});
