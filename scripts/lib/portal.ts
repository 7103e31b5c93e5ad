import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../../provider/emulator";
import { EMULATOR_STACK, PORTAL_STACK } from "./local-stack";

/**
 * The LogicMonitor portal that `npm start` and `npm run pulumi` talk to: the user's own when one
 * is configured (in the environment, or in the git-ignored `Pulumi.portal.yaml`), else the
 * embedded emulator, persisted to an ignored local file so that every run sees the same portal.
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

/** The `logicmonitor:company` or `logicmonitor:baseUrl` setting of a stack file, if any. */
function portalSetting(projectDir: string, stack: string): string | undefined {
  const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(stackFile)) return undefined;
  const match = /^\s*logicmonitor:(company|baseUrl):\s*(.+)$/m.exec(fs.readFileSync(stackFile, "utf8"));
  return match ? `logicmonitor:${match[1]} = ${match[2]?.trim()} (${path.basename(stackFile)})` : undefined;
}

/**
 * Names the real portal the environment or `Pulumi.portal.yaml` configures; `undefined` for the
 * emulator.
 * @throws Error when the tracked `Pulumi.dev.yaml` names a real portal: that stack's passphrase is
 * published, so it is for the emulator only.
 */
export function configuredPortal(projectDir: string, env: NodeJS.ProcessEnv): string | undefined {
  const inDevStack = portalSetting(projectDir, EMULATOR_STACK);
  if (inDevStack) {
    throw new Error(
      `${inDevStack} names a real portal, but the ${EMULATOR_STACK} stack is for the embedded emulator only: its ` +
        `passphrase is published in this repository. Remove the logicmonitor:* settings from Pulumi.${EMULATOR_STACK}.yaml ` +
        `(rotate any key stored there as a secret), and set them on the ${PORTAL_STACK} stack instead: ` +
        `LM_COMPANY=<company> npm run pulumi -- config set logicmonitor:company <company> (README, Quickstart).`,
    );
  }
  const fromEnv = PORTAL_ENV.find((name) => env[name]);
  if (fromEnv) return `${fromEnv}=${env[fromEnv]}`;
  return portalSetting(projectDir, PORTAL_STACK);
}

/** Opens the configured portal, or starts the embedded emulator persisted under `<projectDir>/.lm-emulator/`. */
export async function openPortal(projectDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Portal> {
  const configured = configuredPortal(projectDir, env);
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
