import { spawn } from "node:child_process";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { splitNote } from "../../provider/core/ownership";
import { engineDir } from "../../scripts/lib/engine";
import { createTempProject } from "../../scripts/lib/temp-project";
import { control, type PortalToken } from "../helpers/control";
import { apiRequest, asRecord } from "../helpers/emulator";
import { DYNAMIC_FACE } from "../helpers/faces";
import { pendingOperations } from "../helpers/oracle";
import { namedLeftovers, orphanIds } from "../helpers/orphans-cli";
import { finishScenario, RELIABILITY_PROGRAM, startScenario, type Scenario } from "../helpers/scenario";
import { emulatorEnv } from "../helpers/stack";
import { plainResources, theHeldToken } from "../helpers/stack-state";
import { until } from "../helpers/until";

/**
 * Issue 16's cases as reliability scenarios 13-19 (`npm run test:reliability`): a token is its
 * portal, its id and its access id, and nothing is deleted on suspicion. Each case runs through
 * the real Pulumi CLI on the dynamic face (the reliability program, one token `token-0` of admin
 * 32), counts the requests of each command, checks what stayed live, and ends with the oracle.
 * Tokens a scenario keeps on purpose (retained, made by hand) are left out of the oracle's
 * one-to-one count and checked to be live after its destroy. The plugin face runs the same cases
 * in tests/e2e/identity.test.ts and tests/e2e/no-suspicion.test.ts.
 */

jest.setTimeout(10 * 60_000);

const SUITE = "npm run test:reliability" as const;
const UP = ["up", "--yes", "--skip-preview"];
const DESTROY = ["destroy", "--yes", "--skip-preview"];
/** The reliability program's one token. */
const URN = `urn:pulumi:dev::lm-reliability-tokens::${DYNAMIC_FACE.tokenType}::token-0`;

/** Ids of admin 32's tokens in the scenario's portal, ascending. */
async function live(s: Scenario): Promise<number[]> {
  return (await s.portal.tokens()).filter((t) => t.adminId === 32).map((t) => t.id).sort((a, b) => a - b);
}

/** Runs `pulumi <args>` in the scenario's stack; its exit code, output and `/santaba/rest` requests. */
async function measured(s: Scenario, args: string[]): Promise<{ code: number; output: string; requests: number }> {
  const before = await s.requests();
  const run = await s.pulumi(args);
  return { code: run.code, output: run.stdout + run.stderr, requests: (await s.requests()) - before };
}

