import * as path from "node:path";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../provider/emulator";
import { control } from "./control";
import { createTempProject, type TempProject } from "../../scripts/lib/temp-project";
import { engineDir } from "../../scripts/lib/engine";
import { installReleasePlugin } from "./release";
import { pathWithoutNode } from "./no-node-path";

/** The repository's examples folder. */
export const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");

/** One step of `pulumi preview --json`. */
export interface PreviewStep {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, unknown>;
}

/** An example project wired to its own emulator, for end-to-end tests through the real CLI. */
export interface ExampleStack {
  project: TempProject;
  emulator: RunningEmulator;
  portal: ReturnType<typeof control>;
  /** `pulumi preview --json`: the planned steps and the change summary. */
  preview(): Promise<{ steps: PreviewStep[]; changeSummary: Record<string, number> }>;
  /** Steps for ApiToken resources only. */
  tokenSteps(steps: PreviewStep[]): PreviewStep[];
  /** Stack outputs, secrets masked. */
  outputs(): Promise<Record<string, unknown>>;
  /** `pulumi stack export` as text, secrets as ciphertext. */
  exportText(): Promise<string>;
  dispose(): Promise<void>;
}

/** The provider's environment for an emulator: its address and root credentials, nothing else. */
export function emulatorEnv(emulator: { baseUrl: string; accessId: string; accessKey: string }): Record<string, string | undefined> {
  return {
    LM_BASE_URL: emulator.baseUrl,
    LM_ACCESS_ID: emulator.accessId,
    LM_ACCESS_KEY: emulator.accessKey,
    LM_COMPANY: undefined,
    LM_BEARER_TOKEN: undefined,
  };
}

/**
 * Copies an example, starts an emulator for it, and passes the emulator's address and root
 * credentials to the CLI through the LM_* variables (the provider reads them at call time).
 * `releasePlugin` installs the release's plugin executable (`npm run dist`) into the project's
 * plugin cache and runs the CLI with no node_modules and no `node` on PATH.
 */
export async function createExampleStack(
  example: string,
  options: { emulator?: EmulatorOptions; config?: Record<string, string>; releasePlugin?: boolean } = {},
): Promise<ExampleStack> {
  const emulator = await startEmulator(options.emulator);
  // With `releasePlugin`: the release's plugin executable from the engine's plugin cache, as a
  // user without Node.js has it: no node_modules, no `node` on PATH.
  const project = options.releasePlugin
    ? createTempProject(path.join(EXAMPLES, example), { packageInstall: "none", extraEnv: { ...emulatorEnv(emulator), PATH: pathWithoutNode(engineDir()) } })
    : createTempProject(path.join(EXAMPLES, example), { extraEnv: emulatorEnv(emulator) });
  await project.pulumiOk(["stack", "init", "dev"]);
  if (options.releasePlugin) await installReleasePlugin(project);
  for (const [key, value] of Object.entries(options.config ?? {})) {
    await project.pulumiOk(["config", "set", "--", key, value]);
  }
  return {
    project,
    emulator,
    portal: control(emulator.url),
    async preview() {
      const run = await project.pulumiOk(["preview", "--json"]);
      return JSON.parse(run.stdout) as { steps: PreviewStep[]; changeSummary: Record<string, number> };
    },
    tokenSteps: (steps) => steps.filter((s) => s.urn.includes("logicmonitor:ApiToken")),
    async outputs() {
      return JSON.parse((await project.pulumiOk(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
    },
    async exportText() {
      return (await project.pulumiOk(["stack", "export"])).stdout;
    },
    async dispose() {
      project.dispose();
      await emulator.close();
    },
  };
}
