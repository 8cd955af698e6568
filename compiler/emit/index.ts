import { transformSync } from "esbuild";
import type { IrApi } from "../ir.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import { canonicalJson } from "../util/order.js";
import { emitConfig, emitServer } from "./config.js";
import { compileHandler, handlerDeclaration } from "./handlers.js";
import { generatedHeader } from "./header.js";
import type { OutputFiles } from "./output.js";
import { emitRouter } from "./router.js";
import { emitReadme } from "./readme.js";
import { emitRoutes, handlerModulePath } from "./routes.js";
import { emitValidators } from "./validator-module.js";
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

/** Emits every artifact of one API into `files` under `outDir` (repository-relative); reports emit-phase problems. */
export function emitApi(root: string, api: IrApi, outDir: string, files: OutputFiles, bag: DiagnosticBag): void {
  const sources = [...api.sources];
  const header = generatedHeader(sources);
  const add = (name: string, contents: string): void => files.add(`${outDir}/${name}`, contents);
  const addTs = (name: string, ts: string): void => {
    add(`${name}.ts`, header + "\n" + ts);
    add(`${name}.js`, toJs(header, ts));
  };

  const emitted = emitValidators(api);
  if (emitted && "problem" in emitted) {
    bag.report("GWC5001", emitted.problem.origin, { detail: emitted.problem.detail, dialect: api.schemaDialect === "2020-12" ? "JSON Schema 2020-12" : "JSON Schema draft 4" });
    return;
  }
  const validators = emitted;
  if (validators) {
    add("validators.cjs", header + validators.source);
    add("validators.d.cts", header + validators.declaration);
  }
  addTs("routes", emitRoutes(api, validators !== undefined));
  addTs("router", emitRouter(api));
  addTs("config", emitConfig(api));
  addTs("server", emitServer());
  add("README.md", emitReadme(api, outDir));
  const handlerSources: string[] = [];
  for (const fn of api.functions) {
    const fnHeader = generatedHeader([fn.handlerFile]);
    const modPath = handlerModulePath(fn.name);
    add(modPath, fnHeader + compileHandler(root, fn));
    add(modPath.replace(/\.js$/, ".d.ts"), fnHeader + handlerDeclaration(fn));
    handlerSources.push(fn.handlerFile);
  }
  const inputs: Record<string, string> = {};
  for (const f of [...sources, ...handlerSources]) inputs[f] = createHash("sha256").update(readFileSync(path.join(root, f))).digest("hex");
  const produced: Record<string, string> = {};
  for (const f of files.paths()) if (f.startsWith(`${outDir}/`)) produced[f.slice(outDir.length + 1)] = files.hash(f);
  add("manifest.json", canonicalJson({ api: api.name, apiType: api.apiType, files: produced, gwc: GWC_VERSION, inputs }) + "\n");
}
