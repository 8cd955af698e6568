/**
 * Lambda proxy (AWS_PROXY) results → HTTP responses: payload 1.0 (REST, and HTTP APIs with
 * payloadFormatVersion 1.0) and payload 2.0 (HTTP APIs).
 *
 * Follows shared/reference/aws-api-gateway.md §3.3 and the REST results LocalStack recorded from
 * real AWS (test/corpus/aws-snapshots/extracted/lambda-proxy-response-format.json). A malformed
 * result is returned as `{ ok: false }`; the caller turns it into the API type's error response
 * (REST 502 `Internal server error`, HTTP 500 `Internal Server Error`, §3.3).
 */

/** The HTTP response a Lambda proxy result maps to. */
export interface ProxyHttpResponse {
  /** Status code, 100–599. */
  statusCode: number;
  /** Header lines in order; a name may repeat (one line per value, e.g. `Set-Cookie`). */
  headers: Array<[string, string]>;
  /** Response body bytes. */
  body: Buffer;
}

/** Result of converting a Lambda proxy result. `reason` is log-only text, never sent to the client. */
export type ProxyResultOutcome = { ok: true; response: ProxyHttpResponse } | { ok: false; reason: string };

// The text AWS writes to the execution log for these failures (§3.3 [O]).
const MALFORMED = "Malformed Lambda proxy response";

/**
 * Converts a payload 1.0 result (REST, and HTTP API payload 1.0), reference §3.3.
 * `accept` is the request's Accept header: its first media type decides whether a base64 body is
 * decoded (§3.3, §14). `binaryMediaTypes` are the API's.
 */
