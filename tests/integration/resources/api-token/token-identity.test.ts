import { startEmulator, type RunningEmulator } from "../../../../provider/emulator";
import type { ApiTokenOutputs } from "../../../../provider/resources/api-token/inputs";
import { ApiTokenProvider } from "../../../../provider/resources/api-token/provider";
import { normalizePortal } from "../../../../provider/core/token-identity";
import { caught } from "../../../helpers/caught";
import { control } from "../../../helpers/control";

/**
 * A token is its portal, its id and its access id. Two emulators hand out the same token ids (as
 * two LogicMonitor portals do): a provider pointed at the wrong one refuses to read, update or
 * delete, changing nothing in either portal; a new address of the right portal keeps working;
 * "gone" is believed only in the portal the stack recorded. Real sockets; request counts from
 * the emulator's log.
 */

let portalA: RunningEmulator;
let portalB: RunningEmulator;
let controlA: ReturnType<typeof control>;
let controlB: ReturnType<typeof control>;

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/logicmonitor:ApiToken::bot";
const INPUTS = { adminId: 32, note: "identity", status: "enabled", type: "lmv1", keepers: {}, ownerUrn: URN } as const;

function providerFor(portal: RunningEmulator, baseUrl = portal.baseUrl, reports: string[] = []): ApiTokenProvider {
  return new ApiTokenProvider({
    env: () => ({ LM_BASE_URL: baseUrl, LM_ACCESS_ID: portal.accessId, LM_ACCESS_KEY: portal.accessKey }),
    client: { retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } },
    report: (line) => reports.push(line),
  });
}

/** The same token ids in both portals: B makes tokens of its own until it has one at the id of A's token. */
async function overlapping(): Promise<{ a: ApiTokenOutputs; id: string }> {
  const { id, outs } = await providerFor(portalA).create({ ...INPUTS });
  const inPortalB = providerFor(portalB);
  for (let made = 0; made < outs.tokenId; ) {
    made = (await inPortalB.create({ ...INPUTS, note: "portal B's own", ownerUrn: `${URN}-b` })).outs.tokenId;
  }
  const inB = (await controlB.tokens()).find((t) => t.id === outs.tokenId);
  expect(inB).toBeDefined();
  expect(inB?.accessId).not.toBe(outs.accessId);
  return { a: outs, id };
}

/** What a portal holds, without `lastUsedOn` (requests signed with the portal's own credential update it). */
async function holdings(portal: ReturnType<typeof control>): Promise<unknown[]> {
  return (await portal.tokens()).map(({ id, adminId, accessId, note, status }) => ({ id, adminId, accessId, note, status }));
}

beforeAll(async () => {
  [portalA, portalB] = await Promise.all([startEmulator(), startEmulator()]);
  controlA = control(portalA.url);
  controlB = control(portalB.url);
});
afterAll(async () => {
  await Promise.all([portalA.close(), portalB.close()]);
});
beforeEach(async () => {
  await Promise.all([controlA.reset(), controlB.reset()]);
});

describe("state records the portal", () => {
  it("create records the normalized portal with the token's access id", async () => {
    const { outs } = await providerFor(portalA).create({ ...INPUTS });
    expect(outs.portal).toBe(normalizePortal(portalA.baseUrl));
    expect(outs.portal).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/santaba\/rest$/);
  });

  it.each([
    ["a trailing slash", (url: string) => `${url}/`],
    ["an upper-case scheme and host", (url: string) => url.replace("http://127.0.0.1", "HTTP://127.0.0.1")],
  ])("normalizes %s away", (_name, change) => {
    expect(normalizePortal(change(portalA.baseUrl))).toBe(normalizePortal(portalA.baseUrl));
  });
});

