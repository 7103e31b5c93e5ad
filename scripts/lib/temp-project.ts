import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiEnv, REPO_ROOT, runPulumi, type PulumiRun } from "./engine";

/**
 * Throwaway Pulumi projects for tests and benchmarks: a program copied to a temp folder with its
 * own offline backend and Pulumi home. Development tooling only; never reached by the provider.
 */

/** A Pulumi project copied to a temp folder, with its own file backend and Pulumi home. */
export interface TempProject {
  /** The project folder (holds Pulumi.yaml). */
  dir: string;
  /** The environment every `pulumi` call of this project uses (finds the engine on first use). */
  env: NodeJS.ProcessEnv;
  /** Runs `pulumi <args>` in the project. */
  pulumi(args: string[], options?: { env?: Record<string, string | undefined>; timeoutMs?: number }): Promise<PulumiRun>;
  /** Runs `pulumi <args>` and throws with the CLI's output when it exits non-zero. */
  pulumiOk(args: string[], options?: { env?: Record<string, string | undefined>; timeoutMs?: number }): Promise<PulumiRun>;
  /** Everything every `pulumi` call of this project printed, for secret scans. */
  transcript: string[];
  /** Removes the temp folder. */
  dispose(): void;
}

/** Options of {@link createTempProject}. */
export interface TempProjectOptions {
  extraEnv?: Record<string, string | undefined>;
  /**
   * How this package reaches the program: `"link"` (default) links the repository's node_modules,
   * where the package is a symlink to the repository (like `npm link`); `"install"` gives the
   * project a node_modules folder of its own holding a real copy of the package's published files
   * (like `npm install` from the registry), with every other dependency linked; `"none"` gives it
   * no node_modules at all (a YAML or Python program using the release's plugin executable).
   */
  packageInstall?: "link" | "install" | "none";
}

/**
 * Copies a program folder to a temp folder, provides the repository's node_modules to it (as a
 * user's `npm install` would), and gives it an isolated offline Pulumi setup.
 */
export function createTempProject(programDir: string, options: TempProjectOptions = {}): TempProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lm-e2e-"));
  const dir = path.join(root, "project");
  fs.cpSync(programDir, dir, { recursive: true });
  if (options.packageInstall === "install") installPackageCopy(path.join(dir, "node_modules"));
  else if (options.packageInstall !== "none") fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  // Made on first use: finding the engine (maybe building it) waits until a test needs the CLI.
  let env: NodeJS.ProcessEnv | undefined;
  const environment = () => (env ??= pulumiEnv({ stateDir: path.join(root, "state"), homeDir: path.join(root, "home"), extra: options.extraEnv }));
  const withEnv = (extra?: Record<string, string | undefined>): NodeJS.ProcessEnv => {
    const merged: NodeJS.ProcessEnv = { ...environment() };
    for (const [k, v] of Object.entries(extra ?? {})) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    return merged;
  };
  const transcript: string[] = [];
  const project: TempProject = {
    dir,
    get env() {
      return environment();
    },
    transcript,
    async pulumi(args, opts) {
      const run = await runPulumi(args, { cwd: dir, env: withEnv(opts?.env), ...(opts?.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
      // A run that asked to reveal secrets is the one place plaintext is expected.
      if (!args.includes("--show-secrets")) transcript.push(`$ pulumi ${args.join(" ")}\n${run.stdout}\n${run.stderr}`);
      return run;
    },
    async pulumiOk(args, opts) {
      const run = await project.pulumi(args, opts);
      if (run.code !== 0) {
        throw new Error(
          `pulumi ${args.join(" ")} exited ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`,
        );
      }
      return run;
    },
    dispose: () => fs.rmSync(root, { recursive: true, force: true }),
  };
  return project;
}

/**
 * Builds a node_modules folder the way `npm install` leaves it for this package: the package as a
 * real folder with its published files (package.json and `files`), and the Pulumi SDK packages as
 * real folders beside it (linked, Node would resolve them into the repository, where this package
 * is only a link). Every other dependency is linked from the repository.
 */
function installPackageCopy(nodeModules: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { name: string; files?: string[] };
  const copied = new Set([manifest.name, PULUMI_SCOPE, ".bin"]);
  fs.mkdirSync(nodeModules);
  const source = path.join(REPO_ROOT, "node_modules");
  for (const entry of fs.readdirSync(source)) {
    if (!copied.has(entry)) fs.symlinkSync(path.join(source, entry), path.join(nodeModules, entry), "dir");
  }
  fs.cpSync(path.join(source, PULUMI_SCOPE), path.join(nodeModules, PULUMI_SCOPE), { recursive: true });
  const target = path.join(nodeModules, manifest.name);
  // Negated entries ("!dist/…/*.map") only exclude files from the package: nothing to copy for them.
  for (const file of ["package.json", ...(manifest.files ?? []).filter((entry) => !entry.startsWith("!"))]) {
    fs.cpSync(path.join(REPO_ROOT, file), path.join(target, file), { recursive: true });
  }
}

/** The npm scope of the Pulumi SDK packages (`@pulumi/pulumi`, `@pulumi/command`). */
const PULUMI_SCOPE = "@pulumi";
