import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import type { RunningEmulator } from "../../../provider/emulator";
import { controlRequest, startTestEmulator } from "../../helpers/emulator";
import { describeWithPython3 } from "../../helpers/python";

/** An independent client (Python stdlib, LogicMonitor's published signing recipe) against the emulator. */

const run = promisify(execFile);
const CLIENT = path.resolve(__dirname, "..", "..", "fixtures", "python-lm-client.py");

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

function runClient(args: string[] = []) {
  return run("python3", [CLIENT, ...args], {
    env: { ...process.env, LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: emulator.accessId, LM_ACCESS_KEY: emulator.accessKey },
    timeout: 15000,
  });
}

describeWithPython3("python-lm-client.py", () => {
  it("lists admin 32's tokens and creates one", async () => {
    const { stdout } = await runClient();
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ ok: true, status: 200, listedTotal: 0, createdHasKey: true });
    const tokens = (await controlRequest<{ tokens: Record<string, unknown>[] }>(emulator, "GET", "/tokens")).tokens;
    expect(tokens.find((t) => t["id"] === result["createdId"])).toMatchObject({ adminId: 32, note: "python client", createdBy: "lmapi" });
  });

  it("is refused with 401 when it signs the /santaba/rest prefix", async () => {
    const failure = await runClient(["--sign-with-prefix"]).then(
      () => undefined,
      (error: unknown) => error as { code: number; stdout: string },
    );
    expect(failure?.code).toBe(2);
    expect(JSON.parse(failure?.stdout ?? "{}")).toEqual({
      ok: false,
      status: 401,
      body: { errorMessage: "Authentication failed", errorCode: 1401, errorDetail: null },
    });
  });
});
