import { LogicMonitorClient } from "../../../../provider/client/client";
import { resolveClientOptions } from "../../../../provider/client/config";
import { splitNote } from "../../../../provider/core/ownership";
import { startEmulator, type RunningEmulator } from "../../../../provider/emulator";
import type { RotatingApiTokenInputs, RotatingApiTokenOutputs } from "../../../../provider/resources/rotating-api-token/inputs";
import { RotatingApiTokenProvider } from "../../../../provider/resources/rotating-api-token/provider";
import { caught } from "../../../helpers/caught";
import { control } from "../../../helpers/control";

/**
 * RotatingApiToken's lifecycle against the emulator over a real socket, on a shared moving clock:
 * the provider's clock and the portal's (`clockOffsetMs`) are moved together, so keys age, overlaps
 * end and last uses grow old without waiting. Consumers sign requests with a key, which the portal
 * records as the key's `lastUsedOn`. Request counts come from the emulator's log.
 */

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/logicmonitor:RotatingApiToken::reporting";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let emulator: RunningEmulator;
let portal: ReturnType<typeof control>;
/** How far the shared clock is ahead of real time. */
let offset = 0;
let reports: string[];

function inputs(extra: Partial<RotatingApiTokenInputs> = {}): RotatingApiTokenInputs {
  return { adminId: 32, note: "reporting", type: "lmv1", rotationTriggers: {}, overlapHours: 24, retireWhenUnusedForMinutes: 60, ownerUrn: URN, ...extra };
}

function provider(): RotatingApiTokenProvider {
  return new RotatingApiTokenProvider({
    env: () => ({ LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: emulator.accessId, LM_ACCESS_KEY: emulator.accessKey }),
    client: { now: () => Date.now() + offset, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } },
    report: (line) => reports.push(line),
  });
}

/** Moves the provider's and the portal's clocks forward together. */
async function advance(ms: number): Promise<void> {
  offset += ms;
  await portal.configure({ clockOffsetMs: offset });
}

/** A consumer signs one request with a key, at the portal's time: LogicMonitor records the use. */
async function useKey(accessId: string, accessKey: string): Promise<void> {
  const client = new LogicMonitorClient(resolveClientOptions({ baseUrl: emulator.baseUrl, accessId, accessKey, now: () => Date.now() + offset }, {}));
  await client.getAdmin(32);
}

/** The API requests the provider made since the last clear, as `METHOD route`. */
async function requests(): Promise<string[]> {
  return (await portal.requests()).filter((r) => !r.outOfBand).map((r) => r.route);
}

async function created(p = provider(), extra: Partial<RotatingApiTokenInputs> = {}) {
  const made = await p.create(inputs(extra));
  return { p, id: made.id, outs: made.outs };
}

beforeAll(async () => {
  emulator = await startEmulator();
  portal = control(emulator.url);
});
afterAll(() => emulator.close());
beforeEach(async () => {
  offset = 0;
  reports = [];
  await portal.reset();
  await portal.configure({ clockOffsetMs: 0 });
});

describe("create", () => {
  it("makes one key, numbered 1 in its ownership mark, with no previous key", async () => {
    await portal.clearRequests();
    const { id, outs } = await created();
    expect(await requests()).toEqual(["GET /setting/admins/{adminId}/apitokens", "POST /setting/admins/{adminId}/apitokens"]);
    expect(id).toBe(`32/rotating/${outs.tokenId}`);
    expect(outs).toMatchObject({ adminId: 32, note: "reporting", type: "lmv1", overlapHours: 24, rotatedOn: outs.createdOn, status: "enabled" });
    expect(outs.accessKey).toEqual(expect.any(String));
    expect(outs.previousTokenId).toBeUndefined();
    const inPortal = (await portal.tokens()).find((t) => t.id === outs.tokenId);
    expect(splitNote(inPortal?.note ?? "").mark).toMatchObject({ name: "reporting", key: 1 });
  });
});

