import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { pulumiEnv, REPO_ROOT, runPulumi, type PulumiRun } from "../../scripts/lib/engine";

/**
 * The package as users get it: `npm pack`, then a fresh Pulumi program in a temp folder that
 * installs the tarball with plain `npm install` (no link, no `file:` folder dependency, no
 * `--legacy-peer-deps`), run by the real engine on its own offline backend.
 */

const run = promisify(execFile);

/**
 * The `@pulumi/pulumi` this checkout runs with (the lockfile's, or the newest in CI's current leg);
 * `PULUMI_LM_TEST_SDK=<version>` tries another by hand (e.g. one below the peer range).
 */
export function sdkUnderTest(): string {
  const asked = process.env["PULUMI_LM_TEST_SDK"];
  if (asked) return asked;
  return readVersion(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"));
}

/** The oldest `@pulumi/pulumi` the package supports: the lower bound of its peer range. */
export function oldestSupportedSdk(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    peerDependencies: Record<string, string>;
  };
  const range = manifest.peerDependencies["@pulumi/pulumi"] ?? "";
  const lower = /^>=\s*(\d+\.\d+\.\d+)\s/.exec(range);
  if (!lower?.[1]) throw new Error(`peerDependencies["@pulumi/pulumi"] is '${range}', not '>=X.Y.Z <4'`);
  return lower[1];
}

/** The version in a package.json. */
export function readVersion(manifestPath: string): string {
  return (JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { version: string }).version;
}

/** Packs the repository (its compiled dist/, as `npm run build` left it) into `destination`. */
export async function packTarball(destination: string): Promise<string> {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "index.js"))) {
    throw new Error("dist/provider is not built: run `npm run build` first (npm test does)");
  }
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no package: ${stdout}`);
  return path.join(destination, packed.filename);
}

/** A fresh Pulumi program with its own node_modules, state and Pulumi home. */
export interface InstalledProgram {
  /** The program folder. */
  dir: string;
  /** `npm install <specs>` in the program (plain install: peers resolved, nothing forced). */
  npmInstall(specs: string[]): Promise<void>;
  /** Runs `pulumi <args>` in the program. */
  pulumi(args: string[]): Promise<PulumiRun>;
  /** Runs `pulumi <args>` and throws with the CLI's output when it exits non-zero. */
  pulumiOk(args: string[]): Promise<PulumiRun>;
  /** The version of a package installed in the program's node_modules. */
  installedVersion(name: string): string;
  /** Removes the temp folder. */
  dispose(): void;
}

/**
 * Creates a program from `examples/quickstart`'s Pulumi.yaml and index.ts with a package.json of
 * its own (no dependencies yet), wired to the portal through `env` (e.g. the emulator's LM_*).
 */
export function createInstalledProgram(env: Record<string, string | undefined>): InstalledProgram {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lm-installed-"));
  const dir = path.join(root, "program");
  fs.mkdirSync(dir);
  const example = path.join(REPO_ROOT, "examples", "quickstart");
  for (const file of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(example, file), path.join(dir, file));
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "lm-apitoken-installed", private: true, main: "index.ts" }, null, 2) + "\n",
  );
  // Settings every TypeScript the engine may compile with understands: without `typescript` in the
  // program, the SDK's vendored ts-node runs its vendored TypeScript 3.8 with this file.
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify(
      { compilerOptions: { strict: true, target: "es2020", module: "commonjs", moduleResolution: "node", noEmit: true, types: [] }, files: ["index.ts"] },
      null,
      2,
    ) + "\n",
  );
  const pulumiEnvironment = pulumiEnv({ stateDir: path.join(root, "state"), homeDir: path.join(root, "home"), extra: env });
  const program: InstalledProgram = {
    dir,
    async npmInstall(specs) {
      // --ignore-scripts: the package has none; the SDK's dependency tree has a few that nothing needs.
      await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", ...specs], {
        cwd: dir,
        maxBuffer: 16 * 1024 * 1024,
      }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`npm install ${specs.join(" ")} failed in ${dir}:\n${error.stderr ?? ""}\n${error.stdout ?? error.message}`);
      });
    },
    pulumi: (args) => runPulumi(args, { cwd: dir, env: pulumiEnvironment }),
    async pulumiOk(args) {
      const result = await program.pulumi(args);
      if (result.code !== 0) {
        throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
      }
      return result;
    },
    installedVersion: (name) => readVersion(path.join(dir, "node_modules", name, "package.json")),
    dispose: () => fs.rmSync(root, { recursive: true, force: true }),
  };
  return program;
}

/** One resource of `pulumi stack export`. */
export interface ExportedResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** The ApiToken resources in the program's state. */
export async function exportedTokens(program: InstalledProgram): Promise<ExportedResource[]> {
  const state = JSON.parse((await program.pulumiOk(["stack", "export"])).stdout) as {
    deployment: { resources?: ExportedResource[] };
  };
  return (state.deployment.resources ?? []).filter((r) => r.type.endsWith("logicmonitor:ApiToken"));
}

/** The property lines `pulumi preview --diff` marks as changed (`~ note : ...`, `+ x : ...`). */
export function changedPropertyLines(diff: string): string[] {
  return diff.split("\n").filter((line) => /^\s*[~+-]\s+\w+\s*:/.test(line));
}
