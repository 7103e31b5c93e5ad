import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { control } from "../../helpers/control";

/**
 * The provider as Pulumi stores it in state (`__provider`): serialized in a plain Node process
 * exactly as `new ApiToken(...)` does, then loaded back exactly as the dynamic-provider plugin
 * does (`requireFromString(text).handler()`) and driven against the emulator.
 */

const REPO = path.resolve(__dirname, "..", "..", "..");
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
    const saved: Record<string, string | undefined> = {};

    beforeAll(async () => {
      emulator = await startEmulator();
      // The plugin process gets credentials from its environment (or configure()).
      for (const key of ["LM_BASE_URL", "LM_ACCESS_ID", "LM_ACCESS_KEY", "LM_COMPANY", "LM_BEARER_TOKEN"]) {
        saved[key] = process.env[key];
        delete process.env[key];
      }
      process.env["LM_BASE_URL"] = emulator.baseUrl;
      process.env["LM_ACCESS_ID"] = emulator.accessId;
      process.env["LM_ACCESS_KEY"] = emulator.accessKey;
    });
    afterAll(async () => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await emulator.close();
    });

    it("creates, reads and deletes a token", async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const requireFromString = require("require-from-string") as (code: string) => { handler(): Record<string, Function> };
      const provider = requireFromString(serialized.text).handler() as unknown as {
        check(olds: object, news: object): Promise<{ inputs: Record<string, unknown> }>;
        create(inputs: object): Promise<{ id: string; outs: Record<string, unknown> }>;
        read(id: string, props: object): Promise<{ id?: string; props?: Record<string, unknown> }>;
        delete(id: string, props: object): Promise<void>;
      };
      const { inputs } = await provider.check({}, { adminId: 32, note: "from the serialized provider" });
      const { id, outs } = await provider.create(inputs);
      const read = await provider.read(id, outs);
      expect(read.props?.["note"]).toBe("from the serialized provider");
      expect(read.props?.["accessKey"]).toBe(outs["accessKey"]);
      await provider.delete(id, outs);
      expect((await control(emulator.url).tokens()).some((t) => t.id === outs["tokenId"])).toBe(false);
    });
  });
});
