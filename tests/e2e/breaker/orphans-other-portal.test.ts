import { spawn } from "node:child_process";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { REPO_ROOT } from "../../../scripts/lib/engine";
import { control } from "../../helpers/control";
import { createExampleStack, type ExampleStack } from "../../helpers/stack";
import { theHeldToken } from "../../helpers/stack-state";

/**
 * Breaker finding: `lm-apitoken orphans --delete` judges a portal that no given state was made in.
 * The given state records `portal` on every token (issue 16), yet the finder takes any token in the
 * searched portal whose mark names a given stack as that stack's orphan. Pointed at another portal
 * (a copied LM_BASE_URL / LM_COMPANY, staging vs production, an MSP's other customer), where a stack
 * of the same project and stack name lives, it deletes that portal's never-used tokens: live keys
 * that were handed out but not used yet.
 *
 * What should happen: tokens in a portal that no given state records are not this state's to judge
 * (otherStacks, or a refusal naming the portals the states record); nothing is deleted there.
 */
jest.setTimeout(600_000);

function orphansCli(env: NodeJS.ProcessEnv, stdin: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = path.join(REPO_ROOT, "dist", "provider", "cli", "lm-apitoken.js");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, "orphans", ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("orphans --delete with a state of portal A, run against portal B", () => {
  let stack: ExampleStack;
  let portalB: RunningEmulator;
  afterAll(async () => {
    await portalB?.close();
    await stack?.dispose();
  });

  it("deletes nothing in portal B", async () => {
    stack = await createExampleStack("yaml");
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const held = await theHeldToken(stack.project);
    const heldNote = (await stack.portal.tokens()).find((t) => t.id === held.tokenId)!.note;
    // Portal B: its own stack of the same project and stack name made a token (another attempt id), not used yet.
    portalB = await startEmulator({ accessId: stack.emulator.accessId, accessKey: stack.emulator.accessKey });
    const b = control(portalB.url);
    await b.mintTokens({ adminId: 32, note: "portal B: release bot", count: held.tokenId - 1000 + 2 });
    const bToken = held.tokenId + 2;
    await b.setToken(bToken, { note: heldNote.replace(/\.[0-9a-f]{12}\]$/, ".0123456789ab]") });
    const before = await b.tokens();

    const exported = (await stack.project.pulumiOk(["stack", "export"])).stdout;
    const env = { ...stack.project.env, LM_BASE_URL: portalB.baseUrl };
    const run = await orphansCli(env, exported, ["--admin", "32", "--delete", "--json"]);
    const after = await b.tokens();
    expect({ code: run.code, deleted: before.filter((t) => !after.some((a) => a.id === t.id)).map((t) => t.id) }).toEqual({ code: expect.anything(), deleted: [] });
  });
});
