import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { engineDir, REPO_ROOT } from "../../scripts/lib/engine";
import { control } from "../helpers/control";
import { splitNote } from "../../provider/core/ownership";
import { createTempProject, type TempProject } from "../../scripts/lib/temp-project";
import { emulatorEnv, EXAMPLES } from "../helpers/stack";
import { builtRelease, installReleasePlugin } from "../helpers/release";
import { pathWithoutNode } from "../helpers/no-node-path";

/**
 * examples/python end to end as a Python user without Node.js runs it: the release's wheel
 * `pip install`ed into a fresh virtualenv (with Pulumi's `pulumi` from PyPI), the release's plugin
 * executable installed with `pulumi plugin install resource logicmonitor <version> --file`, then
 * `up`, an update and `destroy` against the emulator, with no `node` on PATH and no node_modules.
 * The Python language host is built from sdk/v3 v3.68.0 (scripts/ensure-pulumi).
 */

jest.setTimeout(300_000);

/** The test needs `python3` (and PyPI for the first wheelhouse); without python3 it is skipped, saying so. */
const HAS_PYTHON3 = spawnSync("python3", ["--version"], { stdio: "ignore" }).status === 0;

if (!HAS_PYTHON3) {
  it.skip("SKIPPED: python3 is not on PATH (install Python 3 to run examples/python end to end)", () => undefined);
}

(HAS_PYTHON3 ? describe : describe.skip)("examples/python with the release's wheel and plugin executable, without Node.js", () => {
  let emulator: RunningEmulator;
  let project: TempProject;
  let scratch: string;
  let venv: string;

  beforeAll(async () => {
    const release = builtRelease();
    // The pinned `pulumi` and the SDK's dependencies, downloaded once (then cached), so the
    // install below is offline.
    const wheelhouse = execFileSync(path.join(REPO_ROOT, "scripts", "ensure-python-env"), [release.wheel], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
      .trim()
      .split("\n")
      .pop()!;
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lm-python-"));
    venv = path.join(scratch, "venv");
    execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
    const requirements = path.join(EXAMPLES, "python", "requirements.txt");
    execFileSync(path.join(venv, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", "--no-index", "--find-links", wheelhouse, "-r", requirements, release.wheel], { stdio: "inherit" });
    emulator = await startEmulator();
    project = createTempProject(path.join(EXAMPLES, "python"), {
      packageInstall: "none",
      extraEnv: { ...emulatorEnv(emulator), VIRTUAL_ENV: venv, PATH: pathWithoutNode(path.join(venv, "bin"), engineDir()) },
    });
    await project.pulumiOk(["stack", "init", "dev"]);
    await installReleasePlugin(project, release);
  });
  afterAll(async () => {
    project?.dispose();
    await emulator?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("the installed SDK names the plugin and its version, and the program folder has no Node.js in reach", () => {
    const site = execFileSync(path.join(venv, "bin", "python"), ["-c", "import pulumi_logicmonitor, os; print(os.path.dirname(pulumi_logicmonitor.__file__))"], { encoding: "utf8" }).trim();
    expect(JSON.parse(fs.readFileSync(path.join(site, "pulumi-plugin.json"), "utf8"))).toEqual({ resource: true, name: "logicmonitor", version: builtRelease().version });
    expect(fs.existsSync(path.join(project.dir, "node_modules"))).toBe(false);
    expect(project.env["PATH"]!.split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, "node")))).toBe(false);
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
