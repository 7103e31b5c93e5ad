import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * scripts/ensure-pulumi's choices that do not need a build: a suitable `pulumi` on PATH is used
 * as is (with or without the @pulumi/command plugin), a named CLI recipe is built instead of it,
 * and with neither a suitable `pulumi` nor Go the script says what to install.
 */

const SCRIPT = path.resolve(__dirname, "..", "..", "..", "scripts", "ensure-pulumi");
/** System tools only: no Go (/usr/local/go/bin) and no user-installed pulumi. */
const SYSTEM_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-pulumi-"));
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

/**
 * A fake `pulumi` that reports `version`, in a folder of its own, with the command plugin and
 * the YAML language host (which the CLI's own distribution ships) beside it or not.
 */
function fakePulumi(version: string, options: { commandPlugin?: boolean; yamlHost?: boolean } = {}): string {
  const dir = path.join(scratch, `pulumi-${version}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\necho "v${version}"\n`, { mode: 0o755 });
  if (options.commandPlugin ?? true) fs.writeFileSync(path.join(dir, "pulumi-resource-command"), "#!/bin/sh\n", { mode: 0o755 });
  if (options.yamlHost ?? true) fs.writeFileSync(path.join(dir, "pulumi-language-yaml"), "#!/bin/sh\n", { mode: 0o755 });
  return dir;
}

function ensurePulumi(pathDirs: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(SCRIPT, [], {
    encoding: "utf8",
    env: {
      HOME: scratch,
      PATH: [...pathDirs, SYSTEM_PATH].join(":"),
      PULUMI_LM_CACHE_DIR: path.join(scratch, "cache"),
      ...extraEnv,
    },
  });
}

describe("scripts/ensure-pulumi", () => {
  it("uses a pulumi of a suitable version from PATH and builds nothing", () => {
    const dir = fakePulumi("3.260.0");
    const run = ensurePulumi([dir]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n").pop()).toBe(dir);
    expect(run.stderr).toMatch(/using pulumi 3\.260\.0 from PATH/);
    expect(fs.existsSync(path.join(scratch, "cache"))).toBe(false);
  });

  it("uses a pulumi without the @pulumi/command plugin too, saying that only @pulumi/command's example and tests skip", () => {
    const dir = fakePulumi("3.260.0", { commandPlugin: false });
    const run = ensurePulumi([dir]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n").pop()).toBe(dir);
    expect(run.stderr).toMatch(/pulumi-resource-command .* is neither beside it nor on PATH/);
    expect(run.stderr).toMatch(/@pulumi\/command example and tests are skipped/);
    expect(fs.existsSync(path.join(scratch, "cache"))).toBe(false);
  });

  it("with PULUMI_LM_CLI_RECIPE=cli-newest ignores a pulumi on PATH and builds the recipe's CLI (here: no Go, so it says so)", () => {
    const dir = fakePulumi("3.300.0");
    const run = ensurePulumi([dir], { PULUMI_LM_CLI_RECIPE: "cli-newest" });
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/PULUMI_LM_CLI_RECIPE=cli-newest asks for the Pulumi CLI 3\.\d+\.\d+ built here/);
    expect(run.stderr).not.toMatch(/using pulumi/);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Go is not installed/);
  });

  it("does not use a pulumi without Pulumi YAML's language host (the plugin face's tests need it)", () => {
    const dir = fakePulumi("3.260.0", { yamlHost: false });
    const run = ensurePulumi([dir]);
    expect(run.stderr).toMatch(/pulumi-language-yaml .* is neither beside it nor on PATH/);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Go is not installed/);
  });

  it("refuses a CLI recipe that does not exist, naming the ones that do", () => {
    const run = ensurePulumi([], { PULUMI_LM_CLI_RECIPE: "cli-nope" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/PULUMI_LM_CLI_RECIPE=cli-nope: no such CLI recipe; choose one of: cli cli-newest/);
  });

  it("ignores a pulumi that is too old, and without Go says what to install", () => {
    const dir = fakePulumi("3.100.0");
    const run = ensurePulumi([dir]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/ignoring pulumi on PATH .*version '3\.100\.0'/);
    expect(run.stderr).toMatch(/Go is not installed/);
    expect(run.stderr).toMatch(/Pulumi CLI 3\.248\.\d+ or later/);
    expect(run.stderr).toMatch(/Go 1\.25 or later/);
  });

  it("with no pulumi at all and no Go, says what to install", () => {
    const run = ensurePulumi([]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no suitable pulumi .* on PATH and Go is not installed/);
  });
});
