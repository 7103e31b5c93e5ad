import { spawn } from "node:child_process";
import { watchPeakMemory } from "./process-memory";

/** A finished child process: how long it ran and what it printed. */
export interface TimedRun {
  /** Wall time from spawn to exit, in milliseconds. */
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
  /** Peak RSS in kB of the watched descendant processes, when a marker was given. */
  peakRssKb?: number;
}

/** Options of {@link runTimed}. */
export interface RunTimedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Watch the peak memory of descendants whose command line contains this text. */
  watchMemoryOf?: string;
  timeoutMs?: number;
}

/** Runs a command to completion and times it; never rejects on a non-zero exit. */
export function runTimed(command: string, args: string[], options: RunTimedOptions): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    const watch = options.watchMemoryOf !== undefined && child.pid !== undefined ? watchPeakMemory(child.pid, options.watchMemoryOf) : undefined;
    const timeout = setTimeout(() => child.kill("SIGTERM"), options.timeoutMs ?? 30 * 60_000);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", (error) => {
      clearTimeout(timeout);
      watch?.stop();
      reject(error);
    });
    // Stop the watch at "exit" (descendants may still be readable), but resolve at "close" (all output read).
    let peakRssKb: number | undefined;
    child.on("exit", () => (peakRssKb = watch?.stop()));
    child.on("close", (code, signal) => {
      clearTimeout(timeout);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const run: TimedRun = { ms, code: code ?? (signal ? 128 : 1), stdout, stderr };
      if (peakRssKb !== undefined) run.peakRssKb = peakRssKb;
      resolve(run);
    });
  });
}

/** Throws with the command's output when a run failed. */
export function requireSuccess(what: string, run: TimedRun): TimedRun {
  if (run.code !== 0) {
    throw new Error(`${what} exited ${run.code}\n--- stdout (tail)\n${run.stdout.slice(-4000)}\n--- stderr (tail)\n${run.stderr.slice(-4000)}`);
  }
  return run;
}
