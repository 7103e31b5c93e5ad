import type { BenchConfig } from "../lib/bench-config";
import { startBenchEmulator } from "../lib/bench-emulator";
import { createBenchStack } from "../lib/bench-stack";

/** P9: `up`, `refresh` and `destroy` of one stack at one size, with no API latency. */

/** One run's numbers at one size. */
export interface GrowthRun {
  tokens: number;
  upMs: number;
  refreshMs: number;
  destroyMs: number;
  upRequests: number;
  refreshRequests: number;
  destroyRequests: number;
}

/** Runs `up`, `refresh` and `destroy` of `tokens` tokens once. */
export async function runGrowth(config: BenchConfig, tokens: number): Promise<GrowthRun> {
  const emulator = await startBenchEmulator({ admins: config.admins });
  const stack = await createBenchStack({
    program: "api-tokens",
    count: tokens,
    adminIds: emulator.adminIds,
    credentials: emulator.credentials,
    parallel: config.parallel,
  });
  const measure = async (args: string[]) => {
    emulator.clearLog();
    const run = await stack.pulumi([...args, "--yes", "--skip-preview"]);
    return { ms: run.ms, requests: emulator.requests().length };
  };
  try {
    const up = await measure(["up"]);
    const refresh = await measure(["refresh"]);
    const destroy = await measure(["destroy"]);
    return {
      tokens,
      upMs: up.ms,
      refreshMs: refresh.ms,
      destroyMs: destroy.ms,
      upRequests: up.requests,
      refreshRequests: refresh.requests,
      destroyRequests: destroy.requests,
    };
  } finally {
    stack.dispose();
    await emulator.close();
  }
}
