import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compileTemplate, HELPERS_NAME } from "../../../compiler/vtl/compile.js";
import { createVtlScope, isVtlRenderError, readOverrides, vtl, type VtlRequest, type VtlTemplate } from "../../../runtime/vtl/index.js";

/** Expected outputs follow the Velocity 1.7 user guide and the reference §4, not this implementation. */

function build(template: string, nullReferences?: "empty" | "source"): VtlTemplate {
  const result = compileTemplate(template, nullReferences === undefined ? {} : { nullReferences });
  if ("error" in result) throw new Error(`${result.error.line}:${result.error.column} ${result.error.message}`);
  return new Function(HELPERS_NAME, `return ${result.source};`)(vtl) as VtlTemplate;
}

function request(body: string | null = null, extra: Partial<VtlRequest> = {}): VtlRequest {
  return { body, headers: { Accept: "application/json" }, query: { q: "term" }, path: { id: "42" }, ...extra };
}

function render(template: string, body: string | null = null, nullReferences?: "empty" | "source"): string {
  return build(template, nullReferences)(createVtlScope(request(body)));
}

const cases: readonly [string, { template: string; body?: string; want: string }][] = [
  ["prints text unchanged", { template: 'plain {"json": true}', want: 'plain {"json": true}' }],
  ["prints $x, $!x and ${x} the same when set", { template: '#set($x = "v")$x|$!x|${x}|$!{x}', want: "v|v|v|v" }],
  ["prints a null reference as empty, quiet or not", { template: "[$missing|$!missing|$missing.deeper]", want: "[||]" }],
  ["keeps the previous value when #set gets null", { template: "#set($x = 1)#set($x = $missing)$x", want: "1" }],
  ["interpolates double-quoted strings, not single-quoted ones", { template: "#set($n = \"Ann\")#set($a = \"Hi $n, ${n}!\")#set($b = 'Hi $n')$a|$b", want: "Hi Ann, Ann!|Hi $n" }],
  ["runs directives inside an interpolated string", { template: '#set($s = "#if(true)yes#{else}no#end")$s', want: "yes" }],
  ["drops ## and #* *# comments and the newline after a line comment", { template: "a## note\nb#* block\n *#c", want: "abc" }],
  ["prints #[[ raw ]]# text verbatim", { template: "#[[$x #if]]#", want: "$x #if" }],
  ["prints an escaped reference literally", { template: "#set($x = 1)\\$x", want: "$x" }],
  ["swallows the newline after a directive line", { template: "#set($x = 1)\n#if(true)\nyes\n#end\nend", want: "yes\nend" }],
  ["takes #if / #elseif / #else branches", { template: "#foreach($n in [1..3])#if($n == 1)a#elseif($n == 2)b#{else}c#end#end", want: "abc" }],
  ["iterates a range with $foreach.index, count, hasNext and $velocityCount", { template: "#foreach($i in [1..3])$foreach.index/$foreach.count/$velocityCount#if($foreach.hasNext),#end#end", want: "0/1/1,1/2/2,2/3/3" }],
  ["counts a range down when from > to", { template: "#foreach($i in [3..1])$i#end", want: "321" }],
  ["gives nested loops $foreach.parent", { template: "#foreach($a in [1..2])#foreach($b in [1..2])$foreach.parent.count$foreach.count #end#end", want: "11 12 21 22 " }],
  ["restores the loop variable after the loop", { template: '#set($i = "outer")#foreach($i in [1..2])$i#end$i', want: "12outer" }],
  ["leaves a loop at #break", { template: "#foreach($i in [1..5])#if($i == 3)#break#end$i#end.", want: "12." }],
  ["stops the template at #stop", { template: "a#if(true)b#stop c#end d", want: "ab" }],
  ["keeps a macro's output up to a #stop inside it", { template: "#macro(m)x#stop y#end a#m()b", want: " ax" }],
  ["iterates a map's values and entrySet", { template: "#set($m = {\"a\": 1, \"b\": \"x\"})#foreach($v in $m)$v,#end#foreach($e in $m.entrySet())$e.key=$e.value;#end", want: "1,x,a=1;b=x;" }],
  ["makes no iterations over null or a string", { template: '#set($s = "abc")#foreach($x in $missing)n#end#foreach($x in $s)s#end.', want: "." }],
  ["calls macros with arguments and restores the outer values", { template: '#set($name = "outer")#macro(greet $name)Hi $name!#end#greet("Bob") #greet(1)$name', want: "Hi Bob! Hi 1!outer" }],
  ["calls a macro defined after the call", { template: "#later()#macro(later)L#end", want: "L" }],
  ["renders a #define block when it is printed", { template: "#define($d)[$x]#end#set($x = 1)$d#set($x = 2)$d", want: "[1][2]" }],
  ["prints list and map literals the Java way", { template: '#set($l = [1, "a", true])#set($m = {"a": 1, "b": [1, 2]})$l $l.size() $l[1] $m $m.a $m.keySet()', want: "[1, a, true] 3 a {a=1, b=[1, 2]} 1 [a, b]" }],
  ["divides integers as integers and yields null on division by zero", { template: "#set($a = 7 / 2)#set($b = -7 % 3)#set($c = 2.5 * 3)#set($d = 7 / 0)$a $b $c [$d]", want: "3 -1 7.5 []" }],
  ["concatenates with + when either side is a string", { template: '#set($s = "n" + 1)#set($t = 1 + 2)$s $t', want: "n1 3" }],
  ["compares with and/or/not and the word operators", { template: '#if(2 > 1 && 1 <= 1 && !(1 == 2) && "a" != "b")a#end#if(1 lt 2 and not false or false)b#end', want: "ab" }],
  ["treats null as equal to both $null and \"\" but not to an empty list", { template: '#set($empty = [])#if($missing == "")e#end#if($missing == $null)n#end#if($empty == "")l#end#if($empty == $null)m#end', want: "en" }],
  ["treats null and false as false, and \"\" and empty lists as true (Velocity 1.7)", { template: '#if($missing)1#end#if(false)2#end#if("")3#end#if([])4#end', want: "34" }],
  ["compares a number with its text", { template: '#if(42 == "42")same#end', want: "same" }],
  ["sets map entries with dotted and bracket keys", { template: '#set($m = {})#set($m.a = 1)#set($k = "b")#set($m[$k] = 2)#set($m["c"] = 3)$m $m.get("b") $m[$k]', want: "{a=1, b=2, c=3} 2 2" }],
  ["prints what Map.put and List.add return", { template: '#set($m = {})#set($l = [])[$m.put("a", 1)][$m.put("a", 2)][$l.add(1)]', want: "[][1][true]" }],
  ["runs Java String methods", { template: '#set($s = " Hello, World ")$s.trim().toLowerCase().replace("world", "vtl")|$s.length()|$s.substring(1, 6)|$s.indexOf("o")|$s.contains("World")|$s.split(",")|$s.matches(".*World.*")', want: "hello, vtl|14|Hello|5|true|[ Hello,  World ]|true" }],
  ["translates Java regexes for replaceAll, matches and split", { template: '#set($s = "Hello, World")#set($t = "a1b22c")$s.replaceAll("(\\w+), (\\w+)", "$2 $1")|$s.matches("(?i)hello.*")|$t.split("\\d+")|$s.replaceAll("(o)", "[$1]")|$s.replaceAll("\\p{Upper}", "_")', want: "World Hello|true|[a, b, c]|Hell[o], W[o]rld|_ello, _orld" }],
  ["yields null for a String method whose Java call would throw", { template: '#set($s = "abc")[$s.substring(5)][$s.charAt(9)][$s.nope()]', want: "[][][]" }],
  ["reads $input.params, path, json and body", { template: "$input.params('id') $input.params('q') $input.params('accept') [$input.params('none')] $input.params().path.id $input.path('$.a[1].b') $input.json('$.a[*].b') $input.json('$..b') $input.path('$.a').size() $input.body", body: '{"a":[{"b":1},{"b":"two"}]}', want: '42 term application/json [] 42 two [1,"two"] [1,"two"] 2 {"a":[{"b":1},{"b":"two"}]}' }],
  ["runs the $util functions", { template: '$util.escapeJavaScript("it\'s \\"q\\" / é")|$util.urlEncode("a b&c=d/é*~")|$util.urlDecode("a+b%26%C3%A9")|$util.base64Encode("é")|$util.base64Decode("w6k=")|$util.parseJson(\'{"k":[1]}\').k[0]', want: "it\\'s \\\"q\\\" \\/ \\u00E9|a+b%26c%3Dd%2F%C3%A9*%7E|a b&é|w6k=|é|1" }],
];

