import { finishScenario, oneToOne, startScenario, type Scenario } from "../helpers/scenario";
import { namedLeftovers, orphanIds } from "../helpers/orphans-cli";
import { until } from "../helpers/until";

/**
 * Issue 7's slow scenarios 1, 10 and 12 (`npm run test:reliability`): many tokens through the
 * real Pulumi CLI against a rate-limited, slow or restarting emulator, each ended by the oracle.
 */

jest.setTimeout(40 * 60_000);

const SUITE = "npm run test:reliability" as const;
const LONG = 25 * 60_000;

describe("reliability scenarios through the real engine (slow)", () => {
  let s: Scenario;
  afterEach(async () => s?.dispose());

  it("1. bursts of 429 while creating 50 tokens: the shared gate waits out the windows; up succeeds", async () => {
    s = await startScenario({
      config: { count: "50", admins: "32,131" },
      emulator: { rateLimits: { POST: { limit: 10, windowSeconds: 2 }, GET: { limit: 20, windowSeconds: 2 } } },
    });
    await s.portal.faults([{ method: "POST", status: 429, count: 5 }]);
    const up = await s.pulumi(["up", "--yes", "--skip-preview"], undefined, LONG);
    expect(up.stdout + up.stderr).not.toMatch(/LmRateLimitError|rate limited by LogicMonitor/);
    expect(up.code).toBe(0);
    await s.portal.faults([{ method: "GET", status: 429, count: 3 }]);
    const refresh = await s.pulumi(["refresh", "--yes"], undefined, LONG);
    expect(refresh.code).toBe(0);
    const requests = await s.requests();
    const log = await s.portal.requests();
    const rejected = log.filter((r) => r.status === 429).length;
    expect(rejected).toBeGreaterThanOrEqual(8); // the injected bursts, at least
    expect(log.filter((r) => r.method === "POST" && r.status === 200)).toHaveLength(50);
    await finishScenario(
      s,
      { id: "1", scenario: "Bursts of 429 while creating 50 tokens (plus limits POST 10/2 s, GET 20/2 s)", suite: SUITE, outcome: `up and refresh succeed; ${rejected} requests got 429 and were retried after the window` },
      requests,
      50,
      { timeoutMs: LONG },
    );
  });

  it("10. the emulator restarted mid-run (with persistence): up succeeds one to one, or fails naming what happened and the next up converges", async () => {
    s = await startScenario({ config: { count: "20" }, emulator: { latencyMs: 150 } });
    const running = s.pulumi(["up", "--yes", "--skip-preview"], undefined, LONG);
    await until(async () => (await s.portal.requests()).filter((r) => r.method === "POST").length >= 6, { pollMs: 100 });
    await s.restartEmulator(300); // a 300 ms outage
    const up = await running;
    const output = up.stdout + up.stderr;
    let outcome: string;
    if (up.code === 0) {
      // It rode the restart out: every token in state is in the portal and the other way round.
      expect(await s.compareNow()).toEqual(oneToOne(20));
      outcome = "up succeeds across the restart (refused connections retried; reset creates checked, then retried); state and portal match one to one";
    } else {
      // It failed: the output says what happened, and that running `pulumi up` again is all it takes.
      expect(output).toMatch(/run 'pulumi up' again|the next 'pulumi up' names it/);
      expect(output).not.toMatch(/existingTokenId/);
      const refused = output.match(/ECONNREFUSED[^\n]*run 'pulumi up' again/g)?.length ?? 0;
      const unchecked = output.match(/could not be checked/g)?.length ?? 0;
      // The next up (no refresh) converges; it names the tokens creates of the failed run may have
      // left and deletes none; the person deletes exactly those with the command it printed.
      const next = await s.pulumi(["up", "--yes", "--skip-preview"], undefined, LONG);
      expect(next.code).toBe(0);
      expect(next.stdout + next.stderr).not.toMatch(/deleted token/);
      const named = [...new Set(namedLeftovers(next.stdout + next.stderr))];
      expect(await orphanIds(s)).toEqual([...named].sort((a, b) => a - b));
      if (named.length > 0) await orphanIds(s, [...named.flatMap((token) => ["--token", String(token)]), "--delete"]);
      expect(await s.compareNow()).toEqual(oneToOne(20));
      outcome = `up fails naming what happened (${refused} refused create(s), ${unchecked} create(s) not checkable during the outage); ` +
        `the next up converges and names ${named.length} leftover(s) (deletes none); lm-apitoken orphans --token … --delete deletes exactly those`;
    }
    const requests = await s.requests();
    await finishScenario(s, { id: "10", scenario: "Emulator restarted mid-run (persistence on)", suite: SUITE, outcome }, requests, 20, { timeoutMs: LONG });
  });

  it("12. load: 500 tokens over 10 admins with latency and rate limits: up, refresh and destroy succeed", async () => {
    s = await startScenario({
      emulator: {
        latencyMs: 20,
        rateLimits: {
          POST: { limit: 100, windowSeconds: 5 },
          GET: { limit: 100, windowSeconds: 5 },
          PUT: { limit: 100, windowSeconds: 5 },
          DELETE: { limit: 100, windowSeconds: 5 },
        },
      },
    });
    const admins = [32];
    for (let i = 1; i <= 9; i++) admins.push((await s.portal.addAdmin(`load-${i}`)).id);
    await s.project.pulumiOk(["config", "set", "count", "500"]);
    await s.project.pulumiOk(["config", "set", "admins", admins.join(",")]);
    const up = await s.pulumi(["up", "--yes", "--skip-preview"], undefined, LONG);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const refresh = await s.pulumi(["refresh", "--yes"], undefined, LONG);
    expect(refresh.code).toBe(0);
    const requests = await s.requests();
    const tokens = (await s.portal.tokens()).filter((t) => !s.ignoredIds.has(t.id));
    expect(new Set(tokens.map((t) => t.adminId)).size).toBe(10);
    // The oracle's refresh, up (no changes) and destroy complete the load run.
    await finishScenario(
      s,
      { id: "12", scenario: "Load: 500 tokens over 10 admins, 20 ms latency, 100 req/5 s per method", suite: SUITE, outcome: "up, refresh, refresh + up (no changes) and destroy succeed" },
      requests,
      500,
      { verbose: false, timeoutMs: LONG },
    );
  });
});
