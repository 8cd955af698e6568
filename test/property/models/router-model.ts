/**
 * Reference route matcher written from the AWS documentation (reference §2), independent of
 * the compiler: a plain search over every route, no trie.
 *
 * REST: the most specific resource whose template matches the path is chosen first (at the
 * first differing segment a literal beats `{param}`, which beats `{proxy+}`); then its method,
 * else its ANY method, else a miss (403). HTTP APIs: among routes whose path AND method match
 * (exact method before ANY), the most specific path; else `$default`; else a miss (404).
 */

export type ModelSegment = { kind: "literal"; value: string } | { kind: "param"; name: string } | { kind: "greedy"; name: string };

export interface ModelRoute {
  readonly method: string; // "ANY" or a verb
  readonly segments: readonly ModelSegment[];
  readonly isDefault: boolean;
}

export interface ModelMatch {
  readonly index: number;
  readonly params: Record<string, string> | undefined;
}

function bind(route: ModelRoute, segs: readonly string[]): Record<string, string> | undefined | false {
  const params: Record<string, string> = {};
  let any = false;
  for (let i = 0; i < route.segments.length; i++) {
    const t = route.segments[i]!;
    if (t.kind === "greedy") {
      if (i >= segs.length) return false; // one or more segments
      params[t.name] = segs.slice(i).join("/");
      return params;
    }
    if (i >= segs.length) return false;
    if (t.kind === "literal") {
      if (t.value !== segs[i]) return false;
    } else {
      params[t.name] = segs[i]!;
      any = true;
    }
  }
  if (route.segments.length !== segs.length) return false;
  return any ? params : route.segments.length === 0 ? undefined : Object.keys(params).length > 0 ? params : undefined;
}

const RANK = { literal: 0, param: 1, greedy: 2 } as const;

/** Negative when `a` is more specific than `b`. */
function specificity(a: ModelRoute, b: ModelRoute): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (!x || !y) return 0;
    if (RANK[x.kind] !== RANK[y.kind]) return RANK[x.kind] - RANK[y.kind];
  }
  return 0;
}

/** Matches `method` + non-empty segments against `routes`. */
export function modelMatch(apiType: "REST" | "HTTP", routes: readonly ModelRoute[], method: string, segs: readonly string[]): ModelMatch | undefined {
  const candidates = routes
    .map((route, index) => ({ route, index, params: bind(route, segs) }))
    .filter((c) => !c.route.isDefault && c.params !== false);
  if (apiType === "REST") {
    if (candidates.length === 0) return undefined;
    const best = [...candidates].sort((a, b) => specificity(a.route, b.route))[0]!;
    const sameResource = candidates.filter((c) => specificity(c.route, best.route) === 0 && sameShape(c.route, best.route));
    const exact = sameResource.find((c) => c.route.method === method) ?? sameResource.find((c) => c.route.method === "ANY");
    return exact ? { index: exact.index, params: exact.params || undefined } : undefined;
  }
  const withMethod = candidates.filter((c) => c.route.method === method || c.route.method === "ANY");
  if (withMethod.length > 0) {
    const best = [...withMethod].sort((a, b) => specificity(a.route, b.route) || (a.route.method === "ANY" ? 1 : 0) - (b.route.method === "ANY" ? 1 : 0))[0]!;
    return { index: best.index, params: best.params || undefined };
  }
  const fallback = routes.findIndex((r) => r.isDefault);
  return fallback >= 0 ? { index: fallback, params: undefined } : undefined;
}

function sameShape(a: ModelRoute, b: ModelRoute): boolean {
  return a.segments.length === b.segments.length && a.segments.every((s, i) => {
    const t = b.segments[i]!;
    return s.kind === t.kind && (s.kind !== "literal" || s.value === (t as { value: string }).value);
  });
}