describe("compileTemplate", () => {
  for (const [name, c] of cases) {
    it(name, () => {
      assert.equal(render(c.template, c.body ?? null), c.want);
    });
  }

  it("stops a #foreach after MAX_FOREACH_ITERATIONS (1000) iterations", () => {
    assert.equal(render("#foreach($i in [1..5000])x#end"), "x".repeat(1000));
  });

  it("prints a null reference as written in \"source\" mode unless it is quiet", () => {
    assert.equal(render("[$missing|$!missing|${missing.x}|$input.body.nope]", null, "source"), "[$missing||${missing.x}|$input.body.nope]");
  });

  it("writes $context.responseOverride and requestOverride for the gateway", () => {
    const scope = createVtlScope(request());
    build('#set($context.responseOverride.status = 400)#set($context.responseOverride.header.X-Trace = "t")#set($context.requestOverride.header.multi = ["a", "b"])#set($context.requestOverride.querystring.q = 1)')(scope);
    const overrides = readOverrides(scope.$context);
    assert.equal(overrides.status, 400);
    assert.deepEqual(overrides.responseHeaders, { "X-Trace": "t" });
    assert.deepEqual(overrides.requestHeaders, { multi: "a,b" });
    assert.deepEqual(overrides.requestQuerystring, { q: "1" });
  });

  it("fails the render when macros recurse past the depth limit", () => {
    assert.throws(() => render("#macro(r)#r()#end#r()"), (e) => isVtlRenderError(e));
  });

  it("puts template text into the source only as string literals", () => {
    const hostile = '"); globalThis.pwned = 1; ("\u2028\u2029 */ `$ {1}` \\n </script>';
    const result = compileTemplate(hostile);
    assert.ok("source" in result);
    assert.ok(!result.source.includes("\u2028") && !result.source.includes("\u2029"));
    assert.equal(render(hostile), hostile);
    assert.equal((globalThis as { pwned?: unknown }).pwned, undefined);
  });

  const errors: readonly [string, { template: string; line: number; column: number; message: RegExp }][] = [
    ["reports an #if without #end at the #if", { template: "ok\n  #if(true)x", line: 2, column: 3, message: /"#if" has no matching #end/ }],
    ["reports a stray #end", { template: "a\n#end", line: 2, column: 1, message: /"#end" has no matching/ }],
    ["reports an #else outside #if", { template: "#else", line: 1, column: 1, message: /"#else" has no matching #if/ }],
    ["reports a syntax error where it is", { template: "x\n#set($a = )", line: 2, column: 10, message: /syntax error: unexpected "\)"/ }],
    ["reports a call of an undefined macro", { template: "\n #nope(1)", line: 2, column: 2, message: /macro "#nope" is not defined/ }],
    ["reports a macro defined twice", { template: "#macro(m)#end#macro(m)#end", line: 1, column: 14, message: /defined twice/ }],
    ["reports #include, #parse and #evaluate", { template: '#parse("x.vm")', line: 1, column: 1, message: /cannot load other templates/ }],
    ["reports a braced #{if} the parser cannot read", { template: "ab#{if}(true)x#end", line: 1, column: 3, message: /write "#if"/ }],
    ["reports a #set of a method call", { template: "#set($a.b() = 1)", line: 1, column: 1, message: /method call/ }],
  ];
  for (const [name, c] of errors) {
    it(name, () => {
      const result = compileTemplate(c.template);
      assert.ok("error" in result, "expected a compile error");
      assert.match(result.error.message, c.message);
      assert.deepEqual({ line: result.error.line, column: result.error.column }, { line: c.line, column: c.column });
    });
  }
});
