import { splitNote } from "../../provider/core/ownership";
import { finishScenario, startScenario, type Scenario } from "../helpers/scenario";
import { until } from "../helpers/until";

/**
 * Issue 7's fast reliability scenarios (2–9) through the real Pulumi CLI against the emulator's
 * fault injection. Each ends with the oracle (refresh -v=9 + up, one-to-one check, secret scan,
 * destroy) and saves its row for `npm run report:reliability` (docs/RELIABILITY.md). The slow ones are in tests/reliability/.
 */

jest.setTimeout(600_000);

async function finish(s: Scenario, id: string, scenario: string, outcome: string, requests: number, expectedManaged: number) {
  await finishScenario(s, { id, scenario, suite: "npm test", outcome }, requests, expectedManaged);
}

function output(run: { stdout: string; stderr: string }): string {
  return run.stdout + run.stderr;
}

describe("reliability scenarios through the real engine (fast)", () => {
  let s: Scenario;
  afterEach(async () => s?.dispose());

  it("2. bursts of 503 on every method: up, refresh, update and destroy all succeed (LMv1 and Bearer tokens)", async () => {
    s = await startScenario({ config: { count: "3", types: "lmv1,bearer" } });
    await s.portal.faults([
      { method: "POST", status: 503, count: 2 },
      { method: "GET", status: 503, count: 2 },
    ]);
    const steps: number[] = [];
    steps.push((await s.pulumi(["up", "--yes", "--skip-preview"])).code);
    await s.portal.faults([{ method: "GET", status: 503, count: 3 }]);
    steps.push((await s.pulumi(["refresh", "--yes"])).code);
    await s.pulumi(["config", "set", "notePrefix", "reliability v2"]);
    await s.portal.faults([{ method: "PUT", status: 503, count: 3 }]);
    steps.push((await s.pulumi(["up", "--yes", "--skip-preview"])).code);
    await s.portal.faults([{ method: "DELETE", status: 503, count: 3 }]);
    steps.push((await s.pulumi(["destroy", "--yes", "--skip-preview"])).code);
    const requests = await s.requests();
    const statuses = (await s.portal.requests()).filter((r) => r.status === 503).length;
    expect(statuses).toBe(13); // every injected 503 was met, and retried past
    expect(steps).toEqual([0, 0, 0, 0]);
    await finish(s, "2", "Bursts of 503 on every method", "up, refresh, update and destroy succeed through 13 injected 503s", requests, 3);
  });

  it("3. a connection reset before the portal handled a POST: checked, retried, one token each", async () => {
    s = await startScenario({ config: { count: "3" } });
    await s.portal.faults([{ method: "POST", action: "reset-before", count: 2 }]);
    const up = await s.pulumi(["up", "--yes", "--skip-preview"]);
    const requests = await s.requests();
    expect(up.code).toBe(0);
    const posts = (await s.portal.requests()).filter((r) => r.method === "POST");
    expect(posts.filter((r) => r.status === 0)).toHaveLength(2);
    expect(posts.filter((r) => r.status === 200)).toHaveLength(3);
    await finish(s, "3", "Connection reset before the portal handled a POST", "up succeeds: absence checked by listing, then retried; no duplicate", requests, 3);
  });

  it("4. a response lost after the portal committed a POST: the same up deletes the keyless token (by its mark), creates again, and says so", async () => {
    s = await startScenario({ config: { count: "3" } });
    await s.portal.faults([{ method: "POST", action: "drop-after-commit", count: 1 }]);
    const up = await s.pulumi(["up", "--yes", "--skip-preview"]);
    const requests = await s.requests();
    expect(up.code).toBe(0);
    const lost = (await s.portal.requests()).find((r) => r.method === "POST" && r.fault !== undefined);
    const lostId = lost?.tokenId;
    expect(lostId).toBeDefined();
    expect(output(up)).toMatch(new RegExp(`/dev/token-\\d+: deleted token ${lostId} of admin 32, made by a create whose answer was lost`));
    // Never a second live token: the portal holds exactly one token per resource, none of them the lost one.
    const live = (await s.portal.tokens()).filter((t) => !s.ignoredIds.has(t.id));
    expect(live).toHaveLength(3);
    expect(live.map((t) => t.id)).not.toContain(lostId);
    await finish(s, "4", "Response lost after the portal committed a POST", "up succeeds in the same run: the lost token, found by its ownership mark, is deleted (and said so), then created again with its key", requests, 3);
  });

  it("4b. a 503 whose create the portal carries out after the check: the same up deletes the late token and keeps the retried one", async () => {
    s = await startScenario({ config: { count: "1" } });
    // Answered 503, invisible to the provider's check, and carried out just before the retry.
    await s.portal.faults([{ method: "POST", action: "commit-late", status: 503, count: 1 }]);
    const up = await s.pulumi(["up", "--yes", "--skip-preview"]);
    const requests = await s.requests();
    expect(up.code).toBe(0);
    expect(output(up)).toMatch(/\/dev\/token-\d+: deleted token \d+ of admin 32, made late by an earlier failed attempt/);
    const ids = (await s.portal.tokens()).filter((t) => !s.ignoredIds.has(t.id)).map((t) => t.id);
    expect(ids).toHaveLength(1);
    // The kept token, with its key as a secret, is in state.
    const state = JSON.parse((await s.project.pulumiOk(["stack", "export"])).stdout) as {
      deployment: { resources?: { id?: string; outputs?: Record<string, unknown> }[] };
    };
    const stored = (state.deployment.resources ?? []).find((r) => r.id === `32/${ids[0]}`);
    expect(stored?.outputs?.["accessKey"]).toMatchObject({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" });
    await finish(s, "4b", "503 on a POST whose create the portal carried out later (after the provider's check)", "up succeeds in the same run: the late token (its mark, never used) is deleted and said so; the retried token and its key are in state", requests, 1);
  });

  it("5. responses slower than the timeout on PUT and DELETE: retried, converged", async () => {
    const env = { LM_TIMEOUT_MS: "1500" };
    s = await startScenario({ config: { count: "2" } });
    expect((await s.pulumi(["up", "--yes", "--skip-preview"], env)).code).toBe(0);
    await s.pulumi(["config", "set", "notePrefix", "slow"]);
    await s.portal.faults([{ method: "PUT", action: "delay", latencyMs: 3000, count: 1 }]);
    const update = await s.pulumi(["up", "--yes", "--skip-preview"], env);
    expect(update.code).toBe(0);
    await s.portal.faults([{ method: "DELETE", action: "delay", latencyMs: 3000, count: 1 }]);
    const destroy = await s.pulumi(["destroy", "--yes", "--skip-preview"], env);
    expect(destroy.code).toBe(0);
    // The delayed DELETE finishes on the portal after the client gave up on it: wait for it.
    let log = await s.portal.requests();
    await until(async () => (log = await s.portal.requests()).some((r) => r.method === "DELETE" && r.fault === "delay"), { pollMs: 50 });
    const requests = await s.requests();
    const delayedPut = log.find((r) => r.method === "PUT" && r.fault === "delay");
    expect(log.filter((r) => r.method === "PUT" && r.tokenId === delayedPut?.tokenId).map((r) => r.status)).toEqual([200, 200]);
    const delayedDelete = log.find((r) => r.method === "DELETE" && r.fault === "delay");
    // The retry deleted it first; the slow original then found it gone. Both count as deleted.
    expect(log.filter((r) => r.method === "DELETE" && r.tokenId === delayedDelete?.tokenId).map((r) => r.status).sort()).toEqual([200, 404]);
    await finish(s, "5", "Responses slower than the timeout on PUT and DELETE", "update and destroy succeed: the timed-out PUT and DELETE are retried (idempotent); no orphan", requests, 2);
  });

  it("6. provider clock 40 minutes off: a clear error naming clock skew, no retries", async () => {
    s = await startScenario({ emulator: { clockOffsetMs: 40 * 60_000 } });
    const up = await s.pulumi(["up", "--yes", "--skip-preview"]);
    const requests = await s.requests();
    expect(up.code).not.toBe(0);
    expect(output(up)).toMatch(/clock skew: this machine's clock is 40 minutes behind the portal's/);
    expect(requests).toBeLessThanOrEqual(2);
    await finish(s, "6", "Provider clock 40 minutes off", "up fails with 'clock skew … 40 minutes behind … enable NTP'", requests, 1);
  });

  it("7. wrong credentials and a disabled provider token: a clear error within two requests", async () => {
    s = await startScenario();
    const wrongKey = "a-key-this-portal-does-not-know-0123456789";
    s.secrets.add(wrongKey);
    const wrong = await s.pulumi(["up", "--yes", "--skip-preview"], { LM_ACCESS_KEY: wrongKey });
    const wrongRequests = await s.requests();
    expect(wrong.code).not.toBe(0);
    expect(output(wrong)).toMatch(/401.*logicmonitor:accessKey/);
    expect(wrongRequests).toBeLessThanOrEqual(2);
    const { tokenId, ...credentials } = await s.credentialsOf(1);
    await s.portal.setToken(tokenId, { status: 1 });
    const disabled = await s.pulumi(["up", "--yes", "--skip-preview"], credentials);
    const requests = await s.requests();
    expect(disabled.code).not.toBe(0);
    expect(output(disabled)).toMatch(/401.*enabled LMv1 API token/);
    expect(requests - wrongRequests).toBeLessThanOrEqual(2);
    await finish(s, "7", "Wrong credentials; a disabled provider token", `each fails with 401 naming the config keys (${wrongRequests} and ${requests - wrongRequests} requests)`, requests, 1);
  });

  it("8. 403 on another admin's tokens: a clear error naming the missing permission", async () => {
    s = await startScenario({ config: { admins: "32" } });
    const { tokenId: _id, ...limited } = await s.credentialsOf(200); // limited-bot: readonly
    const up = await s.pulumi(["up", "--yes", "--skip-preview"], limited);
    const requests = await s.requests();
    expect(up.code).not.toBe(0);
    expect(output(up)).toMatch(/403.*"User Access: manage"/);
    expect(requests).toBeLessThanOrEqual(2);
    await finish(s, "8", "403 on another admin's tokens", "up fails naming the missing permission \"User Access: manage\"", requests, 1);
  });

  it("9. a token deleted between refresh and update: a clear error, then refresh + up converges", async () => {
    s = await startScenario({ config: { count: "2" } });
    expect((await s.pulumi(["up", "--yes", "--skip-preview"])).code).toBe(0);
    expect((await s.pulumi(["refresh", "--yes"])).code).toBe(0);
    const victim = (await s.portal.tokens()).find((t) => splitNote(t.note).note === "reliability #0");
    await s.portal.deleteToken(victim?.id ?? 0);
    await s.pulumi(["config", "set", "notePrefix", "changed"]);
    const up = await s.pulumi(["up", "--yes", "--skip-preview"]);
    const requests = await s.requests();
    expect(up.code).not.toBe(0);
    expect(output(up)).toMatch(new RegExp(`token ${victim?.id} of admin 32 no longer exists .*pulumi refresh`));
    await finish(s, "9", "Token deleted between refresh and update", "up fails naming the token and 'pulumi refresh'; refresh + up recreates it", requests, 2);
  });
});
