import { CODES, type Code, type Severity } from "./codes.js";
import type { IrOrigin } from "../ir.js";
import { compareStrings } from "../util/order.js";

/** A position in a source file, 1-based. */
export interface Location {
  readonly file: string;
  readonly pointer: string;
  readonly line: number;
  readonly column: number;
}

/** A problem with a spec: a stable code, one sentence, a hint, and where. */
export interface Diagnostic {
  readonly code: Code;
  readonly slug: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint: string;
  readonly location: Location;
}

/** Resolves an origin (file + JSON pointer) to a line and column; supplied by the loader. */
export type Locator = (origin: IrOrigin) => { line: number; column: number };

/** Thrown only for broken internal invariants; reported as GWC9001. */
export class InternalError extends Error {
  override readonly name = "InternalError";
}

function fill(template: string, args: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in args ? String(args[key]) : whole));
}

/** Collects diagnostics from every pass; sorts them by file, line, column and code. */
export class DiagnosticBag {
  readonly #items: Diagnostic[] = [];
  readonly #locate: Locator;

  constructor(locate: Locator) {
    this.#locate = locate;
  }

  /**
   * Records a diagnostic for `code` at `origin`, filling the registry's templates with `args`. `position` is for
   * problems no pointer can name (a syntax error); otherwise the origin is located in its source.
   */
  report(code: Code, origin: IrOrigin, args: Readonly<Record<string, string | number>> = {}, position?: { line: number; column: number }): void {
    const spec = CODES[code];
    const { line, column } = position ?? this.#locate(origin);
    this.#items.push({
      code,
      slug: spec.slug,
      severity: spec.severity,
      message: fill(spec.message, args),
      hint: fill(spec.hint, args),
      location: { file: origin.file, pointer: origin.pointer, line, column },
    });
  }

  /** Number of error-severity diagnostics reported so far. */
  errorCount(): number {
    return this.#items.filter((d) => d.severity === "error").length;
  }

  /** True when any error-severity diagnostic was reported. */
  hasErrors(): boolean {
    return this.#items.some((d) => d.severity === "error");
  }

  /** All diagnostics, sorted and de-duplicated. */
  sorted(): Diagnostic[] {
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const d of [...this.#items].sort(compareDiagnostics)) {
      const key = `${d.code}\u0000${d.location.file}\u0000${d.location.pointer}\u0000${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
    return out;
  }
}

/** Order: file, line, column, code, message (code-unit comparison, never locale-dependent). */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message)
  );
}
