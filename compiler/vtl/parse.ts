import { createRequire } from "node:module";
import path from "node:path";
import type { VtlAccessor, VtlBinaryOperator, VtlBranch, VtlCompileError, VtlExpression, VtlNode, VtlPosition, VtlReference } from "./ast.js";

/**
 * Velocity template text → {@link VtlNode} tree, using velocityjs's parser.
 *
 * velocityjs's public `parse()` nests blocks in a second step that silently accepts an `#if`
 * without `#end` (it repeats the block's content after it) and drops a stray `#end`. So this
 * module takes the flat statement list from the parser that `parse()` itself calls
 * (`dist/cjs/parse/index.cjs`, `parse_1`; velocityjs is pinned exactly in package.json, and the
 * vector tests fail on an upgrade that moves it) and nests it here, reporting both mistakes.
 *
 * What the velocityjs grammar cannot represent, reported as errors or noted:
 * - `#{if}`, `#{set}`, `#{foreach}`, `#{elseif}`, `#{macro}`, `#{define}`, `#{break}` lex as
 *   text: reported ("write #if"). `#{else}` and `#{end}` work.
 * - `#stop` and `#{stop}` also lex as text; they are recognised here.
 * - `#break($foreach)` (a scoped break) parses as `#break` followed by text.
 * - Map literals with reference keys (`{$k: 1}`) and unary minus on a reference (`-$x`) are
 *   syntax errors; numbers with an exponent (`1e3`) too (Velocity has none either).
 * - Map literal keys that look like integers come back in ascending order, not as written.
 * - `#foreach` takes only a reference, list or range (`#foreach($c in "abc")` is a syntax
 *   error), and a comparison cannot start with a list literal (`[] == $x`).
 * - Strings: `\"` is an escaped quote (Velocity 1.7 doubles it: `""`, a syntax error here).
 * - Escapes: `\$` always drops the backslash, where Velocity keeps it unless it escapes a
 *   reference that is set (so `"\$"` is `$`, not Velocity's `\$`).
 */

/** A statement of velocityjs's flat list: text, or a node with a `type`. */
type RawNode = string | RawObject;

interface RawObject {
  readonly type: string;
  readonly pos?: RawPosition;
  readonly [field: string]: unknown;
}

interface RawPosition {
  readonly first_line: number;
  readonly first_column: number;
  readonly last_line?: number;
  readonly last_column?: number;
}

type FlatParser = (text: string) => unknown[];

function loadFlatParser(): FlatParser {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("velocityjs");
  const parser: unknown = require(path.join(path.dirname(entry), "parse", "index.cjs"));
  const fn = (parser as { parse_1?: unknown }).parse_1;
  if (typeof fn !== "function") throw new Error("velocityjs has no dist/cjs/parse/index.cjs parse_1: the pinned version changed");
  return fn as FlatParser;
}

const flatParse = loadFlatParser();

/** Directives whose `#{name}` spelling velocityjs cannot lex. */
const BRACED_DIRECTIVES = new Set(["if", "elseif", "set", "foreach", "macro", "define", "break"]);

/** Directives that load other templates; a mapping template has none to load. */
const LOADING_DIRECTIVES = new Set(["include", "parse", "evaluate"]);

/** Parser node types followed by a newline that Velocity swallows (velocityjs's `ignoreSpace` rule). */
const KEEPS_NEWLINE = new Set(["references", "raw"]);

const OPERATORS = new Set<string>(["||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"]);

/** Thrown inside the parser; {@link parseTemplate} returns it as an error. */
class ParseFailure {
  constructor(readonly error: VtlCompileError) {}
}

function fail(message: string, pos: VtlPosition): never {
  throw new ParseFailure({ message, line: pos.line, column: pos.column });
}

