import type { VtlExpression, VtlNode, VtlPosition, VtlReference } from "./ast.js";

/** The macros of a template by name, each with the name of the local function it compiles to. */
export type MacroTable = ReadonlyMap<string, { readonly fn: string; readonly node: Extract<VtlNode, { kind: "macro" }> }>;

/**
 * Every `#macro` of a template, wherever it is written: Velocity registers macros when it
 * parses, so a call may come before the definition. A second macro with the same name is an
 * error rather than a silent replacement.
 */
export function collectMacros(nodes: readonly VtlNode[], fail: (message: string, pos: VtlPosition) => never): MacroTable {
  const table = new Map<string, { fn: string; node: Extract<VtlNode, { kind: "macro" }> }>();
  const names = new Set<string>();
  const visit = (list: readonly VtlNode[]): void => {
    for (const node of list) {
      if (node.kind === "macro") {
        if (table.has(node.name)) fail(`macro "#${node.name}" is defined twice`, node.pos);
        let fn = `macro_${node.name.replace(/[^A-Za-z0-9_]/g, "_")}`;
        while (names.has(fn)) fn += "_";
        names.add(fn);
        table.set(node.name, { fn, node });
      }
      for (const body of childBodies(node)) visit(body);
    }
  };
  visit(nodes);
  return table;
}

/** The root names (`$name`) a template reads or sets anywhere, strings and macro bodies included. */
export function usedVariables(nodes: readonly VtlNode[]): ReadonlySet<string> {
  const used = new Set<string>();
  const reference = (ref: VtlReference): void => {
    used.add(ref.name);
    for (const step of ref.path) {
      if (step.kind === "index") expression(step.key);
      else if (step.kind === "method") step.args.forEach(expression);
    }
  };
  const expression = (expr: VtlExpression): void => {
    switch (expr.kind) {
      case "reference": reference(expr.ref); return;
      case "interpolated": statements(expr.nodes); return;
      case "list": expr.items.forEach(expression); return;
      case "range": expression(expr.from); expression(expr.to); return;
      case "map": expr.entries.forEach((e) => expression(e.value)); return;
      case "binary": expression(expr.left); expression(expr.right); return;
      case "not":
      case "negate": expression(expr.operand); return;
      default: return;
    }
  };
  const statements = (list: readonly VtlNode[]): void => {
    for (const node of list) {
      switch (node.kind) {
        case "reference": reference(node.ref); break;
        case "set": reference(node.target); expression(node.value); break;
        case "if": node.branches.forEach((b) => expression(b.condition)); break;
        case "foreach": used.add(node.variable); expression(node.source); break;
        case "macro-call": node.args.forEach(expression); break;
        default: break;
      }
      for (const body of childBodies(node)) statements(body);
    }
  };
  statements(nodes);
  return used;
}

/** The statement lists nested in a node. */
function childBodies(node: VtlNode): readonly (readonly VtlNode[])[] {
  switch (node.kind) {
    case "if": return [...node.branches.map((b) => b.body), ...(node.otherwise === undefined ? [] : [node.otherwise])];
    case "foreach":
    case "macro":
    case "define": return [node.body];
    default: return [];
  }
}
