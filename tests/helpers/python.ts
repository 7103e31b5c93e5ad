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
