import type { IrApi, IrModel } from "../ir.js";
import { NameAllocator } from "../emit/names.js";
import { compareStrings } from "../util/order.js";

/** Separates a model's wanted name from its pointer in a provisional id; `@` never occurs in a name. */
const SEPARATOR = "@";

/** The id the normaliser gives a model before names are allocated: `<wanted name>@<pointer>`. */
export function provisionalModelId(name: string, pointer: string): string {
  return `${name}${SEPARATOR}${pointer}`;
}

/**
 * Gives every model its final identifier (`model_Pet`, `body_POST_pets`), allocated in canonical
 * order, by origin file and JSON pointer in code-unit order, never in document order: where two
 * models want one name (`POST /a-b` and `POST /a_b` both want `body_POST_a_b`) the same one gets
 * the `_2` suffix whatever the key order of the document. Rewrites every reference to a model:
 * `#/models/<id>` refs inside schemas and the routes' body models.
 */
export function allocateModelIds(api: IrApi): IrApi {
  const names = new NameAllocator();
  const byOrigin = [...api.models].sort((a, b) => compareStrings(a.origin.file, b.origin.file) || compareStrings(a.origin.pointer, b.origin.pointer));
  const finalId = new Map<string, string>();
  for (const m of byOrigin) finalId.set(m.id, names.allocate(m.id.slice(0, m.id.indexOf(SEPARATOR))));
  const idOf = (provisional: string): string => finalId.get(provisional) ?? provisional;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      const value = k === "$ref" && typeof v === "string" && v.startsWith("#/models/") ? `#/models/${idOf(v.slice("#/models/".length))}` : rewrite(v);
      Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return {
    ...api,
    models: api.models.map((m): IrModel => ({ ...m, id: idOf(m.id), schema: rewrite(m.schema) })),
    routes: api.routes.map((r) => ({ ...r, bodyModels: r.bodyModels.map((b) => ({ ...b, modelId: idOf(b.modelId) })) })),
  };
}
