import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { ApiTokenProvider } from "../../../provider/resources/api-token-provider";
import { caught } from "../../helpers/caught";
import { control } from "../../helpers/control";

/**
 * A create that failed after it may have reached LogicMonitor: the provider looks before it tries
 * again, retries only when the look proves nothing was made and the portal was done with the
 * request, and otherwise names the token it found. Emulator faults over a real socket.
 */

let emulator: RunningEmulator;
let portal: ReturnType<typeof control>;

function provider(): ApiTokenProvider {
  return new ApiTokenProvider({
    env: () => ({ LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: emulator.accessId, LM_ACCESS_KEY: emulator.accessKey }),
    client: {
      retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 },
      sleep: async () => undefined, // backoffs and settle waits take no time here
    },
  });
}

const INPUTS = { adminId: 32, note: "after a failure", status: "enabled", type: "lmv1", keepers: {} } as const;

async function tokensWithNote(): Promise<number[]> {
  return (await portal.tokens()).filter((t) => t.note === INPUTS.note).map((t) => t.id);
}

beforeAll(async () => {
  emulator = await startEmulator();
  portal = control(emulator.url);
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await portal.reset();
});

describe("create after an ambiguous failure", () => {
  it.each([
    ["503 from the portal", { method: "POST", status: 503, count: 2 }],
    ["500 from the portal", { method: "POST", status: 500 }],
    ["a connection reset before the portal handled it", { method: "POST", action: "reset-before", count: 2 }],
  ])("%s: looks, finds nothing, tries again, and makes exactly one token with its key", async (_name, fault) => {
    await portal.faults([fault]);
    const { outs } = await provider().create({ ...INPUTS });
    expect(outs.accessKey).toEqual(expect.any(String));
    expect(await tokensWithNote()).toEqual([outs.tokenId]);
    const log = await portal.requests();
    const count = (fault as { count?: number }).count ?? 1;
    expect(log.filter((r) => r.method === "POST")).toHaveLength(count + 1);
    // Every failed POST was followed by a list before the next POST.
    const kinds = log.map((r) => r.method).join(",");
    expect(kinds).toBe([...Array(count).fill("POST,GET"), "POST", "GET"].join(","));
  });

  it("a response lost after the portal committed: no second token; the error names the token and existingTokenId", async () => {
    await portal.faults([{ method: "POST", action: "drop-after-commit" }]);
    const failure = provider().create({ ...INPUTS });
    await expect(failure).rejects.toThrow(/response was lost: token \d+ of admin 32/);
    const [id] = await tokensWithNote();
    await expect(failure).rejects.toThrow(`existingTokenId: ${id}`);
    expect(await tokensWithNote()).toHaveLength(1);
    expect((await portal.requests()).filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("a 503 whose write lands after the check: the retry's token is kept with its key, and the extra token is named", async () => {
    // The portal answers 503, the list shows nothing, and the held write lands just before the retry.
    await portal.faults([{ method: "POST", action: "commit-late", status: 503 }]);
    const failure = await caught(provider().create({ ...INPUTS }));
    const ids = await tokensWithNote();
    expect(ids).toHaveLength(2);
    const [extra, kept] = [...ids].sort((a, b) => a - b);
    const partial = failure as Error & { id?: string; properties?: { tokenId?: number; accessKey?: string }; reasons?: string[] };
    // A partial failure: the engine stores the kept token (and its key) and reports the extra one.
    expect(partial.id).toBe(`32/${kept}`);
    expect(partial.properties?.tokenId).toBe(kept);
    expect(partial.properties?.accessKey).toEqual(expect.any(String));
    expect(partial.message).toContain(`also has token ${extra} with the same note`);
    expect(partial.message).toContain(`delete token ${extra} in the portal`);
    expect(partial.message).toContain(`token ${kept} is kept in state`);
    expect(partial.message).not.toContain(partial.properties?.accessKey ?? "no key");
    expect((await portal.requests()).map((r) => r.method).join(",")).toBe("POST,GET,POST,GET");
  });

  it("a gateway 502 may leave the request running behind it: not retried, and says nothing was created yet", async () => {
    await portal.faults([{ method: "POST", status: 502 }]);
    await expect(provider().create({ ...INPUTS })).rejects.toThrow(/502.*\n.*nothing was created: run 'pulumi up' again/s);
    expect((await portal.requests()).filter((r) => r.method === "POST")).toHaveLength(1);
    expect(await tokensWithNote()).toEqual([]);
  });

  it("gives up after a bounded number of verified retries", async () => {
    await portal.faults([{ method: "POST", status: 503, count: 10 }]);
    await expect(provider().create({ ...INPUTS })).rejects.toThrow(/503/);
    expect((await portal.requests()).filter((r) => r.method === "POST")).toHaveLength(3);
    expect(await tokensWithNote()).toEqual([]);
  });

  it("when the tokens cannot be listed to check, it says how to look for the token", async () => {
    await portal.faults([
      { method: "POST", status: 503 },
      { method: "GET", status: 503, count: 10 },
    ]);
    await expect(provider().create({ ...INPUTS })).rejects.toThrow(/could not be listed to check.*npx lm-apitoken orphans/s);
  });

  describe("with sibling resources of the same owner and note in the same run", () => {
    it("a 503 on one of three concurrent creates: each resource ends with exactly its own token", async () => {
      await portal.faults([{ method: "POST", status: 503 }]);
      const shared = provider();
      const results = await Promise.all([1, 2, 3].map(() => shared.create({ ...INPUTS })));
      const ids = results.map((r) => r.outs.tokenId);
      expect(new Set(ids).size).toBe(3);
      expect((await tokensWithNote()).sort()).toEqual([...ids].sort());
      for (const { outs } of results) expect(outs.accessKey).toEqual(expect.any(String));
    });

    it("a lost response names only the token that attempt made, never a sibling's", async () => {
      const shared = provider();
      const sibling = await shared.create({ ...INPUTS });
      await portal.faults([{ method: "POST", action: "drop-after-commit" }]);
      const failure = shared.create({ ...INPUTS });
      await expect(failure).rejects.toThrow(/response was lost/);
      const lost = (await tokensWithNote()).filter((id) => id !== sibling.outs.tokenId);
      expect(lost).toHaveLength(1);
      await expect(failure).rejects.toThrow(new RegExp(`token ${lost[0]} of admin 32`));
      await expect(failure).rejects.not.toThrow(new RegExp(`token ${sibling.outs.tokenId}\\b`));
    });

    it("a token already in state (seen by diff) is not taken for a lost one", async () => {
      const shared = provider();
      const managed = await provider().create({ ...INPUTS }); // made by an earlier run
      await shared.diff(`32/${managed.outs.tokenId}`, managed.outs, { ...INPUTS });
      await portal.faults([{ method: "POST", status: 503 }]);
      const { outs } = await shared.create({ ...INPUTS });
      expect(outs.tokenId).not.toBe(managed.outs.tokenId);
      expect((await tokensWithNote()).sort()).toEqual([managed.outs.tokenId, outs.tokenId].sort());
    });
  });
});
