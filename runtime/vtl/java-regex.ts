/**
 * Java `java.util.regex` patterns (as `String.replaceAll`, `split` and `matches` take them) run
 * as JS RegExps. Most syntax is shared; this translates the parts that differ and refuses
 * (returns undefined, so the method yields null) the parts JS cannot express: possessive
 * quantifiers, atomic groups, class union/intersection and inline flags after the start.
 */

/** Compiled patterns kept per source; generated templates use a handful of constant patterns. */
const REGEX_CACHE_SIZE = 256;
const cache = new Map<string, RegExp | null>();

/** POSIX classes Java spells `\p{Name}` (US-ASCII only, as java.util.regex defines them). */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  Lower: "a-z", Upper: "A-Z", ASCII: "\\x00-\\x7F", Alpha: "a-zA-Z", Digit: "0-9", Alnum: "a-zA-Z0-9",
  Punct: "!-\\/:-@\\[-`{-~", Graph: "!-~", Print: " -~", Blank: " \\t", Cntrl: "\\x00-\\x1F\\x7F",
  XDigit: "0-9a-fA-F", Space: " \\t\\n\\x0B\\f\\r",
};

const INLINE_FLAGS: Readonly<Record<string, string>> = { i: "i", s: "s", m: "m", u: "", d: "" };

/** The JS RegExp for a Java pattern, or undefined when it uses syntax JS lacks. */
export function javaRegExp(pattern: string): RegExp | undefined {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = translate(pattern) ?? null;
    if (cache.size >= REGEX_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(pattern, re);
  }
  return re ?? undefined;
}

/** Java escapes for classes JS spells differently: horizontal and vertical whitespace (Java 8). */
const CLASS_ESCAPES: Readonly<Record<string, string>> = {
  h: " \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000",
  v: "\\n\\x0B\\f\\r\\x85\\u2028\\u2029",
};

/** Single-character Java escapes with another meaning (or none) in JS. */
const CHAR_ESCAPES: Readonly<Record<string, string>> = { e: "\\x1B", a: "\\x07", R: "(?:\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])" };

/** Java escapes with no JS equivalent: refused. */
const UNSUPPORTED_ESCAPES = new Set(["G", "X", "N"]);

/** True when `out` ends with a quantifier, so a following `+` would make it possessive. */
function endsWithQuantifier(out: string): boolean {
  if (/\{\d+(?:,\d*)?\}$/.test(out)) return true;
  const last = out[out.length - 1];
  if (last !== "*" && last !== "+" && last !== "?") return false;
  let backslashes = 0;
  for (let j = out.length - 2; j >= 0 && out[j] === "\\"; j--) backslashes++;
  if (backslashes % 2 === 1) return false;
  return !(last === "?" && out[out.length - 2] === "(");
}

function translate(pattern: string): RegExp | undefined {
  let flags = "";
  let i = 0;
  const lead = /^\(\?([a-z]+)\)/.exec(pattern);
  if (lead) {
    for (const f of lead[1]!) {
      const js = INLINE_FLAGS[f];
      if (js === undefined) return undefined;
      if (!flags.includes(js)) flags += js;
    }
    i = lead[0].length;
  }
  let out = "";
  let inClass = false;
  let unicode = false;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === undefined || UNSUPPORTED_ESCAPES.has(next)) return undefined;
      if (next === "Q") {
        const end = pattern.indexOf("\\E", i + 2);
        const literal = pattern.slice(i + 2, end === -1 ? undefined : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|\/-]/g, "\\$&");
        i = end === -1 ? pattern.length : end + 2;
        continue;
      }
      if ((next === "p" || next === "P") && pattern[i + 2] === "{") {
        const close = pattern.indexOf("}", i + 3);
        if (close === -1) return undefined;
        const name = pattern.slice(i + 3, close).replace(/^Is/, "");
        const posix = POSIX_CLASSES[name];
        if (posix === undefined) {
          unicode = true;
          out += `\\${next}{${name}}`;
        } else if (inClass) {
          if (next === "P") return undefined;
          out += posix;
        } else {
          out += next === "P" ? `[^${posix}]` : `[${posix}]`;
        }
        i = close + 1;
        continue;
      }
      const cls = CLASS_ESCAPES[next.toLowerCase()];
      if (cls !== undefined && (next === "h" || next === "v" || next === "H" || next === "V")) {
        const negated = next === "H" || next === "V";
        if (inClass && negated) return undefined;
        out += inClass ? cls : negated ? `[^${cls}]` : `[${cls}]`;
      } else if (CHAR_ESCAPES[next] !== undefined && !(inClass && next === "R")) {
        out += CHAR_ESCAPES[next];
      } else if (!inClass && next === "A") {
        out += "(?<![\\s\\S])";
      } else if (!inClass && next === "z") {
        out += "(?![\\s\\S])";
      } else if (!inClass && next === "Z") {
        out += "(?=\\n?(?![\\s\\S]))";
      } else {
        out += c + next;
      }
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === "[" || (c === "&" && pattern[i + 1] === "&")) return undefined;
      if (c === "]") inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      if (pattern[i + 1] === "^") out += pattern[++i];
      if (pattern[i + 1] === "]") out += "\\" + pattern[++i];
      i++;
      continue;
    }
    if (c === "(" && (pattern.startsWith("(?>", i) || /^\(\?[a-z-]+[):]/.test(pattern.slice(i)))) return undefined;
    if (c === "+" && endsWithQuantifier(out)) return undefined;
    out += c;
    i++;
  }
  try {
    return new RegExp(out, flags + (unicode ? "u" : ""));
  } catch {
    return undefined;
  }
}

