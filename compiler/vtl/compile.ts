import { jsString } from "../emit/literal.js";
import type { VtlCompileError, VtlNode, VtlPosition } from "./ast.js";
import { condition, ExpressionCompiler, helper, SCOPE_NAME, scopeVariable } from "./expression.js";
import { parseTemplate } from "./parse.js";
import { collectMacros, usedVariables, type MacroTable } from "./scan.js";

export { HELPERS_NAME } from "./expression.js";

/**
 * How a reference whose value is null prints. AWS prints "" — for a missing JSONPath, a null
 * JSON value, `$input.body.attr` on a string body, a `Map.put` result (reference §4.7 [V];
 * vectors aws/input-path-formatting/empty-body, aws/input-body-formatting/body-attr-access/*,
 * aws/mock-vtl-map-assignation). Stock Velocity prints the reference as written (`$foo`) unless
 * it is quiet (`$!foo`); "source" selects that. No vector shows a never-set variable [U].
 */
export const DEFAULT_NULL_REFERENCES: NullReferences = "empty";

/** See {@link DEFAULT_NULL_REFERENCES}. */
export type NullReferences = "empty" | "source";

/** Options of {@link compileTemplate}. */
export interface CompileOptions {
  readonly nullReferences?: NullReferences;
}

/**
 * Compiles a REST mapping template to the source of a JS function expression
 * `(v) => { …; return out; }`, where `v` is the scope (runtime/vtl/scope.ts `createVtlScope`)
 * and the body calls the helpers of runtime/vtl/helpers.ts under the name `vtl`
 * ({@link HELPERS_NAME}). Template text reaches the source only as JSON-quoted string literals.
 */
export function compileTemplate(text: string, options: CompileOptions = {}): { readonly source: string } | { readonly error: VtlCompileError } {
  const parsed = parseTemplate(text);
  if ("error" in parsed) return parsed;
  try {
    return { source: new TemplateCompiler(parsed.nodes, options.nullReferences ?? DEFAULT_NULL_REFERENCES).compile() };
  } catch (e) {
    if (e instanceof CompileFailure) return { error: e.error };
    throw e;
  }
}

class CompileFailure {
  constructor(readonly error: VtlCompileError) {}
}

function fail(message: string, pos: VtlPosition): never {
  throw new CompileFailure({ message, line: pos.line, column: pos.column });
}

/** Where the statements being compiled sit: what `#break` and `#stop` must do there. */
interface Frame {
  /** Inside a `#foreach` of this function: `#break` leaves the loop. */
  readonly inLoop: boolean;
  /** Inside a macro, `#define` or interpolated string: `#stop` must unwind to the template's function. */
  readonly nested: boolean;
}

/** Writes indented lines. */
class Lines {
  readonly #lines: string[] = [];
  #depth = 0;

  /** Adds a line (or several: each gets the current indentation). */
  line(text: string): void {
    for (const l of text.split("\n")) this.#lines.push("  ".repeat(this.#depth) + l);
  }

  indent(body: () => void): void {
    this.#depth++;
    body();
    this.#depth--;
  }

  text(): string {
    return this.#lines.join("\n");
  }
}

class TemplateCompiler {
  readonly #nodes: readonly VtlNode[];
  readonly #nullReferences: NullReferences;
  readonly #macros: MacroTable;
  readonly #used: ReadonlySet<string>;
  readonly #expressions = new ExpressionCompiler((nodes) => this.#interpolation(nodes));
  #out = new Lines();
  #counter = 0;
  #nestedStop = false;

  constructor(nodes: readonly VtlNode[], nullReferences: NullReferences) {
    this.#nodes = nodes;
    this.#nullReferences = nullReferences;
    this.#macros = collectMacros(nodes, (message, pos) => fail(message, pos));
    this.#used = usedVariables(nodes);
  }

