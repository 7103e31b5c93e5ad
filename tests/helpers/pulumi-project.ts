import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiEnv, REPO_ROOT, runPulumi, type PulumiRun } from "../../scripts/lib/engine";

/** A Pulumi project copied to a temp folder, with its own file backend and Pulumi home. */
export interface TempProject {
  /** The project folder (holds Pulumi.yaml). */
  dir: string;
  /** The environment every `pulumi` call of this project uses. */
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

/**
 * Copies a program folder to a temp folder, links the repository's node_modules into it (as a
 * user's `npm install` would provide them), and gives it an isolated offline Pulumi setup.
 */
export function createTempProject(
  programDir: string,
  options: { extraEnv?: Record<string, string | undefined> } = {},
): TempProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lm-e2e-"));
  const dir = path.join(root, "project");
  fs.cpSync(programDir, dir, { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const env = pulumiEnv({
    stateDir: path.join(root, "state"),
    homeDir: path.join(root, "home"),
    extra: options.extraEnv,
  });
  const withEnv = (extra?: Record<string, string | undefined>): NodeJS.ProcessEnv => {
    const merged: NodeJS.ProcessEnv = { ...env };
    for (const [k, v] of Object.entries(extra ?? {})) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    return merged;
  };
  const transcript: string[] = [];
  const project: TempProject = {
    dir,
    env,
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
