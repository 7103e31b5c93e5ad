import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { markOf } from "../../provider/core/ownership";
import { createExampleStack, type ExampleStack } from "../helpers/stack";
import { REPO_ROOT } from "../../scripts/lib/engine";

/**
 * `lm-apitoken orphans --delete` given a real `pulumi stack export` of a plugin-face stack
 * (examples/yaml, `logicmonitor:index:ApiToken`, one of its resources protected): the stack's
 * tokens are listed as held and stay live; only the leftovers carrying its marks go.
 */

jest.setTimeout(300_000);

const CLI = path.join(REPO_ROOT, "dist", "provider", "cli", "lm-apitoken.js");
const TOKEN_TYPE = "logicmonitor:index:ApiToken";
/** An attempt id as a newer provider writes it into a mark. */
const ATTEMPT = "5d0e7a41b2c9";

/** Runs the built `lm-apitoken` with `stdin` piped in, as `pulumi stack export | npx lm-apitoken …` does. */
function lmApitoken(args: string[], env: NodeJS.ProcessEnv, stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { env, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

/** examples/yaml with a second, protected token resource. */
function addProtectedResource(projectDir: string): void {
  const file = path.join(projectDir, "Pulumi.yaml");
  const text = fs.readFileSync(file, "utf8");
  const withProtected = text.replace(
    /^outputs:/m,
    ["  protected-bot:", "    type: logicmonitor:ApiToken", "    properties:", "      adminId: ${adminId}", "      note: kept", "    options:", "      protect: true", "outputs:"].join("\n"),
  );
  expect(withProtected).toContain("protected-bot:");
  fs.writeFileSync(file, withProtected);
}

describe("lm-apitoken orphans with a YAML stack's export (plugin face)", () => {
  let stack: ExampleStack;
  let env: NodeJS.ProcessEnv;
  let exported = "";
  /** The stack's tokens by resource name. */
  const held = new Map<string, number>();
  let leftoverA = 0;
  let leftoverB = 0;

  const portalIds = async () => (await stack.portal.tokens()).map((token) => token.id);

  beforeAll(async () => {
    stack = await createExampleStack("yaml");
    addProtectedResource(stack.project.dir);
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    exported = await stack.exportText();
    const state = JSON.parse(exported) as { deployment: { resources: { urn: string; type: string; id?: string; protect?: boolean }[] } };
    const tokens = state.deployment.resources.filter((resource) => resource.type === TOKEN_TYPE);
    expect(tokens.map((resource) => resource.urn.split("::").pop()).sort()).toEqual(["ci-bot", "protected-bot"]);
    expect(tokens.find((resource) => resource.urn.endsWith("::protected-bot"))?.protect).toBe(true);
    for (const resource of tokens) held.set(resource.urn.split("::").pop() ?? "", Number(resource.id?.split("/")[1]));
    // Leftovers of a killed run: tokens carrying ci-bot's mark (with an attempt id) that no state records.
    const mark = markOf(tokens.find((resource) => resource.urn.endsWith("::ci-bot"))?.urn ?? "");
    expect(mark).toBeDefined();
    const note = `CI deploys [managed by Pulumi: ${mark?.project}/${mark?.stack}/${mark?.name} #${mark?.hash}.${ATTEMPT}]`;
    [leftoverA, leftoverB] = (await stack.portal.mintTokens({ adminId: 32, note, count: 2 })).map((token) => token.id) as [number, number];
    env = { PATH: process.env["PATH"], LM_BASE_URL: stack.emulator.baseUrl, LM_ACCESS_ID: stack.emulator.accessId, LM_ACCESS_KEY: stack.emulator.accessKey };
  });
  afterAll(async () => stack?.dispose());

  it("--token <id> --delete deletes only that leftover, showing its evidence; the held token named too is kept", async () => {
    const ciBot = held.get("ci-bot") ?? 0;
    const result = await lmApitoken(["orphans", "--admin", "32", "--token", String(leftoverA), "--token", String(ciBot), "--delete"], env, exported);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`token ${leftoverA}  admin 32 \\(jdoe\\) .*created 20.*never used  for lm-apitoken-yaml/dev/ci-bot #[0-9a-f]{8}\\.${ATTEMPT}`));
    expect(result.stdout).toContain(`lm-apitoken-yaml/dev/ci-bot is in the state and holds token ${ciBot}: this one is a leftover`);
    expect(result.stdout).toMatch(new RegExp(`Held by a given state .*\\n.*token ${ciBot} .*lm-apitoken-yaml/dev/ci-bot`));
    expect(result.stdout).toContain(`--delete: deleted token ${leftoverA} (admin 32).`);
    expect(result.stdout).not.toMatch(new RegExp(`token ${leftoverB} `));
    const ids = await portalIds();
    expect(ids).not.toContain(leftoverA);
    for (const id of [...held.values(), leftoverB]) expect(ids).toContain(id);
  });

  it("--delete keeps every token the stack holds (protected included), lists them as held, deletes the leftover", async () => {
    const result = await lmApitoken(["orphans", "--admin", "32", "--delete"], env, exported);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    for (const [name, id] of held) {
      expect(result.stdout).toMatch(new RegExp(`token ${id} .*lm-apitoken-yaml/dev/${name}`));
      expect(result.stdout).not.toContain(`deleted token ${id} `);
    }
    expect(result.stdout).toContain(`--delete: deleted token ${leftoverB} (admin 32).`);
    expect(result.stdout.match(/--delete: deleted/g)).toHaveLength(1);
    const ids = await portalIds();
    for (const id of held.values()) expect(ids).toContain(id);
    expect(ids).not.toContain(leftoverB);
    // The stack still finds every token it holds.
    await stack.project.pulumiOk(["refresh", "--yes", "--expect-no-changes"]);
  });
});
