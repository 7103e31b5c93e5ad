/**
 * `npm start`: deploys the root project (examples/quickstart) with the real Pulumi engine on a
 * local backend, against your portal when one is configured, else against the embedded
 * emulator; then prints the outputs (the key masked) and what to do next.
 */
import { REPO_ROOT, runPulumi, runPulumiAttached } from "./lib/engine";
import { chooseLocalStack, describeLocalStack, localStackEnv } from "./lib/local-stack";
import { openPortal } from "./lib/portal";

async function main(): Promise<number> {
  const portal = await openPortal(REPO_ROOT);
  try {
    const local = chooseLocalStack(portal, { env: process.env });
    console.log(`Deploying examples/quickstart to ${portal.description}`);
    console.log(`${describeLocalStack(local)}\n`);
    const env = localStackEnv(portal, local);
    const select = await runPulumi(["stack", "select", "--create", local.stack], { cwd: REPO_ROOT, env });
    if (select.code !== 0) {
      console.error(select.stderr || select.stdout);
      return select.code;
    }
    const up = await runPulumiAttached(["up", "--yes"], { cwd: REPO_ROOT, env });
    if (up !== 0) return up;
    const outputs = await runPulumi(["stack", "output", "--json"], { cwd: REPO_ROOT, env });
    const values = JSON.parse(outputs.stdout || "{}") as Record<string, unknown>;
    console.log("\nThe token (secrets stay masked):");
    for (const [name, value] of Object.entries(values)) {
      console.log(`  ${name.padEnd(10)} ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
    console.log(`
Next:
  npm run pulumi -- stack output accessKey --show-secrets   # reveal the key
  npm run pulumi -- config set note "CI deploys (prod)"     # change the note, then:
  npm run pulumi -- preview --diff                          # see it as a one-line in-place update
  npm run pulumi -- up --yes                                # apply it
  npm run pulumi -- destroy --yes                           # delete the token
('npm run pulumi -- …' runs the same Pulumi CLI, local state in .pulumi-state/, on stack ${local.stack}, against the same portal.)`);
    return 0;
  } finally {
    await portal.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
