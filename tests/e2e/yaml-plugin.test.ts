import * as fs from "node:fs";
import * as path from "node:path";
import { createExampleStack, emulatorEnv, EXAMPLES, type ExampleStack } from "../helpers/stack";
import { createTempProject } from "../../scripts/lib/temp-project";
import { startEmulator } from "../../provider/emulator";
import { control } from "../helpers/control";
import { splitNote } from "../../provider/core/ownership";
import { engineDir, REPO_ROOT } from "../../scripts/lib/engine";
import { builtRelease, installReleasePlugin } from "../helpers/release";
import { pathWithoutNode } from "../helpers/no-node-path";

/**
 * examples/yaml through the real CLI, Pulumi YAML's language host and pulumi-resource-logicmonitor
 * (the plugin face) against the emulator: the lifecycle a YAML user sees, with the release's
 * plugin executable installed in the plugin cache, no node_modules and no `node` on PATH; and the
 * other ways the engine finds the plugin (the npm package's Node.js launcher).
 */

jest.setTimeout(300_000);

const TOKEN_TYPE = "logicmonitor:index:ApiToken";

describe("examples/yaml through the plugin executable, without Node.js", () => {
  let stack: ExampleStack;
  let tokenId = 0;
  let accessKey = "";

  beforeAll(async () => {
    stack = await createExampleStack("yaml", { releasePlugin: true });
  });

  it("0. the project has no package.json or node_modules, node is not on PATH, and the plugin is the cached executable", async () => {
    expect(fs.readdirSync(stack.project.dir).filter((name) => name === "package.json" || name === "node_modules")).toEqual([]);
    expect(stack.project.env["PATH"]!.split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, "node")))).toBe(false);
    const listed = (await stack.project.pulumiOk(["plugin", "ls"])).stdout;
    expect(listed).toMatch(new RegExp(`logicmonitor\\s+resource\\s+${builtRelease().version.replace(/\./g, "\\.")}`));
  });
  afterAll(() => stack.dispose());

  const keyOutput = async () => (await stack.project.pulumiOk(["stack", "output", "accessKey", "--show-secrets"])).stdout.trim();

  it("1. `up` creates one token, its key a secret output", async () => {
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const outputs = await stack.outputs();
    tokenId = Number(outputs["tokenId"]);
    expect(outputs).toMatchObject({ adminName: "jdoe", accessKey: "[secret]" });
    expect((await stack.portal.tokens()).filter((t) => t.adminId === 32).map((t) => t.id)).toEqual([tokenId]);
    accessKey = await keyOutput();
    expect(accessKey.length).toBeGreaterThanOrEqual(40);
    await stack.project.pulumiOk(["preview", "--expect-no-changes"]);
  });

  it("2. a note change is one in-place update in `preview --diff`, and applies", async () => {
    await stack.project.pulumiOk(["config", "set", "note", "CI deploys (prod)"]);
    const { steps } = await stack.preview();
    const token = steps.filter((s) => s.urn.includes(TOKEN_TYPE));
    expect(token.map((s) => s.op)).toEqual(["update"]);
    expect(token[0]?.diffReasons).toEqual(["note"]);
    const diff = (await stack.project.pulumiOk(["preview", "--diff"])).stdout;
    const changed = diff.split("\n").filter((line) => /^\s*[~+-]\s+\w+\s*:\s/.test(line));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/~ note\s*:\s*"CI deploys" => "CI deploys \(prod\)"/);
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect(splitNote((await stack.portal.tokens()).find((t) => t.id === tokenId)?.note ?? "")).toEqual({ note: "CI deploys (prod)", mark: expect.objectContaining({ hash: expect.any(String) }) });
    expect(Number((await stack.outputs())["tokenId"])).toBe(tokenId);
  });

  it("3. a token disabled by hand shows as drift on `refresh`, and `up` enables it again, key kept", async () => {
    await stack.portal.setToken(tokenId, { status: 1 });
    const refresh = await stack.project.pulumiOk(["refresh", "--yes", "--diff"]);
    expect(refresh.stdout).toMatch(/status\s*:\s*"enabled" => "disabled"/);
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect((await stack.portal.tokens()).find((t) => t.id === tokenId)?.status).toBe(2);
    expect(await keyOutput()).toBe(accessKey);
  });

  it("4. an owner change replaces the token, creating the new one before deleting the old", async () => {
    await stack.project.pulumiOk(["config", "set", "adminId", "131"]);
    const { steps } = await stack.preview();
    const token = steps.filter((s) => s.urn.includes(TOKEN_TYPE));
    expect(token.map((s) => s.op)).toEqual(["replace"]);
    expect(token[0]?.replaceReasons).toEqual(["adminId"]);
    await stack.portal.clearRequests();
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const log = await stack.portal.requests();
    const post = log.findIndex((r) => r.method === "POST" && r.status === 200);
    const del = log.findIndex((r) => r.method === "DELETE" && r.status === 200);
    expect(post).toBeGreaterThanOrEqual(0);
    expect(del).toBeGreaterThan(post);
    const newId = Number((await stack.outputs())["tokenId"]);
    expect(newId).not.toBe(tokenId);
    const ids = (await stack.portal.tokens()).map((t) => t.id);
    expect(ids).toContain(newId);
    expect(ids).not.toContain(tokenId);
    tokenId = newId;
    accessKey = await keyOutput();
  });

  it("5. state holds the key as ciphertext and no __provider; no key in any output", async () => {
    const exported = await stack.exportText();
    const state = JSON.parse(exported) as { deployment: { resources: { type: string; outputs: Record<string, unknown>; inputs: Record<string, unknown> }[] } };
    const token = state.deployment.resources.find((r) => r.type === TOKEN_TYPE);
    expect(token?.outputs["accessKey"]).toEqual(
      expect.objectContaining({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.any(String) }),
    );
    expect(exported).not.toContain("__provider");
    for (const secret of [accessKey, stack.emulator.accessKey]) {
      expect(exported).not.toContain(secret);
      for (const output of stack.project.transcript) expect(output).not.toContain(secret);
    }
  });

  it("6. `destroy` deletes every token", async () => {
    await stack.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect((await stack.portal.tokens()).filter((t) => t.adminId !== 1)).toEqual([]);
  });
});

