import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { compareStrings } from "../util/order.js";

/** Generated files in memory: repository-relative POSIX path → contents (LF, final newline). */
export class OutputFiles {
  readonly #files = new Map<string, string>();

  /** Adds a file; a second write to the same path is an internal error. */
  add(file: string, contents: string): void {
    if (this.#files.has(file)) throw new Error(`generated twice: ${file}`);
    const text = contents.replace(/\r\n/g, "\n");
    this.#files.set(file, text.endsWith("\n") ? text : text + "\n");
  }

  get(file: string): string | undefined {
    return this.#files.get(file);
  }

  /** Paths in code-unit order. */
  paths(): string[] {
    return [...this.#files.keys()].sort(compareStrings);
  }

  /** sha256 of a file's bytes. */
  hash(file: string): string {
    return createHash("sha256").update(this.#files.get(file) ?? "").digest("hex");
  }
}

function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTree(full));
    else out.push(full);
  }
  return out;
}

/** Differences between the in-memory output and what is on disk under `outDirs`. */
export interface Staleness {
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  readonly orphaned: readonly string[];
}

/** Compares files with the disk; `outDirs` are the API output folders (orphans are looked for there). */
export function compareWithDisk(root: string, files: OutputFiles, outDirs: readonly string[]): Staleness {
  const changed: string[] = [];
  const missing: string[] = [];
  for (const f of files.paths()) {
    const abs = path.join(root, f);
    if (!existsSync(abs)) missing.push(f);
    else if (readFileSync(abs, "utf8") !== files.get(f)) changed.push(f);
  }
  const produced = new Set(files.paths());
  const orphaned = outDirs
    .flatMap((d) => listTree(path.join(root, d)))
    .map((abs) => path.relative(root, abs).split(path.sep).join("/"))
    .filter((f) => !produced.has(f))
    .sort(compareStrings);
  return { changed, missing, orphaned };
}

function removeEmptyDirs(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
  for (const name of readdirSync(dir)) removeEmptyDirs(path.join(dir, name));
  if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
}

/** Writes changed files and removes orphans under `outDirs`; returns what it wrote. */
export function writeToDisk(root: string, files: OutputFiles, outDirs: readonly string[]): Staleness {
  const stale = compareWithDisk(root, files, outDirs);
  for (const f of [...stale.changed, ...stale.missing]) {
    const abs = path.join(root, f);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, files.get(f)!);
  }
  for (const f of stale.orphaned) rmSync(path.join(root, f));
  // Folders left empty by removed orphans (a removed API's output) go too.
  for (const d of outDirs) removeEmptyDirs(path.join(root, d));
  return stale;
}
