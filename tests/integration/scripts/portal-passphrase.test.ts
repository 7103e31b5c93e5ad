import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOCAL_PASSPHRASE, pulumiEnv, REPO_ROOT, runPulumi } from "../../../scripts/lib/engine";
import { chooseLocalStack } from "../../../scripts/lib/local-stack";

/**
 * The real Pulumi CLI on the stack `npm start` / `npm run pulumi` pick for a real portal, with the
 * generated passphrase: it encrypts with a salt of its own, and the published demo passphrase
 * cannot decrypt what it stores. No portal is contacted (only `stack init` and `config`).
 */
describe("a real portal's local stack with a generated passphrase", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lm-portal-stack-"));
    fs.mkdirSync(path.join(dir, "project"));
    fs.writeFileSync(path.join(dir, "project", "Pulumi.yaml"), "name: lm-passphrase-check\nruntime: nodejs\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("encrypts secrets that the demo passphrase cannot read", async () => {
    const local = chooseLocalStack({ emulated: false }, { env: {}, repoRoot: path.join(dir, "project"), configDir: path.join(dir, "config") });
    expect(local.stack).toBe("portal");
    const base = { stateDir: path.join(dir, "state"), homeDir: path.join(dir, "home") };
    const env = pulumiEnv({ ...base, extra: { ...local.passphrase.env, PULUMI_STACK: undefined } });
    const cwd = path.join(dir, "project");

    const init = await runPulumi(["stack", "init", local.stack], { cwd, env });
    expect(init.code).toBe(0);
    const stackFile = fs.readFileSync(path.join(cwd, "Pulumi.portal.yaml"), "utf8");
    const trackedSalt = /encryptionsalt: (\S+)/.exec(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8"))?.[1];
    const salt = /encryptionsalt: (\S+)/.exec(stackFile)?.[1];
    expect(salt).toBeDefined();
    expect(salt).not.toBe(trackedSalt);

    expect((await runPulumi(["config", "set", "--secret", "logicmonitor:accessKey", "not-a-real-key"], { cwd, env })).code).toBe(0);
    expect(fs.readFileSync(path.join(cwd, "Pulumi.portal.yaml"), "utf8")).not.toContain("not-a-real-key");
    const read = await runPulumi(["config", "get", "logicmonitor:accessKey"], { cwd, env });
    expect(read.stdout.trim()).toBe("not-a-real-key");

    const demo = pulumiEnv({ ...base, extra: { PULUMI_CONFIG_PASSPHRASE: LOCAL_PASSPHRASE, PULUMI_CONFIG_PASSPHRASE_FILE: undefined, PULUMI_STACK: undefined } });
    const withDemo = await runPulumi(["config", "get", "logicmonitor:accessKey"], { cwd, env: demo });
    expect(withDemo.code).not.toBe(0);
    expect(withDemo.stdout).not.toContain("not-a-real-key");
  });
});
