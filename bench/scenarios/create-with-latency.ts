import { ApiToken } from "../../provider/resources/api-token/dynamic-resource";
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
  /** Requests of `pulumi up` besides its POSTs: the ownership look, one list per owner and type. */
  upListRequests: number;
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
    const upRequests = emulator.requests();
    const upPosts = upRequests.filter((request) => request.method === "POST").length;
    expectPosts(upPosts, config.tokens, "pulumi up");
    const upListRequests = upRequests.length - upPosts;
    if (upListRequests > emulator.adminIds.length) {
      throw new Error(`pulumi up listed tokens ${upListRequests} times for ${emulator.adminIds.length} owners; expected at most one list per owner`);
    }
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
    expectPosts(emulator.requests().filter((request) => request.method === "POST").length, config.tokens, "the sequential script");
    emulator.clearLog();
    const command = await commands.pulumi(["up", "--yes", "--skip-preview"]);
    expectPosts(emulator.requests().filter((request) => request.method === "POST").length, config.tokens, "the local.Command stack");
    return {
      upMs: up.ms,
      upListRequests,
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

/** Makes sure each side really did the same work: one POST per token. */
function expectPosts(posts: number, tokens: number, what: string): void {
  if (posts !== tokens) throw new Error(`${what} sent ${posts} POSTs for ${tokens} tokens; expected exactly one each`);
}
