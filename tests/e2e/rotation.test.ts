import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { LogicMonitorClient } from "../../provider/client";
import { splitNote } from "../../provider/core/ownership";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { engineDir } from "../../scripts/lib/engine";
import { createTempProject, type TempProject } from "../../scripts/lib/temp-project";
import { control } from "../helpers/control";
import { namedLeftovers } from "../helpers/orphans-cli";
import { until } from "../helpers/until";

/**
 * Issue 18: RotatingApiToken through the real CLI on both faces (a TypeScript program on the
 * dynamic face, Pulumi YAML on the plugin face) against the emulator. Time moves with the
 * emulator's clock (`clockOffsetMs`): a key made while the portal clock is 31 days behind is 31
 * days old to the provider, so `rotateAfterDays` and the overlap are tested without waiting.
 * Consumers sign requests with a key, and the portal records its `lastUsedOn`, as LogicMonitor
 * does. The provider signs with a Bearer token, which carries no timestamp, so the portal's clock
 * may differ from the provider's.
 */

jest.setTimeout(600_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PROGRAMS = path.join(__dirname, "programs");
const LIST = "GET /setting/admins/{adminId}/apitokens";
const POST = "POST /setting/admins/{adminId}/apitokens";
const DELETE = "DELETE /setting/admins/{adminId}/apitokens/{id}";

const FACES = [
  ["dynamic face (TypeScript)", "rotating-dynamic", "pulumi-nodejs:dynamic/logicmonitor:RotatingApiToken"],
  ["plugin face (YAML)", "rotating-yaml", "logicmonitor:index:RotatingApiToken"],
] as const;

interface Stack {
  project: TempProject;
  emulator: RunningEmulator;
  portal: ReturnType<typeof control>;
  /** The portal clock's offset from real time. */
  clock: number;
  /** The token id of the provider's own credential. */
  providerTokenId: number;
  /** Every key the stack has held (to check none was ever printed). */
  keysSeen: Set<string>;
}

async function rotatingStack(program: string): Promise<Stack> {
  const emulator = await startEmulator();
  const portal = control(emulator.url);
  const [bearer] = await portal.mintTokens({ adminId: 1, type: "bearer", note: "the provider's credential" });
  const project = createTempProject(path.join(PROGRAMS, program), {
    extraEnv: { LM_BASE_URL: emulator.baseUrl, LM_BEARER_TOKEN: bearer!.accessKey, LM_ACCESS_ID: undefined, LM_ACCESS_KEY: undefined, LM_COMPANY: undefined },
  });
  await project.pulumiOk(["stack", "init", "dev"]);
  await project.pulumiOk(["config", "set", "rotateAfterDays", "30"]);
  return { project, emulator, portal, clock: 0, providerTokenId: bearer!.id, keysSeen: new Set() };
}

async function setClock(s: Stack, offsetMs: number): Promise<void> {
  s.clock = offsetMs;
  await s.portal.configure({ clockOffsetMs: offsetMs });
}

/** The stack's outputs with the keys revealed (never printed: the transcript skips --show-secrets runs). */
async function keys(s: Stack): Promise<Record<string, string | number | undefined>> {
  const outputs = JSON.parse((await s.project.pulumiOk(["stack", "output", "--json", "--show-secrets"])).stdout) as Record<string, string | number | undefined>;
  for (const name of ["accessKey", "previousAccessKey"]) {
    const key = outputs[name];
    if (typeof key === "string" && key !== "") s.keysSeen.add(key);
  }
  return outputs;
}

/** A consumer signs one request with a key at the portal's time; the portal records the use. */
async function useKey(s: Stack, accessId: unknown, accessKey: unknown): Promise<void> {
  const client = new LogicMonitorClient({
    baseUrl: s.emulator.baseUrl,
    accessId: String(accessId),
    accessKey: String(accessKey),
    now: () => Date.now() + s.clock,
    retry: { maxRetries: 0 },
  });
  await client.getAdmin(32);
}

/** The provider's API requests since the last clear (the route carries the method). */
async function apiRequests(s: Stack): Promise<string[]> {
  return (await s.portal.requests()).filter((r) => r.callerTokenId === s.providerTokenId).map((r) => r.route);
}

/** Live tokens of admin 32 (the keys), by id. */
async function liveKeys(s: Stack): Promise<number[]> {
  return (await s.portal.tokens()).filter((t) => t.adminId === 32).map((t) => t.id).sort((a, b) => a - b);
}

/** The ids of every process under `pid` (from /proc), children first found first. */
function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent id is the 4th field, after the command name in parentheses (which may hold spaces).
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), parent);
    } catch {
      // the process ended meanwhile
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const [child, parent] of parents) {
      if (parent === current && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** The lines of a run's Diagnostics section (where each message the provider sent appears once). */
function diagnostics(output: string): string[] {
  const start = output.indexOf("\nDiagnostics:\n");
  if (start < 0) return [];
  const rest = output.slice(start + "\nDiagnostics:\n".length);
  const end = rest.search(/\n(Outputs|Resources):\n/);
  return (end < 0 ? rest : rest.slice(0, end)).split("\n");
}

describe.each(FACES)("RotatingApiToken through the real CLI: %s", (_face, program, type) => {
  let s: Stack;
  beforeAll(async () => {
    s = await rotatingStack(program);
  });
  afterAll(async () => {
    s.project.dispose();
    await s.emulator.close();
  });

  it("1. rotates by rotateAfterDays once the clock says so: preview names it as one update; the up is a list and a create", async () => {
    await setClock(s, -31 * DAY); // the first key is made 31 days ago
    await s.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const first = await keys(s);
    await setClock(s, -25 * HOUR); // the rotation happens 25 hours ago: its overlap is over now
    const preview = await s.project.pulumiOk(["preview", "--json"]);
    const steps = (JSON.parse(preview.stdout) as { steps: { op: string; urn: string }[] }).steps.filter((step) => step.urn.includes(type));
    expect(steps.map((step) => step.op)).toEqual(["update"]);
    const text = (await s.project.pulumiOk(["preview"])).stdout;
    expect(text).toMatch(new RegExp(`planned update: new current key: rotateAfterDays: key ${String(first["tokenId"])} was made at \\S+ and is 31 days old \\(rotateAfterDays: 30\\)`));
    await s.portal.clearRequests();
    await s.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect(await apiRequests(s)).toEqual([LIST, POST]);
    const second = await keys(s);
    expect(second["tokenId"]).not.toBe(first["tokenId"]);
    expect(second).toMatchObject({ previousTokenId: first["tokenId"], previousAccessId: first["accessId"], previousAccessKey: first["accessKey"] });
    expect(await liveKeys(s)).toEqual([first["tokenId"], second["tokenId"]].map(Number).sort((a, b) => a - b));
    const marks = new Map((await s.portal.tokens()).map((t) => [t.id, splitNote(t.note).mark?.key]));
    expect([marks.get(Number(first["tokenId"])), marks.get(Number(second["tokenId"]))]).toEqual([1, 2]);
    await setClock(s, 0);
    await s.project.pulumiOk(["up", "--yes", "--skip-preview"]); // the previous key is unused: retired (step 4 rotates again)
    expect(await liveKeys(s)).toEqual([Number(second["tokenId"])]);
  });

  it("2. refuses a rotation while the previous key is still used; the error names it, its last use and the options; nothing changes", async () => {
    await s.project.pulumiOk(["config", "set", "rotation", "r2"]);
    await setClock(s, -25 * HOUR);
    await s.project.pulumiOk(["up", "--yes", "--skip-preview"]); // rotation 25 hours ago, no previous to retire
    await setClock(s, 0);
    const held = await keys(s);
    await useKey(s, held["previousAccessId"], held["previousAccessKey"]);
    await s.project.pulumiOk(["config", "set", "rotation", "r3"]);
    const before = await liveKeys(s);
    await s.portal.clearRequests();
    const run = await s.project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(run.code).not.toBe(0);
    const said = run.stdout + run.stderr;
    expect(said).toMatch(
      new RegExp(
        `cannot rotate \\S+/dev/reporting \\(rotationTriggers changed\\): .*the previous key ${String(held["previousTokenId"])} \\(access id ${String(held["previousAccessId"])}\\) ` +
          `must be retired first, and it is not retirable yet: LogicMonitor shows it last used at \\S+ \\(0 min ago\\)`,
      ),
    );
    expect(said).toMatch(/Nothing was created or deleted\. Options: .*lower overlapHours, or set retireWhenUnusedForMinutes: 0/);
    expect(await apiRequests(s)).toEqual([LIST]);
    expect(await liveKeys(s)).toEqual(before);
    await s.project.pulumiOk(["config", "set", "rotation", "r2"]);
  });

  it("3. keeps a previous key still in use after its overlap, with one line naming it and its last use", async () => {
    const held = await keys(s);
    const preview = (await s.project.pulumiOk(["preview"])).stdout;
    expect(preview).toMatch(new RegExp(`retirement due: previous key ${String(held["previousTokenId"])}: its overlap ended at \\S+ \\(overlapHours: 24\\)`));
    const run = await s.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const kept = diagnostics(run.stdout).filter((line) => line.includes(`kept previous key ${String(held["previousTokenId"])} `));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/LogicMonitor shows it last used at \S+ \(\d+ min ago\), less than retireWhenUnusedForMinutes \(60\) ago/);
    expect(await liveKeys(s)).toContain(Number(held["previousTokenId"]));
  });

  it("4. retires the previous key once LogicMonitor shows it unused long enough: a list and a delete, reported", async () => {
    const held = await keys(s);
    await setClock(s, -2 * HOUR);
    await useKey(s, held["previousAccessId"], held["previousAccessKey"]); // its last use is now two hours ago
    await setClock(s, 0);
    await s.portal.clearRequests();
    const run = await s.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect(await apiRequests(s)).toEqual([LIST, DELETE]);
    expect(run.stdout).toMatch(
      new RegExp(`deleted token ${String(held["previousTokenId"])} of admin 32 \\(the previous key, retired, access id ${String(held["previousAccessId"])}, last used at \\S+ \\(2 h ago\\)\\)`),
    );
    expect(await liveKeys(s)).toEqual([Number(held["tokenId"])]);
    await s.project.pulumiOk(["preview", "--expect-no-changes"]);
  });

  it("5. refresh shows drift on either key (deleted, disabled by hand); up repairs it", async () => {
    await s.project.pulumiOk(["config", "set", "rotation", "r4"]);
    await s.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const held = await keys(s);
    await s.portal.setToken(Number(held["previousTokenId"]), { status: 1 });
    await s.portal.deleteToken(Number(held["tokenId"]));
    const refresh = await s.project.pulumiOk(["refresh", "--yes"]);
    expect(refresh.stdout).toMatch(/\[diff: [^\]]*(previousStatus|tokenId)/);
    expect(refresh.stdout).toMatch(/planned update: new current key: the current key is gone from the portal .*previous key \d+ is disabled in the portal/);
    const { steps } = JSON.parse((await s.project.pulumiOk(["preview", "--json"])).stdout) as { steps: { op: string; urn: string }[] };
    expect(steps.filter((step) => step.urn.includes(type)).map((step) => step.op)).toEqual(["update"]);
    await s.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const repaired = await keys(s);
    expect(repaired["previousTokenId"]).toBe(held["previousTokenId"]);
    expect(repaired["tokenId"]).not.toBe(held["tokenId"]);
    const live = (await s.portal.tokens()).filter((t) => t.adminId === 32);
    expect(live.map((t) => t.id).sort((a, b) => a - b)).toEqual([Number(repaired["previousTokenId"]), Number(repaired["tokenId"])].sort((a, b) => a - b));
    expect(live.every((t) => t.status === 2)).toBe(true);
    await s.project.pulumiOk(["preview", "--expect-no-changes"]);
  });

  it("6. a rotation that fails after retiring the previous key records every live key in state, the keys still secrets", async () => {
    const held = await keys(s);
    await s.project.pulumiOk(["config", "set", "overlapHours", "0"]); // the previous key's overlap is over now, and it is unused
    await s.portal.faults([{ method: "POST", status: 400 }]);
    await s.project.pulumiOk(["config", "set", "rotation", "r5"]);
    const run = await s.project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/making the new key failed after an earlier change was made/);
    expect(await liveKeys(s)).toEqual([Number(held["tokenId"])]);
    // The resource's state (the stack's own outputs stay those of the last successful run).
    const exported = (await s.project.pulumiOk(["stack", "export"])).stdout;
    expect(exported).not.toContain(String(held["accessKey"]));
    const resources = (JSON.parse(exported) as { deployment: { resources: { type: string; outputs: Record<string, unknown> }[] } }).deployment.resources;
    const recorded = resources.find((resource) => resource.type === type)?.outputs ?? {};
    expect(recorded["tokenId"]).toBe(held["tokenId"]);
    expect(recorded["accessKey"]).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
    expect(recorded["previousTokenId"]).toBeUndefined();
    expect(recorded["previousAccessKey"]).toBeUndefined();
    expect(recorded["rotationTriggers"]).toEqual({ rotation: "r4" });
    await s.project.pulumiOk(["up", "--yes", "--skip-preview"]); // the rotation is retried and made
    const rotated = await keys(s);
    expect(rotated["previousTokenId"]).toBe(held["tokenId"]);
  });

  it("7. destroy deletes both keys, each reported", async () => {
    const held = await keys(s);
    const run = await s.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    for (const id of [held["tokenId"], held["previousTokenId"]]) {
      expect(run.stdout).toMatch(new RegExp(`deleted token ${String(id)} of admin 32 \\(the (current|previous) key`));
    }
    expect(await liveKeys(s)).toEqual([]);
  });

  it("8. never printed a key", () => {
    const text = s.project.transcript.join("\n");
    expect(s.keysSeen.size).toBeGreaterThanOrEqual(6);
    for (const key of s.keysSeen) expect(text).not.toContain(key);
  });
});

