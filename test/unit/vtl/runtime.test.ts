import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { javaRegExp, javaReplace, javaSplit } from "../../../runtime/vtl/java-regex.js";
import { evaluateJsonPath, parseJsonPath } from "../../../runtime/vtl/json-path.js";
import { javaNumber, javaString, str } from "../../../runtime/vtl/render.js";
import { base64Decode, escapeJavaScript, urlDecode, urlEncode } from "../../../runtime/vtl/util-functions.js";
import { createContext } from "../../../runtime/vtl/context.js";
import { readOverrides } from "../../../runtime/vtl/overrides.js";
import { javaList } from "../../../runtime/vtl/values.js";

/** Expected values are what the Java classes named in each describe return (JDK 8+ documentation). */

describe("javaSplit (String.split)", () => {
  const cases: readonly [string, { s: string; regex: string; limit: number; want: string[] }][] = [
    ["drops trailing empty strings with limit 0", { s: "a,b,,", regex: ",", limit: 0, want: ["a", "b"] }],
    ["keeps a leading empty string", { s: ",a", regex: ",", limit: 0, want: ["", "a"] }],
    ["keeps trailing empty strings with a negative limit", { s: "a,b,,", regex: ",", limit: -1, want: ["a", "b", "", ""] }],
    ["caps the parts at a positive limit", { s: "a,b,c", regex: ",", limit: 2, want: ["a", "b,c"] }],
    ["splits between characters on an empty regex without a leading empty string", { s: "abc", regex: "", limit: 0, want: ["a", "b", "c"] }],
    ["returns the input when nothing matches", { s: "", regex: ",", limit: 0, want: [""] }],
    ["returns nothing when only separators remain", { s: ",", regex: ",", limit: 0, want: [] }],
    ["splits on a regex", { s: "a1b22c", regex: "\\d+", limit: 0, want: ["a", "b", "c"] }],
  ];
  for (const [name, c] of cases) it(name, () => assert.deepEqual(javaSplit(c.s, c.regex, c.limit), c.want));
});

describe("javaRegExp (java.util.regex → RegExp)", () => {
  it("refuses syntax JS cannot express", () => {
    for (const pattern of ["a++", "a*+", "a{2}+", "(?>a)", "[a-z&&[^e]]", "a(?i)b", "\\G"]) assert.equal(javaRegExp(pattern), undefined, pattern);
  });
  it("translates quoting, leading flags, POSIX classes and anchors", () => {
    assert.ok(javaRegExp("\\Qa.b\\E")!.test("a.b") && !javaRegExp("^\\Qa.b\\E$")!.test("axb"));
    assert.ok(javaRegExp("^(?i)abc$") === undefined && javaRegExp("(?i)^abc$")!.test("ABC"));
    assert.ok(javaRegExp("^\\p{Alpha}+$")!.test("abcXYZ") && !javaRegExp("^\\p{Alpha}+$")!.test("ab1"));
    assert.ok(javaRegExp("\\Aab\\z")!.test("ab") && !javaRegExp("\\Aab\\z")!.test("ab\n"));
    assert.ok(javaRegExp("^\\e$")!.test("\x1b"));
  });
  it("reads Java replacement syntax: $n, ${name}, \\$", () => {
    assert.equal(javaReplace("abc", "(b)", "\\$$1", true), "a$bc");
    assert.equal(javaReplace("abab", "(?<x>b)", "[${x}]", false), "a[b]ab");
    assert.equal(javaReplace("ab", "(b)", "$12", true), "ab2");
    assert.equal(javaReplace("ab", "(b)", "$2", true), undefined);
    assert.equal(javaReplace("ab", "b", "$", true), undefined);
  });
});

