import { transformSync } from "esbuild";
import type { IrApi } from "../ir.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import { canonicalJson } from "../util/order.js";
import { emitConfig } from "./config.js";
import { emitServer } from "./server.js";
import { compileHandler, handlerDeclaration } from "./handlers.js";
import { generatedHeader } from "./header.js";
import type { OutputFiles } from "./output.js";
import { emitRouter } from "./router.js";
import { emitReadme } from "./readme.js";
import { emitRoutes, handlerModulePath } from "./routes.js";
import { emitTemplates, templateNames } from "./templates.js";
import { emitValidators } from "./validators.js";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

/** Version recorded once, in manifest.json (never in per-file headers). */
const GWC_VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Transpiles generated TypeScript to the JavaScript that plain `node` runs; the header is kept on top. */
function toJs(header: string, ts: string): string {
  const js = transformSync(ts, { loader: "ts", format: "esm", target: "node20", charset: "utf8" }).code;
  return header + js;
}

/** Where one API's output goes and how it was asked for; every path is relative to the project folder. */
export interface EmitTarget {
  /** Project folder (absolute): the folder holding the spec root; output paths are relative to it. */
  readonly root: string;
  /** The API's output folder, relative to `root` (POSIX). */
  readonly outDir: string;
  /** The command that regenerates this output, run in `root` (`npx gwc build specs/`). */
  readonly regenerate: string;
}

/**
 * Emits every artifact of one API into `files` under `target.outDir`; reports emit-phase problems.
 *
 * Module files are `.mjs` with a `.mts` twin for reading and typechecking (declarations `.d.mts`):
 * an `.mjs` file is an ES module whatever the `type` of the package.json above it, so the output
 * runs in CommonJS and ESM projects alike and in folders with no package.json.
 */
export function emitApi(api: IrApi, target: EmitTarget, files: OutputFiles, bag: DiagnosticBag): void {
  const { root, outDir, regenerate } = target;
  const sources = [...api.sources];
  const header = generatedHeader(sources, regenerate);
  const add = (name: string, contents: string): void => files.add(`${outDir}/${name}`, contents);
  const addTs = (name: string, ts: string): void => {
    add(`${name}.mts`, header + "\n" + ts);
    add(`${name}.mjs`, toJs(header, ts));
  };

  const emitted = emitValidators(api);
  if (emitted && "problem" in emitted) {
    bag.report("GWC5001", emitted.problem.origin, { detail: emitted.problem.detail, dialect: api.schemaDialect === "2020-12" ? "JSON Schema 2020-12" : "JSON Schema draft 4" });
    return;
  }
  const validators = emitted;
  if (validators) {
    add("validators.mjs", header + validators.source);
    add("validators.d.mts", header + validators.declaration);
  }
  const templateFunctions = templateNames(api);
  const templates = emitTemplates(templateFunctions);
  if (templates !== undefined) addTs("templates", templates);
  addTs("routes", emitRoutes(api, validators !== undefined, templateFunctions));
  addTs("router", emitRouter(api));
  addTs("config", emitConfig(api));
  addTs("server", emitServer());
  add("README.md", emitReadme(api, regenerate));
  const handlerSources: string[] = [];
  for (const fn of api.functions) {
    const fnHeader = generatedHeader([fn.handlerFile], regenerate);
    const modPath = handlerModulePath(fn.name);
    const compiled = compileHandler(root, fn);
    if ("problem" in compiled) {
      const { file, line, column, detail } = compiled.problem;
      bag.report("GWC5002", { file, pointer: "" }, { file: fn.handlerFile, detail }, { line, column });
      continue;
    }
    add(modPath, fnHeader + compiled.code);
    add(modPath.replace(/\.mjs$/, ".d.mts"), fnHeader + handlerDeclaration(fn));
    handlerSources.push(fn.handlerFile);
  }
  const inputs: Record<string, string> = {};
  for (const f of [...sources, ...handlerSources]) inputs[f] = createHash("sha256").update(readFileSync(path.join(root, f))).digest("hex");
  const produced: Record<string, string> = {};
  for (const f of files.paths()) if (f.startsWith(`${outDir}/`)) produced[f.slice(outDir.length + 1)] = files.hash(f);
  add("manifest.json", canonicalJson({ api: api.name, apiType: api.apiType, files: produced, gwc: GWC_VERSION, inputs }) + "\n");
}
