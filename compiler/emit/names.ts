/** Deterministic identifier allocation: callers ask in canonical order; clashes get a numeric suffix. */
export class NameAllocator {
  readonly #used = new Set<string>();

  constructor(reserved: readonly string[] = []) {
    for (const r of reserved) this.#used.add(r);
  }

  /** A fresh identifier derived from `hint`. */
  allocate(hint: string): string {
    let base = hint.replace(/[^A-Za-z0-9_$]+/g, "_").replace(/^_+|_+$/g, "") || "x";
    if (/^[0-9]/.test(base)) base = `_${base}`;
    let name = base;
    for (let i = 2; this.#used.has(name); i++) name = `${base}_${i}`;
    this.#used.add(name);
    return name;
  }
}

/** A short stable id (lower-case base36) from text: stands in for AWS's random API and resource ids. */
export function stableId(text: string, length: number): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return (h1.toString(36) + h2.toString(36)).padEnd(length, "0").slice(0, length);
}
