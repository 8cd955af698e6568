import { readFileSync } from "node:fs";
import path from "node:path";
import { bundle, validate } from "@readme/openapi-parser";
import { parseTree, findNodeAtOffset, getNodePath } from "jsonc-parser";
import { parseSource, type SourceDocument } from "./source-map.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import { joinPointer } from "../util/json-pointer.js";

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

/** Pointer of the first object (in document order) holding a `$ref` that `wanted` accepts, or "" when none does. */
function pointerOfRef(value: unknown, wanted: (ref: string) => boolean): string {
  const visit = (node: unknown, pointer: string): string | undefined => {
    if (node === null || typeof node !== "object") return undefined;
    const ref = (node as Record<string, unknown>).$ref;
    if (typeof ref === "string" && wanted(ref)) return pointer;
    for (const [key, child] of Object.entries(node)) {
      const found = visit(child, joinPointer(pointer, key));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(value, "") ?? "";
}

/** Follows a slash-separated path whose keys are not escaped (`/paths/pets/{id}/get`), taking the longest key that fits. */
function pointerOfLoosePath(root: unknown, path: string): string {
  let node = root;
  let rest = path;
  const tokens: string[] = [];
  while (rest.startsWith("/") && node !== null && typeof node === "object") {
    // Path keys start with "/" themselves: the parser writes `/paths${path}`, with no separator of its own.
    const prefix = (k: string): string => (k.startsWith("/") ? k : `/${k}`);
    const key = Object.keys(node)
      .filter((k) => rest === prefix(k) || rest.startsWith(`${prefix(k)}/`))
      .reduce<string | undefined>((best, k) => (best === undefined || k.length > best.length ? k : best), undefined);
    if (key === undefined) break;
    tokens.push(key);
    node = (node as Record<string, unknown>)[key];
    rest = rest.slice(prefix(key).length);
  }
  return joinPointer("", ...tokens);
}

/**
 * The JSON pointer a validation message of @readme/openapi-parser is about; "" when it cannot tell. Its messages
 * carry no pointer: its own checks name the node in backquotes with unescaped keys (`/paths/pets/{id}/get`), and
 * schema violations show a code frame of the dereferenced document re-printed as 2-space JSON
 * (`>  97 |     "title": {`). The marked line is looked up in a re-print of the document as written: the place
 * where most of the frame's other lines match too wins (a dereferenced component is found at its definition),
 * then the one nearest the frame's line number.
 */
export function pointerOfValidationMessage(root: unknown, message: string): string {
  if (/paths` object must begin with a leading slash/.test(message) && root !== null && typeof root === "object") {
    const paths = (root as Record<string, unknown>).paths;
    const bad = paths !== null && typeof paths === "object" ? Object.keys(paths).find((k) => !k.startsWith("/")) : undefined;
    return bad === undefined ? "/paths" : joinPointer("/paths", bad);
  }
  const missing = /^Missing \$ref pointer "([^"]*)"/.exec(message);
  if (missing) return pointerOfRef(root, (ref) => ref === missing[1]);
  const quoted = [...message.matchAll(/`(\/[^`]*)`/g)].map((m) => m[1]!);
  if (quoted.length > 0) return pointerOfLoosePath(root, quoted[0]!);
  const frame = message
    .split("\n")
    .map((l) => /^(>?)\s*(\d+) \|(?: (.*))?$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ marked: m[1] === ">", line: Number(m[2]), text: (m[3] ?? "").trim() }));
  const markedAt = frame.findIndex((f) => f.marked);
  if (markedAt < 0) return "";
  const text = JSON.stringify(root, null, 2);
  const lines = text.split("\n");
  const trimmed = lines.map((l) => l.trim());
  const wanted = frame[markedAt]!;
  let best: { at: number; score: number } | undefined;
  for (let i = 0; i < trimmed.length; i++) {
    if (trimmed[i] !== wanted.text) continue;
    const score = frame.filter((f, k) => trimmed[i + k - markedAt] === f.text).length;
    const nearer = best !== undefined && score === best.score && Math.abs(i + 1 - wanted.line) < Math.abs(best.at + 1 - wanted.line);
    if (best === undefined || score > best.score || nearer) best = { at: i, score };
  }
  if (best === undefined) return "";
  let offset = 0;
  for (let i = 0; i < best.at; i++) offset += lines[i]!.length + 1;
  offset += lines[best.at]!.length - lines[best.at]!.trimStart().length;
  const tree = parseTree(text);
  const node = tree ? findNodeAtOffset(tree, offset) : undefined;
  return node ? joinPointer("", ...getNodePath(node)) : "";
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
    // A syntax error has no pointer: the position goes to the bag as is.
    bag.report("GWC1001", { file, pointer: "" }, { file, detail }, { line, column });
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
      // The parser names files by absolute path: show them relative to the repository, and point at the first
      // $ref to the file it could not read.
      const root = absPath.endsWith(file) ? absPath.slice(0, absPath.length - file.length) : undefined;
      const message = (err as Error).message.split("\n")[0]!;
      const detail = root ? message.split(root).join("") : message;
      const dir = path.dirname(absPath);
      const pointer = pointerOfRef(doc.value, (ref) => !ref.startsWith("#") && message.includes(path.resolve(dir, ref.split("#")[0]!)));
      bag.report("GWC1003", { file, pointer }, { detail });
      return undefined;
    }
  }
  try {
    // validate() dereferences its argument in place (TOOLCHAIN.md): give it a copy.
    const result = await validate(structuredClone(doc.value) as never);
    if (!result.valid) {
      const message = result.errors[0]?.message ?? "invalid document";
      const first = message.split("\n")[0]!;
      const more = result.errors.length - 1 + (result.additionalErrors ?? 0);
      bag.report("GWC1002", { file, pointer: pointerOfValidationMessage(doc.value, message) }, { detail: more > 0 ? `${first} (and ${more} more)` : first });
    }
  } catch (err) {
    bag.report("GWC1002", { file, pointer: "" }, { detail: (err as Error).message.split("\n")[0]! });
  }
  return doc;
}
