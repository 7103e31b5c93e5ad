import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileBackendUrl, pulumiEnv, REPO_ROOT, runPulumi } from "../../../scripts/lib/engine";

/**
 * The real CLI's `file://` backend and the `.attrs` sidecar a killed run can leave empty
 * (docs/RECOVERY.md, "failed to load checkpoint: EOF after a killed run"): the symptom, the
 * documented repair (the doc's own command, run as written), and `metadata=skip`, which this
 * project's scripts and tests use so that no sidecar is ever written.
 */

jest.setTimeout(120_000);

const RECOVERY = fs.readFileSync(path.join(REPO_ROOT, "docs", "RECOVERY.md"), "utf8");

/** The shell command under the doc's "failed to load checkpoint: EOF" heading. */
function documentedRepair(stateDir: string): string {
  const section = RECOVERY.split(/^### "failed to load checkpoint: EOF"/m)[1] ?? "";
  const command = /```sh\n([^\n]+)\n```/.exec(section)?.[1];
  if (!command) throw new Error("docs/RECOVERY.md has no sh block under the EOF heading");
  return command.replace("<state-dir>", stateDir);
}

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "lm-sidecar-"));
  fs.mkdirSync(path.join(root, "project"));
  // `stack init` and `stack export` never start the language host.
  fs.writeFileSync(path.join(root, "project", "Pulumi.yaml"), "name: sidecar\nruntime: nodejs\n");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A stack `dev` in a state folder reached through `backendUrl`. */
async function stackWith(backendUrl: (stateDir: string) => string) {
  const stateDir = path.join(root, "state");
  const env = { ...pulumiEnv({ stateDir, homeDir: path.join(root, "home") }), PULUMI_BACKEND_URL: backendUrl(stateDir) };
  const cwd = path.join(root, "project");
  const pulumi = (args: string[]) => runPulumi(args, { cwd, env, timeoutMs: 60_000 });
  const init = await pulumi(["stack", "init", "dev"]);
  expect(init.stderr).toContain("Created stack 'dev'");
  expect(init.code).toBe(0);
  const stacks = path.join(stateDir, ".pulumi", "stacks", "sidecar");
  return { stateDir, stacks, pulumi };
}

function filesIn(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

describe("the file backend's .attrs sidecar", () => {
  it("a plain file:// URL writes one; left empty, it breaks the stack with 'failed to load checkpoint: EOF'; the documented command repairs it", async () => {
    const { stateDir, stacks, pulumi } = await stackWith((dir) => `file://${dir}`);
    const before = await pulumi(["stack", "export"]);
    expect(before.code).toBe(0);
    expect(filesIn(stacks)).toContain("dev.json.attrs");

    // What a kill between the sidecar's truncation and its write leaves behind.
    fs.writeFileSync(path.join(stacks, "dev.json.attrs"), "");
    const broken = await pulumi(["stack", "export"]);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain("failed to load checkpoint: EOF");

    const printed = execFileSync("sh", ["-c", documentedRepair(stateDir)], { encoding: "utf8" });
    expect(printed.trim().split("\n")).toEqual([path.join(stacks, "dev.json.attrs")]);
    expect(filesIn(stacks)).not.toContain("dev.json.attrs");
    expect(fs.readFileSync(path.join(stacks, "dev.json"), "utf8").length).toBeGreaterThan(0);

    const repaired = await pulumi(["stack", "export"]);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toBe(before.stdout);
  });

  it("the project's backend URL (metadata=skip) writes none, and the stack works", async () => {
    const { stacks, pulumi } = await stackWith(fileBackendUrl);
    expect(fileBackendUrl("/x")).toBe("file:///x?metadata=skip");
    const exported = await pulumi(["stack", "export"]);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ version: 3 });
    expect(filesIn(stacks).filter((name) => name.endsWith(".attrs"))).toEqual([]);
    expect(filesIn(stacks)).toContain("dev.json");
    const listed = await pulumi(["stack", "ls"]);
    expect(listed.stdout).toMatch(/^dev\*?\s/m);
  });
});
