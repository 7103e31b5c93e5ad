/**
 * `npm run dist`: writes `release/` (git-ignored) from a clone:
 *
 * - `pulumi-resource-logicmonitor-v<version>-linux-amd64.tar.gz`: the plugin as one executable
 *   that needs no Node.js (a Node.js 24 single executable application), at the archive's root;
 * - `pulumi_logicmonitor-<version>-py3-none-any.whl` and `pulumi_logicmonitor-<version>.tar.gz`: the
 *   Python SDK (sdk/python), whose `pulumi-plugin.json` names the plugin and its version;
 * - `SHA256SUMS` of every artifact.
 *
 * `PULUMI_LM_PLUGIN_DOWNLOAD_URL`, when set, is the release location the Python SDK tells the
 * engine to download the plugin from (`pluginDownloadURL`); the SDK is then generated again with
 * it (scripts/gen-sdk, needs Go). Unset, the SDK names none: nothing is invented.
 *
 * `--if-changed` does nothing when `release/` already holds a build of the same inputs
 * (scripts/lib/release/inputs.ts). Prints the release folder as its last line.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packTarGz, writeChecksums } from "./lib/release/archive";
import { bundlePlugin } from "./lib/release/bundle";
import { executableVersion, makeExecutable } from "./lib/release/executable";
import { releaseEpoch, releaseInputsHash } from "./lib/release/inputs";
import { cacheRoot, checksummed, packageVersion, PLUGIN_EXECUTABLE, releaseArtifacts, SEA_NODE_VERSION } from "./lib/release/layout";
import { ensureNodeBinary } from "./lib/release/node-binary";
import { buildPythonDists } from "./lib/release/python-dist";
import { REPO_ROOT } from "./lib/engine";

const log = (line: string) => process.stderr.write(`dist: ${line}\n`);

async function main(args: string[]): Promise<void> {
  const version = packageVersion(REPO_ROOT);
  const releaseDir = path.join(REPO_ROOT, "release");
  const artifacts = releaseArtifacts(releaseDir, version);
  const stamp = path.join(releaseDir, ".inputs-sha256");
  const inputs = releaseInputsHash(REPO_ROOT);
  if (args.includes("--if-changed") && readIfExists(stamp) === inputs && checksummed(artifacts).every((file) => fs.existsSync(file))) {
    log(`release/ is up to date (${version})`);
    console.log(releaseDir);
    return;
  }

  const started = Date.now();
  const epoch = releaseEpoch(REPO_ROOT);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "lm-dist-"));
  try {
    fs.rmSync(releaseDir, { recursive: true, force: true });
    fs.mkdirSync(releaseDir, { recursive: true });

    const node = ensureNodeBinary(cacheRoot(), SEA_NODE_VERSION, log);
    log(`bundling the plugin (esbuild), then making the executable from Node.js ${SEA_NODE_VERSION}`);
    const bundle = path.join(work, "plugin.js");
    await bundlePlugin(REPO_ROOT, version, bundle);
    const staged = path.join(work, "archive");
    fs.mkdirSync(staged);
    const executable = path.join(staged, PLUGIN_EXECUTABLE);
    makeExecutable(node, bundle, executable, work);
    const reported = executableVersion(executable);
    if (reported !== version) throw new Error(`the executable, run with an empty environment, printed '${reported}' for --version, not ${version}`);
    fs.utimesSync(executable, epoch, epoch);
    packTarGz(staged, [PLUGIN_EXECUTABLE], artifacts.pluginArchive, epoch);

    log("building the Python SDK's wheel and sdist");
    buildPythonDists(cacheRoot(), pythonSdkSources(work), releaseDir, work, epoch, log);
    const missing = checksummed(artifacts).filter((file) => !fs.existsSync(file));
    if (missing.length > 0) throw new Error(`not built: ${missing.map((file) => path.basename(file)).join(", ")} (release/ holds ${fs.readdirSync(releaseDir).join(", ")})`);

    writeChecksums(checksummed(artifacts), artifacts.checksums);
    fs.writeFileSync(stamp, inputs);
    for (const file of checksummed(artifacts)) {
      log(`${path.basename(file)} ${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);
    }
    log(`release/ written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(releaseDir);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The Python SDK's sources: sdk/python as committed, or generated again with a plugin download URL. */
function pythonSdkSources(work: string): string {
  if (!process.env["PULUMI_LM_PLUGIN_DOWNLOAD_URL"]) return path.join(REPO_ROOT, "sdk", "python");
  const generated = path.join(work, "generated-python-sdk");
  execFileSync(path.join(REPO_ROOT, "scripts", "gen-sdk"), ["python", generated], { stdio: ["ignore", "ignore", "inherit"] });
  return generated;
}

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  log(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