describe("rotation", () => {
  it("by rotationTriggers: one update, the new key current and the old one previous, in a list and a create", async () => {
    const { p, id, outs } = await created();
    const news = inputs({ rotationTriggers: { quarter: "2026-Q4" } });
    const diff = await p.diff(id, outs, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    expect(reports.join("\n")).toMatch(/proj\/dev\/reporting: planned update: new current key: rotationTriggers changed/);
    await portal.clearRequests();
    const { outs: rotated } = await p.update(id, outs, news);
    expect(await requests()).toEqual(["GET /setting/admins/{adminId}/apitokens", "POST /setting/admins/{adminId}/apitokens"]);
    expect(rotated.tokenId).not.toBe(outs.tokenId);
    expect(rotated).toMatchObject({
      previousTokenId: outs.tokenId,
      previousAccessId: outs.accessId,
      previousAccessKey: outs.accessKey,
      rotationTriggers: { quarter: "2026-Q4" },
      rotatedOn: rotated.createdOn,
    });
    const notes = new Map((await portal.tokens()).map((t) => [t.id, splitNote(t.note).mark?.key]));
    expect(notes.get(rotated.tokenId!)).toBe(2);
    expect(notes.get(outs.tokenId!)).toBe(1);
  });

  it("by rotateAfterDays once the clock says the key is that old, and not before", async () => {
    const { p, id, outs } = await created(undefined, { rotateAfterDays: 30 });
    await advance(29 * DAY);
    expect((await p.diff(id, outs, inputs({ rotateAfterDays: 30 }))).changes).toBe(false);
    await advance(2 * DAY);
    const diff = await p.diff(id, outs, inputs({ rotateAfterDays: 30 }));
    expect(diff).toMatchObject({ changes: true, replaces: [], properties: { rotateAfterDays: "update" } });
    expect(reports.join("\n")).toMatch(new RegExp(`new current key: rotateAfterDays: key ${outs.tokenId} was made at \\S+ and is 31 days old \\(rotateAfterDays: 30\\)`));
    const { outs: rotated } = await p.update(id, outs, inputs({ rotateAfterDays: 30 }));
    expect(rotated.previousTokenId).toBe(outs.tokenId);
  });

  it("is refused before anything changes while the previous key is in its overlap; the error names the key, its last use and the options", async () => {
    const { p, id, outs } = await created();
    const { outs: once } = await p.update(id, outs, inputs({ rotationTriggers: { n: "1" } }));
    await useKey(once.previousAccessId!, once.previousAccessKey!);
    await portal.clearRequests();
    const error = await caught(p.update(id, once, inputs({ rotationTriggers: { n: "2" } })));
    expect(String(error)).toMatch(new RegExp(`previous key ${once.previousTokenId} \\(access id ${once.previousAccessId}\\)`));
    expect(String(error)).toMatch(/its overlap lasts until \S+ \(overlapHours: 24; last used at \S+ \(0 min ago\)\)/);
    expect(String(error)).toMatch(/Nothing was created or deleted\. Options: .*lower overlapHours, or set retireWhenUnusedForMinutes: 0/);
    expect(await requests()).toEqual(["GET /setting/admins/{adminId}/apitokens"]);
    expect((await portal.tokens()).filter((t) => t.adminId === 32)).toHaveLength(2);
  });

  it("is refused while LogicMonitor shows the previous key used recently, after the overlap", async () => {
    const { p, id, outs } = await created();
    const { outs: once } = await p.update(id, outs, inputs({ rotationTriggers: { n: "1" } }));
    await advance(25 * HOUR);
    await useKey(once.previousAccessId!, once.previousAccessKey!);
    await advance(10 * 60_000);
    const error = await caught(p.update(id, once, inputs({ rotationTriggers: { n: "2" } })));
    expect(String(error)).toMatch(/LogicMonitor shows it last used at \S+ \(10 min ago\), less than retireWhenUnusedForMinutes \(60\) ago/);
    expect((await portal.tokens()).filter((t) => t.adminId === 32)).toHaveLength(2);
  });

  it("retires a retirable previous key first: a list, a delete and a create; never more than two keys", async () => {
    const { p, id, outs } = await created();
    const { outs: once } = await p.update(id, outs, inputs({ rotationTriggers: { n: "1" } }));
    await advance(25 * HOUR);
    await portal.clearRequests();
    const { outs: twice } = await p.update(id, once, inputs({ rotationTriggers: { n: "2" } }));
    expect(await requests()).toEqual([
      "GET /setting/admins/{adminId}/apitokens",
      "DELETE /setting/admins/{adminId}/apitokens/{id}",
      "POST /setting/admins/{adminId}/apitokens",
    ]);
    expect(twice).toMatchObject({ previousTokenId: once.tokenId, previousAccessKey: once.accessKey });
    expect((await portal.tokens()).filter((t) => t.adminId === 32).map((t) => t.id).sort()).toEqual([once.tokenId, twice.tokenId].sort());
    expect(reports.join("\n")).toMatch(new RegExp(`deleted token ${outs.tokenId} of admin 32 \\(the previous key, retired, access id ${outs.accessId}, never used\\)`));
  });
});

describe("retiring the previous key", () => {
  it("shows as an update once the overlap is over; kept with one line while in use; deleted once unused long enough", async () => {
    const { p, id, outs } = await created();
    const { outs: once } = await p.update(id, outs, inputs({ rotationTriggers: { n: "1" } }));
    expect((await p.diff(id, once, inputs({ rotationTriggers: { n: "1" } }))).changes).toBe(false);
    await advance(25 * HOUR);
    const diff = await p.diff(id, once, inputs({ rotationTriggers: { n: "1" } }));
    expect(diff).toMatchObject({ changes: true, properties: { previousTokenId: "delete" } });
    await useKey(once.previousAccessId!, once.previousAccessKey!);
    reports = [];
    const { outs: kept } = await p.update(id, once, inputs({ rotationTriggers: { n: "1" } }));
    expect(kept.previousTokenId).toBe(once.previousTokenId);
    expect(kept.previousLastUsedOn).toBeGreaterThan(0);
    const keptLines = reports.filter((line) => line.includes(`kept previous key ${once.previousTokenId}`));
    expect(keptLines).toHaveLength(1);
    expect(keptLines[0]).toMatch(/LogicMonitor shows it last used at \S+ \(0 min ago\)/);
    await advance(61 * 60_000);
    await portal.clearRequests();
    const { outs: retired } = await p.update(id, kept, inputs({ rotationTriggers: { n: "1" } }));
    expect(await requests()).toEqual(["GET /setting/admins/{adminId}/apitokens", "DELETE /setting/admins/{adminId}/apitokens/{id}"]);
    expect(retired.previousTokenId).toBeUndefined();
    expect(retired.previousAccessKey).toBeUndefined();
    expect(retired.tokenId).toBe(once.tokenId);
    expect((await portal.tokens()).map((t) => t.id)).not.toContain(once.previousTokenId);
  });

  it("never retires the key the provider itself signs with, even with retireWhenUnusedForMinutes: 0", async () => {
    const { p, id, outs } = await created(undefined, { retireWhenUnusedForMinutes: 0 });
    const { outs: once } = await p.update(id, outs, inputs({ retireWhenUnusedForMinutes: 0, rotationTriggers: { n: "1" } }));
    await advance(25 * HOUR);
    const signingWithPrevious = new RotatingApiTokenProvider({
      env: () => ({ LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: once.previousAccessId!, LM_ACCESS_KEY: once.previousAccessKey! }),
      client: { now: () => Date.now() + offset, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } },
      report: (line) => reports.push(line),
    });
    const { outs: kept } = await signingWithPrevious.update(id, once, inputs({ retireWhenUnusedForMinutes: 0, rotationTriggers: { n: "1" } }));
    expect(kept.previousTokenId).toBe(once.previousTokenId);
    expect(reports.join("\n")).toMatch(new RegExp(`kept previous key ${once.previousTokenId} .*it is the credential this provider signs with`));
    await expect(signingWithPrevious.update(id, kept, inputs({ retireWhenUnusedForMinutes: 0, rotationTriggers: { n: "2" } }))).rejects.toThrow(
      /it is not retirable yet: it is the credential this provider signs with/,
    );
  });

  it("retireWhenUnusedForMinutes: 0 retires it after the overlap whatever its use", async () => {
    const { p, id, outs } = await created(undefined, { retireWhenUnusedForMinutes: 0 });
    const { outs: once } = await p.update(id, outs, inputs({ retireWhenUnusedForMinutes: 0, rotationTriggers: { n: "1" } }));
    await advance(25 * HOUR);
    await useKey(once.previousAccessId!, once.previousAccessKey!);
    const { outs: retired } = await p.update(id, once, inputs({ retireWhenUnusedForMinutes: 0, rotationTriggers: { n: "1" } }));
    expect(retired.previousTokenId).toBeUndefined();
  });
});

