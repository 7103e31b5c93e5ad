import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * What a release is made from, as one hash: the compiled provider and release scripts (dist/),
 * the package manifest and lockfile, the committed SDK sources, and the build settings taken from
 * the environment. `npm run dist -- --if-changed` rebuilds only when it changed, so CI builds
 * `release/` once and every test reuses it.
 */

/** Files and folders (relative to the repository) that make a release. */
const INPUTS = ["dist/provider", "dist/scripts/lib/release", "package.json", "package-lock.json", "sdk/python"];

/** Environment variables that change what is built. */
export const BUILD_ENV = ["PULUMI_LM_PLUGIN_DOWNLOAD_URL", "SOURCE_DATE_EPOCH"];

/** The hash of a release's inputs. */
export function releaseInputsHash(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const hash = crypto.createHash("sha256");
  for (const input of INPUTS) {
    for (const file of filesUnder(path.join(repoRoot, input))) {
      hash.update(`${path.relative(repoRoot, file)}\0`).update(fs.readFileSync(file)).update("\0");
    }
  }
  for (const name of BUILD_ENV) hash.update(`${name}=${env[name] ?? ""}\0`);
  return hash.digest("hex");
}

function filesUnder(entry: string): string[] {
  if (!fs.existsSync(entry)) return [];
  if (!fs.statSync(entry).isDirectory()) return [entry];
  return fs
    .readdirSync(entry)
    .filter((name) => name !== "__pycache__" && !name.endsWith(".egg-info"))
    .sort()
    .flatMap((name) => filesUnder(path.join(entry, name)));
}
