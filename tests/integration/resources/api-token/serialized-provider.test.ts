import { execFileSync, spawn } from "node:child_process";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../../../provider/emulator";
import { control } from "../../../helpers/control";

/**
 * The provider as Pulumi stores it in state (`__provider`): serialized in a plain Node process
 * exactly as `new ApiToken(...)` does, then loaded back exactly as the dynamic-provider plugin
 * does (`requireFromString(text).handler()`) and driven against the emulator.
 */

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
const SENTINELS = {
  LM_ACCESS_ID: "SENTINELaccessId0001",
  LM_ACCESS_KEY: "SENTINEL-access-key-that-must-never-reach-state",
  LM_BEARER_TOKEN: "lmb_SENTINEL_bearer_token",
  LM_COMPANY: "sentinelcompany",
};

function serialize(...flags: string[]): { text: string; containsSecrets: boolean } {
  const out = execFileSync(process.execPath, [path.join(REPO, "tests", "fixtures", "serialize-provider.js"), ...flags], {
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

describe("the serialized provider (__provider)", () => {
  const serialized = serialize();

  it("is small", () => {
    const bytes = Buffer.byteLength(serialized.text, "utf8");
    expect(bytes).toBeLessThan(4096);
    // Recorded so the number is visible in test output.
    console.log(`serialized provider: ${bytes} bytes`);
  });

  it("holds no credential, key or environment value, and is not a secret", () => {
    for (const value of Object.values(SENTINELS)) expect(serialized.text).not.toContain(value);
    expect(serialized.text).not.toMatch(/process\.env/);
    expect(serialized.containsSecrets).toBe(false);
  });

  it("loads the implementation by package name, not a copy or an absolute path", () => {
    expect(serialized.text).toContain('require("pulumi-logicmonitor-apitoken/runtime")');
    expect(serialized.text).not.toContain(REPO);
    expect(serialized.text).not.toMatch(/LogicMonitorClient|createHmac|axios/);
  });

  it("does not change when the implementation changes", () => {
    const afterUpgrade = serialize("--patch-implementation");
    expect(afterUpgrade.text).toBe(serialized.text);
  });

  describe("loaded back as the plugin does", () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator();
    });
    afterAll(() => emulator.close());

    it("creates, reads and deletes a token with credentials from the plugin's environment", async () => {
      // A separate plain Node process, as the engine's plugin is: credentials only in its env.
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const key of ["LM_COMPANY", "LM_ACCOUNT", "LM_BEARER_TOKEN", "LM_API_ID", "LM_API_KEY"]) delete env[key];
      // Asynchronously: the emulator answers from this process's event loop.
      const out = await runNode(path.join(REPO, "tests", "fixtures", "drive-serialized-provider.js"), {
        env: { ...env, LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: emulator.accessId, LM_ACCESS_KEY: emulator.accessKey },
        input: JSON.stringify({ text: serialized.text }),
      });
      const { id, outs, read } = JSON.parse(out) as {
        id: string;
        outs: Record<string, unknown>;
        read: { id?: string; props?: Record<string, unknown> };
      };
      expect(id).toBe(`32/${String(outs["tokenId"])}`);
      expect(read.id).toBe(id);
      expect(read.props?.["note"]).toBe("from the serialized provider");
      expect(typeof outs["accessKey"]).toBe("string");
      expect(read.props?.["accessKey"]).toBe(outs["accessKey"]);
      const methods = (await control(emulator.url).requests()).map((r) => r.method);
      expect(methods).toEqual(expect.arrayContaining(["POST", "GET", "DELETE"]));
      expect((await control(emulator.url).tokens()).some((t) => t.id === outs["tokenId"])).toBe(false);
    });
  });
});
