import { isVtlList, isVtlMap } from "./values.js";

/**
 * The JSONPath subset `$input.path()` and `$input.json()` accept: `$`, `.name`, `['name']`,
 * `[0]`, `[-1]`, `[0,2]`, `[1:3]`, `*`, `[*]` and `..` (deep scan). AWS evaluates these with
 * Jayway JsonPath [U]; like Jayway, a path without a leading `$` is read as `$.path`, a
 * *definite* path (no wildcard, deep scan, slice or list of indexes) yields one value, and any
 * other path yields the list of its matches. Filters (`[?(...)]`) and functions are refused.
 */
export type JsonPathStep =
  | { readonly kind: "names"; readonly names: readonly string[] }
  | { readonly kind: "indexes"; readonly indexes: readonly number[] }
  | { readonly kind: "slice"; readonly start: number | undefined; readonly end: number | undefined }
  | { readonly kind: "wildcard" }
  | { readonly kind: "deep"; readonly step: JsonPathStep };

/** A parsed path. */
export interface JsonPath {
  readonly steps: readonly JsonPathStep[];
  /** True when the path names at most one value. */
  readonly definite: boolean;
}

/** Parsed paths kept per text: templates use a few constant paths. */
const JSON_PATH_CACHE_SIZE = 256;
const cache = new Map<string, JsonPath | null>();

/** Parses a path (cached), or undefined when it is malformed or uses syntax outside the subset. */
export function parseJsonPath(text: string): JsonPath | undefined {
  let path = cache.get(text);
  if (path === undefined) {
    path = parse(text) ?? null;
    if (cache.size >= JSON_PATH_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(text, path);
  }
  return path ?? undefined;
}

const NAME = /^[^.[\]\s]+/;

function parse(input: string): JsonPath | undefined {
  let text = input.trim();
  if (!text.startsWith("$")) text = text.startsWith("[") ? "$" + text : "$." + text;
  const steps: JsonPathStep[] = [];
  let i = 1;
  while (i < text.length) {
    let deep = false;
    if (text.startsWith("..", i)) {
      deep = true;
      i += 2;
    } else if (text[i] === ".") {
      i += 1;
    } else if (text[i] !== "[") {
      return undefined;
    }
    let step: JsonPathStep;
    if (text[i] === "[") {
      const close = findClose(text, i);
      if (close === undefined) return undefined;
      const parsed = parseBracket(text.slice(i + 1, close).trim());
      if (parsed === undefined) return undefined;
      step = parsed;
      i = close + 1;
    } else if (text[i] === "*") {
      step = { kind: "wildcard" };
      i += 1;
    } else {
      const name = NAME.exec(text.slice(i));
      if (!name) return undefined;
      step = { kind: "names", names: [name[0]] };
      i += name[0].length;
    }
    steps.push(deep ? { kind: "deep", step } : step);
  }
  const definite = steps.every((s) => (s.kind === "names" && s.names.length === 1) || (s.kind === "indexes" && s.indexes.length === 1));
  return { steps, definite };
}

/** Index of the `]` closing the bracket at `open`, skipping quoted names. */
function findClose(text: string, open: number): number | undefined {
  let quote: string | undefined;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === "]") {
      return i;
    }
  }
  return undefined;
}

function parseBracket(body: string): JsonPathStep | undefined {
  if (body === "*") return { kind: "wildcard" };
  if (body.startsWith("'") || body.startsWith('"')) {
    const names: string[] = [];
    const re = /\s*(?:'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)")\s*(,|$)/y;
    let m: RegExpExecArray | null;
    let last = 0;
    while (last < body.length && (m = re.exec(body)) !== null) {
      names.push((m[1] ?? m[2]!).replace(/\\(.)/g, "$1"));
      last = re.lastIndex;
      if (m[3] === "") break;
    }
    return last === body.length && names.length > 0 ? { kind: "names", names } : undefined;
  }
  const slice = /^(-?\d+)?\s*:\s*(-?\d+)?$/.exec(body);
  if (slice) return { kind: "slice", start: slice[1] === undefined ? undefined : Number(slice[1]), end: slice[2] === undefined ? undefined : Number(slice[2]) };
  if (/^-?\d+(\s*,\s*-?\d+)*$/.test(body)) return { kind: "indexes", indexes: body.split(",").map((s) => Number(s.trim())) };
  return undefined;
}

/** Applies a path: the one value of a definite path (found = false when it is missing), else the list of matches. */
export function evaluateJsonPath(root: unknown, path: JsonPath): { readonly found: boolean; readonly value: unknown } {
  let nodes: unknown[] = [root];
  for (const step of path.steps) {
    const next: unknown[] = [];
    for (const node of nodes) applyStep(node, step, next);
    nodes = next;
  }
  if (!path.definite) return { found: true, value: nodes };
  return nodes.length === 1 ? { found: true, value: nodes[0] } : { found: false, value: undefined };
}

function applyStep(node: unknown, step: JsonPathStep, out: unknown[]): void {
  switch (step.kind) {
    case "names":
      if (isVtlMap(node)) for (const name of step.names) if (Object.hasOwn(node, name)) out.push(node[name]);
      return;
    case "indexes":
      if (isVtlList(node)) {
        for (const index of step.indexes) {
          const i = index < 0 ? node.length + index : index;
          if (i >= 0 && i < node.length) out.push(node[i]);
        }
      }
      return;
    case "slice":
      if (isVtlList(node)) out.push(...node.slice(step.start, step.end));
      return;
    case "wildcard":
      if (isVtlList(node)) out.push(...node);
      else if (isVtlMap(node)) out.push(...Object.values(node));
      return;
    case "deep":
      for (const descendant of selfAndDescendants(node)) applyStep(descendant, step.step, out);
      return;
  }
}

function selfAndDescendants(node: unknown): unknown[] {
  const all: unknown[] = [];
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    all.push(current);
    const children = isVtlList(current) ? current : isVtlMap(current) ? Object.values(current) : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return all;
}
