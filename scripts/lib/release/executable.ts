import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * A Node.js single executable application (SEA): a copy of Node.js's own binary with the bundled
 * plugin injected as its main script (https://nodejs.org/api/single-executable-applications.html).
 * The preparation blob is made by the same Node.js binary it is injected into, and injected with
 * postject, Node.js's own tool for it. No snapshot and no code cache: both depend on the building
 * machine; without them the same inputs give the same bytes.
 */

/** The fuse Node.js looks for to know it carries an injected blob (from Node.js's SEA documentation). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** Makes `output` from the Node.js binary `node` and the bundled script `bundle`. */
export function makeExecutable(node: string, bundle: string, output: string, workDir: string): void {
  // Paths relative to the work folder: the blob records the main script's path, and a temp
  // folder's random name would make every build differ.
  fs.copyFileSync(bundle, path.join(workDir, "main.js"));
  fs.writeFileSync(
    path.join(workDir, "sea-config.json"),
    JSON.stringify({ main: "main.js", output: "sea-prep.blob", disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false }),
  );
  run(node, ["--experimental-sea-config", "sea-config.json"], "making the SEA preparation blob", workDir);
  const blob = path.join(workDir, "sea-prep.blob");
  fs.copyFileSync(node, output);
  fs.chmodSync(output, 0o755);
  const postject = require.resolve("postject/dist/cli.js");
  run(process.execPath, [postject, output, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE], "injecting the blob with postject");
}

/** Runs a build step; its output is shown only when it fails (postject prints LIEF's warnings on every run). */
function run(command: string, args: string[], what: string, cwd?: string): void {
  const result = spawnSync(command, args, { encoding: "utf8", cwd });
  if (result.status !== 0) {
    throw new Error(`${what} failed (${path.basename(command)} exited ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
}

/**
 * Runs the executable with an EMPTY environment (no PATH, so no `node` to fall back on) and
 * returns what `--version` prints: the proof that it is self-contained.
 */
export function executableVersion(executable: string): string {
  return execFileSync(executable, ["--version"], { encoding: "utf8", env: {}, cwd: path.dirname(executable) }).trim();
}
