// Diagnostics snapshots (STYLE.md §6, §8 "Golden tests" 4; esbuild's expectedScanLog): every folder under
// cases/ is built on its own, and the human-formatted diagnostics must equal its expected.txt byte for byte.
// UPDATE_GOLDEN=1 rewrites the expected files (and the table in compiler/diagnostics/CODES.md); inspect the diff.
// The registry is policed as fastify polices its errors: every code is triggered by a case, codes and slugs are
// unique, and CODES.md documents exactly the registry's codes.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { build } from "../../compiler/build.js";
import { CODES, type Code, type CodeSpec } from "../../compiler/diagnostics/codes.js";
import { formatHuman } from "../../compiler/diagnostics/format.js";
import { REPO_ROOT } from "../helpers/gateway.js";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const CASES = path.join(REPO_ROOT, "test/golden/cases");
const CODES_MD = path.join(REPO_ROOT, "compiler/diagnostics/CODES.md");
const OUT = path.join(".tmp", `golden-diagnostics-${randomUUID().slice(0, 8)}`);

/**
 * Codes no case triggers, each with the reason. GWC9001 is an internal error: a spec that triggers it is a gwc
 * bug, and the only ones known (e.g. an ajv exception while compiling validators) print a stack excerpt with
 * absolute paths, which no golden file can hold.
 */
const UNTRIGGERED: Readonly<Partial<Record<Code, string>>> = {
  GWC9001: "internal errors have no clean spec-level trigger; their detail holds a stack excerpt with absolute paths",
};

const caseNames = readdirSync(CASES)
  .filter((n) => statSync(path.join(CASES, n)).isDirectory())
  .sort();

/** Files of a case folder other than expected.txt: the case's inputs. */
function inputsOf(name: string): string[] {
  return readdirSync(path.join(CASES, name)).filter((f) => f !== "expected.txt");
}

/** Codes each case reported, by case name. */
const triggered = new Map<string, Set<string>>();

describe("diagnostics golden cases", () => {
  after(() => rmSync(path.join(REPO_ROOT, OUT), { recursive: true, force: true }));

  for (const name of caseNames) {
    it(`${name} prints the diagnostics in expected.txt`, async () => {
      const expectedFile = path.join(CASES, name, "expected.txt");
      assert.ok(inputsOf(name).length > 0, `test/golden/cases/${name} has an expected.txt but no case: add its inputs or delete the folder`);
      const result = await build({ root: REPO_ROOT, specsDir: path.join("test/golden/cases", name), outDir: OUT });
      triggered.set(name, new Set(result.diagnostics.map((d) => d.code)));
      const actual = formatHuman(result.diagnostics);
      if (UPDATE) {
        writeFileSync(expectedFile, actual);
        return;
      }
      assert.ok(existsSync(expectedFile), `test/golden/cases/${name} has no expected.txt: run UPDATE_GOLDEN=1 node test/run.mjs test/golden/diagnostics and review it`);
      assert.equal(actual, readFileSync(expectedFile, "utf8"));
    });
  }

  it("triggers every registered code in the case named after its slug", () => {
    const all = new Set([...triggered.values()].flatMap((codes) => [...codes]));
    const live = (Object.keys(CODES) as Code[]).filter((c) => !(c in UNTRIGGERED) && !(CODES[c] as CodeSpec).retired);
    const missing = live.filter((c) => !triggered.get(CODES[c].slug)?.has(c)).map((c) => `${c} (cases/${CODES[c].slug})`);
    assert.deepEqual(missing, [], "add a case folder test/golden/cases/<slug> that triggers each");
    const stale = Object.keys(UNTRIGGERED).filter((c) => all.has(c));
    assert.deepEqual(stale, [], "a case now triggers these: remove them from UNTRIGGERED");
  });
});

describe("diagnostic code registry", () => {
  const entries = Object.entries(CODES) as [Code, CodeSpec][];

  it("uses GWC plus four digits, in the range of its phase", () => {
    for (const [code, spec] of entries) {
      assert.match(code, /^GWC[1-59]\d{3}$/);
      assert.match(spec.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${code} slug`);
    }
  });

  it("has unique codes and unique slugs", () => {
    const codes = entries.map(([c]) => c);
    assert.equal(new Set(codes).size, codes.length);
    const slugs = entries.map(([, s]) => s.slug);
    assert.deepEqual(slugs.filter((s, i) => slugs.indexOf(s) !== i), []);
  });

  it("writes messages as one sentence without a trailing period and hints in the imperative", () => {
    for (const [code, spec] of entries) {
      assert.doesNotMatch(spec.message, /\.$/, `${code} message`);
      assert.ok(spec.hint.length > 0, `${code} hint`);
    }
  });

  it("documents exactly the registry's codes in compiler/diagnostics/CODES.md", () => {
    if (UPDATE) writeFileSync(CODES_MD, renderCodesMd(entries));
    const documented = parseCodesTable(readFileSync(CODES_MD, "utf8"));
    const registry = new Map(entries.map(([c, s]) => [c as string, [s.slug, s.severity, s.message, s.hint]]));
    const undocumented = [...registry.keys()].filter((c) => !documented.has(c));
    const unknown = [...documented.keys()].filter((c) => !registry.has(c));
    assert.deepEqual({ undocumented, unknown }, { undocumented: [], unknown: [] }, "CODES.md and codes.ts list different codes");
    for (const [code, row] of documented) assert.deepEqual(row, registry.get(code), `CODES.md row of ${code} differs from codes.ts (UPDATE_GOLDEN=1 rewrites it)`);
  });
});

/** Markdown table cell: pipes escaped, so a hint like `{path|querystring}` stays in its column. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** CODES.md: a short introduction and one row per registry code. */
function renderCodesMd(entries: readonly [Code, CodeSpec][]): string {
  const rows = entries.map(([code, s]) => `| ${code} | ${cell(s.slug)} | ${s.severity} | ${cell(s.message)} | ${cell(s.hint)} |`);
  return [
    "# gwc diagnostic codes",
    "",
    "Every diagnostic gwc reports, as registered in `compiler/diagnostics/codes.ts` (the only place a code, message",
    "or hint is written). `{name}` placeholders are filled in per report. Ranges follow the phases: 1xxx load,",
    "2xxx normalise, 3xxx link, 4xxx check, 5xxx emit, 9xxx internal. Errors stop the build; warnings do not.",
    "`test/golden/diagnostics.test.ts` keeps this table and the registry identical, and",
    "`test/golden/cases/<slug>/expected.txt` shows each code as gwc prints it.",
    "",
    "| Code | Slug | Severity | Message | Hint |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

/** Rows of the CODES.md table: code → [slug, severity, message, hint], pipes unescaped. */
function parseCodesTable(markdown: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of markdown.split("\n")) {
    if (!/^\| GWC\d{4} \|/.test(line)) continue;
    const cells = line
      .slice(2, -2)
      .split(" | ")
      .map((c) => c.replace(/\\\|/g, "|"));
    const [code, ...rest] = cells;
    assert.ok(!out.has(code!), `CODES.md lists ${code} twice`);
    out.set(code!, rest);
  }
  return out;
}
