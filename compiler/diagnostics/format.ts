import type { Diagnostic } from "./diagnostic.js";

/** Human format: `file:line:col - error GWCnnnn: message`, the pointer, and the hint. */
export function formatHuman(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const l = d.location;
      return (
        `${l.file}:${l.line}:${l.column} - ${d.severity} ${d.code}: ${d.message}\n` +
        `    at #${l.pointer}\n` +
        `    hint: ${d.hint}\n`
      );
    })
    .join("");
}

/** Machine format: one JSON document with every diagnostic. */
export function formatJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify({ diagnostics }, null, 2) + "\n";
}

/** One-line summary: `2 errors, 1 warning`. */
export function formatSummary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
}