export function convertProxyResultV1(
  result: unknown,
  opts: { binaryMediaTypes: readonly string[]; accept: string | undefined },
): ProxyResultOutcome {
  // `"justAString"`, arrays, null, numbers → 502 (§3.3 [V], recording invoke-api-just-string).
  if (!isPlainObject(result)) return malformed("the result is not a JSON object");

  let statusValue: unknown;
  let headersValue: unknown;
  let multiValueHeadersValue: unknown;
  let bodyValue: unknown;
  let isBase64Encoded: unknown;
  // One pass over the keys: only these five are allowed; any other → 502 (§3.3 [V], vector 11).
  for (const key in result) {
    if (!Object.hasOwn(result, key)) continue;
    const value = result[key];
    // In-process handlers hand us the value unserialised: a key holding undefined would vanish
    // in the JSON a real Lambda returns, so it is not a key here either.
    if (value === undefined) continue;
    switch (key) {
      case "statusCode":
        statusValue = value;
        break;
      case "headers":
        headersValue = value;
        break;
      case "multiValueHeaders":
        multiValueHeadersValue = value;
        break;
      case "body":
        bodyValue = value;
        break;
      case "isBase64Encoded":
        isBase64Encoded = value;
        break;
      default:
        return malformed(`unexpected key ${JSON.stringify(key)}`);
    }
  }

  const statusCode = parseStatusCode(statusValue);
  if (statusCode === undefined) return malformed("statusCode is not a valid HTTP status code");

  let body: string;
  if (bodyValue === undefined || bodyValue === null) body = "";
  else if (typeof bodyValue === "string") body = bodyValue;
  else return malformed("body is not a string"); // §3.3: body (string) [D]

  const headers: Array<[string, string]> = [];
  let hasContentType = false;

  // multiValueHeaders first: when a name is in both maps, the merged value lists the multi values
  // first and keeps the multiValueHeaders spelling of the name (§3.3 [V], vector 14, recordings
  // invoke-api-multi-headers-overwrite{,-casing}).
  let multiNames: Map<string, { name: string; values: string[] }> | undefined;
  if (multiValueHeadersValue !== undefined && multiValueHeadersValue !== null) {
    if (!isPlainObject(multiValueHeadersValue)) return malformed("multiValueHeaders is not an object");
    for (const name in multiValueHeadersValue) {
      if (!Object.hasOwn(multiValueHeadersValue, name)) continue;
      const values = multiValueHeadersValue[name];
      const lower = name.toLowerCase();
      if (lower === "content-type") hasContentType = true;
      // A null list is treated like an absent header [U].
      if (values === null) continue;
      // `{"h":"v"}` (not a list) → 502 (§3.3 [V], recording invoke-api-multi-headers-invalid).
      if (!Array.isArray(values)) return malformed(`multiValueHeaders.${name} is not a list`);
      const rendered: string[] = [];
      for (const value of values) {
        const text = renderHeaderValue(value);
        if (text === INVALID) return malformed(`multiValueHeaders.${name} holds a non-scalar value`);
        if (text === undefined) continue;
        rendered.push(text);
        headers.push([name, text]);
      }
      multiNames ??= new Map();
      multiNames.set(lower, { name, values: rendered });
    }
  }

  if (headersValue !== undefined && headersValue !== null) {
    // `headers: null` is fine (§3.3 [V]); any other non-object is not.
    if (!isPlainObject(headersValue)) return malformed("headers is not an object");
    for (const name in headersValue) {
      if (!Object.hasOwn(headersValue, name)) continue;
      const lower = name.toLowerCase();
      // `"Content-Type": null` still suppresses the default below: the known way for a function
      // to send no Content-Type at all (aws-sam-cli#1218 [O]).
      if (lower === "content-type") hasContentType = true;
      // Non-strings are rendered as text: `{"b":true}` → `b: true` (§3.3 [V], vector 15).
      const text = renderHeaderValue(headersValue[name]);
      if (text === INVALID) return malformed(`headers.${name} holds a non-scalar value`);
      if (text === undefined) continue;
      const multi = multiNames?.get(lower);
      if (multi === undefined) {
        headers.push([name, text]);
      } else if (!multi.values.includes(text)) {
        // Appended after the multi values as one more line under the multiValueHeaders spelling.
        // AWS documents (Lambda proxy output format): "If the same key-value pair is specified in
        // both, only the values from multiValueHeaders will appear in the merged list" — hence the
        // includes() check. Separate lines rather than one "multi, solo" line: equivalent for
        // every header (RFC 9110 §5.3) except Set-Cookie, which must not be comma-joined.
        headers.push([multi.name, text]);
      }
    }
  }

  // Default Content-Type when the function gives none (§3.3 [V], vector 8).
  if (!hasContentType) headers.push(["Content-Type", "application/json"]);

  // Decode only when the function says base64 AND the client asked for a binary type first;
  // otherwise the base64 text is the body (§3.3 [V], vector 16; §14).
  const decode =
    isBase64Encoded === true &&
    opts.binaryMediaTypes.length > 0 &&
    isBinaryMediaType(firstMediaType(opts.accept), opts.binaryMediaTypes);
  return {
    ok: true,
    response: { statusCode, headers, body: Buffer.from(body, decode ? "base64" : "utf8") },
  };
}

/**
 * Converts a payload 2.0 result (HTTP APIs), reference §3.2/§3.3: a JSON value without
 * `statusCode` is inferred as 200 `application/json` with the value as body; with `statusCode`,
 * `cookies` become `set-cookie` lines and `isBase64Encoded: true` decodes the body.
 */
