import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pluginClient } from "../../helpers/plugin-client";
import { until } from "../../helpers/until";

/**
 * The plugin exits when the process that started it is gone: pulumi-resource-logicmonitor (its
 * real entry point, provider/plugin/main.ts) runs under a shell standing in for the engine; the
 * shell is killed with SIGKILL, as a `kill -9` of `pulumi up` would be, and the plugin must end.
 */

jest.setTimeout(120_000);

const MAIN = path.resolve(__dirname, "..", "..", "..", "provider", "plugin", "main.ts");

/** Running, and not a zombie (an exited child nobody has reaped yet). */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Resolves with the first `count` lines the child prints on stdout. */
function firstLines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const lines = text.split("\n");
      if (lines.length > count) resolve(lines.slice(0, count));
    });
    child.on("exit", (code) => reject(new Error(`the parent shell exited (${code}) before printing ${count} lines: ${text}`)));
  });
}

let parent: ChildProcess | undefined;
let pluginPid: number | undefined;

afterEach(() => {
  // Only the processes this test started, by their ids.
  if (pluginPid !== undefined && isRunning(pluginPid)) process.kill(pluginPid, "SIGKILL");
  if (parent?.exitCode === null && parent.signalCode === null) parent.kill("SIGKILL");
});

const linuxOnly = process.platform === "linux" ? it : it.skip;

linuxOnly("after a SIGKILL of its parent, the plugin exits; while the parent lives, it keeps serving", async () => {
  // The shell prints the plugin's pid, then the plugin prints its port, as it does for the engine.
  parent = spawn("sh", ["-c", '"$@" & echo $!; wait', "sh", process.execPath, "-r", "ts-node/register/transpile-only", MAIN, "127.0.0.1:1"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [pidLine, portLine] = await firstLines(parent, 2);
  pluginPid = Number(pidLine);
  const client = pluginClient(Number(portLine));
  try {
    expect(await client.getPluginInfo()).toMatch(/^\d+\.\d+\.\d+/);
    // Several parent checks later, with the parent alive, it is still there and answering.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(isRunning(pluginPid)).toBe(true);
    expect(await client.getPluginInfo()).toMatch(/^\d+\.\d+\.\d+/);
  } finally {
    client.close();
  }

  parent.kill("SIGKILL");
  const pid = pluginPid;
  // A generous bound (the plugin checks every second), not a timing target.
  const giveUpAt = Date.now() + 60_000;
  await until(() => !isRunning(pid) || Date.now() > giveUpAt, { pollMs: 100 });
  expect(isRunning(pid)).toBe(false);
});
