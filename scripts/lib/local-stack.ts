import * as path from "node:path";
import { pulumiEnv, REPO_ROOT } from "./engine";
import { choosePassphrase, passphraseConfigDir, type PassphraseChoice } from "./passphrase";
import type { Portal } from "./portal";

/**
 * The stack `npm start` and `npm run pulumi` use: the root project on a local backend
 * (`.pulumi-state/`), stack `dev` (tracked `Pulumi.dev.yaml`, demo passphrase) for the embedded
 * emulator, stack `portal` (git-ignored `Pulumi.portal.yaml`, a passphrase of your own) for a
 * real portal.
 */

/** The stack of the embedded emulator; its tracked salt belongs to the published demo passphrase. */
export const EMULATOR_STACK = "dev";

/** The stack of a real portal; `Pulumi.portal.yaml` is git-ignored. */
export const PORTAL_STACK = "portal";

/** The local stack for a portal: its name and passphrase. */
export interface LocalStack {
  stack: string;
  passphrase: PassphraseChoice;
}

/**
 * Picks the stack and passphrase for `portal` (see {@link choosePassphrase}); may create the
 * generated passphrase file.
 */
export function chooseLocalStack(
  portal: Pick<Portal, "emulated">,
  options: { env: NodeJS.ProcessEnv; repoRoot?: string; configDir?: string } = { env: process.env },
): LocalStack {
  const stack = portal.emulated ? EMULATOR_STACK : PORTAL_STACK;
  const passphrase = choosePassphrase({
    emulated: portal.emulated,
    env: options.env,
    configDir: options.configDir ?? passphraseConfigDir(options.env),
    repoRoot: options.repoRoot ?? REPO_ROOT,
    stack,
  });
  return { stack, passphrase };
}

/** The environment of the local stack: state and Pulumi home in ignored folders of the repository. */
export function localStackEnv(portal: Portal, local: LocalStack): NodeJS.ProcessEnv {
  return pulumiEnv({
    stateDir: path.join(REPO_ROOT, ".pulumi-state"),
    homeDir: path.join(REPO_ROOT, ".pulumi-home"),
    extra: { ...portal.env, ...local.passphrase.env, PULUMI_STACK: undefined },
  });
}

/** What the scripts print about the stack (never the passphrase). */
export function describeLocalStack(local: LocalStack): string {
  return `Stack ${local.stack} (Pulumi.${local.stack}.yaml); secrets passphrase: ${local.passphrase.description}`;
}
