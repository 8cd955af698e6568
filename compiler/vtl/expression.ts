import { jsString } from "../emit/literal.js";
import type { VtlBinaryOperator, VtlExpression, VtlReference } from "./ast.js";

/** The helper namespace as generated code names it (its type is runtime/vtl/helpers.ts). */
export const HELPERS_NAME = "vtl";

/** The scope parameter of a compiled template (runtime/vtl/scope.ts `VtlScope`). */
export const SCOPE_NAME = "v";

type Helpers = typeof import("../../runtime/vtl/helpers.js");

/** `vtl.<name>`, checked against the runtime's helper list so a rename breaks the build, not a gateway. */
export function helper(name: keyof Helpers): string {
  return `${HELPERS_NAME}.${name}`;
}

/** `v.$name`, or `v["$a-b"]` for Velocity names that are not JS identifiers (they may hold `-`). */
export function scopeVariable(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `${SCOPE_NAME}.$${name}` : `${SCOPE_NAME}[${jsString("$" + name)}]`;
}

/**
 * A compiled expression: JS code, and whether it is already a boolean or can never be null.
 * The code is always a primary expression (a call, a name, a literal or parenthesised), so it
 * can be negated or passed on without further parentheses.
 */
export interface JsExpression {
  readonly code: string;
  readonly boolean: boolean;
  readonly nonNull: boolean;
}

/** Compiles the statements of an interpolated string to a string expression (supplied by compile.ts). */
export type InterpolationCompiler = (nodes: Extract<VtlExpression, { kind: "interpolated" }>["nodes"]) => string;

const COMPARISONS: Readonly<Partial<Record<VtlBinaryOperator, keyof Helpers>>> = {
  "==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge",
};

const ARITHMETIC: Readonly<Partial<Record<VtlBinaryOperator, keyof Helpers>>> = {
  "+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod",
};

function value(code: string, nonNull = false): JsExpression {
  return { code, boolean: false, nonNull };
}

function bool(code: string): JsExpression {
  return { code, boolean: true, nonNull: true };
}

/** `x` as a JS boolean: Velocity truthiness unless it already is one. */
export function condition(expr: JsExpression): string {
  return expr.boolean ? expr.code : `${helper("truthy")}(${expr.code})`;
}

/** Compiles expressions; string interpolation is delegated back to the statement compiler. */
export class ExpressionCompiler {
  constructor(private readonly interpolate: InterpolationCompiler) {}

  expression(expr: VtlExpression): JsExpression {
    switch (expr.kind) {
      case "reference":
        return value(this.reference(expr.ref));
      case "string":
        return value(jsString(expr.value), true);
      case "interpolated":
        return value(this.interpolate(expr.nodes), true);
      case "number":
        return value(expr.value < 0 || Object.is(expr.value, -0) ? `(${expr.value})` : String(expr.value), true);
      case "boolean":
        return bool(String(expr.value));
      case "null":
        return value("null");
      case "list":
        return value(`${helper("list")}([${expr.items.map((i) => this.expression(i).code).join(", ")}])`, true);
      case "range":
        return value(`${helper("range")}(${this.expression(expr.from).code}, ${this.expression(expr.to).code})`);
      case "map": {
        const entries = expr.entries.map((e) => `[${jsString(e.key)}, ${this.expression(e.value).code}]`);
        return value(`${helper("map")}([${entries.join(", ")}])`, true);
      }
      case "not":
        return bool(`!${condition(this.expression(expr.operand))}`);
      case "negate":
        return value(`${helper("neg")}(${this.expression(expr.operand).code})`);
      case "binary":
        return this.binary(expr.operator, expr.left, expr.right);
    }
  }

  /** `$a.b[0].c(1)` → `vtl.call(vtl.index(vtl.prop(v.$a, "b"), 0), "c", [1])`. */
  reference(ref: VtlReference): string {
    let code = scopeVariable(ref.name);
    for (const step of ref.path) {
      if (step.kind === "property") code = `${helper("prop")}(${code}, ${jsString(step.name)})`;
      else if (step.kind === "index") code = `${helper("index")}(${code}, ${this.expression(step.key).code})`;
      else code = `${helper("call")}(${code}, ${jsString(step.name)}, [${step.args.map((a) => this.expression(a).code).join(", ")}])`;
    }
    return code;
  }

  private binary(operator: VtlBinaryOperator, left: VtlExpression, right: VtlExpression): JsExpression {
    const a = this.expression(left);
    const b = this.expression(right);
    if (operator === "&&" || operator === "||") return bool(`(${condition(a)} ${operator} ${condition(b)})`);
    const comparison = COMPARISONS[operator];
    if (comparison !== undefined) return bool(`${helper(comparison)}(${a.code}, ${b.code})`);
    return value(`${helper(ARITHMETIC[operator]!)}(${a.code}, ${b.code})`);
  }
}
