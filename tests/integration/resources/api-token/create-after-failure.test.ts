import { LogicMonitorClient } from "../../../../provider/client/client";
import { startEmulator, type RunningEmulator } from "../../../../provider/emulator";
import { ApiTokenProvider } from "../../../../provider/resources/api-token/provider";
import { formatMark, markOf, markedNote } from "../../../../provider/core/ownership";
import { caught } from "../../../helpers/caught";
import { control, type PortalToken } from "../../../helpers/control";

/**
 * A create whose answer was lost or unusable: the provider finds the token its attempt made by
 * the attempt id in the resource's ownership mark (never by owner, note, time or the resource's
 * mark alone), deletes it (its key is lost), and creates again, so the portal ends with exactly
 * one token per resource, with its key in state. No other token is ever deleted: a token with
 * the resource's mark but another attempt id (a killed run, a rename, a retained token, another
 * backend, a copied note) is named in a report line, with the command to delete it after a check.
 * Emulator faults over a real socket.
 */

let emulator: RunningEmulator;
let portal: ReturnType<typeof control>;

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/logicmonitor:ApiToken::bot";
const NOTE = "after a failure";
const INPUTS = { adminId: 32, note: NOTE, status: "enabled", type: "lmv1", keepers: {}, ownerUrn: URN } as const;
const MARKED_NOTE = markedNote(NOTE, markOf(URN));

/** Attempt ids from a counter shared by every provider of a test: `000000000001`, `000000000002`, … */
let attempts = 0;
const nextAttemptId = () => (++attempts).toString(16).padStart(12, "0");
const attemptMark = (attempt: number) => formatMark({ ...markOf(URN)!, attempt: attempt.toString(16).padStart(12, "0") });

function provider(reports: string[] = []): ApiTokenProvider {
  return new ApiTokenProvider({
    newAttemptId: nextAttemptId,
    env: () => ({ LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: emulator.accessId, LM_ACCESS_KEY: emulator.accessKey }),
    client: {
      retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 },
      sleep: async () => undefined, // backoffs and settle waits take no time here
    },
    report: (message) => reports.push(message),
  });
}

/** A person (or another tool) using the API with the portal's administrator key. */
function person(accessKey = emulator.accessKey, accessId = emulator.accessId): LogicMonitorClient {
  return new LogicMonitorClient({ baseUrl: emulator.baseUrl, accessId, accessKey });
}

async function tokens(): Promise<PortalToken[]> {
  return (await portal.tokens()).filter((t) => t.adminId === 32 && t.note.startsWith(NOTE));
}

const posts = async () => (await portal.requests()).filter((r) => r.method === "POST").length;

beforeAll(async () => {
  emulator = await startEmulator();
  portal = control(emulator.url);
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await portal.reset();
  attempts = 0;
});

describe("the ownership mark", () => {
  it("ends the token's note in the portal, with the create attempt's id; state keeps the declared note", async () => {
    const { outs } = await provider().create({ ...INPUTS });
    const [token] = await tokens();
    expect(token?.note).toBe(`${NOTE} [managed by Pulumi: proj/dev/bot #${markOf(URN)?.hash}.000000000001]`);
    expect(outs.note).toBe(NOTE);
    expect(outs.ownerUrn).toBe(URN);
  });
});

