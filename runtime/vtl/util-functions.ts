/**
 * The `$util` functions of REST mapping templates (reference §4.1), as the Java code behind them
 * computes them. Strings are UTF-8 on the wire; where Java's encoder meets a lone surrogate it
 * writes `?`, so these do too.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** UTF-8 bytes as Java's `String.getBytes(UTF_8)` makes them (lone surrogates → `?`). */
function javaUtf8(s: string): Buffer {
  return Buffer.from(s.replace(LONE_SURROGATE, "?"), "utf8");
}

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, "0");
}

/**
 * `$util.escapeJavaScript`: Apache Commons `StringEscapeUtils.escapeJavaScript`. It escapes `'`
 * as `\'` (the AWS guide warns that this is not valid JSON), `"`, `\` and `/`, writes control
 * characters as `\n`-style or `\u00XX` escapes and every UTF-16 unit above 0x7F as `\uXXXX`.
 */
export function escapeJavaScript(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code > 0x7f) out += "\\u" + hex4(code);
    else if (code < 0x20) out += CONTROL_ESCAPES[code] ?? "\\u" + hex4(code);
    else if (code === 0x27) out += "\\'";
    else if (code === 0x22) out += '\\"';
    else if (code === 0x5c) out += "\\\\";
    else if (code === 0x2f) out += "\\/";
    else out += s[i];
  }
  return out;
}

const CONTROL_ESCAPES: Readonly<Record<number, string>> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r" };

/** Bytes `URLEncoder` leaves alone besides letters and digits. */
const URL_SAFE = new Set([".", "-", "*", "_"]);

/** `$util.urlEncode`: Java `URLEncoder.encode(s, "UTF-8")`, space as `+` (reference §4.1 [V], vector 59). */
export function urlEncode(s: string): string {
  let out = "";
  for (const byte of javaUtf8(s)) {
    const c = String.fromCharCode(byte);
    if ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || URL_SAFE.has(c)) out += c;
    else if (byte === 0x20) out += "+";
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/**
 * `$util.urlDecode`: Java `URLDecoder.decode(s, "UTF-8")`: `+` is a space, runs of `%XX` are
 * UTF-8 (bad sequences become U+FFFD); a `%` without two hex digits is an error (null here).
 */
export function urlDecode(s: string): string | null {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === "+") {
      out += " ";
      i++;
    } else if (c === "%") {
      const bytes: number[] = [];
      while (s[i] === "%") {
        const pair = s.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(pair)) return null;
        bytes.push(parseInt(pair, 16));
        i += 3;
      }
      out += Buffer.from(bytes).toString("utf8");
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** `$util.base64Encode`: standard alphabet with padding, of the UTF-8 bytes. */
export function base64Encode(s: string): string {
  return javaUtf8(s).toString("base64");
}

/**
 * `$util.base64Decode`: Java's basic decoder (standard alphabet, padding optional, nothing else
 * allowed, so bad input is an error: null here), then the bytes read as UTF-8.
 */
export function base64Decode(s: string): string | null {
  const m = /^([A-Za-z0-9+/]*)(={0,2})$/.exec(s);
  if (!m) return null;
  const data = m[1]!.length;
  if (data % 4 === 1 || (m[2] !== "" && (data + m[2]!.length) % 4 !== 0)) return null;
  return Buffer.from(m[1]!, "base64").toString("utf8");
}

/** `$util.parseJson`: the JSON value (maps, lists, strings, numbers); invalid JSON gives null [U: AWS fails the request]. */
export function parseJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return null;
  }
}
