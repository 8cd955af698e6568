import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { UTIL } from "../../../runtime/vtl/util.js";
import { loadUtilCases, loadVectors, mismatch, runVector, type VtlVector } from "./harness.js";

/**
 * The corpus vectors (test/corpus/vtl/vectors.json) run through compiled templates. A vector
 * listed in expected-failures.json must fail and every other must pass, so the list stays
 * honest: a fix that makes a listed vector pass fails this test until the entry is removed.
 */
const expectedFailures = JSON.parse(readFileSync(new URL("expected-failures.json", import.meta.url), "utf8")) as {
  readonly vectors: Readonly<Record<string, string>>;
  readonly "util-functions": Readonly<Record<string, string>>;
};

const TIERS: readonly VtlVector["tier"][] = ["aws-recorded", "aws-docs", "localstack-unit"];

function failureOf(vector: VtlVector): string | undefined {
  try {
    return mismatch(vector, runVector(vector));
  } catch (e) {
    return `threw ${e instanceof Error ? e.message : String(e)}`;
  }
}

describe("VTL corpus vectors", () => {
  const vectors = loadVectors();
  const passed = new Map<string, number>(TIERS.map((t) => [t, 0]));
  const total = new Map<string, number>(TIERS.map((t) => [t, 0]));

  after(() => {
    const counts = TIERS.map((t) => `${t} ${passed.get(t)}/${total.get(t)}`).join(", ");
    process.stdout.write(`# vtl vectors: ${counts}\n`);
  });

  it("lists only vectors that exist in expected-failures.json", () => {
    const names = new Set(vectors.map((v) => v.name));
    assert.deepEqual(Object.keys(expectedFailures.vectors).filter((n) => !names.has(n)), []);
  });

  for (const vector of vectors) {
    const known = expectedFailures.vectors[vector.name];
    it(`${known === undefined ? "renders" : "still fails"} ${vector.name} (${vector.tier}, ${vector.harness})`, () => {
      const failure = failureOf(vector);
      total.set(vector.tier, total.get(vector.tier)! + 1);
      if (failure === undefined) passed.set(vector.tier, passed.get(vector.tier)! + 1);
      if (known === undefined) assert.equal(failure, undefined, failure);
      else assert.notEqual(failure, undefined, `listed as failing (${known}) but passes: remove it from expected-failures.json`);
    });
  }
});

describe("$util cases (util-functions.localstack-unit.json)", () => {
  const keyOf = (c: { fn: string; arg: string }): string => `${c.fn}(${JSON.stringify(c.arg)})`;

  it("lists only cases that exist in expected-failures.json", () => {
    const keys = new Set(loadUtilCases().map(keyOf));
    assert.deepEqual(Object.keys(expectedFailures["util-functions"]).filter((k) => !keys.has(k)), []);
  });

  for (const c of loadUtilCases()) {
    const key = keyOf(c);
    const known = expectedFailures["util-functions"][key];
    it(`${known === undefined ? "computes" : "still differs on"} ${key}`, () => {
      const actual = UTIL.vtlCall(c.fn, [c.arg]);
      if (known === undefined) assert.deepEqual(actual, c.expected);
      else assert.equal(isDeepStrictEqual(actual, c.expected), false, `listed as differing (${known}) but matches: remove it from expected-failures.json`);
    });
  }
});
