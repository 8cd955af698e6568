// Processes as tests start them: gwc commands run to completion, servers that print their URL first.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { REPO_ROOT } from "./gateway.js";

/** The repository's gwc command. */
export const GWC = path.join(REPO_ROOT, "compiler/gwc.mjs");

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the repository's gwc to completion. */
export function gwc(args: readonly string[], cwd = REPO_ROOT, timeout = 60_000): Promise<RunResult> {
  return run(process.execPath, [GWC, ...args], { cwd, timeout });
}

/** Runs a command to completion; `code` is null when it was killed (timeout). */
export function run(command: string, args: readonly string[], options: { cwd: string; timeout?: number; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeout ?? 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running process that prints its URL as its first stdout line. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  stderr(): string;
}

/** Starts a server process and waits for the URL line. Every process is recorded in `started` for `after`. */
export async function startServer(started: ChildProcess[], command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<ServerProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let stdout = "";
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  child.stdout!.setEncoding("utf8");
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL line within 20 s; stderr: ${stderr}`)), 20_000);
    child.stdout!.on("data", (d: string) => {
      stdout += d;
      const nl = stdout.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(stdout.slice(0, nl).trim());
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing a URL; stderr: ${stderr}`));
    });
  });
  return { child, url, stderr: () => stderr };
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Sends SIGTERM and resolves with the exit code (SIGKILL after 5 s). */
export async function stop(child: ChildProcess): Promise<number | null> {
  if (!isRunning(child)) return child.exitCode;
  const exited = once(child, "exit") as Promise<[number | null, string | null]>;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}

export function killAll(children: readonly ChildProcess[]): void {
  for (const c of children) if (isRunning(c)) c.kill("SIGKILL");
}

