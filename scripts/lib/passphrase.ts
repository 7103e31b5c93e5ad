import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOCAL_PASSPHRASE } from "./engine";

/**
 * Which passphrase encrypts the secrets of the stack `npm start` / `npm run pulumi` use.
 *
 * - The embedded emulator: the demo passphrase published in this repository (the tracked
 *   `Pulumi.dev.yaml` salt belongs to it). Its keys unlock only the emulator.
 * - A real portal: never the demo passphrase. The user's `PULUMI_CONFIG_PASSPHRASE`, else their
 *   `PULUMI_CONFIG_PASSPHRASE_FILE`, else a random passphrase generated once and kept outside the
 *   repository in a file of mode 0600 ({@link generatedPassphraseFile}).
 *
 * The passphrase itself is never printed; {@link PassphraseChoice.description} says where it
 * comes from. Development tooling only.
 */

/** Where the passphrase comes from. */
export type PassphraseSource = "demo" | "env" | "env-file" | "generated";

/** The decision, and the variables that carry it to the Pulumi CLI. */
export interface PassphraseChoice {
  source: PassphraseSource;
  /** Set these in the CLI's environment (`undefined` removes a variable). */
  env: { PULUMI_CONFIG_PASSPHRASE: string | undefined; PULUMI_CONFIG_PASSPHRASE_FILE: string | undefined };
  /** One line for the user; never the passphrase. */
  description: string;
  /** The file holding the passphrase, for `env-file` and `generated`. */
  file?: string;
}

/** Bytes of randomness in a generated passphrase (base64url-encoded). */
const GENERATED_BYTES = 32;

/**
 * The folder for generated passphrases: `$XDG_CONFIG_HOME/pulumi-logicmonitor-apitoken` (or
 * `~/.config/…`), outside the repository so that a copy or archive of the checkout does not carry
 * the passphrase next to the encrypted state.
 */
export function passphraseConfigDir(env: NodeJS.ProcessEnv): string {
  const base = env["XDG_CONFIG_HOME"] || path.join(os.homedir(), ".config");
  return path.join(base, "pulumi-logicmonitor-apitoken");
}

/**
 * The file of the generated passphrase of `stack` in the checkout at `repoRoot`: one per checkout
 * (keyed by a hash of its path), since each checkout has its own `.pulumi-state/`.
 */
export function generatedPassphraseFile(configDir: string, repoRoot: string, stack: string): string {
  const checkout = createHashHex(path.resolve(repoRoot)).slice(0, 12);
  return path.join(configDir, "passphrases", `${stack}-${checkout}`);
}

/**
 * Decides the passphrase of the local stack. For a real portal without a user passphrase, creates
 * the generated file on first use (exclusively, mode 0600) and checks its mode on every later use.
 * @throws Error when the generated file is readable by others or empty (names the file and the fix).
 */
export function choosePassphrase(input: {
  emulated: boolean;
  env: NodeJS.ProcessEnv;
  /** Folder for generated passphrases ({@link passphraseConfigDir}). */
  configDir: string;
  repoRoot: string;
  stack: string;
}): PassphraseChoice {
  if (input.emulated) {
    return {
      source: "demo",
      env: { PULUMI_CONFIG_PASSPHRASE: LOCAL_PASSPHRASE, PULUMI_CONFIG_PASSPHRASE_FILE: undefined },
      description: "the demo passphrase published in this repository (the embedded emulator's keys only)",
    };
  }
  const fromEnv = input.env["PULUMI_CONFIG_PASSPHRASE"];
  if (fromEnv) {
    return {
      source: "env",
      env: { PULUMI_CONFIG_PASSPHRASE: fromEnv, PULUMI_CONFIG_PASSPHRASE_FILE: undefined },
      description: "yours, from PULUMI_CONFIG_PASSPHRASE",
    };
  }
  const fromFile = input.env["PULUMI_CONFIG_PASSPHRASE_FILE"];
  if (fromFile) {
    return {
      source: "env-file",
      env: { PULUMI_CONFIG_PASSPHRASE: undefined, PULUMI_CONFIG_PASSPHRASE_FILE: fromFile },
      description: `yours, from PULUMI_CONFIG_PASSPHRASE_FILE (${fromFile})`,
      file: fromFile,
    };
  }
  const file = generatedPassphraseFile(input.configDir, input.repoRoot, input.stack);
  const created = ensureGeneratedPassphrase(file);
  return {
    source: "generated",
    env: { PULUMI_CONFIG_PASSPHRASE: undefined, PULUMI_CONFIG_PASSPHRASE_FILE: file },
    description:
      `${created ? "generated now and stored" : "generated on first use, stored"} in ${file} (mode 0600, outside git); ` +
      `keep it: without it the stack's secrets cannot be decrypted (or set PULUMI_CONFIG_PASSPHRASE to use your own)`,
    file,
  };
}

/** Creates the passphrase file if missing; checks it otherwise. Returns true when it was created. */
function ensureGeneratedPassphrase(file: string): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    const fd = fs.openSync(file, "wx", 0o600);
    try {
      fs.fchmodSync(fd, 0o600);
      fs.writeSync(fd, randomBytes(GENERATED_BYTES).toString("base64url"));
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const stat = fs.statSync(file);
  if ((stat.mode & 0o077) !== 0) {
    throw new Error(`${file} holds the stack's passphrase but others may read it (mode ${(stat.mode & 0o777).toString(8)}): run chmod 600 ${file}`);
  }
  if (fs.readFileSync(file, "utf8").trim() === "") {
    throw new Error(`${file} should hold the stack's passphrase but is empty: restore it, or set PULUMI_CONFIG_PASSPHRASE`);
  }
  return false;
}

function createHashHex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
