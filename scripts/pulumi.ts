/**
 * `npm run pulumi -- <args>`: the Pulumi CLI built by scripts/ensure-pulumi, on the local stack
 * of the root project, against your portal when one is configured, else the embedded emulator
 * (which runs only for the duration of the command).
 */
import { REPO_ROOT, runPulumi, runPulumiAttached } from "./lib/engine";
import { LOCAL_STACK, localStackEnv } from "./lib/local-stack";
import { openPortal } from "./lib/portal";

async function main(args: string[]): Promise<number> {
  const portal = await openPortal(REPO_ROOT, LOCAL_STACK);
  try {
    const env = localStackEnv(portal);
    await runPulumi(["stack", "select", "--create", LOCAL_STACK], { cwd: REPO_ROOT, env });
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
