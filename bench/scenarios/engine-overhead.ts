import type { BenchConfig } from "../lib/bench-config";
import { startBenchEmulator } from "../lib/bench-emulator";
import { createBenchStack, type BenchProgram } from "../lib/bench-stack";
import type { TimedRun } from "../lib/timed-process";

/**
 * P3 and P8 (baseline): the same number of resources with no API latency, as ApiTokens and as a
 * trivial no-op dynamic resource, so what remains is our provider's cost over the engine's own.
 * Diagnostic: both again with PULUMI_SKIP_CHECKPOINTS=true (the engine then skips rewriting the
 * whole state file after every step), which shows how much of the gap is state size.
 */

/** One run's numbers. */
export interface EngineOverheadRun {
  upMs: number;
  noopUpMs: number;
  noopPeakRssKb: number;
  upWithoutCheckpointsMs: number;
  noopWithoutCheckpointsMs: number;
}

/** Runs the scenario once. */
export async function runEngineOverhead(config: BenchConfig): Promise<EngineOverheadRun> {
  const emulator = await startBenchEmulator({ admins: config.admins });
  const up = async (program: BenchProgram, skipCheckpoints: boolean): Promise<TimedRun> => {
    const stack = await createBenchStack({
      program,
      count: config.tokens,
      adminIds: emulator.adminIds,
      credentials: emulator.credentials,
      parallel: config.parallel,
    });
    try {
      if (skipCheckpoints) stack.project.env["PULUMI_SKIP_CHECKPOINTS"] = "true";
      return await stack.pulumi(["up", "--yes", "--skip-preview"], { watchProviderMemory: true });
    } finally {
      stack.dispose();
    }
  };
  try {
    const tokens = await up("api-tokens", false);
    const noop = await up("noop-dynamic", false);
    const tokensWithoutCheckpoints = await up("api-tokens", true);
    const noopWithoutCheckpoints = await up("noop-dynamic", true);
    return {
      upMs: tokens.ms,
      noopUpMs: noop.ms,
      noopPeakRssKb: noop.peakRssKb ?? 0,
      upWithoutCheckpointsMs: tokensWithoutCheckpoints.ms,
      noopWithoutCheckpointsMs: noopWithoutCheckpoints.ms,
    };
  } finally {
    await emulator.close();
  }
}
