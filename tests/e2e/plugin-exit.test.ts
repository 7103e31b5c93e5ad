import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { engineDir } from "../../scripts/lib/engine";
import { createExampleStack, type ExampleStack } from "../helpers/stack";
import { until } from "../helpers/until";

/**
 * Issue 16: after `kill -9` of `pulumi up`, pulumi-resource-logicmonitor used to keep running.
 * Through the real CLI and examples/yaml: `pulumi up` is killed while the plugin's create waits on
 * a slow portal, and the plugin must end on its own.
 */

jest.setTimeout(300_000);

interface Proc {
  pid: number;
  ppid: number;
  state: string;
  cmdline: string;
}

/** Every process this machine shows in /proc. */
function processes(): Proc[] {
  const found: Proc[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(path.join("/proc", entry, "stat"), "utf8");
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmdline = fs.readFileSync(path.join("/proc", entry, "cmdline"), "utf8").split("\0").join(" ");
      found.push({ pid: Number(entry), ppid: Number(ppid), state: state ?? "", cmdline });
    } catch {
      // it ended while being looked at
    }
  }
  return found;
}

/** The processes descended from `pid`. */
function descendants(pid: number): Proc[] {
  const all = processes();
  const found: Proc[] = [];
  const parents = [pid];
  while (parents.length > 0) {
    const parent = parents.pop();
    for (const child of all.filter((p) => p.ppid === parent)) {
      found.push(child);
      parents.push(child.pid);
    }
  }
  return found;
}

function isRunning(pid: number): boolean {
  return processes().some((p) => p.pid === pid && p.state !== "Z");
}

let stack: ExampleStack | undefined;
let started: number[] = [];

afterEach(async () => {
  // Only what this test started (the CLI and what it spawned), by id.
  for (const pid of started) if (isRunning(pid)) process.kill(pid, "SIGKILL");
  started = [];
  await stack?.dispose();
});

const linuxOnly = process.platform === "linux" ? it : it.skip;

linuxOnly("after `kill -9` of `pulumi up`, pulumi-resource-logicmonitor exits on its own", async () => {
  stack = await createExampleStack("yaml");
  // The create hangs in the portal long enough to kill the CLI in the middle of it.
  await stack.portal.faults([{ method: "POST", action: "delay", latencyMs: 120_000 }]);
  const cli = spawn(path.join(engineDir(), "pulumi"), ["up", "--yes", "--skip-preview"], {
    cwd: stack.project.dir,
    env: stack.project.env,
    stdio: "ignore",
  });
  const cliPid = cli.pid ?? 0;
  started.push(cliPid);
  const exited = new Promise<void>((resolve) => cli.on("exit", () => resolve()));

  // The POST is at the portal (its fault taken): the plugin is serving the engine's create.
  await until(async () => (await stack!.portal.queuedFaults()).length === 0 || cli.exitCode !== null, { pollMs: 200 });
  expect(cli.exitCode).toBeNull();
  const children = descendants(cliPid);
  started.push(...children.map((p) => p.pid));
  const plugin = children.find((p) => p.cmdline.includes("pulumi-resource-logicmonitor"));
  expect(plugin).toBeDefined();
  expect(plugin?.ppid).toBe(cliPid);

  cli.kill("SIGKILL");
  await exited;
  // A generous bound (the plugin checks every second), not a timing target.
  const giveUpAt = Date.now() + 60_000;
  await until(() => !isRunning(plugin!.pid) || Date.now() > giveUpAt, { pollMs: 200 });
  expect(isRunning(plugin!.pid)).toBe(false);
});