  compile(): string {
    const body = this.#function(() => {
      for (const macro of this.#macros.values()) this.#macroDefinition(macro.fn, macro.node);
      this.#statements(this.#nodes, { inLoop: false, nested: false });
    });
    const lines = new Lines();
    lines.line(`(${SCOPE_NAME}) => {`);
    lines.indent(() => {
      lines.line('let out = "";');
      if (this.#nestedStop) {
        lines.line("try {");
        lines.indent(() => body.forEach((l) => lines.line(l)));
        lines.line("} catch (signal) {");
        lines.indent(() => lines.line(`out += ${helper("stopped")}(signal);`));
        lines.line("}");
      } else {
        body.forEach((l) => lines.line(l));
      }
      lines.line("return out;");
    });
    lines.line("}");
    return lines.text();
  }

  /** Compiles statements into a fresh line list (for a function body). */
  #function(body: () => void): string[] {
    const saved = this.#out;
    this.#out = new Lines();
    body();
    const text = this.#out.text();
    this.#out = saved;
    return text === "" ? [] : text.split("\n");
  }

  /** A nested `() => { let out = ""; …; return out; }` (macro bodies, `#define` blocks, interpolated strings). */
  #nestedFunction(nodes: readonly VtlNode[]): string[] {
    const body = this.#function(() => this.#statements(nodes, { inLoop: false, nested: true }));
    return ['let out = "";', ...body, "return out;"];
  }

  /** A fresh number for the local names of one construct (`loop1`, `saved1`). */
  #nextId(): number {
    return ++this.#counter;
  }

  #statements(nodes: readonly VtlNode[], frame: Frame): void {
    for (const node of nodes) this.#statement(node, frame);
  }

  #statement(node: VtlNode, frame: Frame): void {
    const out = this.#out;
    switch (node.kind) {
      case "text":
        out.line(`out += ${jsString(node.value)};`);
        return;
      case "reference":
        out.line(`out += ${this.#rendered(node)};`);
        return;
      case "set":
        this.#set(node);
        return;
      case "if":
        node.branches.forEach((branch, i) => {
          out.line(`${i === 0 ? "if" : "} else if"} (${condition(this.#expressions.expression(branch.condition))}) {`);
          out.indent(() => this.#statements(branch.body, frame));
        });
        if (node.otherwise !== undefined) {
          out.line("} else {");
          out.indent(() => this.#statements(node.otherwise!, frame));
        }
        out.line("}");
        return;
      case "foreach":
        this.#foreach(node, frame);
        return;
      case "break":
        out.line(frame.inLoop ? "break;" : "return out;");
        return;
      case "stop":
        if (frame.nested) this.#nestedStop = true;
        out.line(frame.nested ? `throw ${helper("stop")}(out);` : "return out;");
        return;
      case "macro":
        return;
      case "macro-call": {
        const macro = this.#macros.get(node.name);
        if (macro === undefined) fail(`macro "#${node.name}" is not defined`, node.pos);
        out.line(`out += ${macro.fn}(${node.args.map((a) => this.#expressions.expression(a).code).join(", ")});`);
        return;
      }
      case "define": {
        const body = this.#nestedFunction(node.body);
        out.line(`${scopeVariable(node.name)} = ${helper("block")}(() => {`);
        out.indent(() => body.forEach((l) => out.line(l)));
        out.line("});");
        return;
      }
    }
  }

  /** How a reference statement prints: "" for null, or its own text in "source" mode unless quiet. */
  #rendered(node: Extract<VtlNode, { kind: "reference" }>): string {
    const code = this.#expressions.reference(node.ref);
    if (this.#nullReferences === "source" && !node.quiet) return `${helper("strOr")}(${code}, ${jsString(node.text)})`;
    return `${helper("str")}(${code})`;
  }

  /**
   * `#set`. A null value leaves the target unchanged: Velocity 1.7's default
   * (directive.set.null.allowed=false; user guide: "If the RHS is a property or method
   * reference that evaluates to null, it will not be assigned to the LHS").
   */
  #set(node: Extract<VtlNode, { kind: "set" }>): void {
    const value = this.#expressions.expression(node.value);
    const { name, path } = node.target;
    const last = path[path.length - 1];
    if (last === undefined) {
      const target = scopeVariable(name);
      this.#out.line(value.nonNull ? `${target} = ${value.code};` : `${target} = ${value.code} ?? ${target};`);
      return;
    }
    const owner = this.#expressions.reference({ name, path: path.slice(0, -1) });
    if (last.kind === "property") this.#out.line(`${helper("setProp")}(${owner}, ${jsString(last.name)}, ${value.code});`);
    else if (last.kind === "index") this.#out.line(`${helper("setIndex")}(${owner}, ${this.#expressions.expression(last.key).code}, ${value.code});`);
    else fail("#set cannot assign to a method call", node.pos);
  }

  /**
   * `#foreach`: `$foreach` (and Velocity 1.7's `$velocityCount` / `$velocityHasNext`) only when
   * the template reads them; the loop variable and `$foreach` get their outer values back after
   * the loop, as Velocity restores them.
   */
  #foreach(node: Extract<VtlNode, { kind: "foreach" }>, frame: Frame): void {
    const out = this.#out;
    const n = this.#nextId();
    const loopId = `loop${n}`;
    const savedId = `saved${n}`;
    const variable = scopeVariable(node.variable);
    const foreach = scopeVariable("foreach");
    const usesForeach = this.#used.has("foreach");
    const source = this.#expressions.expression(node.source).code;
    out.line("{");
    out.indent(() => {
      out.line(`const ${loopId} = ${helper("loop")}(${source}${usesForeach ? `, ${foreach}` : ""});`);
      out.line(`const ${savedId} = ${variable};`);
      if (usesForeach) out.line(`${foreach} = ${loopId};`);
      out.line(`while (${loopId}.next()) {`);
      out.indent(() => {
        out.line(`${variable} = ${loopId}.item;`);
        if (this.#used.has("velocityCount")) out.line(`${scopeVariable("velocityCount")} = ${loopId}.index + 1;`);
        if (this.#used.has("velocityHasNext")) out.line(`${scopeVariable("velocityHasNext")} = ${loopId}.hasNext;`);
        this.#statements(node.body, { ...frame, inLoop: true });
      });
      out.line("}");
      out.line(`${variable} = ${savedId};`);
      if (usesForeach) out.line(`${foreach} = ${loopId}.parent;`);
    });
    out.line("}");
  }

  /**
   * A macro as a local function. Arguments are bound to the parameter names for the call and
   * the outer values restored after it; `vtl.macro` bounds the nesting depth.
   */
  #macroDefinition(fn: string, node: Extract<VtlNode, { kind: "macro" }>): void {
    const out = this.#out;
    const params = node.params.map((_, i) => `arg${i}`);
    const body = this.#nestedFunction(node.body);
    out.line(`const ${fn} = (${params.join(", ")}) => ${helper("macro")}(() => {`);
    out.indent(() => {
      if (node.params.length === 0) {
        body.forEach((l) => out.line(l));
        return;
      }
      out.line(`const saved = [${node.params.map((p) => scopeVariable(p)).join(", ")}];`);
      out.line(`[${node.params.map((p) => scopeVariable(p)).join(", ")}] = [${params.join(", ")}];`);
      out.line("try {");
      out.indent(() => body.forEach((l) => out.line(l)));
      out.line("} finally {");
      out.indent(() => out.line(`[${node.params.map((p) => scopeVariable(p)).join(", ")}] = saved;`));
      out.line("}");
    });
    out.line("});");
  }

  /** An interpolated string: a concatenation when it holds only text and references, else a nested function. */
  #interpolation(nodes: readonly VtlNode[]): string {
    if (nodes.every((n) => n.kind === "text" || n.kind === "reference")) {
      const parts = nodes.map((n) => (n.kind === "text" ? jsString(n.value) : n.kind === "reference" ? this.#rendered(n) : ""));
      return parts.length === 1 ? parts[0]! : `(${parts.join(" + ")})`;
    }
    const body = this.#nestedFunction(nodes);
    const lines = new Lines();
    lines.line("(() => {");
    lines.indent(() => body.forEach((l) => lines.line(l)));
    lines.line("})()");
    return lines.text();
  }
}
