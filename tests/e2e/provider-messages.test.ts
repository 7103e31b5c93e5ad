import { createExampleStack, type ExampleStack } from "../helpers/stack";

/**
 * Issue 16, "both faces are heard": what the provider tells the person running Pulumi (a deletion
 * it made on its own, a rate-limit wait) appears in `pulumi up`'s own output (the CLI's stdout) at
 * the default verbosity, through the real CLI against the emulator, on each face:
 * - dynamic face (examples/quickstart, TypeScript): lines on the provider's stderr, which the
 *   engine shows for a dynamic provider;
 * - plugin face (examples/yaml, through pulumi-resource-logicmonitor): messages sent to the
 *   engine's log service against the resource's URN (its stderr is shown only with -v).
 */

jest.setTimeout(300_000);

const FACES = [
  ["dynamic face (examples/quickstart)", "quickstart", "pulumi-nodejs:dynamic/logicmonitor:ApiToken"],
  ["plugin face (examples/yaml)", "yaml", "logicmonitor:index:ApiToken"],
] as const;

/**
 * The lines the CLI prints under a resource's heading (`  <type> (<name>):`) in its Diagnostics
 * section: the messages the engine received for that resource's URN.
 */
function diagnosticsOf(stdout: string, type: string, name: string): string {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line.trim() === `${type} (${name}):`);
  if (start < 0) return "";
  const indent = lines[start]!.search(/\S/);
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== "" && line.search(/\S/) <= indent) break;
    block.push(line);
  }
  return block.join("\n");
}

describe.each(FACES)("what the provider says appears in `pulumi up` at the default verbosity: %s", (_face, example, type) => {
  let stack: ExampleStack;
  beforeEach(async () => {
    stack = await createExampleStack(example);
  });
  afterEach(async () => stack?.dispose());

  it("a rate-limit wait (LogicMonitor answers 429 with X-Rate-Limit-Remaining 0)", async () => {
    // A 2-second window: the gate holds the create's retry for about 2 s, more than the 1 s
    // below which waits go unmentioned (provider/core/progress.ts).
    await stack.portal.faults([{ method: "POST", status: 429, headers: { "X-Rate-Limit-Window": "2" } }]);
    const up = await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const answered429 = (await stack.portal.requests()).filter((r) => r.method === "POST" && r.status === 429);
    expect(answered429).toHaveLength(1);
    const wait = /waiting \d+(\.\d)? s for LogicMonitor's rate limit on POST \/setting\/admins\/\{adminId\}\/apitokens \(LogicMonitor answered 429 Too Many Requests/;
    expect(up.stdout).toMatch(wait);
    if (example === "yaml") expect(diagnosticsOf(up.stdout, type, "ci-bot")).toMatch(wait);
  });

  it("a deletion (the token of a create whose answer was lost)", async () => {
    await stack.portal.faults([{ method: "POST", action: "drop-after-commit" }]);
    const up = await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const lostId = (await stack.portal.requests()).find((r) => r.method === "POST" && r.fault === "drop-after-commit")?.tokenId;
    expect(lostId).toEqual(expect.any(Number));
    expect((await stack.portal.tokens()).map((t) => t.id)).not.toContain(lostId);
    const deletion = new RegExp(`/dev/ci-bot: deleted token ${lostId} of admin 32, made by a create whose answer was lost`);
    expect(up.stdout).toMatch(deletion);
    if (example === "yaml") {
      // Against the resource's URN, as a warning: the provider deleted something on its own.
      expect(diagnosticsOf(up.stdout, type, "ci-bot")).toMatch(new RegExp(`warning: .*${deletion.source}`));
    }
  });
});
