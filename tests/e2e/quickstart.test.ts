import { splitNote } from "../../provider/core/ownership";
import { createExampleStack, type ExampleStack } from "../helpers/stack";

/**
 * The full lifecycle of examples/quickstart through the real Pulumi CLI against the emulator:
 * what a user does, and what the engine says about it. Each test deploys its own stack, so any one
 * of them runs alone and in any order.
 */

jest.setTimeout(240_000);

/** A deployed quickstart stack: one token of admin 32 noted "CI deploys". */
interface Deployed {
  stack: ExampleStack;
  tokenId: number;
  accessKey: string;
}

describe("examples/quickstart through the real engine", () => {
  const stacks: ExampleStack[] = [];
  afterEach(async () => {
    await Promise.all(stacks.splice(0).map((stack) => stack.dispose()));
  });

  async function quickstart(): Promise<ExampleStack> {
    const stack = await createExampleStack("quickstart", { config: { adminId: "32", note: "CI deploys" } });
    stacks.push(stack);
    return stack;
  }

  async function revealedKey(stack: ExampleStack): Promise<string> {
    return (await stack.project.pulumiOk(["stack", "output", "accessKey", "--show-secrets"])).stdout.trim();
  }

  async function deployed(): Promise<Deployed> {
    const stack = await quickstart();
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    return { stack, tokenId: Number((await stack.outputs())["tokenId"]), accessKey: await revealedKey(stack) };
  }

  it("1. `up` creates exactly one token, in LogicMonitor and in state", async () => {
    const stack = await quickstart();
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const outputs = await stack.outputs();
    const tokenId = Number(outputs["tokenId"]);
    expect(outputs["adminName"]).toBe("jdoe");
    expect(outputs["accessKey"]).toBe("[secret]");
    const tokens = await stack.portal.tokens();
    expect(tokens.map((t) => t.id)).toContain(tokenId);
    expect(tokens.filter((t) => t.adminId === 32)).toHaveLength(1);
    expect((await revealedKey(stack)).length).toBeGreaterThanOrEqual(40);
  });

  it("2. `preview` and `refresh` then report no changes", async () => {
    const { stack } = await deployed();
    await stack.project.pulumiOk(["preview", "--expect-no-changes"]);
    await stack.project.pulumiOk(["refresh", "--yes", "--expect-no-changes"]);
  });

  it("3. a note change previews as an in-place update of that property alone, and applies", async () => {
    const { stack, tokenId } = await deployed();
    await stack.project.pulumiOk(["config", "set", "note", "CI deploys (prod)"]);
    const { steps } = await stack.preview();
    const tokenSteps = stack.tokenSteps(steps);
    expect(tokenSteps.map((s) => s.op)).toEqual(["update"]);
    const diff = (await stack.project.pulumiOk(["preview", "--diff"])).stdout;
    const changedLines = diff.split("\n").filter((line) => /^\s*[~+-]\s+\w+\s*:/.test(line));
    expect(changedLines).toHaveLength(1);
    expect(changedLines[0]).toMatch(/~ note\s*:\s*"CI deploys" => "CI deploys \(prod\)"/);
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const portalNote = (await stack.portal.tokens()).find((t) => t.id === tokenId)?.note ?? "";
    expect(splitNote(portalNote)).toEqual({ note: "CI deploys (prod)", mark: expect.objectContaining({ name: "ci-bot", stack: "dev" }) });
    expect(Number((await stack.outputs())["tokenId"])).toBe(tokenId);
  });

  it("4. an owner change replaces the token, creating the new one before deleting the old", async () => {
    const { stack, tokenId } = await deployed();
    await stack.project.pulumiOk(["config", "set", "adminId", "131"]);
    const { steps } = await stack.preview();
    // `preview --json` folds a replacement into one "replace" step; its order is checked below.
    expect(stack.tokenSteps(steps).map((s) => s.op)).toEqual(["replace"]);
    expect(stack.tokenSteps(steps)[0]?.replaceReasons).toEqual(["adminId"]);
    await stack.portal.clearRequests();
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const log = await stack.portal.requests();
    const post = log.findIndex((r) => r.method === "POST" && r.status === 200);
    const del = log.findIndex((r) => r.method === "DELETE" && r.status === 200);
    expect(post).toBeGreaterThanOrEqual(0);
    expect(del).toBeGreaterThan(post);
    const newId = Number((await stack.outputs())["tokenId"]);
    expect(newId).not.toBe(tokenId);
    const tokens = await stack.portal.tokens();
    expect(tokens.map((t) => t.id)).toContain(newId);
    expect(tokens.map((t) => t.id)).not.toContain(tokenId);
  });

  it("5. a token deleted by hand leaves state on `refresh`, and `up` creates it again", async () => {
    const { stack, tokenId } = await deployed();
    await stack.portal.deleteToken(tokenId);
    await stack.project.pulumiOk(["refresh", "--yes"]);
    const exported = await stack.exportText();
    expect(exported).not.toContain("logicmonitor:ApiToken");
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const newId = Number((await stack.outputs())["tokenId"]);
    expect(newId).not.toBe(tokenId);
    expect((await stack.portal.tokens()).map((t) => t.id)).toContain(newId);
  });

  it("6. a token disabled by hand shows as drift on `refresh`, and `up` enables it again", async () => {
    const { stack, tokenId, accessKey } = await deployed();
    await stack.portal.setToken(tokenId, { status: 1 });
    const refresh = await stack.project.pulumiOk(["refresh", "--yes", "--diff"]);
    expect(refresh.stdout).toMatch(/status\s*:\s*"enabled" => "disabled"/);
    const { steps } = await stack.preview();
    expect(stack.tokenSteps(steps).map((s) => s.op)).toEqual(["update"]);
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect((await stack.portal.tokens()).find((t) => t.id === tokenId)?.status).toBe(2);
    // The key survived the refreshes.
    expect(await revealedKey(stack)).toBe(accessKey);
  });

  it("7. `destroy` deletes every token", async () => {
    const { stack } = await deployed();
    expect((await stack.portal.tokens()).filter((t) => t.adminId !== 1).length).toBeGreaterThan(0);
    await stack.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect((await stack.portal.tokens()).filter((t) => t.adminId !== 1)).toEqual([]);
  });

  it("8. keeps the key secret: ciphertext in state, and no plaintext key or credential in state or output", async () => {
    const { stack, accessKey } = await deployed();
    // A refresh and a no-op up add the outputs of every lifecycle step to the transcript.
    await stack.project.pulumiOk(["refresh", "--yes"]);
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const exported = await stack.exportText();
    const state = JSON.parse(exported) as {
      deployment: { resources: { type: string; outputs: Record<string, unknown> }[] };
    };
    const token = state.deployment.resources.find((r) => r.type.endsWith("logicmonitor:ApiToken"));
    expect(token?.outputs["accessKey"]).toEqual(
      expect.objectContaining({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.any(String) }),
    );
    expect(stack.project.transcript.length).toBeGreaterThanOrEqual(3);
    for (const secret of [accessKey, stack.emulator.accessKey]) {
      expect(exported).not.toContain(secret);
      for (const output of stack.project.transcript) expect(output).not.toContain(secret);
    }
  });

  it("9. wrong credentials fail fast, naming the config keys, without a retry storm", async () => {
    const stack = await quickstart();
    const run = await stack.project.pulumi(["up", "--yes", "--skip-preview"], {
      env: { LM_ACCESS_KEY: "an-access-key-that-the-portal-does-not-know-000" },
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/401/);
    expect(run.stdout + run.stderr).toMatch(/logicmonitor:accessKey/);
    // Fast means few requests, not a wall-clock bound: a 401 is never retried.
    expect((await stack.portal.requests()).length).toBeGreaterThanOrEqual(1);
    expect((await stack.portal.requests()).length).toBeLessThanOrEqual(2);
  });
});
