import type { IncomingMessage } from "node:http";

/** A request header by lower-case name; repeated headers are comma-joined by node. */
export function getHeader(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(",") : v;
}

/** Form-style decoding of one query component: `+` → space, then percent-decoding (reference §2). */
export function decodeQueryComponent(s: string): string {
  const plus = s.includes("+") ? s.replace(/\+/g, " ") : s;
  if (!plus.includes("%")) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

/** The last value of query parameter `name` (single-value semantics of API Gateway), or undefined. */
export function queryValue(rawQuery: string, name: string): string | undefined {
  if (rawQuery === "") return undefined;
  let found: string | undefined;
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decodeQueryComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (key === name) found = eq < 0 ? "" : decodeQueryComponent(pair.slice(eq + 1));
  }
  return found;
}

/** Splits a raw path into its non-empty segments: double and trailing slashes do not count for routing (reference §2 [V]). */
export function pathSegments(rawPath: string): string[] {
  const out: string[] = [];
  let start = 1;
  for (let i = 1; i <= rawPath.length; i++) {
    if (i === rawPath.length || rawPath.charCodeAt(i) === 47) {
      if (i > start) out.push(rawPath.slice(start, i));
      start = i + 1;
    }
  }
  return out;
}