/** Runs `pulumi <args>` and fails the test with the CLI's output when it exits non-zero. */
async function measuredOk(s: Scenario, args: string[]): Promise<{ output: string; requests: number }> {
  const run = await measured(s, args);
  if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${run.code}\n${run.output}`);
  return run;
}

/** The tokens an `up` output names as carrying this resource's mark (the engine prints each note twice), ascending. */
function named(output: string): number[] {
  const ids = [...output.matchAll(/token (\d+) of admin \d+ \(access id \w+, [^)]*\) carries this resource's mark/g)].map((m) => Number(m[1]));
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** The tokens an output says the provider deleted, ascending. */
function deleted(output: string): number[] {
  return [...new Set([...output.matchAll(/deleted token (\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

/** The resource's token in state (its id). */
async function held(s: Scenario, stack?: string): Promise<number> {
  return (await theHeldToken(s.project, stack ? { stack } : {})).tokenId;
}

describe("issue 16's cases through the real engine (dynamic face)", () => {
  let s: Scenario;
  afterEach(async () => s?.dispose());

  it("13. two portals with overlapping ids: against portal B, up, refresh and destroy fail and change nothing; back on A it converges", async () => {
    s = await startScenario();
    await measuredOk(s, UP);
    const own = await theHeldToken(s.project);
    const ownNote = (await s.portal.tokens()).find((t) => t.id === own.tokenId)?.note ?? "";
    // Portal B: the same root credentials (a copied config); its ids are a counter too, so it has a token at the stack's id, with the very same note.
    const portalB: RunningEmulator = await startEmulator({ accessId: s.emulator.accessId, accessKey: s.emulator.accessKey });
    try {
      const b = control(portalB.url);
      for (const token of await b.mintTokens({ adminId: 32, note: "portal B: release bot", count: own.tokenId - 1000 })) s.secrets.add(token.accessKey);
      await b.setToken(own.tokenId, { note: ownNote });
      const twin = (await b.tokens()).find((t) => t.id === own.tokenId);
      expect(twin).toMatchObject({ adminId: 32, note: ownNote });
      expect(twin?.accessId).not.toBe(own.accessId);

      const view = (tokens: PortalToken[]) => tokens.map(({ id, adminId, accessId, status, note }) => ({ id, adminId, accessId, status, note }));
      const tokenState = async () => ((await plainResources(s.project)) as { type: string }[]).filter((r) => !r.type.startsWith("pulumi:providers:"));
      await s.project.pulumiOk(["config", "set", "logicmonitor:baseUrl", portalB.baseUrl]);
      await s.project.pulumiOk(["config", "set", "notePrefix", "reliability (rotated)"]);
      const before = { a: view(await s.portal.tokens()), b: view(await b.tokens()), state: await tokenState() };
      const requestsOfB = async () => (await b.counters()).total;

      // `refresh` and `destroy` configure the provider from the config in state unless they run the program.
      const wrong: { command: string; code: number; requestsA: number; requestsB: number }[] = [];
      for (const args of [UP, ["refresh", "--yes", "--skip-preview", "--run-program"], [...DESTROY, "--run-program"]]) {
        const bBefore = await requestsOfB();
        const run = await measured(s, args);
        const after = { a: view(await s.portal.tokens()), b: view(await b.tokens()), state: await tokenState() };
        expect({
          failed: run.code !== 0,
          ...after,
          named: run.output.includes(`token ${own.tokenId}`) && run.output.includes(own.accessId) && run.output.includes(twin?.accessId ?? "?"),
          whatToDo: run.output.includes("logicmonitor:baseUrl") && run.output.includes(s.emulator.baseUrl),
        }).toEqual({ failed: true, ...before, named: true, whatToDo: true });
        wrong.push({ command: args[0] ?? "", code: run.code, requestsA: run.requests, requestsB: (await requestsOfB()) - bBefore });
      }

      await s.project.pulumiOk(["config", "rm", "logicmonitor:baseUrl"]);
      const back = await measuredOk(s, UP);
      expect(await theHeldToken(s.project)).toEqual(own);
      expect(splitNote((await s.portal.tokens()).find((t) => t.id === own.tokenId)?.note ?? "").note).toBe("reliability (rotated) #0");
      expect(view(await b.tokens())).toEqual(before.b);
      const requests = (await s.requests()) + (await requestsOfB());
      const perCommand = wrong.map((w) => `${w.command} exit ${w.code} (${w.requestsB} request(s) to B, ${w.requestsA} to A)`).join("; ");
      await finishScenario(
        s,
        {
          id: "13",
          scenario: "Two portals with overlapping token ids: the stack pointed at portal B (a token at its id with the same note)",
          suite: SUITE,
          outcome:
            `against B: ${perCommand}; each names both access ids and logicmonitor:baseUrl; ` +
            `state and both portals unchanged; back on A, up updates the stack's own token ${own.tokenId} (${back.requests} requests)`,
        },
        requests,
        1,
      );
      expect(view(await b.tokens())).toEqual(before.b);
    } finally {
      await portalB.close();
    }
  });

  it("14. stack rename, then a new stack of the old name: nothing of the renamed stack is deleted", async () => {
    s = await startScenario();
    await measuredOk(s, UP);
    const renamed = await held(s);
    await s.project.pulumiOk(["stack", "rename", "dev2"]);
    await s.project.pulumiOk(["stack", "init", "dev"]);
    const fresh = await measuredOk(s, UP);
    const created = await held(s);
    const afterNewStack = await live(s);
    const renamedUp = await measured(s, [...UP, "--stack", "dev2"]);
    expect({
      afterNewStack,
      renamedUp: renamedUp.code,
      afterRenamedUp: await live(s),
      renamedHolds: await held(s, "dev2"),
      named: named(fresh.output),
      deleted: deleted(fresh.output + renamedUp.output),
    }).toEqual({
      afterNewStack: [renamed, created],
      renamedUp: 0,
      afterRenamedUp: [renamed, created],
      renamedHolds: renamed,
      named: [renamed],
      deleted: [],
    });
    // The renamed stack still owns its token: its destroy deletes it, and only it.
    const renamedDestroy = await measuredOk(s, [...DESTROY, "--stack", "dev2"]);
    expect({ live: await live(s), deleted: deleted(renamedDestroy.output) }).toEqual({ live: [created], deleted: [renamed] });
    const requests = await s.requests();
    await finishScenario(
      s,
      {
        id: "14",
        scenario: "pulumi stack rename, then a new stack of the old name",
        suite: SUITE,
        outcome:
          `the new stack's up (${fresh.requests} requests) creates token ${created} and names the renamed stack's token ${renamed}, deleting none; ` +
          `the renamed stack's next up succeeds (${renamedUp.requests} requests); both stay live until the renamed stack's destroy deletes its own (${renamedDestroy.requests} requests)`,
      },
      requests,
      1,
    );
  });

  it("15. retainOnDelete, destroy, up again: the kept token stays live", async () => {
    s = await startScenario({ config: { retainOnDelete: "true" } });
    await measuredOk(s, UP);
    const kept = await held(s);
    const destroy = await measuredOk(s, DESTROY);
    expect({ live: await live(s), deleted: deleted(destroy.output) }).toEqual({ live: [kept], deleted: [] });
    const keptNote = (await s.portal.tokens()).find((t) => t.id === kept)?.note;
    const again = await measuredOk(s, UP);
    const second = await held(s);
    expect({ live: await live(s), keptNote: (await s.portal.tokens()).find((t) => t.id === kept)?.note, named: named(again.output), deleted: deleted(again.output) }).toEqual({
      live: [kept, second],
      keptNote,
      named: [kept],
      deleted: [],
    });
    // The kept token is the person's now: out of the oracle's count. Without retainOnDelete, the oracle's destroy deletes the second.
    s.ignoredIds.add(kept);
    await s.project.pulumiOk(["config", "rm", "retainOnDelete"]);
    await measuredOk(s, UP);
    const requests = await s.requests();
    await finishScenario(
      s,
      {
        id: "15",
        scenario: "retainOnDelete: destroy keeps the token, then up again",
        suite: SUITE,
        outcome:
          `destroy keeps token ${kept} (${destroy.requests} requests, 0 DELETE); the next up (${again.requests} requests) creates token ${second} and names token ${kept}, deleting none; ` +
          `token ${kept} stays live, its note unchanged, through that up and the oracle's refresh, up and destroy`,
      },
      requests,
      1,
    );
    expect(await live(s)).toEqual([kept]);
  });

  it("16. up --replace: one DELETE of the old token, after the new token's POST", async () => {
    s = await startScenario();
    await measuredOk(s, UP);
    const old = await held(s);
    await s.portal.clearRequests();
    const replace = await measuredOk(s, [...UP, "--replace", URN]);
    const successor = await held(s);
    const log = await s.portal.requests();
    const post = log.find((r) => r.method === "POST" && r.status === 200 && r.tokenId === successor);
    const deletes = log.filter((r) => r.method === "DELETE");
    expect(post).toBeDefined();
    expect({
      deletes: deletes.map((r) => ({ tokenId: r.tokenId, status: r.status, afterThePost: r.seq > (post?.seq ?? Infinity) })),
      live: await live(s),
      named: named(replace.output),
      deleted: deleted(replace.output),
    }).toEqual({ deletes: [{ tokenId: old, status: 200, afterThePost: true }], live: [successor], named: [old], deleted: [old] });
    const requests = await s.requests();
    await finishScenario(
      s,
      {
        id: "16",
        scenario: "pulumi up --replace of the token",
        suite: SUITE,
        outcome:
          `${replace.requests} requests (${log.filter((r) => r.method === "POST").length} POST, ${deletes.length} DELETE): the old token ${old} is deleted once, by the engine's replacement delete after the POST of token ${successor}; ` +
          `the up names token ${old} (the one being replaced, before the engine deletes it) and reports that one deletion; 1 token live, the new one`,
      },
      requests,
      1,
    );
  });

  it("17. the same project and stack in two backends against one portal: neither deletes the other's token", async () => {
    s = await startScenario();
    const other = createTempProject(RELIABILITY_PROGRAM, { extraEnv: emulatorEnv(s.emulator) });
    try {
      await other.pulumiOk(["stack", "init", "dev"]);
      await measuredOk(s, UP);
      const first = await held(s);
      const before = await s.requests();
      const otherUp = await other.pulumiOk(UP);
      const otherUpRequests = (await s.requests()) - before;
      const second = (await theHeldToken(other)).tokenId;
      const afterOtherUp = await live(s);
      const replace = await measuredOk(s, [...UP, "--replace", URN]);
      const replaced = await held(s);
      expect({
        afterOtherUp,
        afterReplace: await live(s),
        otherHolds: (await theHeldToken(other)).tokenId,
        namedByOther: named(otherUp.stdout + otherUp.stderr),
        deletedByOther: deleted(otherUp.stdout + otherUp.stderr),
        deletedByReplace: deleted(replace.output),
      }).toEqual({ afterOtherUp: [first, second], afterReplace: [second, replaced], otherHolds: second, namedByOther: [first], deletedByOther: [], deletedByReplace: [first] });
      // The other backend's stack still owns its token: its destroy deletes exactly that one.
      await other.pulumiOk(DESTROY);
      expect(await live(s)).toEqual([replaced]);
      // Its output is part of the secrets scan.
      s.project.transcript.push(...other.transcript);
      const requests = await s.requests();
      await finishScenario(
        s,
        {
          id: "17",
          scenario: "Same project and stack name in two backends against one portal",
          suite: SUITE,
          outcome:
            `the other backend's up (${otherUpRequests} requests) creates token ${second} and names this stack's token ${first}, deleting none; ` +
            `this stack's up --replace (${replace.requests} requests) deletes only its own old token ${first}; token ${second} stays live until its own stack's destroy`,
        },
        requests,
        1,
      );
    } finally {
      other.dispose();
    }
  });

  it("18. a token made by hand with a note copied from a managed one survives", async () => {
    s = await startScenario();
    await measuredOk(s, UP);
    const managed = await held(s);
    const copiedNote = (await s.portal.tokens()).find((t) => t.id === managed)?.note ?? "";
    expect(splitNote(copiedNote).mark).toBeDefined();
    // Made through the API, signed with the root credentials, as a person or a script would.
    const answer = await apiRequest(s.emulator, { method: "POST", path: "/setting/admins/32/apitokens", body: { note: copiedNote } });
    expect(answer.status).toBe(200);
    const byHand = Number(asRecord(answer.body)["id"]);
    s.ignoredIds.add(byHand);
    const destroy = await measuredOk(s, DESTROY);
    expect(await live(s)).toEqual([byHand]);
    const up = await measuredOk(s, UP);
    const created = await held(s);
    const noteOfByHand = async () => (await s.portal.tokens()).find((t) => t.id === byHand)?.note;
    expect({ live: await live(s), note: await noteOfByHand(), named: named(up.output), deleted: deleted(destroy.output + up.output) }).toEqual({
      live: [byHand, created],
      note: copiedNote,
      named: [byHand],
      deleted: [managed],
    });
    const requests = await s.requests();
    await finishScenario(
      s,
      {
        id: "18",
        scenario: "A token made by hand with a note copied from a managed one",
        suite: SUITE,
        outcome:
          `destroy deletes only the stack's token ${managed} (${destroy.requests} requests); the next up (${up.requests} requests) creates token ${created} and names the hand-made token ${byHand}, deleting none; ` +
          `token ${byHand} stays live with its note through that up and the oracle's refresh, up and destroy`,
      },
      requests,
      1,
    );
    expect({ live: await live(s), note: await noteOfByHand() }).toEqual({ live: [byHand], note: copiedNote });
  });

  it("19. a killed run's leftover is named by the next up (token id and the command that deletes it) and not deleted", async () => {
    s = await startScenario();
    // The create's POST waits 3 s in the portal before it is carried out; the run is killed meanwhile.
    await s.portal.faults([{ method: "POST", action: "delay", latencyMs: 3000 }]);
    const child = spawn(path.join(engineDir(), "pulumi"), UP, { cwd: s.project.dir, env: s.project.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let killedOutput = "";
    child.stdout.on("data", (chunk: Buffer) => (killedOutput += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (killedOutput += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on("close", (code, signal) => resolve(signal ?? code)));
    await until(async () => (await s.portal.queuedFaults()).length === 0, { pollMs: 100 });
    // A CI job's time limit: the CLI, the language host and the provider, all at once.
    process.kill(-(child.pid ?? 0), "SIGKILL");
    const exit = await exited;
    s.project.transcript.push(`$ pulumi up (killed)\n${killedOutput}`);
    await until(async () => (await live(s)).length === 1, { pollMs: 100 });
    const [leftover] = await live(s);
    const mark = splitNote((await s.portal.tokens()).find((t) => t.id === leftover)?.note ?? "").mark;
    expect(mark?.attempt).toMatch(/^[0-9a-f]{12}$/);

    // docs/RECOVERY.md, "pulumi up killed": cancel, clear the pending create, up.
    const cancel = await s.pulumi(["cancel", "--yes"]);
    const pending = pendingOperations((await s.project.pulumiOk(["stack", "export"])).stdout);
    if (pending > 0) await s.project.pulumiOk(["refresh", "--yes", "--clear-pending-creates"]);
    const up = await measuredOk(s, UP);
    const created = await held(s);
    expect({
      live: await live(s),
      named: [...new Set(namedLeftovers(up.output))],
      command: up.output.includes(`npx lm-apitoken orphans --admin 32 --token ${leftover} --delete`),
      deleted: deleted(up.output),
    }).toEqual({ live: [leftover, created], named: [leftover], command: true, deleted: [] });
    // The person's step, after checking: the command `up` printed.
    expect(await orphanIds(s)).toEqual([leftover]);
    await orphanIds(s, ["--token", String(leftover), "--delete"]);
    expect({ orphans: await orphanIds(s), live: await live(s) }).toEqual({ orphans: [], live: [created] });
    const requests = await s.requests();
    await finishScenario(
      s,
      {
        id: "19",
        scenario: "pulumi up of one token killed (SIGKILL of CLI, language host and provider) while the portal carried out its POST",
        suite: SUITE,
        outcome:
          `exit ${exit}; the portal made token ${leftover} (its mark carries the killed create's attempt id); pulumi cancel (exit ${cancel.code}), ${pending} pending op(s) cleared; ` +
          `the next up (${up.requests} requests) creates token ${created}, names ${leftover} with 'lm-apitoken orphans --admin 32 --token ${leftover} --delete' and deletes none; that command, run by the person, deletes exactly it`,
      },
      requests,
      1,
    );
  });
});
