import { splitNote } from "../../provider/core/ownership";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { control } from "../helpers/control";
import { emulatorEnv } from "../helpers/stack";
import {
  changedPropertyLines,
  createInstalledProgram,
  exportedTokens,
  packTarball,
  readVersion,
  sdkUnderTest,
  type InstalledProgram,
} from "./installed-program";

/**
 * The package as users get it, through the real engine: `npm pack`, a fresh program that runs
 * plain `npm install <tarball> @pulumi/pulumi@<sdk>` (the SDK this checkout runs with: the
 * lockfile's, or the newest in CI's current leg), then `up`, a note change, a refresh that finds
 * drift, and `destroy`, against the emulator.
 */

jest.setTimeout(300_000);

describe(`the packed package installed into a fresh program (@pulumi/pulumi ${sdkUnderTest()}, Node ${process.version})`, () => {
  let scratch: string;
  let emulator: RunningEmulator;
  let portal: ReturnType<typeof control>;
  let program: InstalledProgram;
  let tokenId = 0;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lm-pack-"));
    const tarball = await packTarball(scratch);
    emulator = await startEmulator({ port: 0 });
    portal = control(emulator.url);
    program = createInstalledProgram(emulatorEnv(emulator));
    const typescript = readVersion(require.resolve("typescript/package.json"));
    await program.npmInstall([tarball, `@pulumi/pulumi@${sdkUnderTest()}`, `typescript@${typescript}`]);
    await program.pulumiOk(["stack", "init", "dev"]);
    await program.pulumiOk(["config", "set", "adminId", "32"]);
    await program.pulumiOk(["config", "set", "note", "CI deploys"]);
  });
  afterAll(async () => {
    program?.dispose();
    await emulator?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("installs as a real folder next to the SDK asked for, with every peer satisfied", async () => {
    const installed = path.join(program.dir, "node_modules", "pulumi-logicmonitor-apitoken");
    expect(fs.lstatSync(installed).isDirectory()).toBe(true);
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(program.installedVersion("@pulumi/pulumi")).toBe(sdkUnderTest());
    // `npm ls` exits non-zero on a missing or invalid peer.
    const ls = await promisify(execFile)("npm", ["ls", "--all", "--json"], { cwd: program.dir, maxBuffer: 64 * 1024 * 1024 });
    expect(JSON.parse(ls.stdout)).not.toHaveProperty("problems");
  });

  it("type-checks the program against the package's published declarations", async () => {
    const tsc = path.join(program.dir, "node_modules", ".bin", "tsc");
    await expect(promisify(execFile)(tsc, ["-p", program.dir], { cwd: program.dir })).resolves.toBeDefined();
  });

  it("`up` creates the token, and state holds the short `require` of the installed package as provider", async () => {
    await program.pulumiOk(["up", "--yes", "--skip-preview"]);
    const outputs = JSON.parse((await program.pulumiOk(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
    tokenId = Number(outputs["tokenId"]);
    expect(outputs["accessKey"]).toBe("[secret]");
    expect((await portal.tokens()).filter((t) => t.adminId === 32).map((t) => t.id)).toEqual([tokenId]);
    const [token] = await exportedTokens(program);
    const provider = String(token?.inputs?.["__provider"]);
    expect(provider).toContain('require("pulumi-logicmonitor-apitoken/provider-shim")');
    expect(provider.length).toBeLessThan(1000);
    await program.pulumiOk(["preview", "--expect-no-changes"]);
  });

  it("a note change previews as one in-place update of the note, and applies", async () => {
    await program.pulumiOk(["config", "set", "note", "CI deploys (prod)"]);
    const preview = JSON.parse((await program.pulumiOk(["preview", "--json"])).stdout) as { steps: { op: string; urn: string }[] };
    expect(preview.steps.filter((s) => s.urn.includes("logicmonitor:ApiToken")).map((s) => s.op)).toEqual(["update"]);
    const lines = changedPropertyLines((await program.pulumiOk(["preview", "--diff"])).stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/~ note\s*:\s*"CI deploys" => "CI deploys \(prod\)"/);
    await program.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect(splitNote((await portal.tokens()).find((t) => t.id === tokenId)?.note ?? "").note).toBe("CI deploys (prod)"); // the portal's note also carries the ownership mark
  });

  it("`refresh` records a status changed by hand, the next preview shows exactly that, and `up` puts it back", async () => {
    await portal.setToken(tokenId, { status: 1 });
    await program.pulumiOk(["refresh", "--yes"]);
    const lines = changedPropertyLines((await program.pulumiOk(["preview", "--diff"])).stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/~ status\s*:\s*"disabled" => "enabled"/);
    await program.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect((await portal.tokens()).find((t) => t.id === tokenId)?.status).toBe(2);
    await program.pulumiOk(["refresh", "--yes", "--expect-no-changes"]);
  });

  it("`destroy` deletes the token and leaves no resource in state", async () => {
    await program.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect((await portal.tokens()).filter((t) => t.adminId === 32)).toEqual([]);
    expect(await exportedTokens(program)).toEqual([]);
  });
});
