import * as fs from "node:fs";
import * as path from "node:path";
import { LogicMonitorClient } from "../../provider/client";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { control } from "../helpers/control";
import { createTempProject, type TempProject } from "../../scripts/lib/temp-project";
import { emulatorEnv } from "../helpers/stack";

/**
 * `pulumi import` of existing LMv1 and Bearer tokens through the plugin face, in a Pulumi YAML
 * project (with the code the engine generates) and in a TypeScript one; and moving a stack from
 * the dynamic `ApiToken` to the plugin face's without replacing its token.
 */

jest.setTimeout(300_000);

const PROGRAMS = path.join(__dirname, "programs");
const TOKEN_TYPE = "logicmonitor:index:ApiToken";

interface StateResource {
  urn: string;
  id?: string;
  type: string;
  protect?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/**
 * Token steps of `pulumi preview --json` other than marking the token as its resource's own
 * (`ownerUrn`: the lifecycle writes its ownership mark into the note of a token it did not make,
 * once, as an in-place update). Anything listed here is a real change.
 */
async function changesBeyondOwnership(project: TempProject): Promise<{ op: string; urn: string; diffReasons?: string[] }[]> {
  const preview = JSON.parse((await project.pulumiOk(["preview", "--json"])).stdout) as {
    steps: { op: string; urn: string; diffReasons?: string[] }[];
  };
  return preview.steps.filter(
    (step) => step.urn.includes(TOKEN_TYPE) && step.op !== "same" && !(step.op === "update" && (step.diffReasons ?? []).every((reason) => reason === "ownerUrn")),
  );
}

async function stateOf(project: TempProject): Promise<StateResource[]> {
  const exported = JSON.parse((await project.pulumiOk(["stack", "export"])).stdout) as { deployment: { resources?: StateResource[] } };
  return exported.deployment.resources ?? [];
}

let emulator: RunningEmulator;
let portal: ReturnType<typeof control>;
let client: LogicMonitorClient;

beforeAll(async () => {
  emulator = await startEmulator();
  portal = control(emulator.url);
  client = new LogicMonitorClient({ baseUrl: emulator.baseUrl, accessId: emulator.accessId, accessKey: emulator.accessKey });
});
afterAll(() => emulator.close());
beforeEach(() => portal.reset());

describe("pulumi import logicmonitor:index:ApiToken <name> <adminId>/<tokenId>/<accessId>", () => {
  it("imports LMv1 and Bearer tokens into a YAML project; the generated code then previews with no changes", async () => {
    const lmv1 = await client.createApiToken(32, { note: "legacy", type: "lmv1" });
    const bearer = await client.createApiToken(32, { note: "legacy bearer", type: "bearer" });
    const project = createTempProject(path.join(PROGRAMS, "yaml-import"), { extraEnv: emulatorEnv(emulator) });
    try {
      await project.pulumiOk(["stack", "init", "dev"]);
      const generated: string[] = [];
      for (const [name, token] of [["legacy", lmv1], ["legacy-bearer", bearer]] as const) {
        const out = path.join(project.dir, `${name}.generated.yaml`);
        await project.pulumiOk(["import", TOKEN_TYPE, name, `32/${token.id}/${token.accessId}`, "--yes", "--out", out]);
        generated.push(fs.readFileSync(out, "utf8"));
      }
      // The code the engine generated for the YAML program (shown to the user after the import).
      expect(generated[0]).toBe(
        ["resources:", "  legacy:", "    type: logicmonitor:ApiToken", "    properties:", "      adminId: 32", "      keepers: {}", "      note: legacy", "      status: enabled", "      type: lmv1", "    options:", "      protect: true", ""].join("\n"),
      );
      expect(generated[1]).toContain("type: bearer");

      const tokens = (await stateOf(project)).filter((r) => r.type === TOKEN_TYPE);
      expect(tokens.map((r) => r.id).sort()).toEqual([`32/${lmv1.id}`, `32/${bearer.id}`].sort());
      for (const token of tokens) {
        expect(token.protect).toBe(true);
        expect(token.outputs?.["accessKey"]).toBeUndefined(); // LogicMonitor never returns a key again
        expect(token.outputs?.["accessId"]).toEqual(expect.any(String));
      }

      // Paste the generated code into the program: nothing to change.
      const program = path.join(project.dir, "Pulumi.yaml");
      const resources = generated.map((code) => code.replace(/^resources:\n/, "")).join("");
      fs.appendFileSync(program, `resources:\n${resources}`);
      expect(await changesBeyondOwnership(project)).toEqual([]);
      await project.pulumiOk(["up", "--yes", "--skip-preview"]);
      await project.pulumiOk(["preview", "--expect-no-changes"]);
      await project.pulumiOk(["refresh", "--yes", "--expect-no-changes"]);
      // Protected, so `destroy` refuses until unprotected; then it deletes both tokens.
      expect((await project.pulumi(["destroy", "--yes", "--skip-preview"])).code).not.toBe(0);
      await project.pulumiOk(["state", "unprotect", "--all", "--yes"]);
      await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
      expect((await portal.tokens()).filter((t) => t.adminId === 32)).toEqual([]);
    } finally {
      project.dispose();
    }
  });

  it("imports into a TypeScript project (--generate-code=false); the plugin face's ApiToken then matches it", async () => {
    const bearer = await client.createApiToken(32, { note: "legacy bearer", type: "bearer" });
    const project = createTempProject(path.join(PROGRAMS, "plugin-ts"), { extraEnv: emulatorEnv(emulator) });
    try {
      await project.pulumiOk(["stack", "init", "dev"]);
      await project.pulumiOk(["config", "set", "face", "none"]);
      await project.pulumiOk(["import", TOKEN_TYPE, "legacy", `32/${bearer.id}/${bearer.accessId}`, "--yes", "--protect=false", "--generate-code=false"]);
      const token = (await stateOf(project)).find((r) => r.type === TOKEN_TYPE);
      expect(token).toMatchObject({ id: `32/${bearer.id}`, inputs: expect.objectContaining({ adminId: 32, note: "legacy bearer", type: "bearer" }) });
      expect(token?.outputs?.["accessKey"]).toBeUndefined();

      for (const [key, value] of [["face", "imported"], ["adminId", "32"], ["note", "legacy bearer"], ["type", "bearer"]]) {
        await project.pulumiOk(["config", "set", "--", key!, value!]);
      }
      expect(await changesBeyondOwnership(project)).toEqual([]);
      await project.pulumiOk(["up", "--yes", "--skip-preview"]);
      await project.pulumiOk(["preview", "--expect-no-changes"]);
      await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
      expect((await portal.tokens()).map((t) => t.id)).not.toContain(bearer.id);
    } finally {
      project.dispose();
    }
  });
});

describe("moving a stack from the dynamic ApiToken to the plugin face", () => {
  it("keeps the token and its key: an alias from the dynamic type, no create or delete; refresh drops __provider", async () => {
    const project = createTempProject(path.join(PROGRAMS, "plugin-ts"), { extraEnv: emulatorEnv(emulator) });
    try {
      await project.pulumiOk(["stack", "init", "dev"]);
      await project.pulumiOk(["config", "set", "face", "dynamic"]);
      await project.pulumiOk(["up", "--yes", "--skip-preview"]);
      const before = JSON.parse((await project.pulumiOk(["stack", "output", "--json", "--show-secrets"])).stdout) as { tokenId: number; accessKey: string };

      await project.pulumiOk(["config", "set", "face", "plugin"]);
      // No create, replace or delete; at most the ownership mark is rewritten for the new URN.
      expect(await changesBeyondOwnership(project)).toEqual([]);
      await portal.clearRequests();
      await project.pulumiOk(["up", "--yes", "--skip-preview"]);
      expect((await portal.requests()).filter((r) => r.method === "POST" || r.method === "DELETE")).toEqual([]);

      const after = JSON.parse((await project.pulumiOk(["stack", "output", "--json", "--show-secrets"])).stdout) as { tokenId: number; accessKey: string };
      expect(after).toEqual(before);
      await project.pulumiOk(["refresh", "--yes"]);
      const resources = await stateOf(project);
      const migrated = resources.find((r) => r.urn.endsWith("::ci-bot"));
      expect(migrated?.type).toBe(TOKEN_TYPE);
      expect(migrated?.outputs?.["__provider"]).toBeUndefined();
      expect(resources.some((r) => r.type.startsWith("pulumi-nodejs:dynamic"))).toBe(false);
      expect(JSON.parse((await project.pulumiOk(["stack", "output", "--json", "--show-secrets"])).stdout)).toEqual(before);
      await project.pulumiOk(["preview", "--expect-no-changes"]);
      await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
      expect((await portal.tokens()).map((t) => t.id)).not.toContain(before.tokenId);
    } finally {
      project.dispose();
    }
  });
});
