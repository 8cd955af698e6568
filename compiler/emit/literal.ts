/**
 * The ONLY way a spec value becomes code. Strings are JSON-quoted with U+2028/2029 escaped (as
 * ajv does), JSDoc text has `*\/` broken up, regexes are validated and re-emitted.
 */

/** A JS string literal. */
export function jsString(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A JS number literal (finite only). */
export function jsNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

/** An object key: bare when it is a plain identifier, else quoted. */
export function jsKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : jsString(key);
}

/** Any JSON value as a JS literal (keys in given order; callers canonicalise first). */
export function jsJson(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A full-match RegExp literal for an AWS selection pattern (Java `Pattern.matches`, reference §4.3 [U]). */
export function jsFullMatchRegExp(pattern: string): string {
  const source = `^(?:${pattern})$`;
  new RegExp(source, "s"); // validated: throws on a bad pattern (checked earlier as GWC4007)
  return `new RegExp(${jsString(source)}, "s")`;
}

/** Text safe inside a JSDoc comment. */
export function jsDocText(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/[\r\n]+/g, " ");
}
