// Golden test 1 (STYLE.md §5 "Freshness", §8): generated/ is what `gwc build specs/` produces, and
// `--check` names every file that is stale, missing or no longer produced. `npm test` also runs the check on the
// repository itself; the temporary copy here exercises the failure listing without touching generated/.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { REPO_ROOT } from "../helpers/gateway.js";

const GWC = path.join(REPO_ROOT, "compiler/gwc.mjs");

/** Runs `gwc build specs --check` in `cwd`. */
function check(cwd: string): { code: number | null; stderr: string } {
  const res = spawnSync(process.execPath, [GWC, "build", "specs", "--check"], { cwd, encoding: "utf8" });
  return { code: res.status, stderr: res.stderr };
}

describe("gwc build specs/ --check", () => {
  it("exits 0 on the repository: generated/ is fresh", () => {
    const res = check(REPO_ROOT);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /API\(s\) up to date/);
  });

  describe("in a copy of specs/ and generated/", () => {
    const tmp = path.join(REPO_ROOT, ".tmp", `fresh-${randomUUID().slice(0, 8)}`);
    before(() => {
      mkdirSync(tmp, { recursive: true });
      cpSync(path.join(REPO_ROOT, "specs"), path.join(tmp, "specs"), { recursive: true });
      cpSync(path.join(REPO_ROOT, "generated"), path.join(tmp, "generated"), { recursive: true });
    });
    after(() => rmSync(tmp, { recursive: true, force: true }));

    it("is fresh there too, since output does not depend on the absolute path", () => {
      const res = check(tmp);
      assert.equal(res.code, 0, res.stderr);
    });

    it("exits 1 naming a changed file, a missing file and an orphan, and writes nothing", () => {
      appendFileSync(path.join(tmp, "generated/petstore/router.mts"), "// edited by hand\n");
      rmSync(path.join(tmp, "generated/petstore/config.mjs"));
      writeFileSync(path.join(tmp, "generated/petstore/orphan.ts"), "export {};\n");
      mkdirSync(path.join(tmp, "generated/petstore/handlers/old"), { recursive: true });
      writeFileSync(path.join(tmp, "generated/petstore/handlers/old/Removed.mjs"), "export {};\n");
      const res = check(tmp);
      assert.equal(res.code, 1, res.stderr);
      const lines = res.stderr.split("\n").filter((l) => /^(stale|missing|orphaned): /.test(l));
      assert.deepEqual(lines, [
        "stale: generated/petstore/router.mts",
        "missing: generated/petstore/config.mjs",
        "orphaned: generated/petstore/handlers/old/Removed.mjs",
        "orphaned: generated/petstore/orphan.ts",
      ]);
      assert.match(res.stderr, /generated output is not up to date: run 'gwc build specs'/);
      // --check writes and removes nothing.
      assert.ok(existsSync(path.join(tmp, "generated/petstore/orphan.ts")));
      assert.ok(!existsSync(path.join(tmp, "generated/petstore/config.mjs")));
    });
  });
});