export function convertProxyResultV2(result: unknown): ProxyResultOutcome {
  if (result === undefined || typeof result === "function" || typeof result === "symbol") {
    return malformed("the result is not a JSON value");
  }
  // `statusCode: undefined` counts as absent, as it would after JSON serialisation.
  if (!isPlainObject(result) || result.statusCode === undefined) {
    // Inference (§3.3, vectors 63 and 64): a string is the body itself (`"Hello"` → `Hello`),
    // anything else is its JSON text. JSON.stringify is unavoidable here: the value arrived parsed.
    let text: string | undefined;
    if (typeof result === "string") text = result;
    else {
      try {
        text = JSON.stringify(result);
      } catch {
        text = undefined;
      }
    }
    if (text === undefined) return malformed("the result is not a JSON value");
    return {
      ok: true,
      response: { statusCode: 200, headers: [["content-type", "application/json"]], body: Buffer.from(text, "utf8") },
    };
  }

  const statusCode = parseStatusCode(result.statusCode);
  if (statusCode === undefined) return malformed("statusCode is not a valid HTTP status code");

  const headers: Array<[string, string]> = [];
  const headersValue = result.headers;
  if (headersValue !== undefined && headersValue !== null) {
    if (!isPlainObject(headersValue)) return malformed("headers is not an object");
    for (const name in headersValue) {
      if (!Object.hasOwn(headersValue, name)) continue;
      const text = renderHeaderValue(headersValue[name]);
      if (text === INVALID) return malformed(`headers.${name} holds a non-scalar value`);
      if (text !== undefined) headers.push([name, text]);
    }
  }

  // Each cookie becomes its own set-cookie line (§3.3 [D], vector 65).
  const cookies = result.cookies;
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies)) return malformed("cookies is not a list");
    for (const cookie of cookies) {
      if (typeof cookie !== "string") return malformed("cookies holds a non-string value");
      headers.push(["set-cookie", cookie]);
    }
  }

  const bodyValue = result.body;
  let body: string;
  if (bodyValue === undefined || bodyValue === null) body = "";
  else if (typeof bodyValue === "string") body = bodyValue;
  else return malformed("body is not a string"); // [U] 2.0 documents body as a string

  // No default content-type once statusCode is given: §3.3 documents the default only for the
  // inferred case [U]. Unknown keys (e.g. multiValueHeaders) are ignored: 2.0 has no key check [U].
  return {
    ok: true,
    response: { statusCode, headers, body: Buffer.from(body, result.isBase64Encoded === true ? "base64" : "utf8") },
  };
}

/**
 * Whether `contentType` (a Content-Type or one Accept media type; parameters ignored) is one of the
 * API's `binaryMediaTypes`. Wildcards count only on the binaryMediaTypes side: `*\/*` matches
 * everything and `image/*` matches `image/png`, but a left-side wildcard such as `*\/test` matches
 * nothing, and a wildcard in `contentType` (`Accept: image/*`) does not match `image/png`
 * (§3.3 [V]). Comparison is case-insensitive, as media types are (RFC 9110 §8.3.1).
 */
export function isBinaryMediaType(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  if (contentType === undefined || binaryMediaTypes.length === 0) return false;
  const semicolon = contentType.indexOf(";");
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (mediaType === "") return false;
  for (const entry of binaryMediaTypes) {
    const candidate = entry.trim().toLowerCase();
    if (candidate === "*/*" || candidate === mediaType) return true;
    // Right-side wildcard: `image/*` is a prefix match on `image/`.
    if (candidate.endsWith("/*") && !candidate.startsWith("*/") && mediaType.startsWith(candidate.slice(0, -1))) {
      return true;
    }
  }
  return false;
}

// Marks a header value that cannot be rendered (an object or a list) in renderHeaderValue.
const INVALID = Symbol("invalid header value");

/**
 * Header value as text: strings as is, numbers and booleans via String() (`true` → `true`, §3.3 [V]).
 * null gives undefined (header left out [U]); objects and lists cannot be a header value → INVALID [U].
 */
function renderHeaderValue(value: unknown): string | undefined | typeof INVALID {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return undefined;
  return INVALID;
}

/**
 * statusCode as an integer 100–599: a number or a numeric string (`"201"` → 201, §3.3 [V]);
 * absent or null → 200 (`{}` → 200, vector 9 [V]); anything else → undefined (`"test"` → 502,
 * vector 13). The 100–599 bound is [U]: node cannot send other codes anyway.
 */
function parseStatusCode(value: unknown): number | undefined {
  if (value === undefined || value === null) return 200;
  let code: number;
  if (typeof value === "number") code = value;
  else if (typeof value === "string" && /^[0-9]{1,3}$/.test(value)) code = Number(value);
  else return undefined;
  return Number.isInteger(code) && code >= 100 && code <= 599 ? code : undefined;
}

/** First media type of an Accept header (`image/png, *\/*` → `image/png`), parameters kept. */
function firstMediaType(accept: string | undefined): string | undefined {
  if (accept === undefined) return undefined;
  const comma = accept.indexOf(",");
  return comma === -1 ? accept : accept.slice(0, comma);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function malformed(detail: string): ProxyResultOutcome {
  return { ok: false, reason: `${MALFORMED}: ${detail}` };
}