describe("RotatingApiToken: `pulumi up` killed during a rotation (dynamic face)", () => {
  let s: Stack;
  beforeAll(async () => {
    s = await rotatingStack("rotating-dynamic");
  });
  afterAll(async () => {
    s.project.dispose();
    await s.emulator.close();
  });

  it("every live key ends in state or is named by the next up, which deletes none", async () => {
    await s.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const first = await keys(s);
    await s.project.pulumiOk(["config", "set", "rotation", "r2"]);
    // The portal holds the create's answer back until the client is gone, then carries it out.
    await s.portal.faults([{ method: "POST", action: "commit-late", hang: true }]);
    const up = spawn(path.join(engineDir(), "pulumi"), ["up", "--yes", "--skip-preview"], { cwd: s.project.dir, env: s.project.env, detached: true, stdio: "ignore" });
    const exited = new Promise((resolve) => up.on("close", resolve));
    await until(async () => (await s.portal.requests()).some((r) => r.method === "POST" && r.fault === "commit-late hang"), { pollMs: 100 });
    // The whole run dies at once (a crash, a cancelled CI job): the CLI and every process under it,
    // the provider holding the create's connection among them.
    for (const pid of [up.pid ?? 0, ...descendantsOf(up.pid ?? 0)]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await exited;
    await until(async () => (await liveKeys(s)).length === 2, { pollMs: 100 }); // the killed create lands
    const leftover = (await liveKeys(s)).find((id) => id !== Number(first["tokenId"]));
    expect(leftover).toEqual(expect.any(Number));
    await s.project.pulumi(["cancel", "--yes"]);
    const next = await s.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const said = next.stdout + next.stderr;
    expect(namedLeftovers(said)).toContain(leftover);
    expect(said).toContain(`npx lm-apitoken orphans --admin 32 --token ${String(leftover)} --delete`);
    expect(said).not.toMatch(/deleted token/);
    const rotated = await keys(s);
    expect(rotated["previousTokenId"]).toBe(first["tokenId"]);
    const inState = [rotated["tokenId"], rotated["previousTokenId"]].map(Number);
    for (const id of await liveKeys(s)) expect(inState.includes(id) || id === leftover).toBe(true);
  });
});
