import { cpSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { randomUUID } from "node:crypto";
import { createGateway, type Gateway, type GatewayDefinition, type GatewayOptions } from "gwc/runtime";
import { build, type BuildResult } from "../../compiler/build.js";
import { writeToDisk } from "../../compiler/emit/output.js";
import { formatHuman } from "../../compiler/diagnostics/format.js";

/** The repository root. */
export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/** The external test corpus, vendored unmodified in `test/corpus/` (its README gives provenance and licences). */
export const CORPUS = path.join(REPO_ROOT, "test/corpus");

/**
 * Builds a spec folder into a fresh folder under `.tmp/` (inside the repository, so generated
 * code resolves `gwc/runtime`) and returns the build result and that folder.
 */
export async function buildSpec(specDir: string): Promise<{ result: BuildResult; outDir: string; cleanup: () => void }> {
  const rel = path.join(".tmp", `build-${randomUUID().slice(0, 8)}`);
  const outDir = path.join(REPO_ROOT, rel);
  mkdirSync(outDir, { recursive: true });
  const result = await build({ root: REPO_ROOT, specsDir: specDir, outDir: rel });
  if (!result.hasErrors) writeToDisk(REPO_ROOT, result.files, result.outDirs);
  return { result, outDir, cleanup: () => rmSync(outDir, { recursive: true, force: true }) };
}

/** A built gateway listening on a free loopback port. */
export interface RunningGateway {
  readonly url: string;
  readonly gateway: Gateway;
  readonly definition: GatewayDefinition;
  close(): Promise<void>;
}

/**
 * Builds `specDir` (one API folder), imports its generated server module, and starts it on
 * port 0. Throws with the formatted diagnostics when the build fails.
 */
export async function startGateway(specDir: string, options: GatewayOptions = {}): Promise<RunningGateway> {
  const { result, outDir, cleanup } = await buildSpec(specDir);
  if (result.hasErrors || result.apis.length !== 1) {
    cleanup();
    throw new Error(`build failed: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  }
  const api = result.apis[0]!;
  const mod = (await import(pathToFileURL(path.join(outDir, api.name, "server.mjs")).href)) as { definition: GatewayDefinition };
  const gateway = createGateway(mod.definition, { log: () => {}, ...options });
  const url = await gateway.listen(0);
  return {
    url,
    gateway,
    definition: mod.definition,
    async close() {
      await gateway.close();
      cleanup();
    },
  };
}

/**
 * Copies a fixture under `tmp/specs/<prefix><random>` and builds it into `tmp/out`: an API name of its own, so its
 * Redis keys are its own too. Throws with the diagnostics when it does not build.
 */
export async function buildFixtureAs(fixture: string, tmp: string, prefix: string): Promise<{ entry: string; api: string }> {
  const api = `${prefix}${randomUUID().slice(0, 8)}`;
  cpSync(path.join(REPO_ROOT, "test/fixtures", fixture), path.join(tmp, "specs", api), { recursive: true });
  const result = await build({ specsDir: path.join(tmp, "specs"), outDir: path.join(tmp, "out") });
  if (result.hasErrors) throw new Error(formatHuman(result.diagnostics));
  writeToDisk(result.root, result.files, result.outDirs);
  return { entry: path.join(tmp, "out", api, "server.mjs"), api };
}
