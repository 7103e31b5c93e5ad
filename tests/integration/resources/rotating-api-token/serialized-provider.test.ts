import { execFileSync, spawn } from "node:child_process";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../../../provider/emulator";
import { createTempProject, type TempProject } from "../../../../scripts/lib/temp-project";
import { control } from "../../../helpers/control";

/**
 * RotatingApiToken's provider as Pulumi stores it in state (`__provider`): serialized in a plain
 * Node process exactly as `new RotatingApiToken(...)` does, loaded back as the dynamic-provider
 * plugin does and driven against the emulator; and, with the package installed as npm installs
 * it, the short `require` of its own shim export.
 */

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
const FIXTURES = path.join(REPO, "tests", "fixtures");
const SENTINELS = {
  LM_ACCESS_ID: "SENTINELaccessId0001",
  LM_ACCESS_KEY: "SENTINEL-access-key-that-must-never-reach-state",
  LM_BEARER_TOKEN: "lmb_SENTINEL_bearer_token",
  LM_COMPANY: "sentinelcompany",
};

function serialize(...flags: string[]): { text: string; containsSecrets: boolean } {
  const out = execFileSync(process.execPath, [path.join(FIXTURES, "serialize-provider.js"), "--rotating", ...flags], {
    cwd: REPO,
    env: { ...process.env, ...SENTINELS },
    encoding: "utf8",
  });
  return JSON.parse(out) as { text: string; containsSecrets: boolean };
}

/** Runs a Node script with `input` on stdin; resolves to its stdout, rejects with its stderr. */
function runNode(script: string, options: { env: NodeJS.ProcessEnv; input: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: REPO, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${script} exited ${code}: ${stderr}`))));
    child.stdin.end(options.input);
  });
}

describe("RotatingApiToken's serialized provider (__provider)", () => {
  const serialized = serialize();

  it("is small, holds no credential, and loads RotatingApiTokenProvider by package name", () => {
    expect(Buffer.byteLength(serialized.text, "utf8")).toBeLessThan(4096);
    for (const value of Object.values(SENTINELS)) expect(serialized.text).not.toContain(value);
    expect(serialized.containsSecrets).toBe(false);
    expect(serialized.text).toContain('require("pulumi-logicmonitor-apitoken/runtime")');
    expect(serialized.text).toContain("new runtime.RotatingApiTokenProvider()");
    expect(serialized.text).not.toContain(REPO);
  });

  it("does not change when the implementation changes", () => {
    expect(serialize("--patch-implementation").text).toBe(serialized.text);
  });

  describe("loaded back as the plugin does", () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator();
    });
    afterAll(() => emulator.close());

    it("makes, reads and deletes the first key with credentials from the plugin's environment", async () => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const key of ["LM_COMPANY", "LM_ACCOUNT", "LM_BEARER_TOKEN", "LM_API_ID", "LM_API_KEY"]) delete env[key];
      const out = await runNode(path.join(FIXTURES, "drive-serialized-provider.js"), {
        env: { ...env, LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: emulator.accessId, LM_ACCESS_KEY: emulator.accessKey },
        input: JSON.stringify({ text: serialized.text }),
      });
      const { id, outs, read } = JSON.parse(out) as { id: string; outs: Record<string, unknown>; read: { id?: string; props?: Record<string, unknown> } };
      expect(id).toBe(`32/rotating/${String(outs["tokenId"])}`);
      expect(outs).toMatchObject({ overlapHours: 24, retireWhenUnusedForMinutes: 60, rotatedOn: outs["createdOn"] });
      expect(read.id).toBe(id);
      expect(read.props?.["accessKey"]).toBe(outs["accessKey"]);
      expect((await control(emulator.url).tokens()).some((t) => t.id === outs["tokenId"])).toBe(false);
    });
  });
});

describe("RotatingApiToken's serialized provider in an installed package", () => {
  let project: TempProject;
  let serialized: { text: string; methods: string[] };
  beforeAll(() => {
    project = createTempProject(path.join(FIXTURES, "installed-package"), { packageInstall: "install" });
    const out = execFileSync(process.execPath, ["serialize-shim.js", "rotating-provider-shim"], { cwd: project.dir, encoding: "utf8" });
    serialized = JSON.parse(out) as { text: string; methods: string[] };
  });
  afterAll(() => project.dispose());

  it("is a require of the package's rotating-provider-shim export, well under 1 KB, with every provider method", () => {
    expect(serialized.text).toContain('require("pulumi-logicmonitor-apitoken/rotating-provider-shim")');
    expect(Buffer.byteLength(serialized.text, "utf8")).toBeLessThan(1024);
    expect(serialized.methods).toEqual(expect.arrayContaining(["configure", "check", "diff", "create", "read", "update", "delete"]));
  });
});
