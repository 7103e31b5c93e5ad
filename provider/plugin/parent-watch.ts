/**
 * Ends the plugin when the engine that started it is gone. The engine stops its plugins when it
 * finishes, but a `pulumi` killed with SIGKILL (`kill -9`, a CI job's time limit) cannot, and the
 * plugin would otherwise run on, holding its port and its credentials, forever.
 *
 * What is watched is the parent process, not the engine's gRPC channel. The engine runs the plugin
 * itself (the launcher is a `#!/usr/bin/env node` script, and env execs node in place), so the
 * parent is the engine: when it dies, the kernel hands the plugin to init or a subreaper and
 * `process.ppid` changes (on Windows, which does not re-parent, the old parent no longer answers
 * signal 0). That is one system call a second on an unref'd timer, exact, and needs no connection;
 * the plugin opens a channel to the engine only when it has something to log, and a failing
 * channel can also be a passing network fault.
 */

/** How often the parent is checked. */
export const PARENT_CHECK_MS = 1_000;

/** Options of {@link exitWhenParentIsGone}. */
export interface ParentWatchOptions {
  /** @default PARENT_CHECK_MS */
  intervalMs?: number;
  /** What to do once the parent is gone. Default: a line on stderr, then exit. */
  onGone?: (parentPid: number) => void;
}

/** Starts watching the current parent; returns a function that stops watching. */
export function exitWhenParentIsGone(options: ParentWatchOptions = {}): () => void {
  const parent = process.ppid;
  const onGone = options.onGone ?? exitNow;
  const timer = setInterval(() => {
    if (process.ppid !== parent || !isAlive(parent)) {
      clearInterval(timer);
      onGone(parent);
    }
  }, options.intervalMs ?? PARENT_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, but not ours to signal
  }
}

function exitNow(parentPid: number): void {
  process.stderr.write(`pulumi-resource-logicmonitor: the engine that started this plugin (process ${parentPid}) is gone; exiting\n`);
  process.exit(1);
}
