import { startEmulator, type RunningEmulator } from "../../../../provider/emulator";
import { ApiTokenProvider } from "../../../../provider/resources/api-token/provider";
import type { ApiTokenOutputs } from "../../../../provider/resources/api-token/inputs";
import { control } from "../../../helpers/control";

/** Every provider method against the emulator over a real socket. */

let emulator: RunningEmulator;
let portal: ReturnType<typeof control>;

function providerFor(env: Record<string, string | undefined> = {}): ApiTokenProvider {
  return new ApiTokenProvider({
    env: () => ({
      LM_BASE_URL: emulator.baseUrl,
      LM_ACCESS_ID: emulator.accessId,
      LM_ACCESS_KEY: emulator.accessKey,
      ...env,
    }),
    client: { retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 } },
  });
}

async function checked(provider: ApiTokenProvider, raw: Record<string, unknown>) {
  const { inputs, failures } = await provider.check({}, raw);
  expect(failures).toEqual([]);
  return inputs;
}

beforeAll(async () => {
  emulator = await startEmulator();
  portal = control(emulator.url);
});
afterAll(() => emulator.close());
beforeEach(() => portal.reset());

describe("ApiTokenProvider against the emulator", () => {
  it("creates a token and returns every output, the key included", async () => {
    const provider = providerFor();
    const inputs = await checked(provider, { adminId: 32, note: "CI deploys" });
    const { id, outs } = await provider.create(inputs);
    expect(id).toBe(`32/${outs.tokenId}`);
    expect(outs).toMatchObject({
      adminId: 32,
      adminName: "jdoe",
      note: "CI deploys",
      status: "enabled",
      type: "lmv1",
      keepers: {},
    });
    expect(outs.accessId).toMatch(/^\S{20}$/);
    expect(typeof outs.accessKey).toBe("string");
    expect(outs.accessKey?.length).toBeGreaterThanOrEqual(40);
    expect(await portal.tokens()).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: outs.tokenId, adminId: 32, note: "CI deploys", status: 2 })]),
    );
  });

  it("creates a disabled token in one request, without enabling it first", async () => {
    const provider = providerFor();
    const { outs } = await provider.create(await checked(provider, { adminId: 32, status: 1 }));
    expect(outs.status).toBe("disabled");
    const posts = (await portal.requests()).filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1);
    expect((await portal.tokens()).find((t) => t.id === outs.tokenId)?.status).toBe(1);
  });

  it("creates a Bearer token with ?type=bearer", async () => {
    const provider = providerFor();
    const { outs } = await provider.create(await checked(provider, { adminId: 131, type: "bearer" }));
    expect(outs.type).toBe("bearer");
    expect(outs.accessKey).toMatch(/^lmb_/);
    const post = (await portal.requests()).find((r) => r.method === "POST");
    expect(post?.query).toContain("type=bearer");
  });

  it("resolves adminUsername to the owner's id", async () => {
    const provider = providerFor();
    const { id, outs } = await provider.create(await checked(provider, { adminUsername: "asmith" }));
    expect(outs.adminId).toBe(131);
    expect(outs.adminUsername).toBe("asmith");
    expect(id).toBe(`131/${outs.tokenId}`);
  });

  it("fails with a clear message for an unknown adminUsername, creating nothing", async () => {
    const provider = providerFor();
    await expect(provider.create(await checked(provider, { adminUsername: "nobody" }))).rejects.toThrow(
      /no user named 'nobody'.*adminId/,
    );
    expect((await portal.requests()).filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("reads a token back, carrying the key that the API never returns again", async () => {
    const provider = providerFor();
    const { id, outs } = await provider.create(await checked(provider, { adminId: 32, note: "read me" }));
    const read = await provider.read(id, { ...outs, __provider: "shim" } as ApiTokenOutputs);
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({ note: "read me", status: "enabled", accessKey: outs.accessKey });
    expect(read.inputs).toEqual({ adminId: 32, note: "read me", status: "enabled", type: "lmv1", keepers: {} });
  });

  it("reports a note or status changed by hand as drift, in props and inputs", async () => {
    const provider = providerFor();
    const { id, outs } = await provider.create(await checked(provider, { adminId: 32, note: "original" }));
    await portal.setToken(outs.tokenId, { status: 1, note: "changed by hand" });
    const read = await provider.read(id, outs);
    expect(read.props).toMatchObject({ status: "disabled", note: "changed by hand", accessKey: outs.accessKey });
    expect(read.inputs).toMatchObject({ status: "disabled", note: "changed by hand" });
  });

  it("reads a token deleted by hand as gone (blank id)", async () => {
    const provider = providerFor();
    const { id, outs } = await provider.create(await checked(provider, { adminId: 32 }));
    await portal.deleteToken(outs.tokenId);
    const read = await provider.read(id, outs);
    expect(read.id ?? "").toBe("");
  });

  it("checks the token's access id with one list, then updates note and status with one PUT that always carries both", async () => {
    const provider = providerFor();
    const { id, outs } = await provider.create(await checked(provider, { adminId: 32, note: "a" }));
    await portal.clearRequests();
    const news = await checked(provider, { adminId: 32, note: "b", status: "disabled" });
    const { outs: updated } = await provider.update(id, outs, news);
    expect(updated).toMatchObject({ note: "b", status: "disabled", tokenId: outs.tokenId, accessKey: outs.accessKey });
    const requests = await portal.requests();
    expect(requests.map((r) => r.method)).toEqual(["GET", "PUT"]);
    expect((await portal.tokens()).find((t) => t.id === outs.tokenId)).toMatchObject({ note: "b", status: 1 });
  });

  it("keeps a disabled token disabled when only the note changes", async () => {
    const provider = providerFor();
    const { id, outs } = await provider.create(await checked(provider, { adminId: 32, note: "a", status: "disabled" }));
    await provider.update(id, outs, await checked(provider, { adminId: 32, note: "b", status: "disabled" }));
    expect((await portal.tokens()).find((t) => t.id === outs.tokenId)?.status).toBe(1);
  });

  it("explains what to do when the token was deleted between refresh and update", async () => {
    const provider = providerFor();
    const { id, outs } = await provider.create(await checked(provider, { adminId: 32, note: "a" }));
    await portal.deleteToken(outs.tokenId);
    await expect(provider.update(id, outs, await checked(provider, { adminId: 32, note: "b" }))).rejects.toThrow(
      /no longer exists.*pulumi refresh/,
    );
  });

  it("deletes the token, and treats an already deleted token as deleted", async () => {
    const provider = providerFor();
    const { id, outs } = await provider.create(await checked(provider, { adminId: 32 }));
    await provider.delete(id, outs);
    expect((await portal.tokens()).some((t) => t.id === outs.tokenId)).toBe(false);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it("adopts an existing token without creating one, and converges its note", async () => {
    const provider = providerFor();
    const { outs: existing } = await provider.create(await checked(provider, { adminId: 32, note: "made by hand" }));
    await portal.clearRequests();
    const { id, outs } = await provider.create(
      await checked(provider, { adminId: 32, existingTokenId: existing.tokenId, existingAccessId: existing.accessId, note: "now managed" }),
    );
    expect(id).toBe(`32/${existing.tokenId}`);
    expect(outs.accessKey).toBeUndefined();
    expect(outs).toMatchObject({ tokenId: existing.tokenId, note: "now managed", existingTokenId: existing.tokenId });
    expect((await portal.requests()).filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("refuses to adopt by id alone, naming the access id to confirm, and changes nothing", async () => {
    const provider = providerFor();
    const { outs: existing } = await provider.create(await checked(provider, { adminId: 32, note: "made by hand" }));
    const before = await portal.tokens();
    await expect(provider.create(await checked(provider, { adminId: 32, existingTokenId: existing.tokenId, note: "x" }))).rejects.toThrow(
      new RegExp(`needs existingAccessId.*existingAccessId: "${existing.accessId}"`),
    );
    await expect(
      provider.create(await checked(provider, { adminId: 32, existingTokenId: existing.tokenId, existingAccessId: "NOTTHETOKEN000000000", note: "x" })),
    ).rejects.toThrow(/has access id .* not existingAccessId NOTTHETOKEN000000000: it is another token/);
    expect(await portal.tokens()).toEqual(before);
  });

  it("refuses to adopt a token that does not exist, naming both ids", async () => {
    const provider = providerFor();
    await expect(provider.create(await checked(provider, { adminId: 32, existingTokenId: 99999 }))).rejects.toThrow(
      /existingTokenId 99999 is not an API token of admin 32/,
    );
  });

  it("shares one list request among concurrent reads of one admin's tokens", async () => {
    const creator = providerFor();
    const created = [];
    for (let i = 0; i < 8; i++) created.push(await creator.create(await checked(creator, { adminId: 32, note: `t${i}` })));
    const reader = providerFor();
    await portal.clearRequests();
    const reads = await Promise.all(created.map(({ id, outs }) => reader.read(id, outs)));
    expect(reads.map((r) => r.id)).toEqual(created.map((c) => c.id));
    const requests = await portal.requests();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.route).toBe("GET /setting/admins/{adminId}/apitokens");
  });

  it("prefers stack config from configure() over the environment", async () => {
    const provider = providerFor({ LM_ACCESS_KEY: "wrong-key-from-the-environment" });
    await provider.configure({
      config: {
        get: (key: string) =>
          ({
            "logicmonitor:baseUrl": emulator.baseUrl,
            "logicmonitor:accessId": emulator.accessId,
            "logicmonitor:accessKey": emulator.accessKey,
          })[key],
      },
    });
    const { outs } = await provider.create(await checked(provider, { adminId: 32 }));
    expect(outs.tokenId).toBeGreaterThan(0);
  });

  it("names the config keys and variables to set when credentials are missing, sending nothing", async () => {
    const provider = new ApiTokenProvider({ env: () => ({ LM_BASE_URL: emulator.baseUrl }) });
    await portal.clearRequests();
    const error = await provider.create(await checked(provider, { adminId: 32 })).catch((e: unknown) => e);
    expect(String(error)).toMatch(/logicmonitor:accessId/);
    expect(String(error)).toMatch(/LM_ACCESS_ID/);
    expect(await portal.requests()).toHaveLength(0);
  });

  it("configure() rejects missing credentials and a malformed baseUrl up front, naming the key", async () => {
    const none = new ApiTokenProvider({ env: () => ({}) });
    await expect(none.configure({ config: { get: (key: string) => ({ "logicmonitor:baseUrl": emulator.baseUrl })[key] } })).rejects.toThrow(
      /logicmonitor:accessId.*LM_ACCESS_ID/s,
    );
    const badUrl = new ApiTokenProvider({ env: () => ({ LM_ACCESS_ID: "id", LM_ACCESS_KEY: "key" }) });
    await expect(badUrl.configure({ config: { get: (key: string) => ({ "logicmonitor:baseUrl": "ftp://portal" })[key] } })).rejects.toThrow(
      /logicmonitor:baseUrl/,
    );
  });

  it("names the fix on wrong credentials, within two requests", async () => {
    const provider = providerFor({ LM_ACCESS_KEY: "not-the-right-key-at-all-0123456789abcdef" });
    await portal.clearRequests();
    await expect(provider.create(await checked(provider, { adminId: 32 }))).rejects.toThrow(/401.*accessKey/s);
    expect((await portal.requests()).length).toBeLessThanOrEqual(2);
  });
});

describe("ApiTokenProvider.check on bad inputs", () => {
  // check never talks to LogicMonitor: each failure names the property, and the portal sees nothing.
  it.each<[string, Record<string, unknown>, string]>([
    ["a word for adminId", { adminId: "admin" }, "adminId"],
    ["adminId 0", { adminId: 0 }, "adminId"],
    ["a negative adminId", { adminId: -32 }, "adminId"],
    ["a fractional adminId", { adminId: 32.5 }, "adminId"],
    ["adminId and adminUsername", { adminId: 32, adminUsername: "jdoe" }, "adminId"],
    ["no owner", { note: "orphan" }, "adminId"],
    ["an empty adminUsername", { adminUsername: "" }, "adminUsername"],
    ["status 'active'", { adminId: 32, status: "active" }, "status"],
    ["status 0", { adminId: 32, status: 0 }, "status"],
    ["type 'LMv1'", { adminId: 32, type: "LMv1" }, "type"],
    ["type 'oauth'", { adminId: 32, type: "oauth" }, "type"],
    ["a numeric note", { adminId: 32, note: 7 }, "note"],
    ["keepers as a list", { adminId: 32, keepers: ["q4"] }, "keepers"],
    ["a numeric keeper", { adminId: 32, keepers: { year: 2026 } }, "keepers.year"],
    ["a boolean keeper", { adminId: 32, keepers: { on: true } }, "keepers.on"],
    ["existingTokenId 0", { adminId: 32, existingTokenId: 0 }, "existingTokenId"],
    ["existingTokenId as text", { adminId: 32, existingTokenId: "seven" }, "existingTokenId"],
  ])("%s", async (_name, raw, property) => {
    await portal.clearRequests();
    const provider = providerFor();
    const { failures } = await provider.check({}, raw);
    expect(failures?.map((f) => f.property)).toContain(property);
    expect(await portal.requests()).toHaveLength(0);
  });
});
