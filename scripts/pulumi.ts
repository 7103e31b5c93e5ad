/**
 * `npm run pulumi -- <args>`: the Pulumi CLI built by scripts/ensure-pulumi, on the local stack
 * of the root project, against your portal when one is configured, else the embedded emulator
 * (which runs only for the duration of the command).
 */
import { REPO_ROOT, runPulumi, runPulumiAttached } from "./lib/engine";
import { chooseLocalStack, describeLocalStack, localStackEnv } from "./lib/local-stack";
import { openPortal } from "./lib/portal";

async function main(args: string[]): Promise<number> {
  const portal = await openPortal(REPO_ROOT);
  try {
    const local = chooseLocalStack(portal, { env: process.env });
    const env = localStackEnv(portal, local);
    // On stderr, so that machine-readable stdout (e.g. `stack output --json`) stays clean.
    console.error(`${portal.emulated ? "Embedded emulator" : "Your portal"}; ${describeLocalStack(local)}`);
    const select = await runPulumi(["stack", "select", "--create", local.stack], { cwd: REPO_ROOT, env });
    if (select.code !== 0) {
      console.error(select.stderr || select.stdout);
      return select.code;
    }
    return await runPulumiAttached(args, { cwd: REPO_ROOT, env });
  } finally {
    await portal.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
