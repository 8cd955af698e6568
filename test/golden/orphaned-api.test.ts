import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { build } from "../../compiler/build.js";
import { compareWithDisk, writeToDisk } from "../../compiler/emit/output.js";
import { REPO_ROOT } from "../helpers/gateway.js";

describe("output of an API whose spec folder was removed", () => {
  const work = path.join(".tmp", `orphan-${randomUUID().slice(0, 8)}`);
  const specs = path.join(work, "specs");
  const out = path.join(work, "out");
  after(() => rmSync(path.join(REPO_ROOT, work), { recursive: true, force: true }));

  it("is reported as orphaned by --check and removed, folder included, by a build", async () => {
    mkdirSync(path.join(REPO_ROOT, specs), { recursive: true });
    for (const api of ["petstore", "notes"]) cpSync(path.join(REPO_ROOT, "specs", api), path.join(REPO_ROOT, specs, api), { recursive: true });
    const first = await build({ root: REPO_ROOT, specsDir: specs, outDir: out });
    writeToDisk(REPO_ROOT, first.files, first.ownedDirs);
    rmSync(path.join(REPO_ROOT, specs, "notes"), { recursive: true });

    const second = await build({ root: REPO_ROOT, specsDir: specs, outDir: out });
    const stale = compareWithDisk(REPO_ROOT, second.files, second.ownedDirs);
    assert.ok(stale.orphaned.includes(`${out}/notes/server.mjs`), stale.orphaned.join(", "));
    assert.deepEqual([...stale.changed, ...stale.missing], []);
    writeToDisk(REPO_ROOT, second.files, second.ownedDirs);
    assert.equal(existsSync(path.join(REPO_ROOT, out, "notes")), false);
    assert.equal(existsSync(path.join(REPO_ROOT, out, "petstore", "server.mjs")), true);
  });

  it("is left alone when a single API folder is built", async () => {
    const single = await build({ root: REPO_ROOT, specsDir: path.join(specs, "petstore"), outDir: out });
    assert.deepEqual(single.ownedDirs, [`${out}/petstore`]);
  });
});
