import { readFileSync } from "node:fs";
import { bundle, validate } from "@readme/openapi-parser";
import { parseSource, type SourceDocument } from "./source-map.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";

function hasExternalRef(value: unknown): boolean {
  const stack: unknown[] = [value];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === "$ref" && typeof child === "string" && !child.startsWith("#") && !child.startsWith("https://apigateway.amazonaws.com/")) return true;
      stack.push(child);
    }
  }
  return false;
}

/**
 * Reads the OpenAPI document with positions. @readme/openapi-parser validates it, but its
 * findings are warnings (GWC1002): TOOLCHAIN.md measured 18 of 41 real API Gateway exports
 * failing its strict validation although API Gateway imports them. Documents with external
 * `$ref`s are bundled into one document with internal references only.
 */
export async function loadOpenApi(absPath: string, file: string, bag: DiagnosticBag): Promise<SourceDocument | undefined> {
  const parsed = parseSource(file, readFileSync(absPath, "utf8"));
  if ("problem" in parsed) {
    const { line, column, detail } = parsed.problem;
    // The bag locates by pointer; a syntax error has no pointer, so locate the root and add the position to the text.
    bag.report("GWC1001", { file, pointer: "" }, { file, detail: `${detail} (line ${line}, column ${column})` });
    return undefined;
  }
  let doc = parsed.doc;
  if (doc.value === null || typeof doc.value !== "object" || Array.isArray(doc.value)) {
    bag.report("GWC1001", { file, pointer: "" }, { file, detail: "the document is not an object" });
    return undefined;
  }
  if (hasExternalRef(doc.value)) {
    try {
      const bundled = await bundle(absPath);
      const locate = doc.locate;
      doc = { file, value: bundled, locate };
    } catch (err) {
      bag.report("GWC1003", { file, pointer: "" }, { detail: (err as Error).message.split("\n")[0]! });
      return undefined;
    }
  }
  try {
    // validate() dereferences its argument in place (TOOLCHAIN.md): give it a copy.
    const result = await validate(structuredClone(doc.value) as never);
    if (!result.valid) {
      const first = result.errors[0]?.message.split("\n")[0] ?? "invalid document";
      const more = result.errors.length - 1 + (result.additionalErrors ?? 0);
      bag.report("GWC1002", { file, pointer: "" }, { detail: more > 0 ? `${first} (and ${more} more)` : first });
    }
  } catch (err) {
    bag.report("GWC1002", { file, pointer: "" }, { detail: (err as Error).message.split("\n")[0]! });
  }
  return doc;
}
