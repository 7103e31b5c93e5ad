import * as fs from "node:fs";

/**
 * Peak resident memory of processes below a root process, read from Linux's /proc: `VmHWM` in
 * /proc/PID/status is the kernel's own high-water mark of a process's RSS, so sampling only has to
 * catch the process alive, not at its peak.
 */

/** Watches the descendants of one process whose command line contains a marker. */
export interface PeakMemoryWatch {
  /** Stops watching; resolves with the highest `VmHWM` seen in kB (0 when no process matched). */
  stop(): number;
}

/** Samples every `intervalMs` the descendants of `rootPid` whose command line contains `marker`. */
export function watchPeakMemory(rootPid: number, marker: string, intervalMs = 100): PeakMemoryWatch {
  let peakKb = 0;
  const sample = () => {
    for (const pid of descendantsOf(rootPid)) {
      if (!readProc(pid, "cmdline").includes(marker)) continue;
      const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readProc(pid, "status"));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    }
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peakKb;
    },
  };
}

/** The ids of every process below `rootPid`. */
function descendantsOf(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    const stat = readProc(Number(entry), "stat");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const siblings = children.get(ppid) ?? [];
    siblings.push(Number(entry));
    children.set(ppid, siblings);
  }
  const found: number[] = [];
  const pending = [rootPid];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      pending.push(child);
    }
  }
  return found;
}

/** A /proc file's text, or "" when the process is gone. */
function readProc(pid: number, file: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return "";
  }
}
