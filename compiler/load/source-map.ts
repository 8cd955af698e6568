import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Node as YamlNode } from "yaml";
import { parseTree, findNodeAtLocation, type Node as JsonNode, type ParseError, printParseErrorCode } from "jsonc-parser";
import { splitPointer } from "../util/json-pointer.js";

/** A parsed source file that can map a JSON pointer back to a line and column. */
export interface SourceDocument {
  /** Repository-relative POSIX path. */
  readonly file: string;
  /** The parsed value. */
  readonly value: unknown;
  /** 1-based position of the node at `pointer`, or of its nearest existing ancestor. */
  locate(pointer: string): { line: number; column: number };
}

/** A syntax error with its position. */
export interface SyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly detail: string;
}

/**
 * Parses YAML or JSON keeping positions. JSON is parsed with JSON.parse and its position tree
 * (jsonc-parser) is built only when a diagnostic needs a position: TOOLCHAIN.md measured the
 * YAML parser 5–6× slower on large JSON, and most builds report nothing.
 */
export function parseSource(file: string, text: string): { doc: SourceDocument } | { problem: SyntaxProblem } {
  const isJson = file.endsWith(".json") || /^\s*[{[]/.test(text);
  return isJson ? parseJson(file, text) : parseYaml(file, text);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

function parseJson(file: string, text: string): { doc: SourceDocument } | { problem: SyntaxProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    const first = errors[0];
    const pos = positionAt(lineStarts(text), first?.offset ?? 0);
    return { problem: { ...pos, detail: first ? printParseErrorCode(first.error) : "invalid JSON" } };
  }
  let tree: JsonNode | undefined;
  let starts: number[] | undefined;
  return {
    doc: {
      file,
      value,
      locate(pointer) {
        tree ??= parseTree(text);
        starts ??= lineStarts(text);
        const tokens = splitPointer(pointer);
        for (let n = tokens.length; n >= 0; n--) {
          const path = tokens.slice(0, n).map((t) => (/^\d+$/.test(t) ? Number(t) : t));
          const node = tree ? findJsonNode(tree, path) : undefined;
          if (node) return positionAt(starts, node.parent?.type === "property" ? node.parent.offset : node.offset);
        }
        return { line: 1, column: 1 };
      },
    },
  };
}

function findJsonNode(tree: JsonNode, path: (string | number)[]): JsonNode | undefined {
  // findNodeAtLocation treats numeric tokens as array indexes only; object keys like "200" need a string.
  const direct = findNodeAtLocation(tree, path);
  if (direct) return direct;
  return findNodeAtLocation(tree, path.map(String));
}

function parseYaml(file: string, text: string): { doc: SourceDocument } | { problem: SyntaxProblem } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const err = document.errors[0];
  if (err) {
    const pos = lineCounter.linePos(err.pos[0]);
    return { problem: { line: pos.line, column: pos.col, detail: err.message.split("\n")[0]! } };
  }
  const value = document.toJS({ maxAliasCount: -1 });
  return {
    doc: {
      file,
      value,
      locate(pointer) {
        let node: unknown = document.contents;
        let offset = (document.contents as YamlNode | null)?.range?.[0] ?? 0;
        for (const token of splitPointer(pointer)) {
          if (isMap(node)) {
            const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === token);
            if (!pair) break;
            offset = (pair.key as YamlNode | null)?.range?.[0] ?? offset;
            node = pair.value;
          } else if (isSeq(node)) {
            const item = node.items[Number(token)] as YamlNode | undefined;
            if (!item) break;
            offset = item.range?.[0] ?? offset;
            node = item;
          } else break;
        }
        const pos = lineCounter.linePos(offset);
        return { line: pos.line, column: pos.col };
      },
    },
  };
}
