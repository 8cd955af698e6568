/** RFC 6901 JSON pointers. */

/** Escapes one reference token (`~` → `~0`, `/` → `~1`). */
export function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Unescapes one reference token. */
export function unescapeToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Appends tokens to a pointer: `join("/paths", "/pets", "get")` → `/paths/~1pets/get`. */
export function joinPointer(base: string, ...tokens: readonly (string | number)[]): string {
  return base + tokens.map((t) => "/" + escapeToken(String(t))).join("");
}

/** Splits a pointer into unescaped tokens; `""` is the whole document. */
export function splitPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map(unescapeToken);
}
