// Runs every *.test.ts under test/ (never test/bench/) with node's test runner and tsx.
// Node 20's --test takes no globs, so the files are listed here.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const root = path.resolve(import.meta.dirname, "..");
const only = process.argv.slice(2);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name === "bench" || name === "node_modules" || name.startsWith(".")) continue;
      out.push(...walk(full));
    } else if (name.endsWith(".test.ts")) out.push(path.relative(root, full));
  }
  return out;
}

const files = walk(path.join(root, "test")).filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
if (process.env.CI === "true" && !process.env.GWC_SEED) {
  console.error("GWC_SEED must be set when CI=true (property tests print and reuse it)");
  process.exit(2);
}
// Generated code imports `gwc/runtime` from dist/: rebuild it so tests run the current runtime/ source.
const runtime = spawnSync(process.execPath, ["compiler/gwc.mjs", "build-runtime"], { stdio: "inherit", cwd: root });
if (runtime.status !== 0) process.exit(runtime.status ?? 1);
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], { stdio: "inherit", cwd: root });
process.exit(result.status ?? 1);