describe("refresh and drift", () => {
  it("reads both keys with one list (and a look by id for a key missing from it); a key deleted or disabled by hand shows, and up repairs it", async () => {
    const { p, id, outs } = await created();
    const { outs: once } = await p.update(id, outs, inputs({ rotationTriggers: { n: "1" } }));
    await portal.setToken(once.previousTokenId!, { status: 1 });
    await portal.deleteToken(once.tokenId!);
    await portal.clearRequests();
    const read = await p.read(id, once);
    // The list, then the missing key asked for by id (LMv1 and Bearer lists filtered by id) before it counts as gone.
    expect(await requests()).toEqual(["GET /setting/admins/{adminId}/apitokens", "GET /setting/admins/{adminId}/apitokens", "GET /setting/admins/{adminId}/apitokens"]);
    const refreshed = read.props as RotatingApiTokenOutputs;
    expect(refreshed.tokenId).toBeUndefined();
    expect(refreshed.accessKey).toBeUndefined();
    expect(refreshed).toMatchObject({ previousTokenId: once.previousTokenId, previousStatus: "disabled" });
    const diff = await p.diff(id, refreshed, inputs({ rotationTriggers: { n: "1" } }));
    expect(diff).toMatchObject({ changes: true, properties: { tokenId: "add", previousStatus: "update" } });
    const { outs: repaired } = await p.update(id, refreshed, inputs({ rotationTriggers: { n: "1" } }));
    expect(repaired.tokenId).toEqual(expect.any(Number));
    expect(repaired).toMatchObject({ status: "enabled", previousTokenId: once.previousTokenId, previousStatus: "enabled" });
    const live = (await portal.tokens()).filter((t) => t.adminId === 32);
    expect(live.map((t) => t.id).sort()).toEqual([repaired.tokenId, once.previousTokenId].sort());
    expect(live.every((t) => t.status === 2)).toBe(true);
  });

  it("leaves state when both keys are gone", async () => {
    const { p, id, outs } = await created();
    await portal.deleteToken(outs.tokenId!);
    expect(await p.read(id, outs)).toEqual({ id: "" });
  });

  it("refuses, changing nothing, when the configured portal lists another token at a key's id", async () => {
    const { p, id, outs } = await created();
    const forged = { ...outs, accessId: "SOMEONEELSE000000000" };
    await expect(p.read(id, forged)).rejects.toThrow(/another token than the stack's/);
    await expect(p.update(id, forged, inputs({ rotationTriggers: { n: "1" } }))).rejects.toThrow(/another token than the stack's/);
    await expect(p.delete(id, forged)).rejects.toThrow(/another token than the stack's/);
    expect((await portal.tokens()).map((t) => t.id)).toContain(outs.tokenId);
  });
});

describe("destroy", () => {
  it("deletes both keys, the previous first, each reported", async () => {
    const { p, id, outs } = await created();
    const { outs: once } = await p.update(id, outs, inputs({ rotationTriggers: { n: "1" } }));
    await portal.clearRequests();
    await p.delete(id, once);
    expect(await requests()).toEqual([
      "GET /setting/admins/{adminId}/apitokens",
      "DELETE /setting/admins/{adminId}/apitokens/{id}",
      "DELETE /setting/admins/{adminId}/apitokens/{id}",
    ]);
    expect((await portal.tokens()).filter((t) => t.adminId === 32)).toEqual([]);
    expect(reports.filter((line) => /deleted token \d+ of admin 32 \(the (current|previous) key/.test(line))).toHaveLength(2);
  });
});

describe("interruption", () => {
  it("a create that fails after the previous key was retired records the current key in state (partial failure) and rotates at the next up", async () => {
    const { p, id, outs } = await created();
    const { outs: once } = await p.update(id, outs, inputs({ rotationTriggers: { n: "1" } }));
    await advance(25 * HOUR);
    await portal.faults([{ method: "POST", status: 400, body: JSON.stringify({ errorMessage: "Bad request", errorCode: 1400 }) }]);
    const error = (await caught(p.update(id, once, inputs({ rotationTriggers: { n: "2" } })))) as Error & { id?: string; properties?: RotatingApiTokenOutputs };
    expect(error.id).toBe(id);
    expect(error.properties).toMatchObject({ tokenId: once.tokenId, accessKey: once.accessKey, rotationTriggers: { n: "1" } });
    expect(error.properties?.previousTokenId).toBeUndefined();
    const live = (await portal.tokens()).filter((t) => t.adminId === 32).map((t) => t.id);
    expect(live).toEqual([once.tokenId]);
    const { outs: again } = await p.update(id, error.properties!, inputs({ rotationTriggers: { n: "2" } }));
    expect(again.previousTokenId).toBe(once.tokenId);
  });
});
