import { spawn } from "node:child_process";
import * as path from "node:path";
import { engineDir } from "../../scripts/lib/engine";
import { pendingOperations } from "../helpers/oracle";
import { namedLeftovers, orphanIds } from "../helpers/orphans-cli";
import { finishScenario, startScenario, type Scenario } from "../helpers/scenario";
import { until } from "../helpers/until";

/**
 * Issue 7's scenario 11 (`npm run test:reliability`): `pulumi up` of 50 tokens interrupted with
 * SIGINT and with SIGKILL, then the recovery that docs/RECOVERY.md documents, step by step:
 * `pulumi cancel` (SIGKILL only: the lock), `pulumi refresh --clear-pending-creates` (only when
 * the engine left pending creates), then one `pulumi up`, which converges and names each token
 * the killed creates left (nothing proves a killed run's token is not someone's, so it is never
 * deleted on suspicion), then the person's step: `npx lm-apitoken orphans --token … --delete` with
 * the ids `up` named, after which `npx lm-apitoken orphans` finds nothing.
 */

jest.setTimeout(40 * 60_000);

const LONG = 25 * 60_000;

/** Starts `pulumi up` in its own process group; collects its output into the project's transcript. */
function startUp(s: Scenario) {
  const child = spawn(path.join(engineDir(), "pulumi"), ["up", "--yes", "--skip-preview"], {
    cwd: s.project.dir,
    env: s.project.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on("close", (code, signal) => {
      s.project.transcript.push(`$ pulumi up (interrupted)\n${output}`);
      resolve({ code, signal, output });
    }),
  );
  return { child, exited };
}

/** Waits until `condition` holds (asked every 100 ms: the engine is busy meanwhile). */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  await until(condition, { pollMs: 100 });
}

/** Waits until the emulator has had no request for `quietMs` (processes of the killed run settle). */
async function waitForQuiet(s: Scenario, quietMs: number): Promise<void> {
  let last = -1;
  let since = Date.now();
  await waitFor(async () => {
    const count = (await s.portal.requests()).length;
    if (count !== last) {
      last = count;
      since = Date.now();
    }
    return Date.now() - since >= quietMs;
  });
}

const orphans = orphanIds;

describe("scenario 11: `pulumi up` of 50 tokens interrupted", () => {
  let s: Scenario;
  afterEach(async () => s?.dispose());

  it.each([
    ["SIGINT", "11a"],
    ["SIGKILL", "11b"],
  ] as const)("%s: the next `pulumi up` converges and names what the interrupted creates left; the orphan finder deletes exactly those", async (signal, id) => {
    s = await startScenario({ config: { count: "50" }, emulator: { latencyMs: 200 } });
    const up = startUp(s);
    await waitFor(async () => (await s.portal.requests()).filter((r) => r.method === "POST" && r.status === 200).length >= 10);
    process.kill(up.child.pid ?? 0, signal);
    const exit = await up.exited;
    expect(exit.code === 0 && exit.signal === null).toBe(false);
    // SIGKILL leaves the CLI's children (language host, provider) behind: let them settle, then end them.
    await waitForQuiet(s, 3000);
    try {
      process.kill(-(up.child.pid ?? 0), "SIGKILL");
    } catch {
      // The group is already gone.
    }
    const requests = await s.requests();

    // What the killed run left: tokens with their resources' marks that no state references.
    const cancel = signal === "SIGKILL" ? await s.pulumi(["cancel", "--yes"]) : undefined;
    const left = await orphans(s);
    const pending = pendingOperations((await s.project.pulumiOk(["stack", "export"])).stdout);
    // The engine's own bookkeeping: a killed run leaves pending creates in state, which `up` keeps.
    if (pending > 0) await s.project.pulumiOk(["refresh", "--yes", "--clear-pending-creates"], { timeoutMs: LONG });
    // The next `pulumi up` converges; it names each leftover with the command that deletes it, and deletes none.
    const recovered = await s.pulumi(["up", "--yes", "--skip-preview"], undefined, LONG);
    const said = recovered.stdout + recovered.stderr;
    expect(recovered.code).toBe(0);
    expect(said).not.toMatch(/deleted token/);
    expect([...new Set(namedLeftovers(said))].sort((a, b) => a - b)).toEqual(left);
    for (const token of left) {
      expect(said).toMatch(new RegExp(`token ${token} of admin 32 \\(access id \\w+, never used\\) carries this resource's mark`));
      expect(said).toContain(`npx lm-apitoken orphans --admin 32 --token ${token} --delete`);
    }
    expect(await orphans(s)).toEqual(left);
    // The person's step, after checking: the command up printed, for the tokens it named.
    if (left.length > 0) await orphans(s, [...left.flatMap((token) => ["--token", String(token)]), "--delete"]);
    expect(await orphans(s)).toEqual([]);
    await finishScenario(
      s,
      {
        id,
        scenario: `pulumi up of 50 tokens interrupted with ${signal}`,
        suite: "npm run test:reliability",
        outcome:
          `exit ${exit.code ?? exit.signal}; ${cancel ? `pulumi cancel (exit ${cancel.code}), ` : ""}${left.length} leftover(s), ` +
          `${pending} pending op(s)${pending > 0 ? " cleared (refresh --clear-pending-creates)" : ""}; ` +
          `the next up converges and names each leftover (deletes none); lm-apitoken orphans --token … --delete deletes exactly those`,
      },
      requests,
      50,
      { timeoutMs: LONG },
    );
  });
});
