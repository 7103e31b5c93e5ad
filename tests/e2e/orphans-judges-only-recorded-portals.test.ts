import { spawn } from "node:child_process";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { normalizePortal } from "../../provider/core/token-identity";
import { REPO_ROOT } from "../../scripts/lib/engine";
import { control } from "../helpers/control";
import { createExampleStack, type ExampleStack } from "../helpers/stack";
import { theHeldToken } from "../helpers/stack-state";

/**
 * `lm-apitoken orphans` judges only portals the given states record (breaker finding 4). The real
 * export of a YAML stack made in portal A records `portal: A` on its token; pointed at portal B
 * (a copied LM_BASE_URL / LM_COMPANY, staging vs production, an MSP's other customer), where a stack
 * of the same project and stack name made a token that is not used yet (a live key, maybe handed
 * out), the command deletes nothing there: a bulk `--delete` is a usage error, `--token <id>
 * --delete` is refused naming both portals, and the listing shows the token as made for a stack
 * whose state was not given for this portal.
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

describe("lm-apitoken orphans with a state of portal A, run against portal B", () => {
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
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: expect.stringContaining("--delete needs --token <id>") });

    // The command `up` prints for a leftover, run against the wrong portal: refused, naming both portals.
    const portalA = normalizePortal(stack.emulator.baseUrl);
    const named = await orphansCli(env, exported, ["--admin", "32", "--token", String(bToken), "--delete"]);
    expect({ code: named.code, stdout: named.stdout }).toEqual({ code: 1, stdout: "" });
    expect(named.stderr).toContain(
      `--delete refused, nothing was deleted: this command searched ${normalizePortal(portalB.baseUrl)} (LM_BASE_URL or LM_COMPANY), and no given state records it; the given states record ${portalA}.`,
    );
    expect((await b.tokens()).map((t) => t.id)).toEqual(before.map((t) => t.id));

    // Listing still works: B's token is another stack's here, and the report says why.
    const listing = await orphansCli(env, exported, ["--admin", "32", "--json"]);
    expect(listing.code).toBe(0);
    const report = JSON.parse(listing.stdout) as { orphans: unknown[]; otherStacks: { token: { id: number } }[]; warnings: string[] };
    expect({ orphans: report.orphans, otherStacks: report.otherStacks.map((made) => made.token.id) }).toEqual({ orphans: [], otherStacks: [bToken] });
    expect(report.warnings).toEqual([expect.stringContaining(`The given states record ${portalA}; this command searched ${normalizePortal(portalB.baseUrl)}`)]);
  });
});
