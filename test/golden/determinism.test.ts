// Golden test 2 (STYLE.md §1.3, §8): same input, same bytes. The CLI builds specs/ from two working directories
// with different TZ and LANG, and every output byte must match; and, as a property, permuting the key order and
// whitespace of the petstore document must not change a single output byte.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { parse as parseYaml } from "yaml";
import { build } from "../../compiler/build.js";
import { formatHuman } from "../../compiler/diagnostics/format.js";
import { REPO_ROOT } from "../helpers/gateway.js";
import { testSeed } from "../helpers/seed.js";

// Seed handling per STYLE §8: from GWC_SEED (test/run.mjs sets it), printed in the describe title.
const SEED = testSeed();

/** Property runs, each one in-memory build of the petstore (~0.1 s); GWC_NUM_RUNS raises it for a longer search. */
const NUM_RUNS = Number(process.env.GWC_NUM_RUNS ?? 25);

const GWC = path.join(REPO_ROOT, "compiler/gwc.mjs");
const TMP = path.join(REPO_ROOT, ".tmp", `determinism-${randomUUID().slice(0, 8)}`);

/** Every file under `dir`, relative to it, POSIX separators, sorted. */
function listTree(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTree(full, base));
    else out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out.sort();
}

/** A small seeded PRNG (mulberry32), so that a shuffle is reproduced from the fast-check seed alone. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Serialises `value` as JSON with every object's keys in an order shuffled by `random`. Written by hand: a JS
 * object always lists integer-like keys ("200") first, so shuffling an object and calling JSON.stringify could
 * not move them.
 */
