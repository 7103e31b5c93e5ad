import type { ServiceError } from "@grpc/grpc-js";
import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { ApiTokenProvider } from "../../../provider/resources/api-token/provider";
import { SECRET_SIG, SPECIAL_SIG_KEY, secretValue } from "../../../provider/plugin/property-values";
import { servePlugin, type RunningPlugin } from "../../../provider/plugin/serve";
import type { TokenLifecycle } from "../../../provider/plugin/resource-provider";
import { control } from "../../helpers/control";
import { initFailedDetails, pluginClient } from "../../helpers/plugin-client";
import { splitNote } from "../../../provider/core/ownership";

/**
 * The plugin face over gRPC, as the engine calls it, against the emulator over a real socket.
 * The lifecycle gets NO environment: everything it knows about the portal comes through
 * Configure, which is what `@pulumi/pulumi/provider`'s server would have dropped.
 */

const URN = "urn:pulumi:dev::proj::logicmonitor:index:ApiToken::ci-bot";
const isSecret = (value: unknown) => typeof value === "object" && value !== null && (value as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG;

let emulator: RunningEmulator;
let portal: ReturnType<typeof control>;
let plugin: RunningPlugin;
let client: ReturnType<typeof pluginClient>;

beforeAll(async () => {
  emulator = await startEmulator();
  portal = control(emulator.url);
  plugin = await servePlugin({ lifecycle: new ApiTokenProvider({ env: () => ({}) }), version: "9.8.7" });
  client = pluginClient(plugin.port);
});
afterAll(async () => {
  client.close();
  await plugin.close();
  await emulator.close();
});

function configureFromStackConfig() {
  // The engine's spelling of stack config keys in Configure's variables; the key as a secret arg.
  return client.configure(
    { "logicmonitor:config:baseUrl": emulator.baseUrl, "logicmonitor:config:accessId": emulator.accessId },
    { accessKey: secretValue(emulator.accessKey) },
  );
}

describe("pulumi-resource-logicmonitor over gRPC", () => {
  it("reports its version, and accepts secrets once configured", async () => {
    expect(await client.getPluginInfo()).toBe("9.8.7");
    const response = await configureFromStackConfig();
    expect(response.getAcceptsecrets()).toBe(true);
  });

  it("fails Configure naming the keys to set when no credentials reach it", async () => {
    const lonely = await servePlugin({ lifecycle: new ApiTokenProvider({ env: () => ({}) }), version: "1.0.0" });
    const other = pluginClient(lonely.port);
    try {
      await expect(other.configure({ "logicmonitor:config:baseUrl": emulator.baseUrl })).rejects.toMatchObject({
        details: expect.stringMatching(/logicmonitor:accessId|LM_ACCESS_ID/),
      });
    } finally {
      other.close();
      await lonely.close();
    }
  });

  it("CheckConfig keeps credentials secret and rejects non-string values; DiffConfig replaces only for the portal", async () => {
    const checked = await client.checkConfig({ baseUrl: "http://x.test/santaba/rest", accessId: "id", accessKey: "plain", version: "0.1.0" });
    expect(checked.failures).toEqual([]);
    expect(isSecret(checked.inputs["accessKey"])).toBe(true);
    expect(checked.inputs["accessId"]).toBe("id");
    const bad = await client.checkConfig({ company: 42 });
    expect(bad.failures).toEqual([expect.objectContaining({ property: "company", reason: expect.stringContaining("must be a string") })]);
    const credentials = await client.diffConfig({ accessId: "a" }, { accessId: "b" });
    expect(credentials.replacesList).toEqual([]);
    expect(credentials.diffsList).toEqual(["accessId"]);
    const portalMove = await client.diffConfig({ company: "acme" }, { company: "other" });
    expect(portalMove.replacesList).toEqual([]); // never replaces every token: the identity check guards each one
    expect(portalMove.diffsList).toEqual(["company"]);
  });

  it("Check applies the lifecycle's defaults and failures", async () => {
    const ok = await client.check(URN, { adminId: 32, note: "CI" });
    expect(ok.failures).toEqual([]);
    expect(ok.inputs).toMatchObject({ adminId: 32, note: "CI", status: "enabled", type: "lmv1", keepers: {} });
    const bad = await client.check(URN, { adminId: "thirty-two" });
    expect(bad.failures).toEqual([expect.objectContaining({ property: "adminId" })]);
    const secretNote = await client.check(URN, { adminId: 32, note: secretValue("hush") });
    expect(isSecret(secretNote.inputs["note"])).toBe(true);
  });

  it("Create, Diff with a detailed diff, Update, Read and Delete drive one real token", async () => {
    await configureFromStackConfig();
    const { inputs } = await client.check(URN, { adminId: 32, note: "CI" });
    const created = await client.create(URN, inputs);
    const tokenId = Number(created.properties["tokenId"]);
    expect(created.id).toBe(`32/${tokenId}`);
    expect(isSecret(created.properties["accessKey"])).toBe(true);
    const key = (created.properties["accessKey"] as { value: string }).value;
    expect(key.length).toBeGreaterThanOrEqual(40);
    expect((await portal.tokens()).map((t) => t.id)).toContain(tokenId);

    const noteChange = await client.diff(URN, created.id, created.properties, { ...inputs, note: "CI (prod)" });
    expect(noteChange).toMatchObject({ changes: "DIFF_SOME", replaces: [], hasDetailedDiff: true, detailed: { note: "UPDATE" } });
    expect(noteChange.diffs).toEqual(["note"]);
    const ownerChange = await client.diff(URN, created.id, created.properties, { ...inputs, adminId: 131 });
    expect(ownerChange).toMatchObject({ changes: "DIFF_SOME", replaces: ["adminId"], deleteBeforeReplace: false, detailed: { adminId: "UPDATE_REPLACE" } });
    const none = await client.diff(URN, created.id, created.properties, inputs);
    expect(none).toMatchObject({ changes: "DIFF_NONE", detailed: {} });

    const updated = await client.update(URN, created.id, created.properties, { ...inputs, note: "CI (prod)" });
    expect(updated.properties["note"]).toBe("CI (prod)");
    expect(updated.properties["accessKey"]).toEqual(created.properties["accessKey"]);
    expect(splitNote((await portal.tokens()).find((t) => t.id === tokenId)?.note ?? "")).toEqual({ note: "CI (prod)", mark: expect.objectContaining({ hash: expect.any(String) }) });

    await portal.setToken(tokenId, { status: 1 });
    const refreshed = await client.read(URN, created.id, updated.properties, inputs);
    expect(refreshed.properties["status"]).toBe("disabled");
    expect(refreshed.properties["accessKey"]).toEqual(created.properties["accessKey"]);
    expect(refreshed.inputs).toMatchObject({ adminId: 32, status: "disabled" });

    await client.delete(URN, created.id, refreshed.properties);
    expect((await portal.tokens()).map((t) => t.id)).not.toContain(tokenId);
    const gone = await client.read(URN, created.id, refreshed.properties, inputs);
    expect(gone.id).toBe("");
  });

  it("Read with only an id (pulumi import) needs the access id, finds LMv1 and Bearer tokens and returns inputs, without a key", async () => {
    await configureFromStackConfig();
    const lmv1 = await client.create(URN, (await client.check(URN, { adminId: 32, note: "legacy" })).inputs);
    const bearer = await client.create(URN, (await client.check(URN, { adminId: 32, note: "legacy bearer", type: "bearer" })).inputs);
    for (const [token, type, note] of [[lmv1, "lmv1", "legacy"], [bearer, "bearer", "legacy bearer"]] as const) {
      const accessId = token.properties["accessId"] as string;
      await expect(client.read(URN, token.id)).rejects.toMatchObject({
        details: expect.stringContaining(`pulumi import logicmonitor:index:ApiToken <name> ${token.id}/${accessId}`),
      });
      await expect(client.read(URN, `${token.id}/NOTTHETOKEN0000000000`)).rejects.toMatchObject({
        details: expect.stringContaining(`has access id ${accessId}, not NOTTHETOKEN0000000000: it is another token`),
      });
      const imported = await client.read(URN, `${token.id}/${accessId}`);
      expect(imported.id).toBe(token.id);
      expect(imported.inputs).toMatchObject({ adminId: 32, note, type, status: "enabled" });
      expect(imported.properties["tokenId"]).toBe(token.properties["tokenId"]);
      expect(imported.properties["accessKey"]).toBeUndefined();
    }
    expect((await client.read(URN, "32/999999")).id).toBe("");
  });

  it("rejects resource types it does not implement", async () => {
    await expect(client.check("urn:pulumi:dev::proj::logicmonitor:index:Other::x", {})).rejects.toMatchObject({
      details: expect.stringContaining("implements only logicmonitor:index:ApiToken"),
    });
  });
});

describe("partial failures and timeouts", () => {
  it("a lifecycle error carrying id and properties reaches the engine as InitializationFailed, key still secret", async () => {
    const failing: TokenLifecycle = Object.assign(Object.create(ApiTokenProvider.prototype) as ApiTokenProvider, {
      create: async () => {
        throw Object.assign(new Error("created token 7 but could not finish"), {
          id: "32/7",
          properties: { adminId: 32, tokenId: 7, note: "n", accessKey: "the-key" },
          reasons: ["created token 7 but could not finish"],
        });
      },
    });
    const server = await servePlugin({ lifecycle: failing, version: "1.0.0" });
    const other = pluginClient(server.port);
    try {
      const error = await other.create(URN, { adminId: 32, note: "n" }).then(
        () => undefined,
        (caught: ServiceError) => caught,
      );
      expect(error?.details).toContain("could not finish");
      const details = initFailedDetails(error as ServiceError);
      expect(details).toMatchObject({ id: "32/7", reasons: ["created token 7 but could not finish"], inputs: { adminId: 32, note: "n" } });
      expect(details?.properties["tokenId"]).toBe(7);
      expect(isSecret(details?.properties["accessKey"])).toBe(true);
    } finally {
      other.close();
      await server.close();
    }
  });

  it("update and delete honour customTimeouts; create is never abandoned", async () => {
    let finish: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    const lifecycle: TokenLifecycle = Object.assign(Object.create(ApiTokenProvider.prototype) as ApiTokenProvider, {
      update: async () => {
        await slow;
        return { outs: {} };
      },
      delete: async () => {
        await slow;
      },
      create: async () => {
        await slow;
        return { id: "32/8", outs: { adminId: 32, tokenId: 8, accessKey: "k" } };
      },
    });
    const server = await servePlugin({ lifecycle, version: "1.0.0" });
    const other = pluginClient(server.port);
    try {
      const create = other.create(URN, { adminId: 32 }, 0.05);
      await expect(other.update(URN, "32/7", { adminId: 32 }, { adminId: 32 }, 0.05)).rejects.toMatchObject({
        details: expect.stringContaining("custom timeout of 0.05 s"),
      });
      await expect(other.delete(URN, "32/7", { adminId: 32 }, 0.05)).rejects.toMatchObject({
        details: expect.stringContaining("custom timeout"),
      });
      // Both timeouts above have passed, and the create is still waiting for the lifecycle.
      finish();
      expect((await create).id).toBe("32/8");
    } finally {
      finish();
      other.close();
      await server.close();
    }
  });
});
