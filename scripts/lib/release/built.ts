import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { packageVersion, releaseArtifacts, type ReleaseArtifacts } from "./layout";

/**
 * The release artifacts (`npm run dist`) for tests and benchmarks: `$PULUMI_LM_RELEASE_DIR` when
 * CI built them already (the current leg reuses the first leg's), else `<repo>/release`, built or
 * brought up to date on first use (`dist.js --if-changed`, under a lock, so test files running
 * side by side build it once). Needs `npm run build` first. Development tooling only.
 */

let cached: ReleaseArtifacts | undefined;

/** The built release of the repository's version. */
export function builtRelease(repoRoot: string): ReleaseArtifacts {
  if (cached) return cached;
  const version = packageVersion(repoRoot);
  const given = process.env["PULUMI_LM_RELEASE_DIR"];
  let dir: string;
  if (given) {
    dir = given;
  } else {
    const script = path.join(repoRoot, "dist", "scripts", "dist.js");
    if (!fs.existsSync(script)) throw new Error(`${script} is missing: run 'npm run build' (or 'npm run dist') first`);
    fs.mkdirSync(path.join(repoRoot, "release"), { recursive: true });
    const out = execFileSync("flock", [path.join(repoRoot, "release", ".lock"), process.execPath, script, "--if-changed"], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    dir = out.trim().split("\n").pop()!;
  }
  const artifacts = releaseArtifacts(dir, version);
  for (const file of [artifacts.pluginArchive, artifacts.wheel, artifacts.sdist, artifacts.checksums]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run 'npm run dist'${given ? " or unset PULUMI_LM_RELEASE_DIR" : ""}`);
  }
  return (cached = artifacts);
}

/** Unpacks the release's plugin archive into `dir` (made if missing); returns the executable's path. */
export function unpackPlugin(artifacts: ReleaseArtifacts, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("tar", ["-xzf", artifacts.pluginArchive, "-C", dir]);
  return path.join(dir, "pulumi-resource-logicmonitor");
}
