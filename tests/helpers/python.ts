import { spawnSync } from "node:child_process";

/**
 * Tests that run a Python 3 fixture (an independent client or server): they need `python3` on
 * PATH. Without it they are skipped, and the skipped test's name says why and what to install.
 */

/** True when `python3 --version` runs. */
export const HAS_PYTHON3 = spawnSync("python3", ["--version"], { stdio: "ignore" }).status === 0;

/** `describe`, or one skipped test that names the missing python3 when it is absent. */
export function describeWithPython3(name: string, body: () => void): void {
  if (HAS_PYTHON3) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    it.skip("SKIPPED: python3 is not on PATH (install Python 3 to run this independent check)", () => undefined);
  });
}

/** True when `python3 -m pip --version` runs (pip installs packages into a virtualenv). */
export const HAS_PIP = HAS_PYTHON3 && spawnSync("python3", ["-m", "pip", "--version"], { stdio: "ignore" }).status === 0;

/** `describe`, or one skipped test that names what is missing (python3 or pip) when either is. */
export function describeWithPip(name: string, body: () => void): void {
  if (HAS_PIP) {
    describe(name, body);
    return;
  }
  const reason = `SKIPPED: ${HAS_PYTHON3 ? "pip is not available (python3 -m pip fails)" : "python3 is not on PATH"} (install Python 3 with pip to run this check)`;
  // Jest lists no names of a file whose tests are all skipped: say it on stderr too.
  process.stderr.write(`${name}: ${reason}\n`);
  describe(name, () => {
    it.skip(reason, () => undefined);
  });
}
