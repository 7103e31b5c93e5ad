import * as fs from "node:fs";
import * as path from "node:path";
import { splitNote } from "../../provider/core/ownership";
import { LogicMonitorClient } from "../../provider/client";
import { commandPluginMissing } from "../../scripts/lib/engine";
import { readmeExample, shellBlocks, type ReadmeExample } from "../helpers/readme-example";
import { createExampleStack, EXAMPLES, type ExampleStack } from "../helpers/stack";

/** The other examples, each through its own lifecycle with the real CLI and the emulator. */

jest.setTimeout(240_000);

describe("examples/rotation (its README, run as written, on both faces)", () => {
  let example: ReadmeExample;
  let blocks: string[];
  beforeAll(async () => {
    example = await readmeExample("rotation");
    blocks = shellBlocks(fs.readFileSync(path.join(EXAMPLES, "rotation", "README.md"), "utf8"));
    expect(blocks).toHaveLength(4);
  });
  afterAll(() => example.dispose());

  /** The consumer's lines in a block's output. */
  const consumerLines = (output: string) => output.split("\n").filter((line) => / key \(access id \w+\) (works|is refused)/.test(line));

  it("dynamic face: up, the consumer uses the current key, a rotation keeps the old key as the previous one", async () => {
    const run = await example.run(blocks[0]!);
    const lines = consumerLines(run);
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.startsWith("current key") && line.endsWith("works: it reads admin 32 (jdoe)"))).toBe(true);
    expect(run).toMatch(/~ rotationTriggers/);
    const outputs = await example.outputs(".");
    expect(outputs["previousTokenId"]).toEqual(expect.any(Number));
    expect(outputs["previousTokenId"]).not.toBe(outputs["tokenId"]);
    const live = (await example.portal.tokens()).filter((t) => t.adminId === 32).map((t) => t.id);
    expect(live.sort()).toEqual([outputs["tokenId"], outputs["previousTokenId"]].sort());
  });

  it("dynamic face: with the current key disabled by hand the consumer falls back to the previous key; refresh shows it; up enables it", async () => {
    const { tokenId } = await example.outputs(".");
    await example.portal.setToken(Number(tokenId), { status: 1 }); // "disable it in the portal"
    const run = await example.run(blocks[1]!);
    const lines = consumerLines(run);
    expect(lines[0]).toMatch(/^current key \(access id \w+\) is refused \(401\): falling back to the previous key$/);
    expect(lines[1]).toMatch(/^previous key \(access id \w+\) works/);
    expect(lines[2]).toMatch(/^current key \(access id \w+\) works/);
    expect(run).toMatch(/RotatingApiToken reporting updated? .*\[diff: \+status\]/);
    expect((await example.portal.tokens()).find((t) => t.id === Number(tokenId))?.status).toBe(2);
  });

  it("dynamic face: after the overlap a previous key still in use is kept with one line naming it; destroy deletes both keys", async () => {
    const { previousTokenId } = await example.outputs(".");
    const run = await example.run(blocks[2]!);
    const kept = run.split("\n").filter((line) => line.includes(`kept previous key ${String(previousTokenId)} `));
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept[0]).toMatch(/LogicMonitor shows it last used at \S+ \(\d+ min ago\), less than retireWhenUnusedForMinutes \(60\) ago/);
    expect((await example.portal.tokens()).filter((t) => t.adminId === 32)).toEqual([]);
  });

  it("plugin face (YAML): the same, the consumer reading the YAML stack's outputs", async () => {
    const run = await example.run(blocks[3]!);
    const lines = consumerLines(run);
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.startsWith("current key") && line.includes("works"))).toBe(true);
    expect(run).toMatch(/\+ previousAccessKey: \[secret\]/);
    expect((await example.portal.tokens()).filter((t) => t.adminId === 32)).toEqual([]);
  });

  it("never printed a key", async () => {
    expect(example.transcript().length).toBeGreaterThan(0);
    for (const key of example.keysSeen) expect(example.transcript()).not.toContain(key);
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
