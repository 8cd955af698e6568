import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { IrApi } from "../ir.js";
import { joinPointer } from "../util/json-pointer.js";

/**
 * Stage names and variables AWS refuses (CreateStage: stageName [A-Za-z0-9_-]{1,128}, `$default` for HTTP
 * APIs only; stage variable names [A-Za-z0-9_]{1,64}, values [A-Za-z0-9-._~:/?#&=,]{1,512}), and a
 * `defaultStage` that names no stage.
 */
export function checkStages(api: IrApi, bag: DiagnosticBag): void {
  for (const stage of api.stages) {
    if (!(/^[A-Za-z0-9_-]{1,128}$/.test(stage.name) || (stage.name === "$default" && api.apiType === "HTTP"))) {
      bag.report("GWC4004", stage.origin, { name: stage.name });
    }
    for (const { name, value } of stage.variables) {
      const at = { file: stage.origin.file, pointer: joinPointer(stage.origin.pointer, "variables", name) };
      if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) bag.report("GWC4005", at, { name, detail: "invalid name" });
      else if (!/^[A-Za-z0-9\-._~:/?#&=,]{1,512}$/.test(value)) bag.report("GWC4005", at, { name, detail: "invalid value" });
    }
  }
  // Only gateway.yaml can name a default stage that does not exist, and then every stage comes from gateway.yaml
  // too: its file is the stages' file.
  if (!api.stages.some((s) => s.name === api.defaultStage)) {
    bag.report("GWC4008", { file: api.stages[0]!.origin.file, pointer: "/defaultStage" }, { name: api.defaultStage });
  }
}
