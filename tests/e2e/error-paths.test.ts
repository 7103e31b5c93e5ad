import * as fs from "node:fs";
import * as path from "node:path";
import { engineDir, REPO_ROOT } from "../../scripts/lib/engine";
import { createTempProject } from "../../scripts/lib/temp-project";
import { startEmulator } from "../../provider/emulator";
import { emulatorEnv, EXAMPLES } from "../helpers/stack";
import { pathWithoutNode } from "../helpers/no-node-path";
import { installReleasePlugin } from "../helpers/release";
import { LogicMonitorClient } from "../../provider/client";

/**
 * What a new user sees when something is missing or misused, through the real CLI: one plain
 * message that says what to do, no stack trace, and (where a process can answer at all) not the
 * engine's "This is *always* a bug in the provider" banner.
 */

jest.setTimeout(300_000);

const PROGRAMS = path.join(__dirname, "programs");
const NO_LM_ENV = Object.fromEntries(
  ["LM_BASE_URL", "LM_ACCESS_ID", "LM_ACCESS_KEY", "LM_COMPANY", "LM_ACCOUNT", "LM_API_ID", "LM_API_KEY", "LM_BEARER_TOKEN", "LM_DOMAIN"].map((k) => [k, undefined]),
);
const STACK_FRAME = /^\s+at .+[(:]\d+/m;
const BANNER = "This is *always* a bug in the provider";

/** The CLI's Diagnostics section. */
const diagnostics = (output: string) => output.slice(output.indexOf("Diagnostics:"));

describe("the dynamic ApiToken", () => {
  it("given the import resource option, fails at construction pointing to existingTokenId and the plugin face", async () => {
    const emulator = await startEmulator();
    const project = createTempProject(path.join(PROGRAMS, "dynamic-import"), { extraEnv: emulatorEnv(emulator) });
    try {
      await project.pulumiOk(["stack", "init", "dev"]);
      const run = await project.pulumi(["up", "--yes", "--skip-preview"]);
      const output = run.stdout + run.stderr;
      expect(run.code).not.toBe(0);
      expect(output).toContain("the import resource option does not work with the dynamic ApiToken");
      expect(output).toContain('new ApiToken("legacy", { adminId: 32, existingTokenId: 17, existingAccessId: "<its access id>", … })');
      expect(output).toContain("pulumi-logicmonitor-apitoken/plugin");
      expect(output).not.toContain("code must be a string");
      expect(diagnostics(output)).not.toMatch(STACK_FRAME);
    } finally {
      project.dispose();
      await emulator.close();
    }
  });

  it("prints a configuration error once, without a stack trace, and fails preview before any request", async () => {
    const project = createTempProject(path.join(EXAMPLES, "quickstart"), { extraEnv: NO_LM_ENV });
    try {
      await project.pulumiOk(["stack", "init", "dev"]);
      const run = await project.pulumi(["preview"]);
      const found = diagnostics(run.stdout + run.stderr);
      expect(run.code).not.toBe(0);
      expect(found.split("The LogicMonitor portal is not configured").length - 1).toBe(1);
      expect(found).toContain("resource 'ci-bot' has a problem: The LogicMonitor portal is not configured: set logicmonitor:company");
      expect(found).not.toMatch(STACK_FRAME);
      expect(found).not.toContain("LmConfigError");
    } finally {
      project.dispose();
    }
  });
});

describe("the npm package's Node.js plugin launcher", () => {
  /** A YAML program whose `plugins` block points at `bin`. */
  function yamlProgramUsing(bin: string, env: Record<string, string | undefined>) {
    const project = createTempProject(path.join(EXAMPLES, "yaml"), { packageInstall: "none", extraEnv: env });
    fs.appendFileSync(path.join(project.dir, "Pulumi.yaml"), `plugins:\n  providers:\n    - name: logicmonitor\n      path: ${bin}\n`);
    return project;
  }

  it("without @pulumi/pulumi beside the package, answers the engine with what to install: no stack trace, no banner", async () => {
    // The package installed as npm would, with every dependency but the peer @pulumi/pulumi.
    const project = yamlProgramUsing(path.join("node_modules", "pulumi-logicmonitor-apitoken", "bin"), NO_LM_ENV);
    const nodeModules = path.join(project.dir, "node_modules");
    fs.mkdirSync(nodeModules);
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
      if (!["@pulumi", ".bin", "pulumi-logicmonitor-apitoken"].includes(entry)) fs.symlinkSync(path.join(REPO_ROOT, "node_modules", entry), path.join(nodeModules, entry));
    }
    for (const file of ["package.json", "bin", "dist/provider"]) {
      fs.cpSync(path.join(REPO_ROOT, file), path.join(nodeModules, "pulumi-logicmonitor-apitoken", file), { recursive: true });
    }
    try {
      await project.pulumiOk(["stack", "init", "dev"]);
      const run = await project.pulumi(["preview"]);
      const output = run.stdout + run.stderr;
      expect(run.code).not.toBe(0);
      expect(output).toContain("pulumi-resource-logicmonitor: cannot load @pulumi/pulumi for pulumi-logicmonitor-apitoken");
      expect(output).toContain("npm install @pulumi/pulumi");
      expect(output).not.toContain(BANNER);
      expect(output).not.toMatch(STACK_FRAME);
    } finally {
      project.dispose();
    }
  });

  it("without node on PATH, names the missing Node.js and the executable that needs none", async () => {
    const project = yamlProgramUsing(path.join(REPO_ROOT, "bin"), { ...NO_LM_ENV, PATH: pathWithoutNode(engineDir()) });
    try {
      await project.pulumiOk(["stack", "init", "dev"]);
      const run = await project.pulumi(["preview"]);
      const output = run.stdout + run.stderr;
      expect(run.code).not.toBe(0);
      // The engine wraps a plugin that cannot start in its banner; the line inside it is plain.
      expect(output).toContain("it needs Node.js 20 or later ('node' on PATH), which is not there");
      expect(output).toContain("pulumi plugin install resource logicmonitor <version> --file pulumi-resource-logicmonitor-v<version>-linux-amd64.tar.gz");
      expect(output).not.toContain("No such file or directory");
    } finally {
      project.dispose();
    }
  });
});

