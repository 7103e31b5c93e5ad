import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * What a release is made from, as one hash: the compiled provider and release scripts (dist/),
 * the package manifest and lockfile, the committed SDK sources, the build settings taken from
 * the environment, and the date the archives carry. `npm run dist -- --if-changed` rebuilds only when it changed, so CI builds
 * `release/` once and every test reuses it.
 */

/** Files and folders (relative to the repository) that make a release. */
const INPUTS = ["dist/provider", "dist/scripts/lib/release", "package.json", "package-lock.json", "sdk/python"];

/** The sources a release is compiled from, for the date its archives carry (see {@link releaseEpoch}). */
const SOURCES = ["provider", "scripts/dist.ts", "scripts/lib/release", "package.json", "package-lock.json", "sdk/python"];

/**
 * The date every file in the release archives carries: `$SOURCE_DATE_EPOCH`, else the time of the
 * last commit that changed the release's sources (so a commit that changes only docs or tests
 * changes no byte), else 0 (no git).
 */
export function releaseEpoch(repoRoot: string, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env["SOURCE_DATE_EPOCH"];
  if (fromEnv && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  try {
    const out = execFileSync("git", ["log", "-1", "--format=%ct", "--", ...SOURCES], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return Number(out.trim()) || 0;
  } catch {
    return 0;
  }
}

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
  hash.update(`epoch=${releaseEpoch(repoRoot, env)}\0`);
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
