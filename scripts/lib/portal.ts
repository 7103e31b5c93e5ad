import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../../provider/emulator";

/**
 * The LogicMonitor portal that `npm start` and `npm run pulumi` talk to: the user's own when one
 * is configured, else the embedded emulator, persisted to an ignored local file so that every
 * run sees the same portal.
 */
export interface Portal {
  /** Variables for the Pulumi CLI's environment (the provider reads them at call time). */
  env: Record<string, string>;
  /** One line for the user: which portal this is. */
  description: string;
  /** True when this is the embedded emulator. */
  emulated: boolean;
  close(): Promise<void>;
}

const PORTAL_ENV = ["LM_COMPANY", "LM_ACCOUNT", "LM_BASE_URL"];

/** True when the environment or the stack's config file names a real portal. */
function configuredPortal(projectDir: string, stack: string): string | undefined {
  const fromEnv = PORTAL_ENV.find((name) => process.env[name]);
  if (fromEnv) return `${fromEnv}=${process.env[fromEnv]}`;
  const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (fs.existsSync(stackFile)) {
    const match = /^\s*logicmonitor:(company|baseUrl):\s*(.+)$/m.exec(fs.readFileSync(stackFile, "utf8"));
    if (match) return `logicmonitor:${match[1]} = ${match[2]?.trim()} (${path.basename(stackFile)})`;
  }
  return undefined;
}

/** Opens the configured portal, or starts the embedded emulator persisted under `<projectDir>/.lm-emulator/`. */
export async function openPortal(projectDir: string, stack: string): Promise<Portal> {
  const configured = configuredPortal(projectDir, stack);
  if (configured) {
    return { env: {}, description: `your LogicMonitor portal (${configured})`, emulated: false, close: async () => undefined };
  }
  const persistFile = path.join(projectDir, ".lm-emulator", "portal.json");
  fs.mkdirSync(path.dirname(persistFile), { recursive: true, mode: 0o700 });
  const emulator = await startEmulator({ persistFile });
  return {
    env: { LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: emulator.accessId, LM_ACCESS_KEY: emulator.accessKey },
    description: `the embedded LogicMonitor emulator at ${emulator.baseUrl} (state in ${path.relative(process.cwd(), persistFile) || persistFile})`,
    emulated: true,
    close: () => emulator.close(),
  };
}
