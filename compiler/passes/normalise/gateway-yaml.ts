import type { IrFunctionDeclaration, IrStage } from "../../ir.js";
import { joinPointer } from "../../util/json-pointer.js";
import { compareStrings } from "../../util/order.js";
import type { NormaliseContext } from "./context.js";

/**
 * The stages of gateway.yaml and its `defaultStage`, or one default stage (`dev`, or `$default` for HTTP APIs)
 * when it declares none. Names, variables and the default stage are read as written; checks/stages.ts reports
 * the ones AWS would refuse (GWC4004, GWC4005, GWC4008).
 */
export function readStages(ctx: NormaliseContext): { stages: IrStage[]; defaultStage: string } {
  const gw = ctx.loaded.gateway;
  const file = ctx.loaded.gatewayFile;
  if (!gw?.stages || Object.keys(gw.stages).length === 0 || !file) {
    const name = ctx.apiType === "HTTP" ? "$default" : "dev";
    return { stages: [{ kind: "stage", name, variables: [], origin: ctx.doc.origin("") }], defaultStage: name };
  }
  const stages: IrStage[] = [];
  for (const [name, def] of Object.entries(gw.stages)) {
    const variables: { name: string; value: string }[] = [];
    for (const [k, v] of Object.entries(def.variables ?? {})) variables.push({ name: k, value: String(v) });
    stages.push({ kind: "stage", name, variables, origin: { file, pointer: joinPointer("/stages", name) } });
  }
  const names = stages.map((s) => s.name).sort(compareStrings);
  return { stages, defaultStage: gw.defaultStage ?? names[0]! };
}

/**
 * The functions gateway.yaml declares (`handler: handlers/pets.ts#getPet`), as written: link resolves the
 * integrations' function references against them and checks that the handler files exist (passes/link.ts).
 */
export function readFunctionDeclarations(ctx: NormaliseContext): IrFunctionDeclaration[] {
  const file = ctx.loaded.gatewayFile;
  if (!file) return [];
  const out: IrFunctionDeclaration[] = [];
  for (const [name, configured] of Object.entries(ctx.loaded.gateway?.functions ?? {})) {
    const [modPath, exportName] = configured.handler.split("#") as [string, string | undefined];
    out.push({
      kind: "function-declaration",
      name,
      handlerFile: `${ctx.loaded.dir}/${modPath.replace(/^\.\//, "")}`,
      exportName,
      timeout: configured.timeout,
      origin: { file, pointer: joinPointer("/functions", name, "handler") },
    });
  }
  return out;
}