describe("create after an answer that was lost or unusable", () => {
  it.each([
    ["503 from the portal", { method: "POST", status: 503, count: 2 }, 2],
    ["500 from the portal", { method: "POST", status: 500 }, 1],
    ["a connection reset before the portal handled it", { method: "POST", action: "reset-before", count: 2 }, 2],
    ["a response dropped after the portal committed", { method: "POST", action: "drop-after-commit" }, 1],
    ["a 503 whose write the portal carries out late", { method: "POST", action: "commit-late", status: 503 }, 1],
    ["a gateway 502 whose write the portal carries out late", { method: "POST", action: "commit-late", status: 502 }, 1],
    ["a gateway 504 whose write the portal carries out late", { method: "POST", action: "commit-late", status: 504 }, 1],
  ])("%s: ends with exactly one token, with its key, and deletes what the lost attempts made", async (_name, fault, failures) => {
    await portal.faults([fault]);
    const reports: string[] = [];
    const { id, outs } = await provider(reports).create({ ...INPUTS });
    expect(outs.accessKey).toEqual(expect.any(String));
    const live = await tokens();
    expect(live.map((t) => t.id)).toEqual([outs.tokenId]);
    expect(id).toBe(`32/${outs.tokenId}`);
    expect(await posts()).toBe(failures + 1);
    const deletes = (await portal.requests()).filter((r) => r.method === "DELETE");
    for (const report of reports) expect(report).toMatch(/^proj\/dev\/bot: deleted token \d+ of admin 32, made (by a create whose answer was lost \(its key with it\)|late by an earlier failed attempt); it carried this create's attempt id 0000000000\d\d \(access id \w+\)$/);
    expect(reports).toHaveLength(deletes.length);
    // The key the caller holds authenticates: it is the live token's own.
    await expect(person(outs.accessKey, outs.accessId).listApiTokens(32, { type: "lmv1" })).resolves.toEqual(expect.any(Array));
  });

  it("gives up after a bounded number of attempts; a token a gateway commits after the last look is named by the next run, not deleted", async () => {
    await portal.faults([{ method: "POST", action: "commit-late", status: 503, count: 10 }]);
    const error = await caught(provider().create({ ...INPUTS }));
    expect(String(error)).toMatch(/^Error: creating a token: LogicMonitor API POST \/setting\/admins\/32\/apitokens answered 503/);
    expect(String(error)).toMatch(/The create failed 3 times\. Deleted token \d+, \d+, made by those attempts without a usable key\./);
    expect(String(error)).toContain("000000000001, 000000000002, 000000000003");
    expect(await posts()).toBe(3);
    await portal.clearFaults();
    // The gateway carries out the last attempt after all (the emulator lands it with the next write).
    await person().createApiToken(32, { note: "someone else's" });
    const [late] = await tokens();
    expect(late?.note).toContain(attemptMark(3));
    const reports: string[] = [];
    const { outs } = await provider(reports).create({ ...INPUTS }); // the next run: another process, which cannot prove whose it is
    expect((await tokens()).map((t) => t.id)).toEqual([late!.id, outs.tokenId]);
    expect(reports).toEqual([
      expect.stringMatching(new RegExp(`^proj/dev/bot: token ${late!.id} of admin 32 \\(access id \\w+, never used\\) carries this resource's mark .*It was not deleted.*orphans --admin 32 --token ${late!.id} --delete$`)),
    ]);
  });

  it("when the tokens cannot be listed to check, fails naming the attempt's mark; the next run names the lost token and leaves it", async () => {
    const shared = provider();
    await shared.create({ ...INPUTS, note: "warm-up", ownerUrn: `${URN}-warm-up` }); // the list at start is taken
    await portal.faults([
      { method: "POST", action: "drop-after-commit" },
      { method: "GET", status: 503, count: 10 },
    ]);
    const error = await caught(shared.create({ ...INPUTS }));
    expect(String(error)).toMatch(/its tokens could not be checked .*the next 'pulumi up' names it/s);
    expect(String(error)).toContain(attemptMark(2));
    const [lost] = await tokens();
    await portal.clearFaults();
    const reports: string[] = [];
    const { outs } = await provider(reports).create({ ...INPUTS }); // the next run: a new process
    expect((await tokens()).map((t) => t.id)).toEqual([lost!.id, outs.tokenId]);
    expect(reports).toEqual([expect.stringMatching(new RegExp(`token ${lost!.id} of admin 32 .*It was not deleted`))]);
    expect((await portal.requests()).filter((r) => r.method === "DELETE")).toHaveLength(0);
  });

  it("without an ownership mark nothing is claimed: the error says what to look for", async () => {
    await portal.faults([{ method: "POST", action: "drop-after-commit" }]);
    const { ownerUrn: _none, ...unmarked } = INPUTS;
    await expect(provider().create({ ...unmarked })).rejects.toThrow(/no ownership mark to find its token by/);
    expect(await tokens()).toHaveLength(1);
    expect((await portal.requests()).filter((r) => r.method === "DELETE")).toHaveLength(0);
  });
});

describe("tokens that are not provably this resource's own are never touched", () => {
  it("a look-alike made by a person (same owner and note, no mark) survives a 503 and a lost answer", async () => {
    const handMade = await person().createApiToken(32, { note: NOTE });
    await portal.faults([{ method: "POST", status: 503 }, { method: "POST", action: "drop-after-commit" }]);
    const { outs } = await provider().create({ ...INPUTS });
    const ids = (await tokens()).map((t) => t.id).sort((a, b) => a - b);
    expect(ids).toEqual([handMade.id, outs.tokenId].sort((a, b) => a - b));
  });

  it("another resource's mark (same stack, same note) is not this resource's", async () => {
    const other = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/logicmonitor:ApiToken::bot-2";
    const sibling = await person().createApiToken(32, { note: markedNote(NOTE, markOf(other)) });
    await portal.faults([{ method: "POST", action: "drop-after-commit" }]);
    const { outs } = await provider().create({ ...INPUTS });
    expect((await tokens()).map((t) => t.id).sort((a, b) => a - b)).toEqual([sibling.id, outs.tokenId].sort((a, b) => a - b));
  });

  it("a token with this resource's mark that has been used is named and kept", async () => {
    const copied = await person().createApiToken(32, { note: MARKED_NOTE });
    await person(copied.accessKey, copied.accessId).listApiTokens(32, { type: "lmv1" }); // used once
    const reports: string[] = [];
    const { outs } = await provider(reports).create({ ...INPUTS });
    expect((await tokens()).map((t) => t.id).sort((a, b) => a - b)).toEqual([copied.id, outs.tokenId].sort((a, b) => a - b));
    expect(reports).toEqual([expect.stringMatching(new RegExp(`token ${copied.id} of admin 32 \\(access id \\w+, last used at .*\\) carries this resource's mark.*not deleted`))]);
  });

  it.each([
    ["a killed run's token (the exact mark of an earlier attempt, never used)", `${NOTE} [managed by Pulumi: proj/dev/bot #${markOf(URN)!.hash}.00000000abcd]`],
    ["a token whose mark has no attempt id (an older version's, a retained or renamed stack's)", MARKED_NOTE],
  ])("%s survives this resource's create with a lost answer, and is named once", async (_name, note) => {
    const leftover = await person().createApiToken(32, { note });
    await portal.faults([{ method: "POST", action: "drop-after-commit" }]);
    const reports: string[] = [];
    const shared = provider(reports);
    const { outs } = await shared.create({ ...INPUTS });
    await shared.create({ ...INPUTS, keepers: { again: "1" } }); // a second create in the same run names nothing new
    const live = (await tokens()).map((t) => t.id);
    expect(live).toContain(leftover.id);
    expect(live).toContain(outs.tokenId);
    expect(live).toHaveLength(3);
    const named = reports.filter((line) => line.includes(`token ${leftover.id} of admin 32`));
    expect(named).toEqual([expect.stringMatching(/It was not deleted/)]);
    const deleted = reports.filter((line) => / deleted token /.test(line));
    expect(deleted).toEqual([expect.stringMatching(/made by a create whose answer was lost/)]);
    expect(deleted[0]).not.toContain(`token ${leftover.id} `);
  });

  it("the old token of a replacement (seen by diff) is not taken for a leftover", async () => {
    const shared = provider();
    const managed = await provider().create({ ...INPUTS }); // made by an earlier run, same resource
    await shared.diff(`32/${managed.outs.tokenId}`, managed.outs, { ...INPUTS, keepers: { rotation: "next" } });
    await portal.faults([{ method: "POST", action: "drop-after-commit" }]);
    const { outs } = await shared.create({ ...INPUTS, keepers: { rotation: "next" } });
    expect((await tokens()).map((t) => t.id).sort((a, b) => a - b)).toEqual([managed.outs.tokenId, outs.tokenId].sort((a, b) => a - b));
  });

  it("a create without a diff (`pulumi up --replace`) that fails leaves the token the resource holds in state alone", async () => {
    const held = await provider().create({ ...INPUTS }); // in state, never used
    const reports: string[] = [];
    const replacing = provider(reports); // the engine sends old inputs to neither check nor diff here
    await portal.faults([{ method: "POST", status: 400 }]);
    await expect(replacing.create({ ...INPUTS })).rejects.toThrow(/400/);
    expect((await tokens()).map((t) => t.id)).toEqual([held.outs.tokenId]);
    // The engine did not show this run the held token's state, so it is named, with "unless it is the token this resource is replacing".
    expect(reports).toEqual([expect.stringMatching(new RegExp(`token ${held.outs.tokenId} of admin 32 .*Unless it is the token this resource is replacing.*It was not deleted`))]);
  });

  it("after a lost answer, only tokens made since the create began are deleted, and nothing that existed before goes until a successor exists", async () => {
    const held = await provider().create({ ...INPUTS });
    await portal.faults([{ method: "POST", action: "drop-after-commit" }, { method: "POST", status: 400 }]);
    const reports: string[] = [];
    await expect(provider(reports).create({ ...INPUTS })).rejects.toThrow(/400/);
    expect((await tokens()).map((t) => t.id)).toEqual([held.outs.tokenId]); // the lost token is gone, the held one stays
    expect(reports.filter((line) => / deleted token /.test(line))).toEqual([expect.stringMatching(/made by a create whose answer was lost/)]);
    expect(reports.filter((line) => line.includes(`token ${held.outs.tokenId} of admin 32`))).toEqual([expect.stringMatching(/It was not deleted/)]);
  });

  it("three concurrent creates of the same owner and note, one answer lost: each resource ends with exactly its own token", async () => {
    await portal.faults([{ method: "POST", action: "drop-after-commit" }]);
    const shared = provider();
    const results = await Promise.all(
      [1, 2, 3].map((n) => shared.create({ ...INPUTS, ownerUrn: `${URN}-${n}` })),
    );
    const ids = results.map((r) => r.outs.tokenId);
    expect(new Set(ids).size).toBe(3);
    expect((await tokens()).map((t) => t.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    for (const { outs } of results) expect(outs.accessKey).toEqual(expect.any(String));
  });
});
