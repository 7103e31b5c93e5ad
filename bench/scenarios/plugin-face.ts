import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { BenchConfig } from "../lib/bench-config";
import { REPO_ROOT } from "../../scripts/lib/engine";
import { builtRelease, unpackPlugin } from "../../scripts/lib/release/built";
import { startBenchEmulator } from "../lib/bench-emulator";
import { createBenchStack, type BenchProgram } from "../lib/bench-stack";
import { stateFootprint } from "../lib/state-footprint";

/**
 * P10: the plugin face (pulumi-resource-logicmonitor) against the dynamic face, in the same run:
 * the same TypeScript program shape, `config.tokens` tokens, no API latency, each face on its own
 * emulator and stack. The plugin runs as the release's self-contained executable (what users of
 * every language get), and, for comparison, as the npm package's Node.js launcher.
 */

/** One run's numbers for both faces. */
export interface PluginFaceRun {
  tokens: number;
  dynamicUpMs: number;
  /** The release's executable. */
  pluginUpMs: number;
  /** The npm package's Node.js launcher (absent in results saved before the executable existed). */
  launcherUpMs?: number;
  dynamicStateBytesPerToken: number;
  pluginStateBytesPerToken: number;
}

async function upAndMeasure(config: BenchConfig, program: BenchProgram, resourceType: string, pluginDir?: string): Promise<{ upMs: number; stateBytesPerToken: number }> {
  const emulator = await startBenchEmulator({ admins: config.admins });
  const stack = await createBenchStack({
    program,
    count: config.tokens,
    adminIds: emulator.adminIds,
    credentials: emulator.credentials,
    parallel: config.parallel,
    ...(pluginDir !== undefined ? { pluginDir } : {}),
  });
  try {
    const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
    const footprint = stateFootprint(await stack.exportText(), resourceType);
    await stack.pulumi(["destroy", "--yes", "--skip-preview"]);
    return { upMs: up.ms, stateBytesPerToken: footprint.exportBytesPerToken };
  } finally {
    stack.dispose();
    await emulator.close();
  }
}

/** Runs `up` of the same tokens through each face, one after the other. */
export async function runPluginFace(config: BenchConfig): Promise<PluginFaceRun> {
  const executableDir = fs.mkdtempSync(path.join(os.tmpdir(), "lm-bench-executable-"));
  try {
    unpackPlugin(builtRelease(REPO_ROOT), executableDir);
    const dynamic = await upAndMeasure(config, "api-tokens", "pulumi-nodejs:dynamic/logicmonitor:ApiToken");
    const plugin = await upAndMeasure(config, "plugin-tokens", "logicmonitor:index:ApiToken", executableDir);
    const launcher = await upAndMeasure(config, "plugin-tokens", "logicmonitor:index:ApiToken");
    return {
      tokens: config.tokens,
      dynamicUpMs: dynamic.upMs,
      pluginUpMs: plugin.upMs,
      launcherUpMs: launcher.upMs,
      dynamicStateBytesPerToken: dynamic.stateBytesPerToken,
      pluginStateBytesPerToken: plugin.stateBytesPerToken,
    };
  } finally {
    fs.rmSync(executableDir, { recursive: true, force: true });
  }
}
