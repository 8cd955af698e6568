import type { IncomingMessage } from "node:http";
import type { RequestContext } from "./types.js";

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

/** Every value of query parameter `name`, in order (multi-value semantics), empty when absent. */
export function queryValues(rawQuery: string, name: string): string[] {
  const out: string[] = [];
  if (rawQuery === "") return out;
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    if (decodeQueryComponent(eq < 0 ? pair : pair.slice(0, eq)) === name) out.push(eq < 0 ? "" : decodeQueryComponent(pair.slice(eq + 1)));
  }
  return out;
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

/** Media type of the request (`Content-Type` without parameters, lower case); absent → application/json (reference §4.2). */
export function requestMediaType(ctx: RequestContext): string {
  const ct = getHeader(ctx.req, "content-type");
  if (ct === undefined) return "application/json";
  const semi = ct.indexOf(";");
  return (semi < 0 ? ct : ct.slice(0, semi)).trim().toLowerCase();
}

/** The first media type of `Accept` (lower case, without parameters), or undefined without the header (reference §4.2). */
export function acceptedMediaType(ctx: RequestContext): string | undefined {
  return getHeader(ctx.req, "accept")?.split(",")[0]?.split(";")[0]?.trim().toLowerCase();
}

/** The client's address (`$context.identity.sourceIp`), IPv4-mapped IPv6 written as IPv4. */
export function sourceIp(ctx: RequestContext): string {
  return ctx.req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1";
}

/**
 * The X-Forwarded-* values API Gateway adds for proxy integrations (reference §3.1 [O], §3.4):
 * the client's address appended to any X-Forwarded-For it sent, the port it connected to, the scheme.
 */
export function forwardedHeaders(ctx: RequestContext, clientForwardedFor: string | undefined): { readonly for: string; readonly port: string; readonly proto: string } {
  const ip = sourceIp(ctx);
  return { for: clientForwardedFor ? `${clientForwardedFor}, ${ip}` : ip, port: String(ctx.req.socket.localPort ?? 80), proto: "http" };
}
