import * as fs from "node:fs";
import * as path from "node:path";
import { engineDir } from "../../scripts/lib/engine";
import { createTempProject, type TempProject } from "../../scripts/lib/temp-project";
import { requireSuccess, runTimed, type TimedRun } from "./timed-process";

/** The benchmark's Pulumi programs (folders under bench/programs). */
export type BenchProgram = "api-tokens" | "noop-dynamic" | "noop-twin" | "command-tokens" | "plugin-tokens" | "rotating-tokens";

/** What the engine's dynamic-provider process has in its command line. */
export const DYNAMIC_PROVIDER_MARKER = "dynamic-provider";

/** The sequential signing script: the baseline, and what each local.Command runs. */
export const SIGN_AND_POST_SCRIPT = path.resolve(__dirname, "..", "scripts", "sign-and-post.js");

const PROGRAMS = path.resolve(__dirname, "..", "programs");

/** A stack of one benchmark program, in its own temp folder with its own file backend. */
export interface BenchStack {
  project: TempProject;
  /**
   * Runs `pulumi <args>` timed (with `--parallel` when the bench sets one); throws when it fails
   * unless `allowFailure` is set.
   */
  pulumi(args: string[], options?: { watchProviderMemory?: boolean; allowFailure?: boolean }): Promise<TimedRun>;
  /** `pulumi stack export` as text (secrets stay ciphertext). */
  exportText(): Promise<string>;
  dispose(): void;
}

/** Options of {@link createBenchStack}. */
export interface BenchStackOptions {
  program: BenchProgram;
  /** How many resources the program declares. */
  count: number;
  /** The admins that own the tokens, round-robin. */
  adminIds: number[];
  /** LM_BASE_URL and LM_ACCESS_ID and LM_ACCESS_KEY (or LM_BEARER_TOKEN): passed through the environment, never config. */
  credentials: Record<string, string>;
  /** `--parallel` for operations that change or read resources; the engine's default when absent. */
  parallel?: number;
  /** More plain-text stack config for the program. */
  extraConfig?: Record<string, string>;
  /**
   * For plugin-face programs: the folder of the pulumi-resource-logicmonitor the engine runs
   * (`plugins.providers[].path`), e.g. the release's executable; the npm package's launcher
   * (node_modules/pulumi-logicmonitor-apitoken/bin) when absent.
   */
  pluginDir?: string;
}

const OPERATIONS_WITH_PARALLEL = new Set(["up", "refresh", "destroy", "preview"]);

/** Copies a benchmark program to a temp folder, initializes a stack and sets its config. */
export async function createBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  // The package installed as users get it from the registry: a real folder in node_modules.
  const project = createTempProject(path.join(PROGRAMS, options.program), {
    extraEnv: { LM_COMPANY: undefined, LM_BEARER_TOKEN: undefined, LM_ACCESS_ID: undefined, LM_ACCESS_KEY: undefined, ...options.credentials },
    packageInstall: "install",
  });
  if (options.pluginDir !== undefined) {
    const file = path.join(project.dir, "Pulumi.yaml");
    const text = fs.readFileSync(file, "utf8");
    const pointed = text.replace("path: node_modules/pulumi-logicmonitor-apitoken/bin", `path: ${options.pluginDir}`);
    if (pointed === text) throw new Error(`${options.program} has no plugins path to point at ${options.pluginDir}`);
    fs.writeFileSync(file, pointed);
  }
  const pulumiBinary = path.join(engineDir(), "pulumi");
  const pulumi: BenchStack["pulumi"] = async (args, runOptions = {}) => {
    const withParallel =
      options.parallel !== undefined && OPERATIONS_WITH_PARALLEL.has(args[0] ?? "") ? [...args, "--parallel", String(options.parallel)] : args;
    const run = await runTimed(pulumiBinary, withParallel, {
      cwd: project.dir,
      env: project.env,
      ...(runOptions.watchProviderMemory ? { watchMemoryOf: DYNAMIC_PROVIDER_MARKER } : {}),
    });
    return runOptions.allowFailure ? run : requireSuccess(`pulumi ${withParallel.join(" ")}`, run);
  };
  try {
    await project.pulumiOk(["stack", "init", "bench"]);
    await project.pulumiOk([
      "config",
      "set-all",
      "--plaintext",
      `count=${options.count}`,
      "--plaintext",
      `adminIds=${options.adminIds.join(",")}`,
      "--plaintext",
      `script=${SIGN_AND_POST_SCRIPT}`,
      ...Object.entries(options.extraConfig ?? {}).flatMap(([key, value]) => ["--plaintext", `${key}=${value}`]),
    ]);
  } catch (error) {
    project.dispose();
    throw error;
  }
  return {
    project,
    pulumi,
    exportText: async () => (await pulumi(["stack", "export"])).stdout,
    dispose: () => project.dispose(),
  };
}
