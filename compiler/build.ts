import path from "node:path";
import { DiagnosticBag, InternalError, type Diagnostic } from "./diagnostics/diagnostic.js";
import { findApiFolders, isApiFolder, loadApiFolder, toRepoPath } from "./load/api-folder.js";
import type { SourceDocument } from "./load/source-map.js";
import { compileToIr } from "./pipeline.js";
import { emitApi } from "./emit/index.js";
import { OutputFiles } from "./emit/output.js";
import type { IrApi } from "./ir.js";
import { parseSource } from "./load/source-map.js";
import { readFileSync, existsSync, readdirSync } from "node:fs";
import { compareStrings } from "./util/order.js";

/** Options of `build`. Relative paths are resolved against `cwd`. */
export interface BuildOptions {
  /** Folder holding API folders (the spec root), or one API folder. */
  readonly specsDir: string;
  /** Output root (default: `generated` in the project folder). */
  readonly outDir?: string;
  /** Folder relative paths in the options are resolved against (default: `root` if given, else `process.cwd()`). */
  readonly cwd?: string;
  /**
   * Project folder: paths in the output (headers, READMEs, manifests) and in diagnostics are
   * relative to it. Default: the folder holding the spec root (the parent of `specs/`), so the
   * output does not depend on the working folder the build runs in.
   */
  readonly root?: string;
}

/** The spec root of `specsDir` (itself, or the folder holding it when it is one API folder), absolute. */
export function specRootOf(specsDir: string): string {
  return isApiFolder(specsDir) ? path.dirname(specsDir) : specsDir;
}

/**
 * The command that regenerates a build, as run in its project folder: `npx gwc build specs/ (and the same --out,
 * if any)`. It names no output path, so the same specs give the same bytes wherever the output is written: a
 * build into a scratch folder can be compared with the committed one byte for byte.
 */
function regenerateCommand(root: string, specRoot: string): string {
  return `npx gwc build ${toRepoPath(root, specRoot)}/ (and the same --out, if any)`;
}

/** What a build produced: files in memory (not yet written), diagnostics, and the IR per API. */
export interface BuildResult {
  /** Project folder (absolute); `files`, `outDirs`, `ownedDirs` and diagnostic paths are relative to it. */
  readonly root: string;
  /** Output root (absolute). */
  readonly outRoot: string;
  readonly files: OutputFiles;
  readonly diagnostics: readonly Diagnostic[];
  readonly apis: readonly IrApi[];
  /** Output folders of the APIs built, repository-relative. */
  readonly outDirs: readonly string[];
  /**
   * Folders whose contents this build owns: `outDirs`, plus, when a folder of APIs was built,
   * every gwc output folder (one with a manifest.json) under the output root, so the output of
   * an API whose spec was removed is reported and removed as orphaned.
   */
  readonly ownedDirs: readonly string[];
  readonly hasErrors: boolean;
}

/** Builds every API under `specsDir` in memory. No I/O besides reading the inputs. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const cwd = path.resolve(options.cwd ?? options.root ?? process.cwd());
  const specsDir = path.resolve(cwd, options.specsDir);
  const specRoot = specRootOf(specsDir);
  const root = options.root !== undefined ? path.resolve(cwd, options.root) : path.dirname(specRoot);
  const outRootAbs = options.outDir !== undefined ? path.resolve(cwd, options.outDir) : path.join(root, "generated");
  const outRoot = toRepoPath(root, outRootAbs);
  const regenerate = regenerateCommand(root, specRoot);
  const docs = new Map<string, SourceDocument>();
  const locate = (origin: { file: string; pointer: string }): { line: number; column: number } => {
    let doc = docs.get(origin.file);
    if (!doc && existsSync(path.join(root, origin.file)) && /\.(ya?ml|json)$/.test(origin.file)) {
      const parsed = parseSource(origin.file, readFileSync(path.join(root, origin.file), "utf8"));
      if ("doc" in parsed) docs.set(origin.file, (doc = parsed.doc));
    }
    return doc ? doc.locate(origin.pointer) : { line: 1, column: 1 };
  };
  const bag = new DiagnosticBag(locate);
  const files = new OutputFiles();
  const apis: IrApi[] = [];
  const outDirs: string[] = [];
  const folders = findApiFolders(specsDir);
  // Neither an API folder nor a folder of them: say so rather than build nothing.
  if (folders.length === 0) bag.report("GWC1004", { file: toRepoPath(root, specsDir), pointer: "" }, { dir: toRepoPath(root, specsDir) });
  for (const dir of folders) {
    try {
      const errorsBefore = bag.errorCount();
      const loaded = await loadApiFolder(root, dir, bag);
      if (loaded) docs.set(loaded.openapi.file, loaded.openapi);
      const ir = loaded ? compileToIr(loaded, bag) : undefined;
      if (!ir || bag.errorCount() > errorsBefore) continue;
      const outDir = `${outRoot}/${ir.name}`;
      emitApi(ir, { root, outDir, regenerate }, files, bag);
      if (bag.errorCount() > errorsBefore) continue;
      apis.push(ir);
      outDirs.push(outDir);
    } catch (err) {
      const detail = err instanceof InternalError ? err.message : String((err as Error)?.stack ?? err).split("\n").slice(0, 3).join(" | ");
      bag.report("GWC9001", { file: toRepoPath(root, dir), pointer: "" }, { detail });
    }
  }
  const diagnostics = bag.sorted();
  const ownedDirs = [...outDirs];
  if (!isApiFolder(specsDir) && existsSync(outRootAbs)) {
    for (const name of readdirSync(outRootAbs).sort(compareStrings)) {
      const dir = `${outRoot}/${name}`;
      if (!ownedDirs.includes(dir) && existsSync(path.join(outRootAbs, name, "manifest.json"))) ownedDirs.push(dir);
    }
  }
  return { root, outRoot: outRootAbs, files, diagnostics, apis, outDirs, ownedDirs, hasErrors: bag.hasErrors() };
}

