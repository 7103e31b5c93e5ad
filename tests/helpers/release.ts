import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/engine";
import { packageVersion, PLUGIN_NAME, releaseArtifacts, type ReleaseArtifacts } from "../../scripts/lib/release/layout";
import type { TempProject } from "../../scripts/lib/temp-project";

/**
 * The release artifacts (`npm run dist`) for tests: `$PULUMI_LM_RELEASE_DIR` when CI built them
 * already (the current leg reuses the first leg's), else `release/`, built or brought up to date
 * on first use (`dist.js --if-changed`, under a lock, so test files running side by side build
 * it once).
 */

let cached: ReleaseArtifacts | undefined;

/** The built release of this checkout's version. */
export function builtRelease(): ReleaseArtifacts {
  if (cached) return cached;
  const version = packageVersion(REPO_ROOT);
  const given = process.env["PULUMI_LM_RELEASE_DIR"];
  let dir: string;
  if (given) {
    dir = given;
  } else {
    const script = path.join(REPO_ROOT, "dist", "scripts", "dist.js");
    if (!fs.existsSync(script)) throw new Error(`${script} is missing: run 'npm run build' (or 'npm run dist') first`);
    fs.mkdirSync(path.join(REPO_ROOT, "release"), { recursive: true });
    const out = execFileSync("flock", [path.join(REPO_ROOT, "release", ".lock"), process.execPath, script, "--if-changed"], {
      cwd: REPO_ROOT,
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

/** `pulumi plugin install resource logicmonitor <version> --file <the release's archive>` in a project's Pulumi home. */
export async function installReleasePlugin(project: TempProject, release: ReleaseArtifacts = builtRelease()): Promise<void> {
  await project.pulumiOk(["plugin", "install", "resource", PLUGIN_NAME, release.version, "--file", release.pluginArchive]);
}
