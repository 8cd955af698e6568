import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { IrApiType, IrModel, IrOrigin, IrSchemaDialect } from "../../ir.js";
import type { LoadedApi } from "../../load/api-folder.js";
import { splitPointer } from "../../util/json-pointer.js";

/** Document flavour, decided from `swagger` / `openapi`. */
export type DocVersion = "swagger-2.0" | "openapi-3.0" | "openapi-3.1";

/** A JSON object of the source document, as the readers walk it. */
export type Json = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The value if it is a string, else undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Parses an HTTP status code written as a number or a three-digit string; undefined outside 100–599. */
export function parseStatus(value: unknown): number | undefined {
  const s = typeof value === "number" ? value : typeof value === "string" && /^\d{3}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(s) && s >= 100 && s <= 599 ? s : undefined;
}

/** Reads the pieces of a document that the normaliser walks, following internal `$ref`s. */
export class DocReader {
  constructor(readonly root: Json, readonly file: string) {}

  /** The origin of `pointer` in this document. */
  origin(pointer: string): IrOrigin {
    return { file: this.file, pointer };
  }

  /** The value at `pointer`, or undefined where the path does not exist. */
  get(pointer: string): unknown {
    let node: unknown = this.root;
    for (const token of splitPointer(pointer)) {
      if (Array.isArray(node)) node = node[Number(token)];
      else if (isObject(node)) node = node[token];
      else return undefined;
    }
    return node;
  }

  /** Follows `$ref: "#/..."` chains (at most 32 hops) and returns the target and its pointer. */
  deref(value: unknown, pointer: string): { value: unknown; pointer: string } {
    let v = value;
    let p = pointer;
    for (let hops = 0; hops < 32 && isObject(v) && typeof v.$ref === "string" && v.$ref.startsWith("#"); hops++) {
      p = decodeURIComponent(v.$ref.slice(1));
      v = this.get(p);
    }
    return { value: v, pointer: p };
  }
}

/**
 * The one state the readers share: the document, what was decided about it (version, API type, schema
 * dialect), the loaded folder, the bag, and what the readers accumulate (the models, by pointer). Each reader
 * is a set of functions over this context, so a reader can call another without owning its state.
 */
export class NormaliseContext {
  /** Every model read so far, in the order read; `allocateModelIds` gives the final ids later. */
  readonly models: IrModel[] = [];
  /** Definition pointer → provisional model id, so a shared schema becomes one model. */
  readonly modelIds = new Map<string, string>();
  /** Security schemes by name, read once on first use (security.ts). */
  securitySchemes: Map<string, Json> | undefined;

  constructor(
    readonly doc: DocReader,
    readonly version: DocVersion,
    readonly apiType: IrApiType,
    readonly dialect: IrSchemaDialect,
    readonly loaded: LoadedApi,
    readonly bag: DiagnosticBag,
  ) {}

  /** Reports `code` at `pointer` in the OpenAPI document. */
  report(code: Parameters<DiagnosticBag["report"]>[0], pointer: string, args: Readonly<Record<string, string | number>> = {}): void {
    this.bag.report(code, this.doc.origin(pointer), args);
  }
}
