import type { BenchConfig } from "../lib/bench-config";
import { startBenchEmulator, type BenchEmulator } from "../lib/bench-emulator";
import { createBenchStack } from "../lib/bench-stack";

/**
 * P12 and P5 with rotating resources (issue 18): a stack of RotatingApiTokens and ApiTokens spread
 * over the admins, on the dynamic face. The portal's clock is moved back for each step, so every
 * rotation finds the previous key's overlap over (the provider signs with a Bearer token, which
 * carries no timestamp):
 *
 *   one resource alone: made at −50 h, rotated at −25 h, rotated again now: the list, the retiring delete, the create
 *   the stack:   clock −75 h  `up`                        every resource made (key 1)
 *                clock −50 h  `up`, every trigger changed first rotations: nothing to retire
 *                clock −25 h  `up`, every trigger changed steady rotations: retire the previous key, make a new one
 *                latency      `refresh` and `preview`     P5: every resource holds two keys
 */

/** One run's numbers. */
export interface RotationRun {
  rotating: number;
  apiTokens: number;
  /** Requests of the first rotation of every resource ÷ resources (nothing to retire yet). */
  firstRequestsPerRotation: number;
  /** Requests of a steady rotation of every resource ÷ resources (each retires its previous key). */
  steadyRequestsPerRotation: number;
  /** The steady rotations' `up` wall time. */
  steadyUpMs: number;
  /** Requests of one resource's rotation that retires its previous key (list, delete, create). */
  singleRotationRequests: number;
  /** P5 with rotating resources: `refresh` requests and wall time, and `preview`'s (which makes no request). */
  refreshRequests: number;
  refreshMs: number;
  previewRequests: number;
  previewMs: number;
}

const HOUR = 3_600_000;

/** Runs the scenario once. */
export async function runRotation(config: BenchConfig): Promise<RotationRun> {
  const rotating = Math.max(1, Math.floor(config.tokens / 2));
  const apiTokens = Math.max(1, config.tokens - rotating);
  const emulator = await startBenchEmulator({ admins: config.admins, latencyMs: 0 });
  try {
    const singleRotationRequests = await rotateOneResource(config, emulator);
    return { ...(await rotateStack(config, emulator, rotating, apiTokens)), singleRotationRequests };
  } finally {
    await emulator.close();
  }
}

/** The requests of one resource's rotation that retires its previous key, in a stack of its own. */
async function rotateOneResource(config: BenchConfig, emulator: BenchEmulator): Promise<number> {
  const stack = await createBenchStack({
    program: "rotating-tokens",
    count: 1,
    adminIds: emulator.adminIds.slice(0, 1),
    credentials: emulator.bearerCredentials(),
    parallel: config.parallel,
    extraConfig: { apiTokens: "0" },
  });
  try {
    emulator.setClockOffset(-50 * HOUR);
    await stack.pulumi(["up", "--yes", "--skip-preview"]);
    emulator.setClockOffset(-25 * HOUR);
    await rotateAll(stack, emulator, "r1");
    emulator.setClockOffset(0);
    const single = await rotateAll(stack, emulator, "r2");
    expectCounts(single.posts, 1, 1, single.deletes, "the single rotation");
    return single.requests;
  } finally {
    stack.dispose();
  }
}

/** The stack's rotations and P5 (see the module comment). */
async function rotateStack(config: BenchConfig, emulator: BenchEmulator, rotating: number, apiTokens: number): Promise<Omit<RotationRun, "singleRotationRequests">> {
  const stack = await createBenchStack({
    program: "rotating-tokens",
    count: rotating,
    adminIds: emulator.adminIds,
    credentials: emulator.bearerCredentials(),
    parallel: config.parallel,
    extraConfig: { apiTokens: String(apiTokens) },
  });
  try {
    emulator.setClockOffset(-75 * HOUR);
    await stack.pulumi(["up", "--yes", "--skip-preview"]);

    emulator.setClockOffset(-50 * HOUR);
    const first = await rotateAll(stack, emulator, "r1");
    expectCounts(first.posts, rotating, 0, first.deletes, "the first rotations");

    emulator.setClockOffset(-25 * HOUR);
    const steady = await rotateAll(stack, emulator, "r2");
    expectCounts(steady.posts, rotating, rotating, steady.deletes, "the steady rotations");

    emulator.setClockOffset(0);
    emulator.setLatency(config.latencyMs);
    emulator.clearLog();
    const refresh = await stack.pulumi(["refresh", "--yes", "--skip-preview"]);
    const refreshRequests = apiRequests(emulator).length;
    emulator.clearLog();
    const preview = await stack.pulumi(["preview"]);
    const previewRequests = apiRequests(emulator).length;
    return {
      rotating,
      apiTokens,
      firstRequestsPerRotation: first.requests / rotating,
      steadyRequestsPerRotation: steady.requests / rotating,
      steadyUpMs: steady.ms,
      refreshRequests,
      refreshMs: refresh.ms,
      previewRequests,
      previewMs: preview.ms,
    };
  } finally {
    emulator.setLatency(0);
    stack.dispose();
  }
}

/** The API requests since the last clear: all the provider's (the bench's Bearer token was minted in process). */
function apiRequests(emulator: BenchEmulator) {
  return emulator.requests();
}

/** Changes every resource's trigger and runs `up`; counts what it sent. */
async function rotateAll(stack: Awaited<ReturnType<typeof createBenchStack>>, emulator: BenchEmulator, trigger: string) {
  await stack.project.pulumiOk(["config", "set", "rotation", trigger]);
  emulator.clearLog();
  const up = await stack.pulumi(["up", "--yes", "--skip-preview"]);
  const requests = apiRequests(emulator);
  return {
    ms: up.ms,
    requests: requests.length,
    posts: requests.filter((r) => r.method === "POST").length,
    deletes: requests.filter((r) => r.method === "DELETE").length,
  };
}

/** Makes sure the step did the work it measures: one create per rotation, and the retiring deletes expected. */
function expectCounts(posts: number, rotations: number, expectedDeletes: number, deletes: number, what: string): void {
  if (posts !== rotations || deletes !== expectedDeletes) {
    throw new Error(`${what} sent ${posts} POSTs and ${deletes} DELETEs for ${rotations} rotations; expected ${rotations} and ${expectedDeletes}`);
  }
}
