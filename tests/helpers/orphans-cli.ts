import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/engine";
import type { Scenario } from "./scenario";

/**
 * `pulumi stack export | npx lm-apitoken orphans --admin 32 --json [more]`, as docs/RECOVERY.md
 * says, for a reliability scenario's stack: the ids of the orphans it reports (after `--delete`,
 * those it was given). The run is added to the scenario's transcript.
 */
export async function orphanIds(s: Scenario, more: string[] = []): Promise<number[]> {
  const exported = (await s.project.pulumiOk(["stack", "export"])).stdout;
  const cli = path.join(REPO_ROOT, "dist", "provider", "cli", "lm-apitoken.js");
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, "orphans", "--admin", "32", "--json", ...more], { env: s.project.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(exported);
  });
  s.project.transcript.push(`$ lm-apitoken orphans ${more.join(" ")}\n${result.stdout}\n${result.stderr}`);
  if (result.code !== 0) throw new Error(`lm-apitoken orphans exited ${result.code}: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { orphans: { token: { id: number } }[] }).orphans.map((orphan) => orphan.token.id);
}

/** The token ids a `pulumi up` output names as unproven leftovers (never-used ones), in order. */
export function namedLeftovers(output: string): number[] {
  return [...output.matchAll(/token (\d+) of admin \d+ \(access id \w+, never used\) carries this resource's mark/g)].map((m) => Number(m[1]));
}
