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
  const miss = rest ? "null" : "undefined";
  const fns: string[] = [];
  const leaf = (methods: Map<string, number>, indent: string): string => {
    const lines: string[] = [];
    const cases = [...methods.entries()].filter(([m]) => m !== "ANY");
    if (cases.length > 0) {
      lines.push(`${indent}switch (method) {`);
      for (const [m, idx] of cases) lines.push(`${indent}  case ${jsString(m)}: return found(${idx}, p);`);
      lines.push(`${indent}}`);
    }
    const any = methods.get("ANY");
    lines.push(`${indent}return ${any !== undefined ? `found(${any}, p)` : miss};`);
    return lines.join("\n");
  };
  let counter = 0;
  const visit = (node: TrieNode, depth: number): number => {
    node.id = counter++;
    const body: string[] = [];
    body.push(`  if (i === s.length) {`);
    body.push(node.methods.size > 0 ? leaf(node.methods, "    ") : `    return undefined;`);
    body.push(`  }`);
    body.push(`  const seg = s[i]!;`);
    body.push(`  let r: RouteMatch | null | undefined;`);
    if (node.literals.size > 0) {
      body.push(`  switch (seg) {`);
      for (const [value, child] of node.literals) {
        const id = visit(child, depth);
        body.push(`    case ${jsString(value)}: r = n${id}(method, s, i + 1, p); if (r !== undefined) return r; break;`);
      }
      body.push(`  }`);
    }
    if (node.param) {
      const id = visit(node.param.node, depth + 1);
      body.push(`  p[${depth}] = seg;`);
      body.push(`  r = n${id}(method, s, i + 1, p);`);
      body.push(`  if (r !== undefined) return r;`);
    }
    if (node.greedy) {
      body.push(`  p[${depth}] = s.slice(i).join("/");`);
      body.push(leaf(node.greedy.methods, "  "));
    } else body.push(`  return undefined;`);
    fns[node.id] = `function n${node.id}(method: string, s: readonly string[], i: number, p: string[]): RouteMatch | null | undefined {\n${body.join("\n")}\n}`;
    return node.id;
  };
  visit(root, 0);

  const found: string[] = [];
  found.push(`/** Builds the match for route \`index\` from the captured parameter values. */`);
  found.push(`function found(index: number, p: string[]): RouteMatch {`);
  found.push(`  switch (index) {`);
  api.routes.forEach((route, index) => {
    const names = paramNames(route);
    const params = names.length === 0 ? "undefined" : `{ ${names.map((n, k) => `${jsString(n)}: p[${k}]!`).join(", ")} }`;
    found.push(`    case ${index}: return { route: ROUTES[${index}]!, params: ${params} };`);
  });
  found.push(`  }`);
  found.push(`  throw new Error("unknown route index " + index);`);
  found.push(`}`);

  const out: string[] = [];
  out.push(`import type { RouteMatch } from "gwc/runtime";`);
  out.push(`import { ROUTES } from "./routes.mjs";`);
  out.push("");
  out.push(`/** Matches a request (method, non-empty path segments) to a route; undefined for a miss. */`);
  out.push(`export function matchRoute(method: string, segments: readonly string[]): RouteMatch | undefined {`);
  out.push(`  const r = n0(method, segments, 0, []);`);
  out.push(defaultRoute !== undefined ? `  return r ?? found(${defaultRoute}, []);` : `  return r ?? undefined;`);
  out.push(`}`);
  out.push("");
  out.push(found.join("\n"));
  out.push("");
  out.push(fns.join("\n\n"));
  return out.join("\n") + "\n";
}
