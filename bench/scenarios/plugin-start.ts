import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { BenchConfig } from "../lib/bench-config";
import { timeToFirstAnswer } from "../lib/plugin-start";
import { REPO_ROOT } from "../../scripts/lib/engine";
import { builtRelease, unpackPlugin } from "../../scripts/lib/release/built";

/**
 * P12: how long pulumi-resource-logicmonitor takes to start, from process start to its first gRPC
 * answer (what the engine waits for before every run that uses the plugin): the release's
 * self-contained executable, run with an empty environment, against the npm package's Node.js
 * launcher (node on PATH, @pulumi/pulumi beside the package). Alternating, after one unmeasured
 * start of each (so both read their files from the page cache). Also the release archive's size.
 */

/** One run's numbers. */
export interface PluginStartRun {
  executableStartMs: number[];
  launcherStartMs: number[];
  archiveBytes: number;
  executableBytes: number;
}

/** Starts each plugin `samples` times (smoke: 3; else 10). */
export async function runPluginStart(config: BenchConfig): Promise<PluginStartRun> {
  const samples = config.smoke ? 3 : 10;
  const release = builtRelease(REPO_ROOT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lm-bench-plugin-"));
  try {
    const executable = unpackPlugin(release, dir);
    const launcher = path.join(REPO_ROOT, "bin", "pulumi-resource-logicmonitor");
    const launcherEnv = { PATH: process.env["PATH"] ?? "", HOME: os.homedir() };
    const startExecutable = () => timeToFirstAnswer(executable, [], {});
    const startLauncher = () => timeToFirstAnswer(launcher, [], launcherEnv);
    for (const start of [startExecutable, startLauncher]) {
      const { version } = await start();
      if (version !== release.version) throw new Error(`the plugin reported version ${version}, not ${release.version}`);
    }
    const run: PluginStartRun = {
      executableStartMs: [],
      launcherStartMs: [],
      archiveBytes: fs.statSync(release.pluginArchive).size,
      executableBytes: fs.statSync(executable).size,
    };
    for (let i = 0; i < samples; i += 1) {
      run.executableStartMs.push((await startExecutable()).ms);
      run.launcherStartMs.push((await startLauncher()).ms);
    }
    return run;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
