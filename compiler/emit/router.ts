import type { IrApi, IrRoute } from "../ir.js";
import { jsString } from "./literal.js";

interface TrieNode {
  readonly literals: Map<string, TrieNode>;
  param: { name: string; node: TrieNode } | undefined;
  greedy: { name: string; methods: Map<string, number> } | undefined;
  readonly methods: Map<string, number>;
  id: number;
}

function newNode(): TrieNode {
  return { literals: new Map(), param: undefined, greedy: undefined, methods: new Map(), id: -1 };
}

/** Parameter names captured on the way to each route, in order. */
function paramNames(route: IrRoute): string[] {
  return route.segments.filter((s) => s.kind !== "literal").map((s) => (s as { name: string }).name);
}

/**
 * Generates the route matcher: a segment trie compiled to one small function per node. At each
 * level a literal beats a `{param}`, which beats a greedy `{proxy+}` (reference §2); a failed
 * literal branch falls back to the parameter branch. REST picks the resource first: a resource
 * without the method (and without ANY) is a miss. HTTP APIs keep looking (greedy routes, then
 * `$default`), since their route keys include the method.
 */
export function emitRouter(api: IrApi): string {
  const root = newNode();
  let defaultRoute: number | undefined;
  api.routes.forEach((route, index) => {
    if (route.isDefaultRoute) {
      defaultRoute = index;
      return;
    }
    let node = root;
    for (const seg of route.segments) {
      if (seg.kind === "literal") {
        let next = node.literals.get(seg.value);
        if (!next) node.literals.set(seg.value, (next = newNode()));
        node = next;
      } else if (seg.kind === "param") {
        node.param ??= { name: seg.name, node: newNode() };
        node = node.param.node;
      } else {
        node.greedy ??= { name: seg.name, methods: new Map() };
        node.greedy.methods.set(route.method, index);
        return;
      }
    }
    node.methods.set(route.method, index);
  });

  const rest = api.apiType === "REST";
  // REST: a resource without the method is a miss, and the search stops (null); HTTP APIs go on.
  const result = rest ? "RouteMatch | null | undefined" : "RouteMatch | undefined";
  const miss = rest ? "null" : "undefined";
  /** The match object of route `index`, its parameters read from `p`. */
  const match = (index: number): string => {
    const names = paramNames(api.routes[index]!);
    const params = names.length === 0 ? "undefined" : `{ ${names.map((n, k) => `${jsString(n)}: p[${k}]!`).join(", ")} }`;
    return `{ route: ROUTES[${index}]!, params: ${params} }`;
  };
  const usesParams = (methods: Map<string, number>): boolean => [...methods.values()].some((i) => paramNames(api.routes[i]!).length > 0);
  const usesMethod = (methods: Map<string, number>): boolean => [...methods.keys()].some((m) => m !== "ANY");
  const leaf = (methods: Map<string, number>, indent: string): string[] => {
    const lines: string[] = [];
    const cases = [...methods.entries()].filter(([m]) => m !== "ANY");
    if (cases.length > 0) {
      lines.push(`${indent}switch (method) {`);
      for (const [m, idx] of cases) lines.push(`${indent}  case ${jsString(m)}: return ${match(idx)};`);
      lines.push(`${indent}}`);
    }
    const any = methods.get("ANY");
    lines.push(`${indent}return ${any !== undefined ? match(any) : miss};`);
    return lines;
  };
  const fns: string[] = [];
  let counter = 0;
  const visit = (node: TrieNode, depth: number): number => {
    node.id = counter++;
    const hasChildren = node.literals.size > 0 || node.param !== undefined;
    const body: string[] = [];
    if (node.methods.size > 0) {
      body.push(`  if (i === s.length) {`);
      body.push(...leaf(node.methods, "    "));
      body.push(`  }`);
    } else {
      body.push(`  if (i === s.length) return undefined;`);
    }
    // The parameter branch is the last resort unless a greedy route follows it: then its result is returned as is.
    const paramIsLast = node.param !== undefined && node.greedy === undefined;
    if (node.literals.size > 0 || (node.param && !paramIsLast)) body.push(`  let r: ${result};`);
    if (node.literals.size > 0) {
      body.push(`  switch (s[i]) {`);
      for (const [value, child] of node.literals) {
        const id = visit(child, depth);
        body.push(`    case ${jsString(value)}:`);
        body.push(`      r = n${id}(method, s, i + 1, p);`);
        body.push(`      if (r !== undefined) return r;`);
        body.push(`      break;`);
      }
      body.push(`  }`);
    }
    if (node.param) {
      const id = visit(node.param.node, depth + 1);
      body.push(`  p[${depth}] = s[i]!;`);
      if (paramIsLast) body.push(`  return n${id}(method, s, i + 1, p);`);
      else {
        body.push(`  r = n${id}(method, s, i + 1, p);`);
        body.push(`  if (r !== undefined) return r;`);
      }
    }
    if (node.greedy) {
      body.push(`  p[${depth}] = s.slice(i).join("/");`);
      body.push(...leaf(node.greedy.methods, "  "));
    } else if (!paramIsLast) body.push(`  return undefined;`);
    // Parameters a node never reads are named with a leading underscore, as a person would.
    const readsMethod = hasChildren || usesMethod(node.methods) || (node.greedy !== undefined && usesMethod(node.greedy.methods));
    const readsParams = hasChildren || node.greedy !== undefined || usesParams(node.methods);
    fns[node.id] = `function n${node.id}(${readsMethod ? "method" : "_method"}: string, s: readonly string[], i: number, ${readsParams ? "p" : "_p"}: string[]): ${result} {\n${body.join("\n")}\n}`;
    return node.id;
  };
  visit(root, 0);

  const out: string[] = [];
  out.push(`import type { RouteMatch } from "gwc/runtime";`);
  out.push(`import { ROUTES } from "./routes.mjs";`);
  out.push("");
  out.push(`/** Matches a request (method, non-empty path segments) to a route; undefined for a miss. */`);
  out.push(`export function matchRoute(method: string, segments: readonly string[]): RouteMatch | undefined {`);
  if (defaultRoute !== undefined) out.push(`  return n0(method, segments, 0, []) ?? { route: ROUTES[${defaultRoute}]!, params: undefined };`);
  else out.push(rest ? `  return n0(method, segments, 0, []) ?? undefined;` : `  return n0(method, segments, 0, []);`);
  out.push(`}`);
  out.push("");
  out.push(fns.join("\n\n"));
  return out.join("\n") + "\n";
}
