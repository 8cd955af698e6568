import type { DiagnosticBag } from "./diagnostics/diagnostic.js";
import type { IrApi } from "./ir.js";
import type { LoadedApi } from "./load/api-folder.js";
import { normaliseApi } from "./passes/normalise/index.js";
import { allocateModelIds } from "./passes/allocate-model-ids.js";
import { linkApi } from "./passes/link.js";
import { checkApi } from "./passes/check.js";
import { canonicaliseApi } from "./passes/canonicalise.js";

/**
 * The ordered passes from a loaded API folder to a canonical IR: normalise → allocate model ids →
 * link → check → canonicalise. Each reports into the bag and carries on where safe; the caller stops before
 * emit when the bag holds errors.
 */
export function compileToIr(loaded: LoadedApi, bag: DiagnosticBag): IrApi | undefined {
  const normalised = normaliseApi(loaded, bag);
  if (!normalised) return undefined;
  const linked = linkApi(allocateModelIds(normalised), bag);
  checkApi(linked, bag);
  return canonicaliseApi(linked);
}
