import * as fs from "node:fs";
import * as path from "node:path";
import { commandPluginMissing } from "../../scripts/lib/engine";
import { createTempProject, type TempProject } from "../../scripts/lib/temp-project";

/**
 * Proof that the real Pulumi engine built by scripts/ensure-pulumi runs here, offline, on real
 * project folders: the CLI, the nodejs language host, the dynamic-provider launcher and the
 * command plugin.
 */

jest.setTimeout(180_000);
const PROGRAMS = path.join(__dirname, "programs");

interface ExportedResource {
  type: string;
  outputs?: Record<string, unknown>;
}

async function exportedResources(project: TempProject): Promise<ExportedResource[]> {
  const run = await project.pulumiOk(["stack", "export"]);
  const state = JSON.parse(run.stdout) as { deployment: { resources?: ExportedResource[] } };
  return state.deployment.resources ?? [];
}

describe("the Pulumi engine on a project with one trivial dynamic resource", () => {
  let project: TempProject;
  let markerPath: string;

  beforeAll(async () => {
    project = createTempProject(path.join(PROGRAMS, "trivial-dynamic"));
    markerPath = path.join(project.dir, "marker.txt");
    await project.pulumiOk(["stack", "init", "dev"]);
    await project.pulumiOk(["config", "set", "markerPath", markerPath]);
  });
  afterAll(() => project.dispose());

  it("creates the resource with `pulumi up`, running the provider in the engine's plugin process", async () => {
    const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/\+ 2 created/);
    expect(fs.readFileSync(markerPath, "utf8")).toBe("engine-ok");
    const outputs = JSON.parse((await project.pulumiOk(["stack", "output", "--json"])).stdout) as {
      text: string;
      providerPid: number;
    };
    expect(outputs.text).toBe("engine-ok");
    expect(outputs.providerPid).not.toBe(process.pid);
    const types = (await exportedResources(project)).map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining(["pulumi:pulumi:Stack", "pulumi-nodejs:dynamic/test:Marker"]),
    );
  });

  it("previews no changes afterwards (`--expect-no-changes` exits 0)", async () => {
    const preview = await project.pulumi(["preview", "--expect-no-changes"]);
    expect(preview.stderr + preview.stdout).not.toMatch(/error:/);
    expect(preview.code).toBe(0);
  });

  it("destroys the resource, running the provider's delete", async () => {
    await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect(fs.existsSync(markerPath)).toBe(false);
    expect(await exportedResources(project)).toEqual([]);
  });
});

const withoutCommandPlugin = commandPluginMissing();
const describeWithCommandPlugin = withoutCommandPlugin ? describe.skip : describe;
if (withoutCommandPlugin) console.warn(`@pulumi/command local.Command tests: ${withoutCommandPlugin}`);
describeWithCommandPlugin(`the Pulumi engine on a project with an @pulumi/command local.Command${withoutCommandPlugin ? ` (${withoutCommandPlugin})` : ""}`, () => {
  let project: TempProject;
  let markerPath: string;

  beforeAll(async () => {
    project = createTempProject(path.join(PROGRAMS, "local-command"));
    markerPath = path.join(project.dir, "command-marker.txt");
    await project.pulumiOk(["stack", "init", "dev"]);
    await project.pulumiOk(["config", "set", "markerPath", markerPath]);
  });
  afterAll(() => project.dispose());

  it("runs the create command through the command plugin on `pulumi up`", async () => {
    await project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect(fs.readFileSync(markerPath, "utf8")).toBe("from-command");
    const outputs = JSON.parse((await project.pulumiOk(["stack", "output", "--json"])).stdout) as {
      stdout: string;
    };
    expect(outputs.stdout).toBe("hello from-command");
  });

  it("runs the delete command on `pulumi destroy`", async () => {
    await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect(fs.existsSync(markerPath)).toBe(false);
    expect(await exportedResources(project)).toEqual([]);
  });
});
