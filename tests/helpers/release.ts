import { REPO_ROOT } from "../../scripts/lib/engine";
import { builtRelease as builtReleaseOf } from "../../scripts/lib/release/built";
import { PLUGIN_NAME, type ReleaseArtifacts } from "../../scripts/lib/release/layout";
import type { TempProject } from "../../scripts/lib/temp-project";

/** The release artifacts (`npm run dist`) tests use: built once per run (scripts/lib/release/built.ts). */
export function builtRelease(): ReleaseArtifacts {
  return builtReleaseOf(REPO_ROOT);
}

/** `pulumi plugin install resource logicmonitor <version> --file <the release's archive>` in a project's Pulumi home. */
export async function installReleasePlugin(project: TempProject, release: ReleaseArtifacts = builtRelease()): Promise<void> {
  await project.pulumiOk(["plugin", "install", "resource", PLUGIN_NAME, release.version, "--file", release.pluginArchive]);
}
