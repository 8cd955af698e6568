import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createVtlScope, vtl } from "../../../runtime/vtl/index.js";
import { base64Decode, base64Encode, escapeJavaScript, urlDecode, urlEncode } from "../../../runtime/vtl/util-functions.js";
import { compileForTest, loadVectors } from "./harness.js";
import { testSeed } from "../../helpers/seed.js";

const SEED = testSeed();

/** Well-formed strings over all of Unicode. */
const textArb = fc.string({ unit: "binary", maxLength: 40 });

/** Any UTF-16 code units, lone surrogates included (what a JS string can hold). */
const unitsArb = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });

/** Evaluates a JS string literal body between the given quotes (test code only). */
function readJsLiteral(body: string, quote: "'" | '"'): unknown {
  return new Function(`return ${quote}${body}${quote};`)();
}

describe(`VTL $input / $util properties (seed ${SEED})`, () => {
  it("$input.json('$') re-parses to the body, however the body is laid out", () => {
    const render = compileForTest("$input.json('$')");
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        const body = JSON.stringify(value, null, indent);
        const out = render(createVtlScope({ body, headers: {}, query: {}, path: {} }));
        assert.deepEqual(JSON.parse(out), JSON.parse(body));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("escapeJavaScript(s) read back as a JS string literal, in either quotes, is s", () => {
    fc.assert(
      fc.property(fc.oneof(textArb, unitsArb), (s) => {
        const escaped = escapeJavaScript(s);
        assert.equal(readJsLiteral(escaped, "'"), s);
        assert.equal(readJsLiteral(escaped, '"'), s);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("escapeJavaScript output is ASCII without control characters (DEL passes, as in Commons Lang) and becomes a JSON string once \\' is undone (the AWS guide's replaceAll)", () => {
    fc.assert(
      fc.property(fc.oneof(textArb, unitsArb), (s) => {
        const escaped = escapeJavaScript(s);
        assert.match(escaped, /^[\x20-\x7f]*$/);
        assert.equal(JSON.parse(`"${escaped.replaceAll("\\'", "'")}"`), s);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("urlDecode(urlEncode(s)) is s, and urlEncode writes only URL-safe characters", () => {
    fc.assert(
      fc.property(textArb, (s) => {
        const encoded = urlEncode(s);
        assert.match(encoded, /^[A-Za-z0-9.*_+%-]*$/);
        assert.equal(urlDecode(encoded), s);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("base64Decode(base64Encode(s)) is s", () => {
    fc.assert(
      fc.property(textArb, (s) => assert.equal(base64Decode(base64Encode(s)), s)),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("== is symmetric on any two JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), (a, b) => {
        assert.equal(vtl.eq(a, b), vtl.eq(b, a));
        assert.equal(vtl.eq(a, a), true);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("every corpus template renders without throwing on any JSON or text body and any parameters", () => {
    const templates = [...new Set(loadVectors().flatMap((v) => [v.template, ...(v.responseTemplate == null ? [] : [v.responseTemplate])]))];
    const params = fc.dictionary(fc.constantFrom("id", "testPath", "param1", "data", "q", "Content-Type"), fc.string({ maxLength: 12 }), { maxKeys: 3 });
    const bodyArb = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 30 }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.constantFrom(...templates), bodyArb, params, params, params, (template, body, path, query, headers) => {
        const out = compileForTest(template)(createVtlScope({ body, headers, query, path }));
        assert.equal(typeof out, "string");
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
