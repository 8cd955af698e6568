/**
 * Conformance of gwc's generated validators (compiler/emit/validator-module.ts) against the official
 * JSON-Schema-Test-Suite (test/corpus/json-schema-test-suite, README "How to use"): draft4, the
 * dialect of API Gateway REST models, and draft2020-12, the dialect of OpenAPI 3.1. `optional/`
 * is opt-in per the corpus README and not run.
 *
 * Draft 4 schemas first go through normaliseSchema(…, "draft-04"), as API Gateway models do in
 * the compiler; it supplies draft 4 semantics ajv lacks (members next to `$ref` are ignored).
 * 2020-12 schemas are compiled as they are (normaliseSchema's 3.1 mode only strips OpenAPI
 * annotations).
 *
 * Each test file compiles to ONE module (one export per group) through emitValidatorModule, which
 * is then loaded in-process exactly as generated code would load it. If the file's module does
 * not compile, each group is compiled alone, so one bad group costs only its own tests. A group
 * that does not compile fails all its tests, with the compile error as the reason.
 *
 * Remote refs (`http://localhost:1234/<path>`) resolve through the `remotes` input of
 * emitValidatorModule: every file under `remotes/` is registered under its URL (URL path = file
 * path), except the folders of other drafts, whose `$schema` the instance has no metaschema for.
 *
 * Known failures live in json-schema-test-suite.expected-failures.json as
 * `{ "<dialect folder>/<file>": { "<group> :: <test>": "<reason>" } }` (STYLE.md §8
 * "Conformance"). The run fails on an unexpected failure, on a listed case that passes, and on a
 * listed case or file that no longer exists. `UPDATE_GOLDEN=1` rewrites the file from the
 * observed failures, keeping existing reasons; review the diff and write a reason for new cases.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { normaliseSchema } from "../../compiler/passes/normalise/schema-dialect.js";
import { emitValidatorModule, type ValidatorModuleInput } from "../../compiler/emit/validator-module.js";

const SUITE = new URL("../corpus/json-schema-test-suite/", import.meta.url);
const EXPECTED_FILE = new URL("./json-schema-test-suite.expected-failures.json", import.meta.url);
/** Where the suite's remote documents are served from (JSON-Schema-Test-Suite README). */
const REMOTE_BASE = "http://localhost:1234/";
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** The generated module's `require`: ajv's runtime helpers resolve from the repository. */
const requireFromRepo = createRequire(import.meta.url);

interface SuiteTest {
  description: string;
  data: unknown;
  valid: boolean;
}
interface SuiteGroup {
  description: string;
  schema: unknown;
  tests: SuiteTest[];
}
type Expectations = Record<string, Record<string, string>>;

interface Dialect {
  /** Folder under tests/ and remotes/. */
  folder: "draft4" | "draft2020-12";
  dialect: ValidatorModuleInput["dialect"];
}
const DIALECTS: readonly Dialect[] = [
  { folder: "draft4", dialect: "draft-04" },
  { folder: "draft2020-12", dialect: "2020-12" },
];

const expected: Expectations = JSON.parse(readFileSync(EXPECTED_FILE, "utf8"));
/** Observed failures of the whole run, for UPDATE_GOLDEN. */
const observed: Expectations = {};

describe("JSON-Schema-Test-Suite", () => {
  for (const { folder, dialect } of DIALECTS) {
    describe(folder, () => {
      const testsDir = new URL(`tests/${folder}/`, SUITE);
      const files = readdirSync(testsDir, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith(".json"))
        .map((e) => e.name)
        .sort();
      const remotes = loadRemotes(folder);
      const totals = { tests: 0, passed: 0, knownFailures: 0 };

      for (const file of files) {
        const key = `${folder}/${file}`;
        it(`${file} passes every case not listed as a known failure`, () => {
          const groups: SuiteGroup[] = JSON.parse(readFileSync(new URL(file, testsDir), "utf8"));
          const failures = runFile(groups, dialect, remotes);
          const known = expected[key] ?? {};
          if (Object.keys(failures).length > 0) observed[key] = failures;

          const names = new Set(groups.flatMap((g) => g.tests.map((t) => caseName(g, t))));
          assert.equal(names.size, groups.reduce((n, g) => n + g.tests.length, 0), "case names must be unique");
          totals.tests += names.size;
          totals.passed += names.size - Object.keys(failures).length;
          totals.knownFailures += Object.keys(failures).filter((n) => Object.hasOwn(known, n)).length;
          if (UPDATE) return;

          const unexpected = Object.keys(failures).filter((n) => !Object.hasOwn(known, n));
          const nowPassing = Object.keys(known).filter((n) => names.has(n) && !Object.hasOwn(failures, n));
          const missing = Object.keys(known).filter((n) => !names.has(n));
          assert.deepEqual(
            { unexpected: Object.fromEntries(unexpected.map((n) => [n, failures[n]])), nowPassing, missing },
            { unexpected: {}, nowPassing: [], missing: [] },
            `${key}: unexpected failures, known failures that now pass (remove them), or stale entries`,
          );
        });
      }

      it("lists expected failures only for files that exist", () => {
        const stale = Object.keys(expected).filter((k) => k.startsWith(`${folder}/`) && !files.includes(k.slice(folder.length + 1)));
        assert.deepEqual(stale, []);
      });

      after(() => {
        console.log(`${folder}: ${totals.passed}/${totals.tests} passed, ${totals.knownFailures} known failures`);
      });
    });
  }

  it("lists expected failures only for dialects that run", () => {
    const folders = DIALECTS.map((d) => `${d.folder}/`);
    assert.deepEqual(Object.keys(expected).filter((k) => !folders.some((f) => k.startsWith(f))), []);
  });

  after(() => {
    if (!UPDATE) return;
    const out: Expectations = {};
    for (const key of Object.keys(observed).sort()) {
      out[key] = {};
      for (const name of Object.keys(observed[key]!).sort()) {
        out[key][name] = expected[key]?.[name] ?? observed[key]![name]!;
      }
    }
    writeFileSync(EXPECTED_FILE, `${JSON.stringify(out, null, 2)}\n`);
  });
});

