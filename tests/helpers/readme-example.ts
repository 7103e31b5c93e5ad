import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { pulumiEnv, REPO_ROOT, runPulumi } from "../../scripts/lib/engine";
import { control } from "./control";
import { EXAMPLES, emulatorEnv } from "./stack";

/**
 * An example run the way its README says: the example folder copied whole to a temp folder, the
 * repository's node_modules in place of `npm install`, its own file backend and Pulumi home, the
 * provider and consumers pointed at a fresh emulator through the LM_* variables (as the README
 * tells readers to), and each ```sh block of the README run by bash as written.
 */
export interface ReadmeExample {
  /** The copied example folder. */
  dir: string;
  emulator: RunningEmulator;
  portal: ReturnType<typeof control>;
  /** Runs one README block in the example folder with bash (`set -e -o pipefail`); resolves with its output, rejects when it fails. */
  run(script: string): Promise<string>;
  /** `pulumi stack output --json` of the project in `subdir` (secrets masked); remembers its keys for {@link keysSeen}. */
  outputs(subdir: string): Promise<Record<string, unknown>>;
  /** Every key the stacks held when {@link outputs} looked. */
  keysSeen: Set<string>;
  /** Everything the blocks printed. */
  transcript(): string;
  dispose(): Promise<void>;
}

/** The ```sh blocks of a README, in order. */
export function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? "");
}

/** `npm install` is the one README step the test provides instead (node_modules is linked). */
const NPM_STUB = `npm() { if [ "$1" = install ]; then echo "(npm install: node_modules is provided by the test)"; else command npm "$@"; fi; }\n`;

/** Copies `examples/<name>` and starts an emulator for it. */
export async function readmeExample(name: string): Promise<ReadmeExample> {
  const emulator = await startEmulator();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lm-readme-"));
  const dir = path.join(root, name);
  fs.cpSync(path.join(EXAMPLES, name), dir, { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const env = pulumiEnv({ stateDir: path.join(root, "state"), homeDir: path.join(root, "home"), extra: emulatorEnv(emulator) });
  const printed: string[] = [];
  const keysSeen = new Set<string>();
  return {
    dir,
    emulator,
    portal: control(emulator.url),
    keysSeen,
    transcript: () => printed.join("\n"),
    run: (script) =>
      new Promise((resolve, reject) => {
        execFile(
          "bash",
          ["-e", "-o", "pipefail", "-c", NPM_STUB + script],
          { cwd: dir, env, timeout: 10 * 60_000, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
          (error, stdout, stderr) => {
            const output = `${stdout}\n${stderr}`;
            printed.push(output);
            if (error) reject(new Error(`README block failed (${String(error.code)}):\n${script}\n--- output\n${output}`));
            else resolve(output);
          },
        );
      }),
    async outputs(subdir) {
      const cwd = path.join(dir, subdir);
      const shown = await runPulumi(["stack", "output", "--json", "--show-secrets"], { cwd, env });
      const revealed = JSON.parse(shown.stdout) as Record<string, unknown>;
      for (const key of ["accessKey", "previousAccessKey"]) {
        if (typeof revealed[key] === "string" && revealed[key] !== "") keysSeen.add(revealed[key]);
      }
      const masked = await runPulumi(["stack", "output", "--json"], { cwd, env });
      return JSON.parse(masked.stdout) as Record<string, unknown>;
    },
    async dispose() {
      fs.rmSync(root, { recursive: true, force: true });
      await emulator.close();
    },
  };
}
