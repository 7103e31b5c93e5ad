import type { BenchConfig } from "../lib/bench-config";
import { startBenchEmulator } from "../lib/bench-emulator";
import { createBenchStack } from "../lib/bench-stack";

/**
 * P4: `pulumi up` of many tokens against a POST rate limit. The fastest any client may go is one
 * full window per batch after the first, (⌈tokens / limit⌉ − 1) × window; the provider's gate
 * should come close to it without tripping the limit.
 */

/** One run's numbers. */
export interface RateLimitedRun {
  upMs: number;
  /** Tokens the run should have created but did not. */
  failedOperations: number;
  /** First to last POST that LogicMonitor accepted, from the emulator's request log. */
  postSpanMs: number;
  /** (⌈tokens / limit⌉ − 1) × window. */
  minimumSpanMs: number;
  /** 429 answers the provider received. */
  rateLimited: number;
}

/** Runs the scenario once. */
export async function runRateLimited(config: BenchConfig): Promise<RateLimitedRun> {
  const { limit, windowSeconds } = config.rateLimit;
  const emulator = await startBenchEmulator({ admins: config.admins, rateLimits: { POST: { limit, windowSeconds } } });
  const stack = await createBenchStack({
    program: "api-tokens",
    count: config.rateTokens,
    adminIds: emulator.adminIds,
    credentials: emulator.credentials,
    parallel: config.parallel,
  });
  try {
    emulator.clearLog();
    const up = await stack.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
    const posts = emulator.requests().filter((request) => request.method === "POST");
    const accepted = posts.filter((request) => request.status === 200);
    const first = accepted[0]?.at ?? 0;
    const last = accepted[accepted.length - 1]?.at ?? 0;
    return {
      upMs: up.ms,
      failedOperations: config.rateTokens - accepted.length,
      postSpanMs: last - first,
      minimumSpanMs: (Math.ceil(config.rateTokens / limit) - 1) * windowSeconds * 1000,
      rateLimited: posts.filter((request) => request.status === 429).length,
    };
  } finally {
    stack.dispose();
    await emulator.close();
  }
}