/** `<group description> :: <test description>`, the key used in the expectation file. */
function caseName(group: SuiteGroup, test: SuiteTest): string {
  return `${group.description} :: ${test.description}`;
}

/** Runs one test file; returns the failed cases with what went wrong. */
function runFile(groups: readonly SuiteGroup[], dialect: ValidatorModuleInput["dialect"], remotes: Record<string, unknown>): Record<string, string> {
  const failures: Record<string, string> = {};
  const ids = groups.map((_, i) => `group${i}`);
  const schemaOf = (group: SuiteGroup): unknown => (dialect === "draft-04" ? normaliseSchema(group.schema, "draft-04") : group.schema);
  let validators: Record<string, unknown> | undefined;
  try {
    const input: ValidatorModuleInput = { dialect, definitions: {}, remotes, schemas: groups.map((g, i) => ({ id: ids[i]!, schema: schemaOf(g) })) };
    const source = emitValidatorModule(input);
    // Same input, same bytes (STYLE.md §1.3), also when every object lists its keys in reverse.
    assert.equal(emitValidatorModule(reverseKeys(input) as ValidatorModuleInput), source, "emitValidatorModule output depends on key order");
    validators = load(source);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    // Isolate the group(s) that do not compile; see the file comment.
    validators = {};
    for (const [i, group] of groups.entries()) {
      try {
        Object.assign(validators, load(emitValidatorModule({ dialect, definitions: {}, remotes, schemas: [{ id: ids[i]!, schema: schemaOf(group) }] })));
      } catch (error) {
        const reason = `does not compile: ${firstLine(error)}`;
        for (const test of group.tests) failures[caseName(group, test)] = reason;
      }
    }
  }
  for (const [i, group] of groups.entries()) {
    const validate = validators[ids[i]!];
    if (typeof validate !== "function") continue;
    for (const test of group.tests) {
      let result: unknown;
      try {
        result = validate(test.data);
      } catch (error) {
        failures[caseName(group, test)] = `throws at run time: ${firstLine(error)}`;
        continue;
      }
      if (result !== test.valid) failures[caseName(group, test)] = `returned ${String(result)}, expected ${String(test.valid)}`;
    }
  }
  return failures;
}

/** Evaluates a generated CommonJS module in-process, as `require` would. */
function load(source: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function("require", "module", "exports", source)(requireFromRepo, module, module.exports);
  return module.exports;
}

/**
 * Every remote document as URL → schema, leaving out the folders of other drafts (a
 * `draft2019-09/` document declares a `$schema` the draft4 instance cannot validate against) and
 * `v1/`, which no draft4 or draft2020-12 test refers to.
 */
function loadRemotes(folder: Dialect["folder"]): Record<string, unknown> {
  const root = fileURLToPath(new URL("remotes/", SUITE));
  const remotes: Record<string, unknown> = {};
  const entries = readdirSync(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".json")) continue;
    const file = join(entry.parentPath, entry.name);
    const path = relative(root, file).split(sep).join("/");
    const top = path.split("/")[0]!;
    if (/^(draft|v\d)/.test(top) && top !== folder) continue;
    remotes[REMOTE_BASE + path] = JSON.parse(readFileSync(file, "utf8"));
  }
  return remotes;
}

/** A deep copy in which every object lists its keys in reverse order (arrays keep theirs). */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reverseKeys(v)]));
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!;
}
