import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { createTempProject, type TempProject } from "../../../../scripts/lib/temp-project";

/**
 * With the package installed as npm installs it (a real folder in node_modules), Pulumi stores a
 * short reference to the shim module as `__provider` instead of a by-value copy of the shim.
 */

const FIXTURE = path.resolve(__dirname, "..", "..", "..", "fixtures", "installed-package");

describe("the serialized provider of an installed package", () => {
  let project: TempProject;
  let serialized: { text: string; methods: string[] };

  beforeAll(() => {
    project = createTempProject(FIXTURE, { packageInstall: "install" });
    const out = execFileSync(process.execPath, ["serialize-shim.js"], { cwd: project.dir, encoding: "utf8" });
    serialized = JSON.parse(out) as { text: string; methods: string[] };
  });
  afterAll(() => project.dispose());

  it("is a require of the package's provider-shim export, well under 1 KB", () => {
    expect(serialized.text).toContain('require("pulumi-logicmonitor-apitoken/provider-shim")');
    expect(Buffer.byteLength(serialized.text, "utf8")).toBeLessThan(1024);
    expect(serialized.text).not.toContain(project.dir);
  });

  it("loads back, as the plugin loads it, into the shim with every provider method", () => {
    expect(serialized.methods).toEqual(
      expect.arrayContaining(["configure", "check", "diff", "create", "read", "update", "delete"]),
    );
  });
});