describe("pointed at another portal whose ids overlap", () => {
  it.each(["read", "update", "delete"] as const)("%s fails, naming both access ids and the stack's portal, and changes nothing in either portal", async (verb) => {
    const { a, id } = await overlapping();
    const [beforeA, beforeB] = await Promise.all([holdings(controlA), holdings(controlB)]);
    const wrong = providerFor(portalB);
    const operation =
      verb === "read" ? wrong.read(id, a) : verb === "update" ? wrong.update(id, a, { ...INPUTS, note: "rewritten" }) : wrong.delete(id, a);
    const error = String(await caught(operation));
    const inB = (await controlB.tokens()).find((t) => t.id === a.tokenId)!;
    expect(error).toContain(`lists token ${a.tokenId} with access id ${inB.accessId}`);
    expect(error).toContain(`with access id ${a.accessId}, made in ${normalizePortal(portalA.baseUrl)}`);
    expect(error).toContain("Nothing was changed");
    expect(error).toContain(`back to ${normalizePortal(portalA.baseUrl)}`);
    expect(await holdings(controlA)).toEqual(beforeA);
    expect(await holdings(controlB)).toEqual(beforeB);
    expect((await controlB.requests()).filter((r) => r.method !== "GET")).toEqual(
      (await controlB.requests()).filter((r) => r.method === "POST"),
    );
  });

  it("a token missing from the other portal is not taken for gone: refresh and delete fail, nothing changes", async () => {
    const { id, outs } = await providerFor(portalA).create({ ...INPUTS });
    const wrong = providerFor(portalB); // B has no token at this id at all
    expect(String(await caught(wrong.read(id, outs)))).toMatch(/has no token \d+\..*nothing was changed/s);
    expect(String(await caught(wrong.delete(id, outs)))).toMatch(/has no token \d+\./);
    expect((await controlA.tokens()).map((t) => t.id)).toContain(outs.tokenId);
  });

  it("back on the right portal, read, update and delete work", async () => {
    const { a, id } = await overlapping();
    const right = providerFor(portalA);
    expect((await right.read(id, a)).props).toMatchObject({ tokenId: a.tokenId, accessId: a.accessId });
    const { outs } = await right.update(id, a, { ...INPUTS, note: "changed" });
    expect(outs.note).toBe("changed");
    await right.delete(id, outs);
    expect((await controlA.tokens()).map((t) => t.id)).not.toContain(a.tokenId);
    expect((await controlB.tokens()).map((t) => t.id)).toContain(a.tokenId);
  });
});

describe("a new address of the same portal", () => {
  it("keeps working (the access ids are the same) and records the new address", async () => {
    const { id, outs } = await providerFor(portalA).create({ ...INPUTS });
    const newAddress = portalA.baseUrl.replace("127.0.0.1", "localhost");
    const moved = providerFor(portalA, newAddress);
    const read = await moved.read(id, outs);
    expect(read.props?.portal).toBe(normalizePortal(newAddress));
    const { outs: updated } = await moved.update(id, read.props!, { ...INPUTS, note: "moved" });
    expect(updated.portal).toBe(normalizePortal(newAddress));
    await moved.delete(id, updated);
    expect((await controlA.tokens()).map((t) => t.id)).not.toContain(outs.tokenId);
  });

  it("a state written before portals were recorded: a found token records the portal; a missing one is not taken for gone", async () => {
    const { id, outs } = await providerFor(portalA).create({ ...INPUTS });
    const { portal: _none, ...legacy } = outs;
    const read = await providerFor(portalA).read(id, legacy);
    expect(read.props?.portal).toBe(normalizePortal(portalA.baseUrl));
    await controlA.deleteToken(outs.tokenId);
    expect(String(await caught(providerFor(portalA).read(id, legacy)))).toMatch(/a portal the state does not record.*pulumi state delete/s);
    await expect(providerFor(portalA).read(id, outs)).resolves.toEqual({ id: "" });
  });
});

describe("what it costs", () => {
  it("refresh: one list per owner; destroy: one list per owner, then one DELETE per token; each deletion is reported", async () => {
    const maker = providerFor(portalA);
    const made = await Promise.all([1, 2, 3, 4].map((n) => maker.create({ ...INPUTS, ownerUrn: `${URN}-${n}` })));
    await controlA.clearRequests();
    const refresher = providerFor(portalA);
    await Promise.all(made.map(({ id, outs }) => refresher.read(id, outs)));
    expect((await controlA.requests()).map((r) => r.method)).toEqual(["GET"]);
    await controlA.clearRequests();
    const reports: string[] = [];
    const destroyer = providerFor(portalA, portalA.baseUrl, reports);
    await Promise.all(made.map(({ id, outs }) => destroyer.delete(id, outs)));
    const methods = (await controlA.requests()).map((r) => r.method);
    expect(methods.filter((m) => m === "GET")).toHaveLength(1);
    expect(methods.filter((m) => m === "DELETE")).toHaveLength(4);
    expect(reports.sort()).toEqual(
      made.map(({ outs }) => `proj/dev/bot-${outs.ownerUrn!.slice(-1)}: deleted token ${outs.tokenId} of admin 32 (access id ${outs.accessId}) in ${outs.portal}`).sort(),
    );
  });
});
