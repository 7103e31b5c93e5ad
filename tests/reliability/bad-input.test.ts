import { finishScenario, startScenario, type Scenario } from "../helpers/scenario";

/**
 * Bad input through `pulumi preview` (`npm run test:reliability`): malformed programs and
 * configurations each exit non-zero with a message that names the property or key and the fix,
 * and the emulator sees zero requests.
 */

jest.setTimeout(40 * 60_000);

interface BadInput {
  name: string;
  /** Arguments of the one ApiToken (config `args`). */
  args?: Record<string, unknown>;
  /** Stack config to set (e.g. `logicmonitor:baseUrl`). */
  config?: Record<string, string>;
  /** Environment changes for the provider (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** What the message must say: the property and the fix. */
  expected: RegExp;
}

const OK = { adminId: 32 };

const CASES: BadInput[] = [
  { name: "neither adminId nor adminUsername", args: { note: "x" }, expected: /adminId.*owner is missing: set adminId .* or adminUsername/ },
  { name: "both adminId and adminUsername", args: { adminId: 32, adminUsername: "jdoe" }, expected: /adminId.*set either adminId or adminUsername, not both/ },
  { name: "adminId a word", args: { adminId: "abc" }, expected: /adminId must be a positive whole number .* got the string "abc"/ },
  { name: "adminId negative", args: { adminId: -3 }, expected: /adminId must be a positive whole number .* got the number -3/ },
  { name: "adminId zero", args: { adminId: 0 }, expected: /adminId must be a positive whole number/ },
  { name: "adminId a fraction", args: { adminId: 3.5 }, expected: /adminId must be a positive whole number .* got the number 3.5/ },
  { name: "adminId a boolean", args: { adminId: true }, expected: /adminId must be a positive whole number .* type boolean/ },
  { name: "adminId beyond 32 bits", args: { adminId: 99999999999 }, expected: /adminId must be a positive whole number/ },
  { name: "adminUsername empty", args: { adminUsername: "" }, expected: /adminUsername must be a non-empty LogicMonitor username/ },
  { name: "adminUsername a number", args: { adminUsername: 42 }, expected: /adminUsername must be a non-empty LogicMonitor username, but got the number 42/ },
  { name: "status unknown word", args: { ...OK, status: "on" }, expected: /status must be "enabled" or "disabled" .* got the string "on"/ },
  { name: "status unknown number", args: { ...OK, status: 3 }, expected: /status must be "enabled" or "disabled" \(LogicMonitor's 2 or 1\)/ },
  { name: "type unknown", args: { ...OK, type: "oauth" }, expected: /type must be "lmv1" .* or "bearer", but got the string "oauth"/ },
  { name: "note a number", args: { ...OK, note: 42 }, expected: /note must be a string, but got the number 42/ },
  { name: "keepers a string", args: { ...OK, keepers: "2026" }, expected: /keepers must be a map of strings \(for example \{ rotation: "2026-11" \}\)/ },
  { name: "keepers an array", args: { ...OK, keepers: ["a"] }, expected: /keepers must be a map of strings .* got an array/ },
  { name: "a keeper a number", args: { ...OK, keepers: { rotation: 5 } }, expected: /keepers\.rotation must be a string \(convert numbers and dates with String/ },
  { name: "existingTokenId a word", args: { ...OK, existingTokenId: "x" }, expected: /existingTokenId must be a positive whole number/ },
  { name: "existingTokenId zero", args: { ...OK, existingTokenId: 0 }, expected: /existingTokenId must be a positive whole number/ },
  { name: "baseUrl not a URL", config: { "logicmonitor:baseUrl": "not a url" }, expected: /logicmonitor:baseUrl \(LM_BASE_URL\).*expected https:\/\/<company>\.logicmonitor\.com\/santaba\/rest/ },
  { name: "baseUrl with another scheme", config: { "logicmonitor:baseUrl": "ftp://acme.logicmonitor.com/santaba/rest" }, expected: /logicmonitor:baseUrl \(LM_BASE_URL\)/ },
  { name: "company given as a host name", config: { "logicmonitor:company": "acme.logicmonitor.com" }, expected: /logicmonitor:company \(LM_COMPANY\) is not a valid portal name.*only the portal name/ },
  { name: "domain not a domain", config: { "logicmonitor:company": "acme", "logicmonitor:domain": "not a domain!" }, expected: /logicmonitor:domain \(LM_DOMAIN\) is not a domain name/ },
  { name: "missing credentials", env: { LM_ACCESS_ID: undefined, LM_ACCESS_KEY: undefined }, expected: /logicmonitor:accessId.*LM_ACCESS_ID/ },
  { name: "access id without a key", env: { LM_ACCESS_KEY: undefined }, expected: /logicmonitor:accessKey.*LM_ACCESS_KEY/ },
  { name: "both an LMv1 pair and a Bearer token", env: { LM_BEARER_TOKEN: "lmb_0123456789abcdefghijklmnop" }, expected: /Both an LMv1 pair .* and a Bearer token .* keep exactly one/ },
  { name: "timeout not a number", env: { LM_TIMEOUT_MS: "30s" }, expected: /LM_TIMEOUT_MS must be a whole number of milliseconds/ },
];

describe("bad input through `pulumi preview`", () => {
  let s: Scenario;
  const rejected: string[] = [];
  beforeAll(async () => {
    s = await startScenario();
  });
  afterAll(async () => s?.dispose());

  it.each(CASES.map((c, i) => [c.name, c, i] as const))("%s: non-zero exit, a message naming the property and the fix, zero requests", async (_name, c, i) => {
    const stack = `bad-${i}`;
    await s.project.pulumiOk(["stack", "init", stack]);
    await s.project.pulumiOk(["config", "set", "--stack", stack, "args", JSON.stringify(c.args ?? OK)]);
    for (const [key, value] of Object.entries(c.config ?? {})) await s.project.pulumiOk(["config", "set", "--stack", stack, key, value]);
    const before = await s.requests();
    const preview = await s.pulumi(["preview", "--stack", stack], c.env);
    const requests = (await s.requests()) - before;
    const text = (preview.stdout + preview.stderr).replace(/\s+/g, " ");
    expect(text).toMatch(c.expected);
    expect(preview.code).not.toBe(0);
    expect(requests).toBe(0);
    rejected.push(c.name);
  });

  it("saves the row, after the oracle on a valid stack of the same program", async () => {
    const requests = await s.requests();
    await s.project.pulumiOk(["stack", "select", "dev"]);
    await finishScenario(
      s,
      {
        id: "bad-input",
        scenario: `Bad input: ${CASES.length} malformed programs and configs through pulumi preview`,
        suite: "npm run test:reliability",
        outcome: `${rejected.length}/${CASES.length} exit non-zero naming the property and the fix, with 0 requests`,
      },
      requests,
      1,
    );
    expect(rejected).toHaveLength(CASES.length);
  });
});
