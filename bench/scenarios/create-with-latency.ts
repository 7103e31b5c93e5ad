import { ApiToken } from "../../provider/resources/api-token";
import type { BenchConfig } from "../lib/bench-config";
import { startBenchEmulator } from "../lib/bench-emulator";
import { createBenchStack, SIGN_AND_POST_SCRIPT } from "../lib/bench-stack";
import { stateFootprint } from "../lib/state-footprint";
import { requireSuccess, runTimed } from "../lib/timed-process";

/**
 * P1, P2, P5, P6, P7 and P8 (ours): one emulator with API latency; the same tokens created by
 * `pulumi up`, by the sequential signing script and by one `local.Command` per token; then a
 * refresh and a no-op preview of the `pulumi up` stack, and its exported state.
 */

/** One run's numbers. */
export interface CreateWithLatencyRun {
  upMs: number;
  sequentialMs: number;
  commandMs: number;
  refreshMs: number;
  refreshRequests: number;
  previewMs: number;
  previewRequests: number;
  providerBytesPerResource: number;
  providerBytesPerCopy: number;
  exportBytesPerToken: number;
  providerPeakRssKb: number;
}

/** Runs the scenario once. */
export async function runCreateWithLatency(config: BenchConfig): Promise<CreateWithLatencyRun> {
  const emulator = await startBenchEmulator({ admins: config.admins, latencyMs: config.latencyMs });
  const stackOptions = { count: config.tokens, adminIds: emulator.adminIds, credentials: emulator.credentials, parallel: config.parallel };
  const tokens = await createBenchStack({ program: "api-tokens", ...stackOptions });
  const commands = await createBenchStack({ program: "command-tokens", ...stackOptions });
  try {
    emulator.clearLog();
    const up = await tokens.pulumi(["up", "--yes", "--skip-preview"], { watchProviderMemory: true });
    expectPosts(emulator.requests().length, config.tokens, "pulumi up");
    emulator.clearLog();
    const refresh = await tokens.pulumi(["refresh", "--yes", "--skip-preview"]);
    const refreshRequests = emulator.requests().length;
    emulator.clearLog();
    const preview = await tokens.pulumi(["preview", "--expect-no-changes"]);
    const previewRequests = emulator.requests().length;
    const footprint = stateFootprint(await tokens.exportText(), ApiToken.TYPE);

    emulator.clearLog();
    const sequential = requireSuccess(
      "the sequential signing script",
      await runTimed("node", [SIGN_AND_POST_SCRIPT, "--admins", emulator.adminIds.join(","), "--count", String(config.tokens)], {
        cwd: tokens.project.dir,
        env: { ...process.env, ...emulator.credentials },
      }),
    );
    expectPosts(emulator.requests().length, config.tokens, "the sequential script");
    emulator.clearLog();
    const command = await commands.pulumi(["up", "--yes", "--skip-preview"]);
    expectPosts(emulator.requests().length, config.tokens, "the local.Command stack");
    return {
      upMs: up.ms,
      sequentialMs: sequential.ms,
      commandMs: command.ms,
      refreshMs: refresh.ms,
      refreshRequests,
      previewMs: preview.ms,
      previewRequests,
      ...footprint,
      providerPeakRssKb: up.peakRssKb ?? 0,
    };
  } finally {
    tokens.dispose();
    commands.dispose();
    await emulator.close();
  }
}

/** Makes sure each side really did the same work: one request per token. */
function expectPosts(requests: number, tokens: number, what: string): void {
  if (requests !== tokens) throw new Error(`${what} sent ${requests} API requests for ${tokens} tokens; expected exactly one POST each`);
}
