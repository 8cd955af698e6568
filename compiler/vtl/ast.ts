/**
 * The VTL syntax tree gwc compiles: velocityjs's parse output (compiler/vtl/parse.ts) turned
 * into a typed, nested tree. Positions are 1-based line and column in the template text.
 */

/** Where a directive or reference starts. */
export interface VtlPosition {
  readonly line: number;
  readonly column: number;
}

/** A template statement. */
export type VtlNode =
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "reference"; readonly ref: VtlReference; readonly quiet: boolean; readonly text: string; readonly pos: VtlPosition }
  | { readonly kind: "set"; readonly target: VtlReference; readonly value: VtlExpression; readonly pos: VtlPosition }
  | { readonly kind: "if"; readonly branches: readonly VtlBranch[]; readonly otherwise: readonly VtlNode[] | undefined; readonly pos: VtlPosition }
  | { readonly kind: "foreach"; readonly variable: string; readonly source: VtlExpression; readonly body: readonly VtlNode[]; readonly pos: VtlPosition }
  | { readonly kind: "break"; readonly pos: VtlPosition }
  | { readonly kind: "stop"; readonly pos: VtlPosition }
  | { readonly kind: "macro"; readonly name: string; readonly params: readonly string[]; readonly body: readonly VtlNode[]; readonly pos: VtlPosition }
  | { readonly kind: "macro-call"; readonly name: string; readonly args: readonly VtlExpression[]; readonly pos: VtlPosition }
  | { readonly kind: "define"; readonly name: string; readonly body: readonly VtlNode[]; readonly pos: VtlPosition };

/** One `#if` / `#elseif` arm. */
export interface VtlBranch {
  readonly condition: VtlExpression;
  readonly body: readonly VtlNode[];
}

/** `$name` followed by `.property`, `[index]` and `.method(args)` steps. */
export interface VtlReference {
  readonly name: string;
  readonly path: readonly VtlAccessor[];
}

/** One step of a reference. */
export type VtlAccessor =
  | { readonly kind: "property"; readonly name: string }
  | { readonly kind: "index"; readonly key: VtlExpression }
  | { readonly kind: "method"; readonly name: string; readonly args: readonly VtlExpression[] };

/** Operators of `#if` / `#set` expressions (`eq`, `and`, … are spelled as these by the parser). */
export type VtlBinaryOperator = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%";

/** An expression. */
export type VtlExpression =
  | { readonly kind: "reference"; readonly ref: VtlReference }
  | { readonly kind: "string"; readonly value: string }
  /** A double-quoted string with `$` or `#` in it: rendered like a small template. */
  | { readonly kind: "interpolated"; readonly nodes: readonly VtlNode[] }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "null" }
  | { readonly kind: "list"; readonly items: readonly VtlExpression[] }
  | { readonly kind: "range"; readonly from: VtlExpression; readonly to: VtlExpression }
  | { readonly kind: "map"; readonly entries: readonly { readonly key: string; readonly value: VtlExpression }[] }
  | { readonly kind: "binary"; readonly operator: VtlBinaryOperator; readonly left: VtlExpression; readonly right: VtlExpression }
  | { readonly kind: "not"; readonly operand: VtlExpression }
  | { readonly kind: "negate"; readonly operand: VtlExpression };

/** A template that cannot be compiled, and where. */
export interface VtlCompileError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}
