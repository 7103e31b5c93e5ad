import { execFileSync, spawnSync } from "node:child_process";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { engineDir, REPO_ROOT } from "../../scripts/lib/engine";
import { control } from "../helpers/control";
import { splitNote } from "../../provider/core/ownership";
import { createTempProject, type TempProject } from "../../scripts/lib/temp-project";
import { emulatorEnv, EXAMPLES } from "../helpers/stack";

/**
 * examples/python end to end: Pulumi's Python SDK from PyPI, the `pulumi_logicmonitor` SDK that
 * Pulumi's code generator made from the plugin's schema, the Python language host built from
 * sdk/v3 v3.68.0, and pulumi-resource-logicmonitor, against the emulator.
 */

jest.setTimeout(300_000);

/** The test needs `python3` (and PyPI for the first virtualenv); without python3 it is skipped, saying so. */
const HAS_PYTHON3 = spawnSync("python3", ["--version"], { stdio: "ignore" }).status === 0;

if (!HAS_PYTHON3) {
  it.skip("SKIPPED: python3 is not on PATH (install Python 3 to run examples/python end to end)", () => undefined);
}

(HAS_PYTHON3 ? describe : describe.skip)("examples/python through the plugin face", () => {
  let emulator: RunningEmulator;
  let project: TempProject;

  beforeAll(async () => {
    // Creates (once, then cached) the virtualenv with `pulumi` and the generated SDK.
    const venv = execFileSync(path.join(REPO_ROOT, "scripts", "ensure-python-env"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
      .trim()
      .split("\n")
      .pop()!;
    emulator = await startEmulator();
    const rest = (process.env["PATH"] ?? "").split(path.delimiter).filter((dir) => !dir.endsWith(path.join("node_modules", ".bin")));
    project = createTempProject(path.join(EXAMPLES, "python"), {
      extraEnv: { ...emulatorEnv(emulator), VIRTUAL_ENV: venv, PATH: [path.join(venv, "bin"), engineDir(), ...rest].join(path.delimiter) },
    });
    await project.pulumiOk(["stack", "init", "dev"]);
  });
  afterAll(async () => {
    project.dispose();
    await emulator.close();
  });

  it("creates, updates in place and destroys a token; the key is a secret output and ciphertext in state", async () => {
    const portal = control(emulator.url);
    await project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const outputs = JSON.parse((await project.pulumiOk(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
    expect(outputs).toMatchObject({ adminName: "jdoe", accessKey: "[secret]" });
    const tokenId = Number(outputs["tokenId"]);
    expect((await portal.tokens()).map((t) => t.id)).toContain(tokenId);
    const key = (await project.pulumiOk(["stack", "output", "accessKey", "--show-secrets"])).stdout.trim();
    expect(key.length).toBeGreaterThanOrEqual(40);
    const exported = (await project.pulumiOk(["stack", "export"])).stdout;
    expect(exported).not.toContain(key);
    expect(exported).toContain('"type": "logicmonitor:index:ApiToken"');

    await project.pulumiOk(["config", "set", "note", "from Python (prod)"]);
    const diff = (await project.pulumiOk(["preview", "--diff"])).stdout;
    expect(diff).toMatch(/~ note\s*:\s*"CI deploys" => "from Python \(prod\)"/);
    await project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect(splitNote((await portal.tokens()).find((t) => t.id === tokenId)?.note ?? "")).toEqual({ note: "from Python (prod)", mark: expect.objectContaining({ hash: expect.any(String) }) });

    await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect((await portal.tokens()).map((t) => t.id)).not.toContain(tokenId);
  });
});
