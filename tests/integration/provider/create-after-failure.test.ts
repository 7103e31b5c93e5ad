import { LogicMonitorClient } from "../../../provider/client/client";
import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { ApiTokenProvider } from "../../../provider/resources/api-token-provider";
import { formatMark, markOf, markedNote } from "../../../provider/resources/ownership";
import { caught } from "../../helpers/caught";
import { control, type PortalToken } from "../../helpers/control";

/**
 * A create whose answer was lost or unusable: the provider finds the token its attempt made by
 * the resource's ownership mark (never by owner, note or time), deletes it (its key is lost),
 * and creates again, so the portal ends with exactly one token per resource, with its key in
 * state. Tokens without the resource's exact mark, tokens held by resources, and tokens that
 * have been used are never touched. Emulator faults over a real socket.
 */

let emulator: RunningEmulator;
let portal: ReturnType<typeof control>;

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/logicmonitor:ApiToken::bot";
const NOTE = "after a failure";
const INPUTS = { adminId: 32, note: NOTE, status: "enabled", type: "lmv1", keepers: {}, ownerUrn: URN } as const;
const MARKED_NOTE = markedNote(NOTE, markOf(URN));

function provider(reports: string[] = []): ApiTokenProvider {
  return new ApiTokenProvider({
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
});

describe("the ownership mark", () => {
  it("ends the token's note in the portal; state keeps the declared note", async () => {
    const { outs } = await provider().create({ ...INPUTS });
    const [token] = await tokens();
    expect(token?.note).toBe(`${NOTE} [managed by Pulumi: proj/dev/bot #${markOf(URN)?.hash}]`);
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
    for (const report of reports) expect(report).toMatch(/^proj\/dev\/bot: deleted token \d+ of admin 32, /);
    expect(reports).toHaveLength(deletes.length);
    // The key the caller holds authenticates: it is the live token's own.
    await expect(person(outs.accessKey, outs.accessId).listApiTokens(32, { type: "lmv1" })).resolves.toEqual(expect.any(Array));
  });

  it("gives up after a bounded number of attempts, leaving no token of this resource", async () => {
    await portal.faults([{ method: "POST", action: "commit-late", status: 503, count: 10 }]);
    const error = await caught(provider().create({ ...INPUTS }));
    expect(String(error)).toMatch(/^Error: creating a token: LogicMonitor API POST \/setting\/admins\/32\/apitokens answered 503/);
    expect(String(error)).toMatch(/The create failed 3 times\. Deleted token \d+, \d+, made by those attempts without a usable key\./);
    expect(await posts()).toBe(3);
    await portal.clearFaults();
    // The gateway carries out the last attempt after all (the emulator lands it with the next write).
    await person().createApiToken(32, { note: "someone else's" });
    const { outs } = await provider().create({ ...INPUTS }); // the next run deletes it once its new token exists
    expect(await tokens()).toHaveLength(1);
    expect((await tokens()).map((t) => t.id)).toEqual([outs.tokenId]);
  });

  it("when the tokens cannot be listed to check, fails, and the next create deletes the lost token first", async () => {
    const shared = provider();
    await shared.create({ ...INPUTS, note: "warm-up", ownerUrn: `${URN}-warm-up` }); // the list at start is taken
    await portal.faults([
      { method: "POST", action: "drop-after-commit" },
      { method: "GET", status: 503, count: 10 },
    ]);
    const error = await caught(shared.create({ ...INPUTS }));
    expect(String(error)).toMatch(/its tokens could not be checked .*the next 'pulumi up' deletes it once the resource's new token exists/s);
    expect(String(error)).toContain(formatMark(markOf(URN)!));
    const [lost] = await tokens();
    await portal.clearFaults();
    const reports: string[] = [];
    const { outs } = await provider(reports).create({ ...INPUTS }); // the next run: a new process
    expect((await tokens()).map((t) => t.id)).toEqual([outs.tokenId]);
    expect(reports).toEqual([`proj/dev/bot: deleted token ${lost?.id} of admin 32, left by an interrupted earlier create of this resource`]);
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

  it("a token with this resource's mark that has been used is reported and kept", async () => {
    const copied = await person().createApiToken(32, { note: MARKED_NOTE });
    await person(copied.accessKey, copied.accessId).listApiTokens(32, { type: "lmv1" }); // used once
    const reports: string[] = [];
    const { outs } = await provider(reports).create({ ...INPUTS });
    expect((await tokens()).map((t) => t.id).sort((a, b) => a - b)).toEqual([copied.id, outs.tokenId].sort((a, b) => a - b));
    expect(reports).toEqual([expect.stringMatching(new RegExp(`token ${copied.id} of admin 32 carries this resource's mark but has been used`))]);
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
    expect(reports).toEqual([]);
  });

  it("after a lost answer, only tokens made since the create began are deleted, and nothing that existed before goes until a successor exists", async () => {
    const held = await provider().create({ ...INPUTS });
    await portal.faults([{ method: "POST", action: "drop-after-commit" }, { method: "POST", status: 400 }]);
    const reports: string[] = [];
    await expect(provider(reports).create({ ...INPUTS })).rejects.toThrow(/400/);
    expect((await tokens()).map((t) => t.id)).toEqual([held.outs.tokenId]); // the lost token is gone, the held one stays
    expect(reports).toEqual([expect.stringMatching(/made by a create whose answer was lost/)]);
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
