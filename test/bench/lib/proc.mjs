// Child processes of the benchmark: started pinned to a core, waited for, measured (/proc), and
// always stopped, even when the harness fails or is interrupted.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { openSync, closeSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import http from "node:http";

/** Every process group the harness started and has not yet stopped: pid → name. */
const running = new Map();

let taskset = undefined;
/** True when `taskset` (util-linux) can pin processes here. */
export function hasTaskset() {
  if (taskset === undefined) taskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
  return taskset;
}

/** `[cmd, ...args]` prefixed with `taskset -c <cpus>` when pinning is on and possible. */
export function pinned(cpus, cmd, args) {
  if (cpus === undefined || cpus === null || !hasTaskset()) return [cmd, args];
  return ["taskset", ["-c", String(cpus), cmd, ...args]];
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** One GET on loopback, resolving with the status (or rejecting on a connection error). */
export function probe(url, timeoutMs = 1000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `cmd args` in its own process group, pinned to `cpus`, output to `logFile`, and waits
 * until `readyUrl` answers (any status) or `timeoutMs` passes (then it is stopped and this throws).
 */
export async function startProcess({ name, cmd, args, env, cwd, cpus, readyUrl, logFile, timeoutMs = 30_000 }) {
  const [c, a] = pinned(cpus, cmd, args);
  const fd = openSync(logFile, "a");
  const child = spawn(c, a, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  running.set(child.pid, name);
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = { code, signal };
    running.delete(child.pid);
  });
  const proc = {
    name,
    pid: child.pid,
    child,
    logFile,
    get exited() {
      return exited;
    },
    stop: () => stopProcess(child),
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${name} exited (${exited.code ?? exited.signal}) before it was ready; see ${logFile}`);
    try {
      await probe(readyUrl, 1000);
      return proc;
    } catch {
      if (Date.now() > deadline) {
        await proc.stop();
        throw new Error(`${name} not ready after ${timeoutMs} ms; see ${logFile}`);
      }
      await sleep(25);
    }
  }
}

/** SIGTERM to the process group, SIGKILL after 3 s; resolves when the leader has exited. */
export function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        try {
          child.kill(sig);
        } catch {
          /* gone */
        }
      }
    };
    const timer = setTimeout(() => kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(timer);
      // Anything left in the group (nginx workers, serverless children) goes too.
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* group empty */
      }
      resolve();
    });
    kill("SIGTERM");
  });
}

/** Synchronously kills every process group still running (exit handlers cannot wait). */
export function killAllSync() {
  for (const pid of running.keys()) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  running.clear();
}

/** Names of processes still running (for the final check). */
export function stillRunning() {
  return [...running.values()];
}

/** `pid` and all its descendants (from /proc/<pid>/stat ppid). */
export function processTree(pid) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  const out = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop();
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

function statusKb(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Memory of a process tree in KiB: peak (VmHWM, summed) and current (VmRSS, summed). */
export function memoryOf(pid) {
  let hwm = 0;
  let rss = 0;
  for (const p of processTree(pid)) {
    hwm += statusKb(p, "VmHWM");
    rss += statusKb(p, "VmRSS");
  }
  return { hwmKb: hwm, rssKb: rss };
}

/**
 * Resets the peak RSS (VmHWM) of a process tree to its current RSS (`5` > clear_refs, Linux ≥ 4.0),
 * so the next reading is the peak of the next measurement only. False when the kernel refuses.
 */
export function resetPeak(pid) {
  let ok = true;
  for (const p of processTree(pid)) {
    try {
      writeFileSync(`/proc/${p}/clear_refs`, "5");
    } catch {
      ok = false;
    }
  }
  return ok;
}

let clockTicks;
/** CPU time (user + system, all threads) of a process tree so far, in milliseconds. */
export function cpuMsOf(pid) {
  clockTicks ??= Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* exited meanwhile */
    }
  }
  return (ticks * 1000) / clockTicks;
}

/** Samples the summed VmRSS of a process tree every `everyMs` until stopped; returns the max in KiB. */
export function sampleTreeRss(pid, everyMs = 50) {
  let max = 0;
  const tick = () => {
    const { rssKb } = memoryOf(pid);
    if (rssKb > max) max = rssKb;
  };
  const timer = setInterval(tick, everyMs);
  return () => {
    clearInterval(timer);
    return max;
  };
}

/** Installs handlers so that every started process is killed however the harness ends. */
export function installCleanup(onSignal) {
  process.on("exit", killAllSync);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(sig, () => {
      onSignal?.(sig);
      killAllSync();
      process.exit(130);
    });
  }
}