/** A part of a Java replacement string: literal text or a group reference (`$1`, `${name}`). */
type ReplacementPart = string | { readonly group: number | string };

/**
 * Java `Matcher.appendReplacement` syntax: `$n` takes as many digits as still name a group,
 * `${name}` a named group, `\x` is a literal x; a lone `$` is an error (undefined here).
 */
function parseReplacement(replacement: string, groupCount: number): ReplacementPart[] | undefined {
  const parts: ReplacementPart[] = [];
  let text = "";
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === "\\") {
      i++;
      if (i >= replacement.length) return undefined;
      text += replacement[i];
    } else if (c === "$") {
      const named = /^\$\{([A-Za-z][A-Za-z0-9]*)\}/.exec(replacement.slice(i));
      if (named) {
        parts.push(text, { group: named[1]! });
        text = "";
        i += named[0].length - 1;
        continue;
      }
      const first = replacement[i + 1];
      if (first === undefined || first < "0" || first > "9") return undefined;
      let group = Number(first);
      i++;
      while (i + 1 < replacement.length && /[0-9]/.test(replacement[i + 1]!) && group * 10 + Number(replacement[i + 1]) <= groupCount) {
        group = group * 10 + Number(replacement[++i]);
      }
      if (group > groupCount) return undefined;
      parts.push(text, { group });
      text = "";
    } else {
      text += c;
    }
  }
  parts.push(text);
  return parts;
}

function groupCountOf(re: RegExp): number {
  return new RegExp(`(?:${re.source})|`, re.flags).exec("")!.length - 1;
}

/** Java `String.replaceAll` / `replaceFirst`; undefined when the pattern or replacement is not usable. */
export function javaReplace(s: string, pattern: string, replacement: string, all: boolean): string | undefined {
  const re = javaRegExp(pattern);
  if (re === undefined) return undefined;
  const parts = parseReplacement(replacement, groupCountOf(re));
  if (parts === undefined) return undefined;
  const global = new RegExp(re.source, re.flags + (all ? "g" : ""));
  return s.replace(global, (...match: unknown[]) => {
    const last = match[match.length - 1];
    const named = typeof last === "object" && last !== null ? (last as Record<string, string | undefined>) : undefined;
    let text = "";
    for (const part of parts) {
      if (typeof part === "string") text += part;
      else if (typeof part.group === "number") text += (match[part.group] as string | undefined) ?? "";
      else text += named?.[part.group] ?? "";
    }
    return text;
  });
}

/**
 * Java `String.split(regex, limit)`: limit 0 drops trailing empty strings, a positive limit caps
 * the number of parts, a zero-width match at the start makes no leading empty string (Java 8+).
 */
export function javaSplit(s: string, pattern: string, limit: number): string[] | undefined {
  const re = javaRegExp(pattern);
  if (re === undefined) return undefined;
  const global = new RegExp(re.source, re.flags + "g");
  const parts: string[] = [];
  let start = 0;
  for (let m = global.exec(s); m !== null; m = global.exec(s)) {
    const end = m.index + m[0].length;
    if (m[0].length === 0) global.lastIndex++;
    if (m[0].length === 0 && m.index === 0) continue;
    if (limit > 0 && parts.length >= limit - 1) break;
    parts.push(s.slice(start, m.index));
    start = end;
  }
  if (parts.length === 0) return [s];
  parts.push(s.slice(start));
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** Java `String.matches`: the whole string must match. */
export function javaMatches(s: string, pattern: string): boolean | undefined {
  const re = javaRegExp(pattern);
  if (re === undefined) return undefined;
  return new RegExp(`^(?:${re.source})$`, re.flags).test(s);
}
