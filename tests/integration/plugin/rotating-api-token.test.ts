import type { ServiceError } from "@grpc/grpc-js";
import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { SECRET_SIG, SPECIAL_SIG_KEY, secretValue } from "../../../provider/plugin/property-values";
import { servePlugin, type RunningPlugin } from "../../../provider/plugin/serve";
import { control } from "../../helpers/control";
import { initFailedDetails, pluginClient } from "../../helpers/plugin-client";

/**
 * `logicmonitor:index:RotatingApiToken` through the plugin as the engine calls it (gRPC), served
 * by the default plugin (both resource types over one session), against the emulator over a real
 * socket: dispatch by type token, both keys secret, the plan in the detailed diff, import refused,
 * and a failed rotation recorded as a partial failure with every live key.
 */

const URN = "urn:pulumi:dev::proj::logicmonitor:index:RotatingApiToken::reporting";
const API_TOKEN_URN = "urn:pulumi:dev::proj::logicmonitor:index:ApiToken::ci-bot";
const isSecret = (value: unknown) => typeof value === "object" && value !== null && (value as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG;
const plain = (value: unknown) => (isSecret(value) ? (value as Record<string, unknown>)["value"] : value);

let emulator: RunningEmulator;
let portal: ReturnType<typeof control>;
let plugin: RunningPlugin;
let client: ReturnType<typeof pluginClient>;

beforeAll(async () => {
  emulator = await startEmulator();
  portal = control(emulator.url);
  plugin = await servePlugin({ providerOptions: { env: () => ({}) }, version: "1.0.0" });
  client = pluginClient(plugin.port);
  await client.configure(
    { "logicmonitor:config:baseUrl": emulator.baseUrl, "logicmonitor:config:accessId": emulator.accessId },
    { accessKey: secretValue(emulator.accessKey) },
  );
});
afterAll(async () => {
  client.close();
  await plugin.close();
  await emulator.close();
});

async function createdRotating(extra: Record<string, unknown> = {}) {
  const { inputs, failures } = await client.check(URN, { adminId: 32, note: "reporting", ...extra });
  expect(failures).toEqual([]);
  const made = await client.create(URN, inputs);
  return { inputs, ...made };
}

describe("RotatingApiToken on the plugin face", () => {
  it("check applies the defaults and names a bad setting", async () => {
    const { inputs } = await client.check(URN, { adminId: 32 });
    expect(inputs).toMatchObject({ overlapHours: 24, retireWhenUnusedForMinutes: 60, rotationTriggers: {}, type: "lmv1", ownerUrn: URN });
    const { failures } = await client.check(URN, { adminId: 32, rotateAfterDays: 1, overlapHours: 48 });
    expect(failures).toEqual([expect.objectContaining({ property: "overlapHours", reason: expect.stringContaining("longer than rotateAfterDays") })]);
  });

  it("creates the first key with the key secret, and serves ApiToken from the same plugin", async () => {
    const { id, properties } = await createdRotating();
    expect(id).toBe(`32/rotating/${String(properties["tokenId"])}`);
    expect(isSecret(properties["accessKey"])).toBe(true);
    const apiToken = await client.create(API_TOKEN_URN, (await client.check(API_TOKEN_URN, { adminId: 32 })).inputs);
    expect(apiToken.id).toMatch(/^32\/\d+$/);
  });

  it("diff names a rotation by its trigger and a due retirement as one in-place update", async () => {
    const { id, properties } = await createdRotating();
    const news = (await client.check(URN, { adminId: 32, note: "reporting", rotationTriggers: { n: "1" } })).inputs;
    const diff = await client.diff(URN, id, properties, news);
    expect(diff).toMatchObject({ changes: "DIFF_SOME", replaces: [], detailed: { rotationTriggers: "UPDATE" } });
    const rotated = (await client.update(URN, id, properties, news)).properties;
    expect(plain(rotated["previousTokenId"])).toBe(properties["tokenId"]);
    expect(isSecret(rotated["previousAccessKey"])).toBe(true);
    // The overlap is over as soon as the stored rotation is 25 hours old.
    const aged = { ...rotated, rotatedOn: Number(rotated["rotatedOn"]) - 25 * 3600 };
    const due = await client.diff(URN, id, aged, news);
    expect(due).toMatchObject({ changes: "DIFF_SOME", replaces: [], detailed: { previousTokenId: "DELETE" } });
  });

  it("refuses `pulumi import`: a rotating token is made by Pulumi", async () => {
    await expect(client.read(URN, "32/rotating/1001")).rejects.toMatchObject({ details: expect.stringContaining("cannot be imported") });
  });

  it("a rotation that fails after the previous key was retired is recorded with every live key (ErrorResourceInitFailed)", async () => {
    const { id, properties } = await createdRotating();
    const first = (await client.check(URN, { adminId: 32, note: "reporting", rotationTriggers: { n: "1" } })).inputs;
    const once = (await client.update(URN, id, properties, first)).properties;
    const aged = { ...once, rotatedOn: Number(once["rotatedOn"]) - 25 * 3600 };
    const second = (await client.check(URN, { adminId: 32, note: "reporting", rotationTriggers: { n: "2" } })).inputs;
    await portal.faults([{ method: "POST", status: 400 }]);
    const error = await client.update(URN, id, aged, second).then(
      () => undefined,
      (caught: ServiceError) => caught,
    );
    const details = initFailedDetails(error as ServiceError);
    expect(details?.id).toBe(id);
    expect(details?.properties).toMatchObject({ tokenId: once["tokenId"], rotationTriggers: { n: "1" } });
    expect(isSecret(details?.properties["accessKey"])).toBe(true);
    expect(details?.properties["previousTokenId"]).toBeUndefined();
    expect((await portal.tokens()).map((t) => t.id)).not.toContain(plain(once["previousTokenId"]));
  });

  it("destroy deletes both keys", async () => {
    const { id, properties } = await createdRotating();
    const news = (await client.check(URN, { adminId: 32, note: "reporting", rotationTriggers: { n: "1" } })).inputs;
    const rotated = (await client.update(URN, id, properties, news)).properties;
    await client.delete(URN, id, rotated);
    const ids = (await portal.tokens()).map((t) => t.id);
    expect(ids).not.toContain(plain(rotated["tokenId"]));
    expect(ids).not.toContain(plain(rotated["previousTokenId"]));
  });
});
