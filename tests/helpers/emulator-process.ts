import { spawn } from "node:child_process";
import * as path from "node:path";
import { createInterface } from "node:readline";
import type { RunningEmulator } from "../../provider/emulator";

/** The emulator's CLI from source, in a child process: a stalled emulator cannot stall the test with it. */

const CLI_SOURCE = path.resolve(__dirname, "..", "..", "provider", "emulator", "cli.ts");

/** An emulator in its own process; `stop()` kills it (SIGKILL: it must go even when it stalls). */
export interface EmulatorProcess {
  emulator: Pick<RunningEmulator, "url" | "baseUrl" | "accessId" | "accessKey">;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `lm-emulator` with `args` (port 0 unless given) and resolves once it printed its address. */
export function startEmulatorProcess(args: string[] = []): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", CLI_SOURCE, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    child.once("exit", (code) => reject(new Error(`lm-emulator exited with ${code} before printing its address: ${stderr}`)));
    lines.once("line", (line) => {
      lines.close();
      const info = JSON.parse(line) as { baseUrl: string; accessId: string; accessKey: string };
      resolve({
        emulator: { ...info, url: info.baseUrl.replace(/\/santaba\/rest$/, "") },
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
          await exited;
        },
      });
    });
  });
}
