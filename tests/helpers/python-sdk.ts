import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

/**
 * A virtualenv with LogicMonitor's own Python SDK (`logicmonitor-sdk` from PyPI), for checking
 * that it reads what the emulator serves. Made once and cached outside the repository, in the
 * same cache folder as scripts/ensure-python-env; a second run reuses it at once.
 */

const run = promisify(execFile);

/** The pinned SDK release the conformance test holds the emulator to. */
export const LOGICMONITOR_SDK_VERSION = "3.0.256";

function cacheRoot(): string {
  const base = process.env["XDG_CACHE_HOME"] ?? path.join(os.homedir(), ".cache");
  return process.env["PULUMI_LM_CACHE_DIR"] ?? path.join(base, "pulumi-logicmonitor-apitoken");
}

/**
 * The path of a Python interpreter that can `import logicmonitor_sdk` at
 * {@link LOGICMONITOR_SDK_VERSION}. The first call creates the virtualenv in a fresh folder and
 * renames it into place once it works, so concurrent runs never see half an install.
 */
export async function logicMonitorSdkPython(): Promise<string> {
  const root = cacheRoot();
  const venv = path.join(root, `python-logicmonitor-sdk-${LOGICMONITOR_SDK_VERSION}`);
  const python = path.join(venv, "bin", "python");
  if (fs.existsSync(path.join(venv, ".complete"))) return python;
  fs.mkdirSync(root, { recursive: true });
  const building = fs.mkdtempSync(path.join(root, ".python-logicmonitor-sdk-"));
  try {
    await run("python3", ["-m", "venv", building], { timeout: 120_000 });
    await run(
      path.join(building, "bin", "python"),
      ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `logicmonitor-sdk==${LOGICMONITOR_SDK_VERSION}`],
      { timeout: 240_000 },
    );
    fs.writeFileSync(path.join(building, ".complete"), "");
    try {
      fs.renameSync(building, venv);
    } catch (error) {
      // Another run finished first: use its virtualenv.
      if (!fs.existsSync(path.join(venv, ".complete"))) throw error;
    }
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
  await run(python, ["-c", "import logicmonitor_sdk"], { timeout: 60_000 });
  return python;
}
