import { splitNote } from "../../provider/core/ownership";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { control } from "../helpers/control";
import { emulatorEnv } from "../helpers/stack";
import {
  changedPropertyLines,
  createInstalledProgram,
  exportedTokens,
  oldestSupportedSdk,
  packTarball,
  sdkUnderTest,
  type InstalledProgram,
} from "./installed-program";

/**
 * The upgrade path users take: a stack created with the oldest `@pulumi/pulumi` the peer range
 * allows, then the program's SDK upgraded to the one this checkout runs with (the lockfile's, or
 * the newest in CI's current leg). Refresh, preview, an update and destroy then run on the new SDK
 * and show nothing beyond what changed.
 */

jest.setTimeout(300_000);

const OLDEST = oldestSupportedSdk();
const NEWEST = sdkUnderTest();

describe(`a stack created with @pulumi/pulumi ${OLDEST}, then run with ${NEWEST} (Node ${process.version})`, () => {
  let scratch: string;
  let emulator: RunningEmulator;
  let portal: ReturnType<typeof control>;
  let program: InstalledProgram;
  let tokenId = 0;
  let providerBefore = "";

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lm-upgrade-"));
    const tarball = await packTarball(scratch);
    emulator = await startEmulator({ port: 0 });
    portal = control(emulator.url);
    program = createInstalledProgram(emulatorEnv(emulator));
    await program.npmInstall([tarball, `@pulumi/pulumi@${OLDEST}`]);
    await program.pulumiOk(["stack", "init", "dev"]);
    await program.pulumiOk(["config", "set", "adminId", "32"]);
    await program.pulumiOk(["config", "set", "note", "made with the oldest SDK"]);
  });
  afterAll(async () => {
    program?.dispose();
    await emulator?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it(`creates the token with @pulumi/pulumi ${OLDEST}`, async () => {
    expect(program.installedVersion("@pulumi/pulumi")).toBe(OLDEST);
    await program.pulumiOk(["up", "--yes", "--skip-preview"]);
    const [token] = await exportedTokens(program);
    tokenId = Number(token?.outputs?.["tokenId"]);
    providerBefore = String(token?.inputs?.["__provider"]);
    expect((await portal.tokens()).filter((t) => t.adminId === 32).map((t) => t.id)).toEqual([tokenId]);
  });

  it(`after the upgrade to ${NEWEST}, refresh and preview show no change and the stored provider is untouched`, async () => {
    await program.npmInstall([`@pulumi/pulumi@${NEWEST}`]);
    expect(program.installedVersion("@pulumi/pulumi")).toBe(NEWEST);
    await portal.clearRequests();
    await program.pulumiOk(["refresh", "--yes", "--expect-no-changes"]);
    await program.pulumiOk(["preview", "--expect-no-changes"]);
    expect((await portal.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    const [token] = await exportedTokens(program);
    expect(String(token?.inputs?.["__provider"])).toBe(providerBefore);
    expect(Number(token?.outputs?.["tokenId"])).toBe(tokenId);
  });

  it("a note change is an in-place update of the note alone", async () => {
    await program.pulumiOk(["config", "set", "note", "updated with the newest SDK"]);
    const preview = JSON.parse((await program.pulumiOk(["preview", "--json"])).stdout) as { steps: { op: string; urn: string }[] };
    expect(preview.steps.filter((s) => s.urn.includes("logicmonitor:ApiToken")).map((s) => s.op)).toEqual(["update"]);
    const lines = changedPropertyLines((await program.pulumiOk(["preview", "--diff"])).stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/~ note\s*:\s*"made with the oldest SDK" => "updated with the newest SDK"/);
    await program.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect(splitNote((await portal.tokens()).find((t) => t.id === tokenId)?.note ?? "").note).toBe("updated with the newest SDK"); // the portal's note also carries the ownership mark
    await program.pulumiOk(["preview", "--expect-no-changes"]);
  });

  it("`destroy` deletes the token", async () => {
    await program.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect((await portal.tokens()).filter((t) => t.adminId === 32)).toEqual([]);
    expect(await exportedTokens(program)).toEqual([]);
  });
});
