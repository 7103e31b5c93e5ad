import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * scripts/ensure-pulumi's choices that do not need a build: a suitable `pulumi` on PATH is used
 * as is, and with neither a suitable `pulumi` nor Go the script says what to install.
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

function ensurePulumi(pathDirs: string[]) {
  return spawnSync(SCRIPT, [], {
    encoding: "utf8",
    env: {
      HOME: scratch,
      PATH: [...pathDirs, SYSTEM_PATH].join(":"),
      PULUMI_LM_CACHE_DIR: path.join(scratch, "cache"),
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

  it("does not use a pulumi whose @pulumi/command plugin is missing (plugins are never downloaded)", () => {
    const dir = fakePulumi("3.260.0", { commandPlugin: false });
    const run = ensurePulumi([dir]);
    expect(run.stderr).toMatch(/pulumi-resource-command .* is neither beside it nor on PATH/);
    // It goes on to build instead, which needs Go: absent from this PATH.
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
