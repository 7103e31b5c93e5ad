import { ApiToken } from "../../provider/resources/api-token";
import type { BenchConfig } from "../lib/bench-config";
import { startBenchEmulator } from "../lib/bench-emulator";
import { createBenchStack, type BenchProgram } from "../lib/bench-stack";
import type { TimedRun } from "../lib/timed-process";

/**
 * P3 and P8 (baseline): the same number of resources with no API latency, as ApiTokens and as a
 * trivial no-op dynamic resource, so what remains is our provider's cost over the engine's own.
 *
 * Diagnostics (when enabled), to tell the engine's share of the gap from ours:
 * - the no-op resource padded to as many state bytes per resource as an ApiToken takes (the engine
 *   rewrites the whole state after every step, so its cost grows with bytes per resource);
 * - both programs with PULUMI_SKIP_CHECKPOINTS=true, which skips those intermediate rewrites.
 */

/** One run's numbers. */
export interface EngineOverheadRun {
  upMs: number;
  noopUpMs: number;
  noopPeakRssKb: number;
  /** Exported state bytes per resource of each stack. */
  stateBytesPerResource: number;
  noopStateBytesPerResource: number;
  diagnostics?: {
    paddedNoopUpMs: number;
    paddedNoopStateBytesPerResource: number;
    upWithoutCheckpointsMs: number;
    noopWithoutCheckpointsMs: number;
  };
}

/** A finished `pulumi up` and the stack's exported state bytes per resource. */
interface MeasuredUp {
  run: TimedRun;
  stateBytesPerResource: number;
}

/** Runs the scenario once. */
export async function runEngineOverhead(config: BenchConfig): Promise<EngineOverheadRun> {
  const emulator = await startBenchEmulator({ admins: config.admins });
  const up = async (program: BenchProgram, settings: { paddingBytes?: number; skipCheckpoints?: boolean } = {}): Promise<MeasuredUp> => {
    const stack = await createBenchStack({
      program,
      count: config.tokens,
      adminIds: emulator.adminIds,
      credentials: emulator.credentials,
      parallel: config.parallel,
      extraConfig: settings.paddingBytes ? { paddingBytes: String(settings.paddingBytes) } : {},
    });
    try {
      if (settings.skipCheckpoints) stack.project.env["PULUMI_SKIP_CHECKPOINTS"] = "true";
      const run = await stack.pulumi(["up", "--yes", "--skip-preview"], { watchProviderMemory: true });
      const exported = await stack.exportText();
      const resources = exported.split(program === "api-tokens" ? ApiToken.TYPE : NOOP_TYPE).length - 1;
      return { run, stateBytesPerResource: Buffer.byteLength(exported) / Math.max(1, resources) };
    } finally {
      stack.dispose();
    }
  };
  try {
    const tokens = await up("api-tokens");
    const noop = await up("noop-dynamic");
    const result: EngineOverheadRun = {
      upMs: tokens.run.ms,
      noopUpMs: noop.run.ms,
      noopPeakRssKb: noop.run.peakRssKb ?? 0,
      stateBytesPerResource: tokens.stateBytesPerResource,
      noopStateBytesPerResource: noop.stateBytesPerResource,
    };
    if (config.diagnostics) {
      const paddingBytes = Math.max(1, Math.round(tokens.stateBytesPerResource - noop.stateBytesPerResource));
      const padded = await up("noop-dynamic", { paddingBytes });
      const tokensWithoutCheckpoints = await up("api-tokens", { skipCheckpoints: true });
      const noopWithoutCheckpoints = await up("noop-dynamic", { skipCheckpoints: true });
      result.diagnostics = {
        paddedNoopUpMs: padded.run.ms,
        paddedNoopStateBytesPerResource: padded.stateBytesPerResource,
        upWithoutCheckpointsMs: tokensWithoutCheckpoints.run.ms,
        noopWithoutCheckpointsMs: noopWithoutCheckpoints.run.ms,
      };
    }
    return result;
  } finally {
    await emulator.close();
  }
}

/** The type of the no-op program's resources (module "bench", type "Noop"). */
const NOOP_TYPE = "pulumi-nodejs:dynamic/bench:Noop";
