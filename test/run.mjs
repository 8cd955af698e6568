// Runs every *.test.ts under test/ (never test/bench/ or test/corpus/) with node's test runner and tsx.
// Node 20's --test takes no globs, so the files are listed here.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);

if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(`Usage: node test/run.mjs [part-of-path ...]

Runs every test/**/*.test.ts (or those whose path contains one of the given parts) with node's
test runner. Property tests take their seed from GWC_SEED; without it one is chosen, printed, and
used for the whole run (replay a failure with GWC_SEED=<seed>). Exit 2 when no test file matches.
`);
  process.exit(0);
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name === "bench" || name === "corpus" || name === "node_modules" || name.startsWith(".")) continue;
      out.push(...walk(full));
    } else if (name.endsWith(".test.ts")) out.push(path.relative(root, full));
  }
  return out;
}

const files = walk(path.join(root, "test")).filter((f) => args.length === 0 || args.some((o) => f.includes(o)));
if (files.length === 0) {
  // node --test with no files would discover files itself (test/bench/ included): refuse instead.
  process.stderr.write(`test/run.mjs: no test file matches ${args.map((a) => JSON.stringify(a)).join(", ")}\n`);
  process.exit(2);
}
const seedText = process.env.GWC_SEED ?? String(randomInt(0, 0x7fffffff));
if (!/^\d+$/.test(seedText)) {
  process.stderr.write(`test/run.mjs: GWC_SEED must be a whole number, not ${JSON.stringify(seedText)}\n`);
  process.exit(2);
}
process.stdout.write(`GWC_SEED=${seedText}${process.env.GWC_SEED === undefined ? " (chosen; set GWC_SEED to replay)" : ""}\n`);
const env = { ...process.env, GWC_SEED: seedText };
// Generated code imports `gwc/runtime` from dist/: rebuild it so tests run the current runtime/ source.
const runtime = spawnSync(process.execPath, ["compiler/gwc.mjs", "build-runtime"], { stdio: "inherit", cwd: root, env });
if (runtime.status !== 0) process.exit(runtime.status ?? 1);
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], { stdio: "inherit", cwd: root, env });
process.exit(result.status ?? 1);