function isObject(value: unknown): value is RawObject {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** Parses a template; the error names the first problem and where it is. */
export function parseTemplate(text: string): { readonly nodes: readonly VtlNode[] } | { readonly error: VtlCompileError } {
  try {
    return { nodes: new TemplateParser(text, undefined).parse() };
  } catch (e) {
    if (e instanceof ParseFailure) return { error: e.error };
    throw e;
  }
}

class TemplateParser {
  readonly #text: string;
  /** For the text of a double-quoted string: the position of the directive holding it, used for every error inside. */
  readonly #origin: VtlPosition | undefined;
  readonly #lineStarts: number[];
  #raw: RawNode[] = [];
  #next = 0;

  constructor(text: string, origin: VtlPosition | undefined) {
    this.#text = text;
    this.#origin = origin;
    this.#lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.#lineStarts.push(i + 1);
  }

  parse(): VtlNode[] {
    let flat: unknown[];
    try {
      flat = flatParse(this.#text);
    } catch (e) {
      fail(syntaxMessage(e), this.#origin ?? syntaxPosition(e));
    }
    this.#raw = mergeText(trimDirectiveNewlines(this.#recogniseTextDirectives(flat)));
    const { nodes, terminator } = this.#block(new Set());
    if (terminator !== undefined) fail(`"#${terminator.type}" has no matching #if or #foreach`, this.#pos(terminator));
    return nodes;
  }

  /** 1-based position of a raw node (the enclosing directive's inside a string). */
  #pos(node: { readonly pos?: RawPosition }): VtlPosition {
    if (this.#origin !== undefined || node.pos === undefined) return this.#origin ?? { line: 1, column: 1 };
    return { line: node.pos.first_line, column: node.pos.first_column + 1 };
  }

  /** The template text a raw node spans. */
  #source(node: RawObject): string | undefined {
    const p = node.pos;
    if (p === undefined || p.last_line === undefined || p.last_column === undefined) return undefined;
    const start = (this.#lineStarts[p.first_line - 1] ?? 0) + p.first_column;
    const end = (this.#lineStarts[p.last_line - 1] ?? 0) + p.last_column;
    return this.#text.slice(start, end);
  }

  /**
   * `#stop`, `#{stop}` and `#{if}`-style spellings reach here as text ("#s" + "top…",
   * "#{" + "if}…"). Replaces the first with stop nodes and reports the others, tracking an
   * approximate position from the nodes around them.
   */
  #recogniseTextDirectives(flat: unknown[]): RawNode[] {
    const out: RawNode[] = [];
    let line = 1;
    let column = 0;
    const advance = (s: string): void => {
      for (let k = 0; k < s.length; k++) {
        if (s[k] === "\n") {
          line++;
          column = 0;
        } else {
          column++;
        }
      }
    };
    for (let i = 0; i < flat.length; i++) {
      const node = flat[i];
      if (typeof node !== "string") {
        if (!isObject(node)) fail("the template parser returned an unexpected node", this.#origin ?? { line, column: column + 1 });
        out.push(node);
        if (node.pos?.last_line !== undefined && node.pos.last_column !== undefined) {
          line = node.pos.last_line;
          column = node.pos.last_column;
        } else if (typeof node.value === "string") {
          advance(node.type === "raw" ? `#[[${node.value}]]#` : node.value);
        }
        continue;
      }
      const following = flat[i + 1];
      const here: RawPosition = { first_line: line, first_column: column };
      if (node === "#s" && typeof following === "string" && /^top(?![A-Za-z0-9_])/.test(following)) {
        out.push({ type: "stop", pos: here });
        flat[i + 1] = following.slice(3);
        advance("#stop");
        continue;
      }
      const braced = node === "#{" && typeof following === "string" ? /^([a-z]+)\}/.exec(following) : null;
      if (braced && braced[1] === "stop") {
        out.push({ type: "stop", pos: here });
        flat[i + 1] = String(following).slice(braced[0].length);
        advance("#{stop}");
        continue;
      }
      if (braced && BRACED_DIRECTIVES.has(braced[1]!)) {
        fail(`"#{${braced[1]}}" is not supported by the template parser; write "#${braced[1]}"`, this.#pos({ pos: here }));
      }
      out.push(node);
      advance(node);
    }
    return out;
  }

  /** Statements up to one of `until` (`end`, `else`, `elseif`), which is returned as the terminator. */
  #block(until: ReadonlySet<string>): { nodes: VtlNode[]; terminator: RawObject | undefined } {
    const nodes: VtlNode[] = [];
    while (this.#next < this.#raw.length) {
      const raw = this.#raw[this.#next++]!;
      if (typeof raw === "string") {
        nodes.push({ kind: "text", value: raw });
        continue;
      }
      if (raw.type === "end" || raw.type === "else" || raw.type === "elseif") {
        if (until.has(raw.type)) return { nodes, terminator: raw };
        fail(`"#${raw.type}" has no matching ${raw.type === "end" ? "#if, #foreach, #macro or #define" : "#if"}`, this.#pos(raw));
      }
      const node = this.#statement(raw);
      if (node !== undefined) nodes.push(node);
    }
    return { nodes, terminator: undefined };
  }

  /** The body of a block directive, which must end with `#end`. */
  #body(header: RawObject, name: string): VtlNode[] {
    const { nodes, terminator } = this.#block(new Set(["end"]));
    if (terminator === undefined) fail(`"#${name}" has no matching #end`, this.#pos(header));
    return nodes;
  }

  #statement(raw: RawObject): VtlNode | undefined {
    const pos = this.#pos(raw);
    switch (raw.type) {
      case "comment":
        return undefined;
      case "raw":
        return { kind: "text", value: String(raw.value) };
      case "references": {
        const ref = this.#reference(raw, pos);
        return { kind: "reference", ref, quiet: raw.leader === "$!", text: this.#source(raw) ?? String(raw.leader ?? "$") + ref.name, pos };
      }
      case "set":
        return this.#set(raw, pos);
      case "if":
        return this.#if(raw, pos);
      case "foreach": {
        if (typeof raw.to !== "string") fail("#foreach needs a loop variable", pos);
        const source = this.#expression(raw.from, pos);
        return { kind: "foreach", variable: raw.to, source, body: this.#body(raw, "foreach"), pos };
      }
      case "break":
        return { kind: "break", pos };
      case "stop":
        return { kind: "stop", pos };
      case "macro": {
        if (typeof raw.id !== "string") fail("#macro needs a name", pos);
        const params = (Array.isArray(raw.args) ? raw.args : []).map((a: unknown) => {
          if (!isObject(a) || a.type !== "references" || typeof a.id !== "string" || a.path !== undefined) fail(`#macro ${raw.id}: parameters must be plain $names`, pos);
          return a.id;
        });
        return { kind: "macro", name: raw.id, params, body: this.#body(raw, "macro"), pos };
      }
      case "macro_call": {
        const name = typeof raw.id === "string" ? raw.id : "";
        if (LOADING_DIRECTIVES.has(name)) fail(`"#${name}" is not supported: a mapping template cannot load other templates`, pos);
        if (name === "stop") return { kind: "stop", pos };
        const args = (Array.isArray(raw.args) ? raw.args : []).map((a: unknown) => this.#expression(a, pos));
        return { kind: "macro-call", name, args, pos };
      }
      case "define": {
        if (typeof raw.id !== "string") fail("#define needs a $name", pos);
        return { kind: "define", name: raw.id, body: this.#body(raw, "define"), pos };
      }
      case "macro_body":
        fail("macro calls with a body (#@name) are not supported", pos);
      case "noescape":
        fail("#noescape is not supported", pos);
      default:
        fail(`unsupported template construct "${raw.type}"`, pos);
    }
  }

  #set(raw: RawObject, pos: VtlPosition): VtlNode {
    const equal = raw.equal;
    if (!Array.isArray(equal) || equal.length !== 2) fail("#set needs the form #set($name = value)", pos);
    const [left, right] = equal as unknown[];
    if (!isObject(left) || left.type !== "references") fail("#set must assign to a $reference", pos);
    const target = this.#reference(left, pos);
    if (target.path[target.path.length - 1]?.kind === "method") fail("#set cannot assign to a method call", pos);
    return { kind: "set", target, value: this.#expression(right, pos), pos };
  }

  #if(header: RawObject, pos: VtlPosition): VtlNode {
    const branches: VtlBranch[] = [];
    let condition = this.#expression(header.condition, pos);
    let otherwise: VtlNode[] | undefined;
    for (;;) {
      const { nodes, terminator } = this.#block(new Set(["elseif", "else", "end"]));
      if (terminator === undefined) fail('"#if" has no matching #end', pos);
      branches.push({ condition, body: nodes });
      if (terminator.type === "elseif") {
        condition = this.#expression(terminator.condition, this.#pos(terminator));
        continue;
      }
      if (terminator.type === "else") otherwise = this.#body(terminator, "else");
      return { kind: "if", branches, otherwise, pos };
    }
  }

  #reference(raw: RawObject, pos: VtlPosition): VtlReference {
    if (typeof raw.id !== "string") fail("a reference needs a name", pos);
    if (raw.args !== undefined) fail(`"$${raw.id}(...)" calls a variable; call a method on it instead ($obj.method())`, pos);
    const path: VtlAccessor[] = [];
    for (const step of Array.isArray(raw.path) ? (raw.path as unknown[]) : []) {
      if (!isObject(step) || (typeof step.id !== "string" && step.type !== "index")) fail(`unsupported reference "$${raw.id}"`, pos);
      if (step.type === "property") path.push({ kind: "property", name: String(step.id) });
      else if (step.type === "method") path.push({ kind: "method", name: String(step.id), args: (Array.isArray(step.args) ? step.args : []).map((a: unknown) => this.#expression(a, pos)) });
      else if (step.type === "index") path.push({ kind: "index", key: this.#expression(step.id, pos) });
      else fail(`unsupported reference "$${raw.id}"`, pos);
    }
    return { name: raw.id, path };
  }

  #expression(raw: unknown, pos: VtlPosition): VtlExpression {
    if (typeof raw === "number") return { kind: "number", value: raw };
    if (typeof raw === "string" && /^-?\d+$/.test(raw)) return { kind: "number", value: Number(raw) };
    if (!isObject(raw)) fail("unsupported expression", pos);
    switch (raw.type) {
      case "references":
        return { kind: "reference", ref: this.#reference(raw, pos) };
      case "integer":
      case "decimal":
        return { kind: "number", value: Number(raw.value) };
      case "bool":
        return raw.value === "null" ? { kind: "null" } : { kind: "boolean", value: raw.value === "true" };
      case "string":
        return this.#string(String(raw.value), raw.isEval === true, pos);
      case "array": {
        const items = Array.isArray(raw.value) ? (raw.value as unknown[]) : [];
        if (raw.isRange === true) return { kind: "range", from: this.#expression(items[0], pos), to: this.#expression(items[1], pos) };
        return { kind: "list", items: items.map((item) => this.#expression(item, pos)) };
      }
      case "map": {
        const value = typeof raw.value === "object" && raw.value !== null ? (raw.value as Record<string, unknown>) : {};
        return { kind: "map", entries: Object.keys(value).map((key) => ({ key, value: this.#expression(value[key], pos) })) };
      }
      case "math":
        return this.#math(raw, pos);
      default:
        fail(`unsupported expression "${raw.type}"`, pos);
    }
  }

  #math(raw: RawObject, pos: VtlPosition): VtlExpression {
    const operands = Array.isArray(raw.expression) ? (raw.expression as unknown[]) : [];
    const operator = String(raw.operator);
    if (operator === "parenthesis") return this.#expression(operands[0], pos);
    if (operator === "not") return { kind: "not", operand: this.#expression(operands[0], pos) };
    if (operator === "minus") return { kind: "negate", operand: this.#expression(operands[0], pos) };
    if (!OPERATORS.has(operator) || operands.length !== 2) fail(`unsupported operator "${operator}"`, pos);
    return { kind: "binary", operator: operator as VtlBinaryOperator, left: this.#expression(operands[0], pos), right: this.#expression(operands[1], pos) };
  }

  /** A string literal; a double-quoted one holding `$` or `#` is parsed as a template of its own. */
  #string(value: string, interpolate: boolean, pos: VtlPosition): VtlExpression {
    if (!interpolate || !/[$#]/.test(value)) return { kind: "string", value };
    const nodes = new TemplateParser(value, pos).parse();
    if (nodes.every((n) => n.kind === "text")) return { kind: "string", value: nodes.map((n) => (n.kind === "text" ? n.value : "")).join("") };
    return { kind: "interpolated", nodes };
  }
}

/** Applies velocityjs's `ignoreSpace` rule: a newline right after a directive (not after a reference) is not output. */
function trimDirectiveNewlines(raw: RawNode[]): RawNode[] {
  const out = raw.slice();
  for (let i = 0; i < out.length - 1; i++) {
    const node = out[i]!;
    const next = out[i + 1];
    if (typeof node !== "string" && !KEEPS_NEWLINE.has(node.type) && typeof next === "string") out[i + 1] = next.replace(/^[ \t]*\n/, "");
  }
  return out;
}

/** Joins adjacent text pieces (the lexer splits text at every `$` and `#`). */
function mergeText(raw: RawNode[]): RawNode[] {
  const out: RawNode[] = [];
  for (const node of raw) {
    const last = out[out.length - 1];
    if (typeof node === "string" && typeof last === "string") out[out.length - 1] = last + node;
    else if (node !== "") out.push(node);
  }
  return out;
}

/** A velocityjs syntax error as one line: the token it stopped at and (some of) what it expected. */
function syntaxMessage(e: unknown): string {
  const hash = (e as { hash?: { text?: unknown; expected?: unknown } }).hash;
  const found = typeof hash?.text === "string" && hash.text !== "" ? JSON.stringify(hash.text) : "end of template";
  const expected = Array.isArray(hash?.expected) ? hash.expected.slice(0, 6).map((x) => String(x).replace(/'/g, "")).join(", ") : "";
  return `syntax error: unexpected ${found}${expected === "" ? "" : ` (expected ${expected}${Array.isArray(hash?.expected) && hash.expected.length > 6 ? ", …" : ""})`}`;
}

/**
 * Where a syntax error is: jison's `hash.loc` is the last token it accepted, so the error is
 * reported just after it.
 */
function syntaxPosition(e: unknown): VtlPosition {
  const loc = (e as { hash?: { loc?: { last_line?: unknown; last_column?: unknown } } }).hash?.loc;
  const line = typeof loc?.last_line === "number" ? loc.last_line : 1;
  const column = typeof loc?.last_column === "number" ? loc.last_column + 1 : 1;
  return { line, column };
}
