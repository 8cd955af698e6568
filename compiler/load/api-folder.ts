import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import { parseSource, type SourceDocument } from "./source-map.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import { checkGatewayYaml, type GatewayYaml } from "./gateway-yaml.js";
import { loadOpenApi } from "./openapi.js";
import { compareStrings } from "../util/order.js";

/** Everything read from one API folder; the only I/O the front end does. */
export interface LoadedApi {
  /** Folder name, the API's name. */
  readonly name: string;
  /** Repository-relative POSIX path of the folder. */
  readonly dir: string;
  /** The OpenAPI document (bundled when it has external references). */
  readonly openapi: SourceDocument;
  /** gateway.yaml, validated, when present. */
  readonly gateway: GatewayYaml | undefined;
  readonly gatewayFile: string | undefined;
  /** Files below handlers/, repository-relative, sorted. */
  readonly handlerFiles: readonly string[];
}

const OPENAPI_NAMES = ["openapi.yaml", "openapi.yml", "openapi.json"] as const;

/** True when `dir` holds an OpenAPI document, i.e. is an API folder. */
export function isApiFolder(dir: string): boolean {
  return OPENAPI_NAMES.some((n) => existsSync(path.join(dir, n)));
}

/** The API folders under `specsDir` (or `specsDir` itself when it is one), sorted by name. */
export function findApiFolders(specsDir: string): string[] {
  if (isApiFolder(specsDir)) return [specsDir];
  return readdirSync(specsDir)
    .filter((n) => statSync(path.join(specsDir, n)).isDirectory() && isApiFolder(path.join(specsDir, n)))
    .sort(compareStrings)
    .map((n) => path.join(specsDir, n));
}

/** Converts an absolute or cwd-relative path to a POSIX path relative to `root`. */
export function toRepoPath(root: string, p: string): string {
  return path.relative(root, path.resolve(p)).split(path.sep).join("/");
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort(compareStrings)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

/** Reads one API folder. Syntax and schema problems are reported; returns undefined if unusable. */
export async function loadApiFolder(root: string, dir: string, bag: DiagnosticBag): Promise<LoadedApi | undefined> {
  const repoDir = toRepoPath(root, dir);
  const name = path.basename(path.resolve(dir));
  const docName = OPENAPI_NAMES.find((n) => existsSync(path.join(dir, n)));
  if (!docName) {
    bag.report("GWC1004", { file: repoDir, pointer: "" }, { dir: repoDir });
    return undefined;
  }
  const openapi = await loadOpenApi(path.join(dir, docName), `${repoDir}/${docName}`, bag);
  let gateway: GatewayYaml | undefined;
  let gatewayFile: string | undefined;
  const gwPath = path.join(dir, "gateway.yaml");
  if (existsSync(gwPath)) {
    gatewayFile = `${repoDir}/gateway.yaml`;
    const parsed = parseSource(gatewayFile, readFileSync(gwPath, "utf8"));
    if ("problem" in parsed) {
      const { line, column, detail } = parsed.problem;
      bag.report("GWC1001", { file: gatewayFile, pointer: "" }, { file: gatewayFile, detail }, { line, column });
      return undefined;
    }
    gateway = checkGatewayYaml(parsed.doc, bag);
    if (!gateway) return undefined;
  }
  if (!openapi) return undefined;
  const handlerFiles = listFiles(path.join(dir, "handlers")).map((f) => toRepoPath(root, f));
  return { name, dir: repoDir, openapi, gateway, gatewayFile, handlerFiles };
}
