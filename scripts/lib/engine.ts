import { execFile, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Running the real Pulumi CLI offline: where it is, the environment every script and test uses,
 * and a small promise-based runner. Development tooling only; never reached by the provider.
 */

/** The repository root: the nearest folder above this file with the package's package.json. */
export const REPO_ROOT = findPackageRoot(__dirname);

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && /"name":\s*"pulumi-logicmonitor-apitoken"/.test(fs.readFileSync(manifest, "utf8"))) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`no pulumi-logicmonitor-apitoken package.json above ${start}`);
  }
}

/** Passphrase for the local secrets manager of throwaway and demo stacks. */
export const LOCAL_PASSPHRASE = "pulumi-logicmonitor-apitoken-local";

let cachedEngineDir: string | undefined;

/**
 * Returns the directory holding `pulumi` and its plugins, building them on first use
 * (`scripts/ensure-pulumi`; its progress goes to this process's stderr).
 */
export function engineDir(): string {
  if (cachedEngineDir === undefined) {
    const fromEnv = process.env["PULUMI_LM_ENGINE_DIR"];
    if (fromEnv && fs.existsSync(path.join(fromEnv, "pulumi"))) {
      cachedEngineDir = fromEnv;
    } else {
      const out = execFileSync(path.join(REPO_ROOT, "scripts", "ensure-pulumi"), {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      });
      const lines = out.trim().split("\n");
      cachedEngineDir = lines[lines.length - 1] ?? "";
    }
  }
  return cachedEngineDir;
}

/**
 * Why the `@pulumi/command` plugin (`pulumi-resource-command`) cannot run here, or `undefined`
 * when it can: it must be in the engine directory or on `PATH`, because plugins are never
 * downloaded. Only programs using `@pulumi/command` need it; their tests skip with this reason.
 */
export function commandPluginMissing(): string | undefined {
  const dirs = [engineDir(), ...(process.env["PATH"] ?? "").split(path.delimiter)].filter((dir) => dir !== "");
  if (dirs.some((dir) => isExecutable(path.join(dir, COMMAND_PLUGIN)))) return undefined;
  return (
    `SKIPPED: needs ${COMMAND_PLUGIN} (the @pulumi/command plugin) beside pulumi in ${engineDir()} or on PATH; ` +
    "plugins are never downloaded. `PULUMI_LM_FORCE_BUILD=1 scripts/ensure-pulumi` builds an engine that has it."
  );
}

/** The engine plugin behind `@pulumi/command`. */
const COMMAND_PLUGIN = "pulumi-resource-command";

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Where a stack's state, Pulumi home and passphrase live. */
export interface PulumiEnvOptions {
  /** Folder for the `file://` backend; created if missing. */
  stateDir: string;
  /** Isolated `PULUMI_HOME`; created if missing. */
  homeDir: string;
  /** Extra variables (e.g. `LM_BASE_URL`); `undefined` removes a variable. */
  extra?: Record<string, string | undefined>;
}

/**
 * The offline environment for the Pulumi CLI: a `file://` backend, an isolated home, a local
 * passphrase, no update check and no plugin downloads; the engine directory first on `PATH`.
 */
export function pulumiEnv(options: PulumiEnvOptions): NodeJS.ProcessEnv {
  fs.mkdirSync(options.stateDir, { recursive: true });
  fs.mkdirSync(options.homeDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${engineDir()}${path.delimiter}${process.env["PATH"] ?? ""}`,
    PULUMI_HOME: options.homeDir,
    PULUMI_BACKEND_URL: fileBackendUrl(options.stateDir),
    PULUMI_CONFIG_PASSPHRASE: process.env["PULUMI_CONFIG_PASSPHRASE"] ?? LOCAL_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  };
  for (const [key, value] of Object.entries(options.extra ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * The `file://` backend URL of a state folder, with `metadata=skip`: Pulumi's file backend
 * (gocloud.dev fileblob) writes the state atomically (temp file, then rename) but its `.attrs`
 * sidecar in place, so a `pulumi` killed at the wrong moment leaves an empty `.attrs` file and
 * every later command fails with "failed to load checkpoint: EOF" (docs/RECOVERY.md). Pulumi
 * never needs the sidecars; without them every state write is atomic.
 */
export function fileBackendUrl(stateDir: string): string {
  return `file://${stateDir}?metadata=skip`;
}

/** What a finished CLI run printed. */
export interface PulumiRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pulumi <args>` in `cwd`; resolves with the exit code and output, never rejects on failure. */
export function runPulumi(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<PulumiRun> {
  return new Promise((resolve) => {
    execFile(
      path.join(engineDir(), "pulumi"),
      args,
      {
        cwd: options.cwd,
        env: options.env,
        timeout: options.timeoutMs ?? 10 * 60_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `pulumi <args>` with the terminal attached (output streams to the user); resolves with the exit code. */
export function runPulumiAttached(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(engineDir(), "pulumi"), args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["inherit", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