describe("the plugin face after pulumi import", () => {
  it("the first up says why it updates (the ownership mark), and the next needs none", async () => {
    const emulator = await startEmulator();
    const project = createTempProject(path.join(PROGRAMS, "yaml-import"), { packageInstall: "none", extraEnv: { ...emulatorEnv(emulator), PATH: pathWithoutNode(engineDir()) } });
    // The release's executable from the plugin cache: drop the program's path to the npm launcher.
    const program = path.join(project.dir, "Pulumi.yaml");
    fs.writeFileSync(program, fs.readFileSync(program, "utf8").replace(/^plugins:\n(?:  .*\n)+/m, ""));
    try {
      await project.pulumiOk(["stack", "init", "dev"]);
      await installReleasePlugin(project);
      const client = new LogicMonitorClient({ baseUrl: emulator.baseUrl, accessId: emulator.accessId, accessKey: emulator.accessKey });
      const token = await client.createApiToken(32, { note: "legacy" });
      const generated = path.join(project.dir, "generated.yaml");
      await project.pulumiOk(["import", "logicmonitor:index:ApiToken", "legacy", `32/${token.id}/${token.accessId}`, "--yes", "--protect=false", "--out", generated]);
      fs.appendFileSync(program, fs.readFileSync(generated, "utf8"));
      const up = await project.pulumiOk(["up", "--yes"]);
      expect(up.stdout).toMatch(/~ +logicmonitor:index:ApiToken legacy update/);
      expect(up.stdout).toContain("updates once to write this resource's ownership mark into the token's note in LogicMonitor");
      const next = await project.pulumiOk(["up", "--yes", "--expect-no-changes"]);
      expect(next.stdout).not.toContain("ownership mark");
      await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    } finally {
      project.dispose();
      await emulator.close();
    }
  });
});