function shuffledJson(value: unknown, random: () => number, indent: string, colon: string, depth = 0): string {
  const pad = indent === "" ? "" : "\n" + indent.repeat(depth + 1);
  const end = indent === "" ? "" : "\n" + indent.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[${value.map((v) => pad + shuffledJson(v, random, indent, colon, depth + 1)).join(",")}${end}]`;
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    const entries = keys.map((k) => `${pad}${JSON.stringify(k)}${colon}${shuffledJson((value as Record<string, unknown>)[k], random, indent, colon, depth + 1)}`);
    return `{${entries.join(",")}${end}}`;
  }
  return JSON.stringify(value);
}

describe("gwc build output does not depend on cwd, TZ or LANG", () => {
  before(() => mkdirSync(TMP, { recursive: true }));
  after(() => rmSync(TMP, { recursive: true, force: true }));

  it("writes the same bytes from two working directories with different time zones and locales", () => {
    const runs = [
      { cwd: path.join(TMP, "a"), env: { TZ: "UTC", LANG: "C.UTF-8", LC_ALL: "C.UTF-8" } },
      { cwd: path.join(TMP, "deeper", "nested", "b"), env: { TZ: "Asia/Kathmandu", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" } },
    ];
    const trees = runs.map(({ cwd, env }) => {
      cpSync(path.join(REPO_ROOT, "specs"), path.join(cwd, "specs"), { recursive: true });
      const res = spawnSync(process.execPath, [GWC, "build", "specs", "--out", "out"], { cwd, env: { ...process.env, ...env }, encoding: "utf8" });
      assert.equal(res.status, 0, res.stderr);
      const files = listTree(path.join(cwd, "out"));
      return new Map(files.map((f) => [f, readFileSync(path.join(cwd, "out", f))]));
    });
    const [a, b] = trees as [Map<string, Buffer>, Map<string, Buffer>];
    assert.ok(a.size > 0);
    assert.deepEqual([...a.keys()], [...b.keys()]);
    for (const [file, bytes] of a) assert.ok(bytes.equals(b.get(file)!), `${file} differs between the two builds`);
  });
});

describe("gwc build of one spec folder from three working folders", () => {
  const runs = [
    { name: "the repository root", cwd: REPO_ROOT, specs: "specs" },
    { name: "a subfolder", cwd: path.join(REPO_ROOT, "compiler", "emit"), specs: path.join("..", "..", "specs") },
    { name: "the OS temp folder", cwd: os.tmpdir(), specs: path.join(REPO_ROOT, "specs") },
  ];

  for (const { name, cwd, specs } of runs) {
    it(`finds generated/ fresh from ${name} (--check writes nothing)`, () => {
      const res = spawnSync(process.execPath, [GWC, "build", specs, "--check"], { cwd, encoding: "utf8" });
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stderr, /2 API\(s\) up to date/);
    });
  }

  it("writes byte-identical files into one output folder from each of them", () => {
    const out = path.join(TMP, "three-cwds");
    const trees = runs.map(({ cwd, specs }) => {
      rmSync(out, { recursive: true, force: true });
      const res = spawnSync(process.execPath, [GWC, "build", specs, "--out", out], { cwd, encoding: "utf8" });
      assert.equal(res.status, 0, res.stderr);
      return new Map(listTree(out).map((f) => [f, readFileSync(path.join(out, f))]));
    });
    const [first, ...rest] = trees as [Map<string, Buffer>, ...Map<string, Buffer>[]];
    assert.ok(first.size > 0);
    for (const other of rest) {
      assert.deepEqual([...other.keys()], [...first.keys()]);
      for (const [file, bytes] of first) assert.ok(bytes.equals(other.get(file)!), `${file} differs between working folders`);
    }
  });
});

describe(`petstore output is invariant under key order and whitespace (seed ${SEED})`, () => {
  const api = path.join(TMP, "prop", "petstore");
  const rel = path.relative(REPO_ROOT, api);
  const outDir = path.relative(REPO_ROOT, path.join(TMP, "prop", "out"));
  // The petstore plus two routes whose inline body models want the same name ("body_POST_a_b"): which one
  // gets the "_2" suffix must not depend on the order of the document's keys.
  const clashingRoute = (title: string): unknown => ({
    post: {
      "x-amazon-apigateway-request-validator": "all",
      requestBody: { required: true, content: { "application/json": { schema: { type: "object", title, required: [title], properties: { [title]: { type: "string" } } } } } },
      responses: { "200": { description: "OK" } },
      "x-amazon-apigateway-integration": { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' }, responses: { default: { statusCode: "200" } } },
    },
  });
  const petstore = parseYaml(readFileSync(path.join(REPO_ROOT, "specs/petstore/openapi.yaml"), "utf8")) as { paths: Record<string, unknown> };
  const document = { ...petstore, paths: { ...petstore.paths, "/a-b": clashingRoute("dash"), "/a_b": clashingRoute("underscore") } };
  let baseline: Map<string, string>;

  /** Builds the API folder in memory; manifest.json loses the hash of openapi.json, the one input that differs. */
  async function buildOutput(): Promise<Map<string, string>> {
    const result = await build({ root: REPO_ROOT, specsDir: rel, outDir });
    assert.equal(result.hasErrors, false, formatHuman(result.diagnostics));
    return new Map(
      result.files.paths().map((f) => {
        let text = result.files.get(f)!;
        if (f.endsWith("/manifest.json")) {
          const manifest = JSON.parse(text) as { inputs: Record<string, string> };
          delete manifest.inputs[`${rel}/openapi.json`];
          text = JSON.stringify(manifest, null, 2);
        }
        return [f, text];
      }),
    );
  }

  after(() => rmSync(TMP, { recursive: true, force: true }));
  before(async () => {
    mkdirSync(api, { recursive: true });
    for (const entry of readdirSync(path.join(REPO_ROOT, "specs/petstore"))) {
      if (entry === "openapi.yaml") continue;
      cpSync(path.join(REPO_ROOT, "specs/petstore", entry), path.join(api, entry), { recursive: true });
    }
    writeFileSync(path.join(api, "openapi.json"), JSON.stringify(document, null, 2) + "\n");
    baseline = await buildOutput();
  });

  it("names clashing models by origin pointer: /a-b (\"-\" sorts before \"_\") keeps the name, /a_b gets _2", () => {
    const validators = [...baseline].find(([f]) => f.endsWith("/validators.mjs"))![1];
    const routes = [...baseline].find(([f]) => f.endsWith("/routes.mts"))![1];
    assert.match(validators, /export \{[^}]*\bas body_POST_a_b\b[^}]*\bas body_POST_a_b_2\b/);
    assert.match(routes, /resource: "\/a-b",[\s\S]*?V\.body_POST_a_b\b(?!_)/);
    assert.match(routes, /resource: "\/a_b",[\s\S]*?V\.body_POST_a_b_2\b/);
  });

  it("builds byte-identical output from every permutation of the document's object keys", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.constantFrom("", " ", "  ", "\t", "    "), fc.constantFrom(":", ": ", " : "), async (shuffleSeed, indent, colon) => {
        writeFileSync(path.join(api, "openapi.json"), shuffledJson(document, mulberry32(shuffleSeed), indent, colon) + "\n");
        const output = await buildOutput();
        assert.deepEqual([...output.keys()], [...baseline.keys()]);
        // manifest.json last: it holds the other files' hashes, so the file that really changed is named first.
        const files = [...output.keys()].sort((a, b) => Number(a.endsWith("/manifest.json")) - Number(b.endsWith("/manifest.json")));
        for (const file of files) assert.equal(output.get(file), baseline.get(file), `${file} changed`);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});