describe("how the engine finds pulumi-resource-logicmonitor", () => {
  /**
   * PATH without any node_modules/.bin (npm and npx put the repository's on PATH, and with it the
   * plugin), so each test decides where the engine may find the plugin.
   */
  function searchPath(...first: string[]): string {
    const rest = (process.env["PATH"] ?? "").split(path.delimiter).filter((dir) => !dir.endsWith(path.join("node_modules", ".bin")));
    return [...first, engineDir(), ...rest].join(path.delimiter);
  }

  /** examples/yaml without its `plugins` block, so the engine must look elsewhere. */
  function projectWithoutPluginsBlock(extraEnv: Record<string, string | undefined>) {
    const project = createTempProject(path.join(EXAMPLES, "yaml"), { extraEnv });
    const file = path.join(project.dir, "Pulumi.yaml");
    const text = fs.readFileSync(file, "utf8").replace(/^plugins:\n(?:  .*\n|#.*\n)+/m, "");
    expect(text).not.toContain("plugins:");
    fs.writeFileSync(file, text);
    return project;
  }

  async function upAndDestroy(extraEnv: (env: Record<string, string | undefined>) => Record<string, string | undefined>, setup?: (project: ReturnType<typeof createTempProject>) => Promise<void>) {
    const emulator = await startEmulator();
    const project = projectWithoutPluginsBlock(extraEnv(emulatorEnv(emulator)));
    try {
      await project.pulumiOk(["stack", "init", "dev"]);
      await setup?.(project);
      const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
      const outputs = JSON.parse((await project.pulumiOk(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
      expect(outputs["accessKey"]).toBe("[secret]");
      await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
      return up;
    } finally {
      project.dispose();
      await emulator.close();
    }
  }

  it("on PATH (node_modules/.bin of an installed package), with the engine's warning", async () => {
    const bin = path.join(REPO_ROOT, "node_modules", ".bin");
    const up = await upAndDestroy((env) => ({ ...env, PATH: searchPath(bin) }));
    expect(up.stdout + up.stderr).toContain(`using pulumi-resource-logicmonitor from $PATH at ${path.join(bin, "pulumi-resource-logicmonitor")}`);
  });

  it("in the plugin cache, after `pulumi plugin install resource logicmonitor <version> --file`", async () => {
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
    const up = await upAndDestroy(
      (env) => ({ ...env, PATH: searchPath() }),
      async (project) => {
        await project.pulumiOk(["plugin", "install", "resource", "logicmonitor", version, "--file", path.join(REPO_ROOT, "bin", "pulumi-resource-logicmonitor")]);
        const listed = await project.pulumiOk(["plugin", "ls"]);
        expect(listed.stdout).toMatch(new RegExp(`logicmonitor\\s+resource\\s+${version.replace(/\./g, "\\.")}`));
      },
    );
    expect(up.stdout + up.stderr).not.toContain("pulumi-resource-logicmonitor from $PATH");
  });
});

describe("resource options the plugin face makes work", () => {
  /** examples/yaml with `options` added to its token. */
  async function withOptions(options: string) {
    const stack = await createExampleStack("yaml", { releasePlugin: true });
    const file = path.join(stack.project.dir, "Pulumi.yaml");
    const text = fs.readFileSync(file, "utf8").replace("    type: logicmonitor:ApiToken\n", `    type: logicmonitor:ApiToken\n    options:\n${options}`);
    fs.writeFileSync(file, text);
    return stack;
  }

  it("replaceOnChanges: a note change becomes a create-before-delete replacement", async () => {
    const stack = await withOptions("      replaceOnChanges: [note]\n");
    try {
      await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
      const first = Number((await stack.outputs())["tokenId"]);
      await stack.project.pulumiOk(["config", "set", "note", "rotated by note"]);
      const { steps } = await stack.preview();
      const token = steps.filter((s) => s.urn.includes(TOKEN_TYPE));
      expect(token.map((s) => s.op)).toEqual(["replace"]);
      expect(token[0]?.replaceReasons).toEqual(["note"]);
      await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
      const second = Number((await stack.outputs())["tokenId"]);
      expect(second).not.toBe(first);
      expect((await stack.portal.tokens()).map((t) => t.id)).toEqual(expect.not.arrayContaining([first]));
      await stack.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    } finally {
      await stack.dispose();
    }
  });

  it("customTimeouts: a slow update or delete fails with the timeout named; a slow create is never abandoned", async () => {
    const stack = await withOptions("      customTimeouts:\n        create: 1s\n        update: 1s\n        delete: 1s\n");
    try {
      // Create: slower than its timeout, and still recorded, so no token is left untracked.
      await stack.portal.faults([{ method: "POST", action: "delay", latencyMs: 3000 }]);
      await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
      const tokenId = Number((await stack.outputs())["tokenId"]);
      expect((await stack.portal.tokens()).map((t) => t.id)).toContain(tokenId);

      await stack.project.pulumiOk(["config", "set", "note", "slow portal"]);
      await stack.portal.faults([{ method: "PUT", action: "delay", latencyMs: 4000 }]);
      const update = await stack.project.pulumi(["up", "--yes", "--skip-preview"]);
      expect(update.code).not.toBe(0);
      expect(update.stdout + update.stderr).toContain("updating LogicMonitor API token 32/");
      expect(update.stdout + update.stderr).toContain("did not finish within its custom timeout of 1 s");

      await stack.portal.faults([{ method: "DELETE", action: "delay", latencyMs: 4000 }]);
      const destroy = await stack.project.pulumi(["destroy", "--yes", "--skip-preview"]);
      expect(destroy.code).not.toBe(0);
      expect(destroy.stdout + destroy.stderr).toContain("deleting LogicMonitor API token 32/");

      await stack.portal.clearFaults();
      await stack.project.pulumiOk(["refresh", "--yes"]);
      await stack.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
      expect((await stack.portal.tokens()).filter((t) => t.adminId === 32)).toEqual([]);
    } finally {
      await stack.dispose();
    }
  });
});

describe("provider configuration of the plugin face", () => {
  /** No LM_* variable at all: whatever reaches the plugin comes from the stack. */
  const NO_LM_ENV = Object.fromEntries(
    ["LM_BASE_URL", "LM_ACCESS_ID", "LM_ACCESS_KEY", "LM_COMPANY", "LM_ACCOUNT", "LM_API_ID", "LM_API_KEY", "LM_BEARER_TOKEN", "LM_DOMAIN"].map((k) => [k, undefined]),
  );

  /** Runs a program; `releasePlugin`: the cached plugin executable, no node_modules, no `node` (else the program's own `plugins` block). */
  async function run(program: string, config: [string, string, boolean][], releasePlugin = false) {
    const emulator = await startEmulator();
    const project = releasePlugin
      ? createTempProject(program, { packageInstall: "none", extraEnv: { ...NO_LM_ENV, PATH: pathWithoutNode(engineDir()) } })
      : createTempProject(program, { extraEnv: NO_LM_ENV });
    try {
      await project.pulumiOk(["stack", "init", "dev"]);
      if (releasePlugin) await installReleasePlugin(project);
      for (const [key, value, secret] of config) {
        const withValue = (text: string) => text.replace("{baseUrl}", emulator.baseUrl).replace("{accessId}", emulator.accessId).replace("{accessKey}", emulator.accessKey);
        await project.pulumiOk(["config", "set", ...(secret ? ["--secret"] : []), "--", key, withValue(value)]);
      }
      await project.pulumiOk(["up", "--yes", "--skip-preview"]);
      const tokenId = Number(JSON.parse((await project.pulumiOk(["stack", "output", "--json"])).stdout)["tokenId"]);
      expect((await control(emulator.url).tokens()).map((t) => t.id)).toContain(tokenId);
      const exported = (await project.pulumiOk(["stack", "export"])).stdout;
      await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
      expect((await control(emulator.url).tokens()).map((t) => t.id)).not.toContain(tokenId);
      return { exported, emulator };
    } finally {
      project.dispose();
      await emulator.close();
    }
  }

  it("reads logicmonitor:* stack config (Configure's variables), the key a secret", async () => {
    const { exported, emulator } = await run(path.join(EXAMPLES, "yaml"), [
      ["logicmonitor:baseUrl", "{baseUrl}", false],
      ["logicmonitor:accessId", "{accessId}", false],
      ["logicmonitor:accessKey", "{accessKey}", true],
    ], true);
    expect(exported).not.toContain(emulator.accessKey);
  });

  it("reads an explicit provider's properties, and stores its credentials as secrets though given in plain text", async () => {
    const { exported, emulator } = await run(path.join(__dirname, "programs", "yaml-explicit-provider"), [
      ["portalUrl", "{baseUrl}", false],
      ["portalAccessId", "{accessId}", false],
      ["portalAccessKey", "{accessKey}", false],
    ]);
    const provider = (JSON.parse(exported) as { deployment: { resources: { type: string; inputs?: Record<string, unknown> }[] } }).deployment.resources.find(
      (r) => r.type === "pulumi:providers:logicmonitor",
    );
    expect(provider?.inputs?.["baseUrl"]).toBe(emulator.baseUrl);
    expect(provider?.inputs?.["accessKey"]).toEqual(expect.objectContaining({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.any(String) }));
  });
});

describe("partial failures through the plugin face", () => {
  it("a create whose write lands late: either recorded as InitializationFailed with the extra token named, or converged to one token", async () => {
    const stack = await createExampleStack("yaml", { releasePlugin: true });
    try {
      // The portal answers 503 and carries the write out just before the lifecycle's retry.
      await stack.portal.faults([{ method: "POST", action: "commit-late", status: 503 }]);
      const run = await stack.project.pulumi(["up", "--yes", "--skip-preview"]);
      const ids = (await stack.portal.tokens()).filter((t) => t.adminId === 32).map((t) => t.id).sort((a, b) => a - b);
      const state = JSON.parse(await stack.exportText()) as { deployment: { resources: { type: string; id?: string; outputs: Record<string, unknown> }[] } };
      const token = state.deployment.resources.find((r) => r.type === TOKEN_TYPE);
      if (run.code !== 0) {
        // A partial failure: the lifecycle kept one token and named the extra one; the engine
        // recorded the kept token (with its key, secret) although the step failed.
        expect(ids).toHaveLength(2);
        const [extra, kept] = ids;
        expect(run.stdout + run.stderr).toContain(`also has token ${extra} with the same note`);
        expect(token?.id).toBe(`32/${kept}`);
        await stack.portal.deleteToken(extra!);
      } else {
        // The lifecycle cleaned up after itself: one token, the one in state.
        expect(ids).toHaveLength(1);
        expect(token?.id).toBe(`32/${ids[0]}`);
      }
      expect(token?.outputs["accessKey"]).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
      // The next `up` keeps the recorded token rather than making a new one; destroy deletes it.
      await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
      expect((await stack.portal.tokens()).filter((t) => t.adminId === 32).map((t) => `32/${t.id}`)).toEqual([token?.id]);
      await stack.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    } finally {
      await stack.dispose();
    }
  });
});
