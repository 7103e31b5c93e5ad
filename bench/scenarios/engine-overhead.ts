import { ApiToken } from "../../provider/resources/api-token/dynamic-resource";
import type { BenchConfig } from "../lib/bench-config";
import { startBenchEmulator, type BenchEmulator } from "../lib/bench-emulator";
import { createBenchStack, type BenchProgram } from "../lib/bench-stack";
import { bytesPerResource } from "../lib/state-footprint";
import type { TimedRun } from "../lib/timed-process";

/**
 * P3 and P8 (baseline): the same number of resources with no API latency, as ApiTokens and as a
 * trivial no-op dynamic resource, so what remains is our provider's cost over the engine's own.
 *
 * Diagnostics (when enabled), to tell the engine's share of the gap from ours:
 * - ApiToken's twin: a no-op dynamic resource with the same properties, secret output and state
 *   bytes per resource, calling no API. Twin ÷ no-op is what the engine and SDK charge for that
 *   shape and size; ApiToken ÷ twin is what our provider adds.
 * - ApiToken and no-op with PULUMI_SKIP_CHECKPOINTS=true, which skips the engine's rewrite of the
 *   whole state file after every step.
 */

/** One run's numbers. */
export interface EngineOverheadRun {
  upMs: number;
  noopUpMs: number;
  noopPeakRssKb: number;
  /** Bytes of one resource in the exported state (compact JSON). */
  resourceBytes: number;
  noopResourceBytes: number;
  diagnostics?: {
    twinUpMs: number;
    twinResourceBytes: number;
    upWithoutCheckpointsMs: number;
    noopWithoutCheckpointsMs: number;
  };
}

const RESOURCE_TYPES: Record<BenchProgram, string> = {
  "api-tokens": ApiToken.TYPE,
  "noop-dynamic": "pulumi-nodejs:dynamic/bench:Noop",
  "noop-twin": "pulumi-nodejs:dynamic/bench:Twin",
  "command-tokens": "command:local:Command",
  "plugin-tokens": "logicmonitor:index:ApiToken",
};

/** How one `pulumi up` should run. */
interface UpSettings {
  count: number;
  paddingBytes?: number;
  skipCheckpoints?: boolean;
}

/** A finished `pulumi up` and the bytes per resource of the state it left. */
interface MeasuredUp {
  run: TimedRun;
  resourceBytes: number;
}

async function measuredUp(config: BenchConfig, emulator: BenchEmulator, program: BenchProgram, settings: UpSettings): Promise<MeasuredUp> {
  const stack = await createBenchStack({
    program,
    count: settings.count,
    adminIds: emulator.adminIds,
    credentials: emulator.credentials,
    parallel: config.parallel,
    extraConfig: settings.paddingBytes ? { paddingBytes: String(settings.paddingBytes) } : {},
  });
  try {
    if (settings.skipCheckpoints) stack.project.env["PULUMI_SKIP_CHECKPOINTS"] = "true";
    const run = await stack.pulumi(["up", "--yes", "--skip-preview"], { watchProviderMemory: true });
    return { run, resourceBytes: bytesPerResource(await stack.exportText(), RESOURCE_TYPES[program]) };
  } finally {
    stack.dispose();
  }
}

/** Runs the scenario once. */
export async function runEngineOverhead(config: BenchConfig): Promise<EngineOverheadRun> {
  const emulator = await startBenchEmulator({ admins: config.admins });
  const up = (program: BenchProgram, settings: Partial<UpSettings> = {}) =>
    measuredUp(config, emulator, program, { count: config.tokens, ...settings });
  try {
    const tokens = await up("api-tokens");
    const noop = await up("noop-dynamic");
    const result: EngineOverheadRun = {
      upMs: tokens.run.ms,
      noopUpMs: noop.run.ms,
      noopPeakRssKb: noop.run.peakRssKb ?? 0,
      resourceBytes: tokens.resourceBytes,
      noopResourceBytes: noop.resourceBytes,
    };
    if (config.diagnostics) {
      // The padding is stored twice (inputs and outputs); size it with a two-resource probe.
      const unpadded = await up("noop-twin", { count: 2 });
      const paddingBytes = Math.max(1, Math.round((tokens.resourceBytes - unpadded.resourceBytes) / 2));
      const twin = await up("noop-twin", { paddingBytes });
      const tokensWithoutCheckpoints = await up("api-tokens", { skipCheckpoints: true });
      const noopWithoutCheckpoints = await up("noop-dynamic", { skipCheckpoints: true });
      result.diagnostics = {
        twinUpMs: twin.run.ms,
        twinResourceBytes: twin.resourceBytes,
        upWithoutCheckpointsMs: tokensWithoutCheckpoints.run.ms,
        noopWithoutCheckpointsMs: noopWithoutCheckpoints.run.ms,
      };
    }
    return result;
  } finally {
    await emulator.close();
  }
}