describe("parseJsonPath / evaluateJsonPath", () => {
  const root = { a: { b: 1, "x y": 2 }, list: [{ b: "one" }, { b: "two" }, { c: 3 }], n: null };
  const cases: readonly [string, { path: string; found: boolean; value?: unknown }][] = [
    ["selects the root", { path: "$", found: true, value: root }],
    ["follows dotted names", { path: "$.a.b", found: true, value: 1 }],
    ["reads bracketed names", { path: "$['a']['x y']", found: true, value: 2 }],
    ["reads a path without $ as relative to the root (as Jayway does)", { path: "a.b", found: true, value: 1 }],
    ["indexes lists, negative from the end", { path: "$.list[-1].c", found: true, value: 3 }],
    ["finds a JSON null", { path: "$.n", found: true, value: null }],
    ["misses a missing name", { path: "$.a.nope", found: false }],
    ["misses a name on a string", { path: "$.list[0].b.c", found: false }],
    ["lists wildcard matches, skipping items without the name", { path: "$.list[*].b", found: true, value: ["one", "two"] }],
    ["lists deep-scan matches in document order", { path: "$..b", found: true, value: [1, "one", "two"] }],
    ["lists a slice", { path: "$.list[0:2]", found: true, value: [{ b: "one" }, { b: "two" }] }],
  ];
  for (const [name, c] of cases) {
    it(name, () => {
      const path = parseJsonPath(c.path);
      assert.ok(path !== undefined);
      const result = evaluateJsonPath(root, path);
      assert.equal(result.found, c.found);
      if (c.found) assert.deepEqual(result.value, c.value);
    });
  }
  it("refuses filters and malformed paths", () => {
    for (const path of ["$[?(@.b)]", "$.a[", "$.a.", "$..", "$['unterminated]"]) assert.equal(parseJsonPath(path), undefined, path);
  });
});

describe("rendering (Java toString)", () => {
  it("prints numbers as Java's Integer/Long/Double do", () => {
    assert.deepEqual([1, -3, 2345678901, 1.5, 10000000.5, 0.0001, 1e21].map(javaNumber), ["1", "-3", "2345678901", "1.5", "1.00000005E7", "1.0E-4", "1.0E21"]);
  });
  it("prints maps Java-style, JSON lists as JSON, template lists Java-style, null inside as null", () => {
    assert.equal(str({ a: "x", b: [{ c: "d" }], n: null, m: { k: 1 } }), '{a=x, b=[{"c":"d"}], n=null, m={k=1}}');
    assert.equal(str(javaList(["a", null, { k: "v" }])), "[a, null, {k=v}]");
    assert.equal(str(null), "");
  });
  it("prints a map that contains itself without recursing", () => {
    const m: Record<string, unknown> = { a: 1 };
    m.self = m;
    assert.equal(javaString(m, []), "{a=1, self=(this Map)}");
  });
});

describe("$util functions", () => {
  it("escapeJavaScript escapes quotes, slash, control and non-ASCII units as Commons Lang does", () => {
    assert.equal(escapeJavaScript("'\"\\/\b\t\n\f\r\u0000\u001f\u007f é😀"), "\\'\\\"\\\\\\/\\b\\t\\n\\f\\r\\u0000\\u001F\u007f \\u00E9\\uD83D\\uDE00");
  });
  it("urlEncode encodes as URLEncoder (UTF-8, space as +, * . - _ kept)", () => {
    assert.equal(urlEncode("a b~!*'()._-€"), "a+b%7E%21*%27%28%29._-%E2%82%AC");
    assert.equal(urlEncode("x\uD800y"), "x%3Fy");
  });
  it("urlDecode decodes as URLDecoder and refuses a bad escape", () => {
    assert.equal(urlDecode("a+b%E2%82%AC%2b"), "a b€+");
    assert.equal(urlDecode("%zz"), null);
    assert.equal(urlDecode("100%"), null);
  });
  it("base64Decode accepts unpadded input and refuses bad input", () => {
    assert.equal(base64Decode("YQ"), "a");
    assert.equal(base64Decode("YQ=="), "a");
    assert.equal(base64Decode("YQ="), null);
    assert.equal(base64Decode("Y"), null);
    assert.equal(base64Decode("a b"), null);
  });
});

describe("createContext / readOverrides", () => {
  it("expands dotted context names and adds the override maps", () => {
    const context = createContext({ "identity.sourceIp": "192.0.2.1", stage: "prod" });
    assert.deepEqual(JSON.parse(JSON.stringify(context)), {
      identity: { sourceIp: "192.0.2.1" },
      stage: "prod",
      requestOverride: { header: {}, path: {}, querystring: {} },
      responseOverride: { header: {} },
    });
  });
  it("reads a status given as digits and ignores one that is not an integer", () => {
    const context = createContext({});
    (context.responseOverride as Record<string, unknown>).status = "404";
    assert.equal(readOverrides(context).status, 404);
    (context.responseOverride as Record<string, unknown>).status = "teapot";
    assert.equal(readOverrides(context).status, undefined);
  });
});
