import { splitNote } from "../../provider/core/ownership";
import { LogicMonitorClient } from "../../provider/client";
import { commandPluginMissing } from "../../scripts/lib/engine";
import { createExampleStack, type ExampleStack } from "../helpers/stack";

/** The other examples, each through its own lifecycle with the real CLI and the emulator. */

jest.setTimeout(240_000);

describe("examples/rotation", () => {
  let stack: ExampleStack;
  beforeAll(async () => {
    stack = await createExampleStack("rotation", { config: { rotation: "2026-Q3" } });
  });
  afterAll(() => stack.dispose());

  it("rotates when the period changes: the new token exists before the old one is deleted", async () => {
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const first = await stack.outputs();
    await stack.project.pulumiOk(["preview", "--expect-no-changes"]);

    await stack.project.pulumiOk(["config", "set", "rotation", "2026-Q4"]);
    const { steps } = await stack.preview();
    const token = stack.tokenSteps(steps).find((s) => s.op === "replace" || s.op === "create-replacement");
    expect(token?.replaceReasons ?? token?.diffReasons).toEqual(expect.arrayContaining(["keepers"]));

    await stack.portal.clearRequests();
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const second = await stack.outputs();
    expect(second["tokenId"]).not.toEqual(first["tokenId"]);
    const log = await stack.portal.requests();
    const created = log.findIndex((r) => r.method === "POST" && r.status === 200);
    const deleted = log.findIndex((r) => r.method === "DELETE" && r.status === 200);
    expect(created).toBeGreaterThanOrEqual(0);
    expect(deleted).toBeGreaterThan(created);
    const ids = (await stack.portal.tokens()).map((t) => t.id);
    expect(ids).toContain(Number(second["tokenId"]));
    expect(ids).not.toContain(Number(first["tokenId"]));

    await stack.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect((await stack.portal.tokens()).filter((t) => t.adminId !== 1)).toEqual([]);
  });
});

describe("examples/adopt", () => {
  let stack: ExampleStack;
  let existingId = 0;
  beforeAll(async () => {
    stack = await createExampleStack("adopt");
    // A token someone created by hand, before Pulumi.
    const client = new LogicMonitorClient({
      baseUrl: stack.emulator.baseUrl,
      accessId: stack.emulator.accessId,
      accessKey: stack.emulator.accessKey,
    });
    const existing = await client.createApiToken(32, { note: "made by hand" });
    existingId = existing.id;
    await stack.project.pulumiOk(["config", "set", "adminId", "32"]);
    await stack.project.pulumiOk(["config", "set", "existingTokenId", String(existingId)]);
    await stack.project.pulumiOk(["config", "set", "existingAccessId", existing.accessId]);
  });
  afterAll(() => stack.dispose());

  it("takes the token under management without creating one, then manages it like any other", async () => {
    await stack.portal.clearRequests();
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect((await stack.portal.requests()).filter((r) => r.method === "POST")).toEqual([]);
    const outputs = await stack.outputs();
    expect(Number(outputs["tokenId"])).toBe(existingId);
    expect(outputs["accessKey"]).toBeUndefined();
    const portalNote = (await stack.portal.tokens()).find((t) => t.id === existingId)?.note ?? "";
    // Adopting writes the declared note and this resource's ownership mark.
    expect(splitNote(portalNote)).toEqual({ note: "legacy integration", mark: expect.objectContaining({ name: "legacy-integration" }) });
    await stack.project.pulumiOk(["preview", "--expect-no-changes"]);
    await stack.project.pulumiOk(["refresh", "--yes", "--expect-no-changes"]);

    await stack.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect((await stack.portal.tokens()).some((t) => t.id === existingId)).toBe(false);
  });
});

const withoutCommandPlugin = commandPluginMissing();
const describeWithCommandPlugin = withoutCommandPlugin ? describe.skip : describe;
if (withoutCommandPlugin) console.warn(`examples/verify-with-command: ${withoutCommandPlugin}`);
describeWithCommandPlugin(`examples/verify-with-command${withoutCommandPlugin ? ` (${withoutCommandPlugin})` : ""}`, () => {
  let stack: ExampleStack;
  beforeAll(async () => {
    stack = await createExampleStack("verify-with-command", { config: { adminId: "32" } });
  });
  afterAll(() => stack.dispose());

  it("proves the new token works with a signed call made with it, and fails once it is disabled", async () => {
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const outputs = await stack.outputs();
    // The command's stdout is a secret (its environment held one), so it is masked by default.
    expect(outputs["verification"]).toBe("[secret]");
    const verification = (await stack.project.pulumiOk(["stack", "output", "verification", "--show-secrets"])).stdout;
    expect(verification).toMatch(/works: it lists \d+ token\(s\) of admin 32/);
    const accessId = String(outputs["accessId"]);
    const tokenId = Number(outputs["tokenId"]);
    // The check authenticated as the new token, not as the provider's root token.
    const asNewToken = (await stack.portal.requests()).filter((r) => r.callerTokenId === tokenId);
    expect(asNewToken.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 200"]);

    const key = (await stack.project.pulumiOk(["stack", "output", "accessKey", "--show-secrets"])).stdout.trim();
    await stack.project.pulumiOk(["config", "set", "status", "disabled"]);
    const run = await stack.project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(new RegExp(`token ${accessId} does not work`));
    for (const output of stack.project.transcript) expect(output).not.toContain(key);
    expect(await stack.exportText()).not.toContain(key);

    await stack.project.pulumiOk(["config", "set", "status", "enabled"]);
    await stack.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect((await stack.portal.tokens()).filter((t) => t.adminId !== 1)).toEqual([]);
  });
});
