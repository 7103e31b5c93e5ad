import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RunningEmulator } from "../../../provider/emulator";
import { markOf, markedNote } from "../../../provider/core/ownership";
import { LogicMonitorClient } from "../../../provider/client/client";
import { deleteNeverUsedOrphans } from "../../../provider/tools/orphan-deletion";
import { classifyTokens, referencedTokenIds, stateReferences } from "../../../provider/tools/orphans";
import { apiRequest, controlRequest, itemsOf, startTestEmulator } from "../../helpers/emulator";
import { REPO_ROOT } from "../../../scripts/lib/engine";

/** `lm-apitoken orphans`: the built CLI against the emulator over a real socket. */

const CLI = path.join(REPO_ROOT, "dist", "provider", "cli", "lm-apitoken.js");
const TOKEN_TYPE = "pulumi-nodejs:dynamic/logicmonitor:ApiToken";

function run(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { env, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? "");
  });
}

/** The URN of an `ApiToken` named `name` in stack `<project>/<stack>`, as Pulumi makes it. */
function urnOf(project: string, stack: string, name: string): string {
  return `urn:pulumi:${stack}::${project}::${TOKEN_TYPE}::${name}`;
}

interface StateResource {
  urn?: string;
  type: string;
  id?: string;
  protect?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** A `pulumi stack export` of stack `<project>/<stack>` with these resources. */
function exportOf(resources: StateResource[], options: { project?: string; stack?: string; pending?: unknown[] } = {}): unknown {
  const project = options.project ?? "quickstart";
  const stack = options.stack ?? "dev";
  return {
    version: 3,
    deployment: {
      manifest: {},
      resources: [{ type: "pulumi:pulumi:Stack", urn: `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}` }, ...resources],
      ...(options.pending ? { pending_operations: options.pending } : {}),
    },
  };
}

/** An `ApiToken` resource in state holding `adminId/tokenId`, with its URN and `ownerUrn`. */
function tokenResource(urn: string, adminId: number, tokenId: number): StateResource {
  return { urn, type: TOKEN_TYPE, id: `${adminId}/${tokenId}`, inputs: { ownerUrn: urn }, outputs: { ownerUrn: urn, tokenId } };
}

/** The note the provider gives the token of resource `urn`. */
function noteOf(note: string, urn: string): string {
  return markedNote(note, markOf(urn));
}

interface MadeToken {
  id: number;
  accessId: string;
  accessKey: string;
}

describe("stateReferences", () => {
  it("takes the token ids of every resource, whatever its type, from exports and state files", () => {
    const ids = referencedTokenIds([
      exportOf([
        { type: TOKEN_TYPE, id: "32/1001" },
        { type: TOKEN_TYPE, id: "32/1002", outputs: { existingTokenId: 1005 } },
        { type: "pulumi-nodejs:dynamic:Resource", id: "32/1003" },
        { type: "random:index:RandomId", id: "not-a-token", outputs: { hex: "32/1006" } },
      ]),
      { checkpoint: { latest: { resources: [{ type: "logicmonitor:index:ApiToken", id: "131/1004" }] } } },
    ]);
    expect([...ids].sort()).toEqual([1001, 1002, 1003, 1004, 1005]);
  });

  it("names the given stacks, the resources' marks and the stacks with pending operations", () => {
    const urn = urnOf("quickstart", "dev", "ci-bot");
    const references = stateReferences([
      exportOf([tokenResource(urn, 32, 7)]),
      exportOf([], { stack: "prod", pending: [{ resource: { urn: urnOf("quickstart", "prod", "x") }, type: "creating" }] }),
    ]);
    expect([...references.stacks].sort()).toEqual(["quickstart/dev", "quickstart/prod"]);
    expect([...references.pendingStacks]).toEqual(["quickstart/prod"]);
    expect(references.resources.filter((resource) => resource.tokenIds.length > 0)).toEqual([{ urn, mark: markOf(urn), tokenIds: [7], accessIds: [] }]);
  });

  it("refuses what is not Pulumi state", () => {
    expect(() => referencedTokenIds([{ hello: 1 }])).toThrow(/pulumi stack export/);
  });
});

describe("lm-apitoken orphans", () => {
  const ciBot = urnOf("quickstart", "dev", "ci-bot");
  const oldBot = urnOf("quickstart", "dev", "old-bot");
  const usedBot = urnOf("quickstart", "dev", "used-bot");
  const prodBot = urnOf("quickstart", "prod", "ci-bot");
  let emulator: RunningEmulator;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let stateFile: string;
  /** Tokens by role in the scenario. */
  let held: MadeToken, leftover: MadeToken, gone: MadeToken, used: MadeToken, handMade: MadeToken, otherStack: MadeToken;
  let bearerCredential: MadeToken, lmv1Credential: MadeToken;

  const make = async (adminId: number, note: string, type: "lmv1" | "bearer" = "lmv1"): Promise<MadeToken> => {
    const { tokens } = await controlRequest<{ tokens: MadeToken[] }>(emulator, "POST", "/tokens", { adminId, note, type });
    const token = tokens[0];
    if (!token) throw new Error("the emulator made no token");
    return token;
  };
  const listedIds = async (): Promise<number[]> => {
    const ids: number[] = [];
    for (const type of ["", "&type=bearer"]) {
      ids.push(...itemsOf((await apiRequest(emulator, { path: `/setting/admins/32/apitokens?size=1000${type}` })).body).map((t) => Number(t["id"])));
    }
    return ids;
  };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    env = { PATH: process.env["PATH"], LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: emulator.accessId, LM_ACCESS_KEY: emulator.accessKey };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lm-orphans-"));
    held = await make(32, noteOf("CI deploys", ciBot));
    leftover = await make(32, noteOf("CI deploys", ciBot));
    gone = await make(32, noteOf("", oldBot));
    used = await make(32, noteOf("used", usedBot));
    handMade = await make(32, "CI deploys");
    otherStack = await make(131, noteOf("prod CI", prodBot));
    // The credentials the command runs with carry a mark of the dev stack and are in no state:
    // the worst case, which only recognising the credential keeps out of the report.
    bearerCredential = await make(32, noteOf("runner", urnOf("quickstart", "dev", "runner")), "bearer");
    lmv1Credential = await make(32, noteOf("runner", urnOf("quickstart", "dev", "runner-lmv1")));
    // `used` has been used: a signed request with its own key.
    expect((await apiRequest(emulator, { path: "/setting/admins/32", accessId: used.accessId, accessKey: used.accessKey })).status).toBe(200);
    stateFile = path.join(dir, "dev.json");
    fs.writeFileSync(stateFile, JSON.stringify(exportOf([tokenResource(ciBot, 32, held.id), tokenResource(usedBot, 32, 999_999)])));
  });
  afterAll(async () => {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists the provider's unreferenced tokens of the given stack by resource; counts the others; never the token in state", async () => {
    const result = await run(["orphans", "--state", stateFile, "--admin", "32", "--admin", "131"], env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const [provider = "", ...rest] = result.stdout.split("\n\n");
    expect(provider).toMatch(/^Made by this provider, referenced by no given state \(5\):/);
    expect(provider).toMatch(new RegExp(`token ${leftover.id} .*never used  for quickstart/dev/ci-bot #${markOf(ciBot)?.hash}  note "CI deploys"`));
    expect(provider).toMatch(new RegExp(`quickstart/dev/ci-bot is in the state and holds token ${held.id}: this one is a leftover`));
    expect(provider).toMatch(new RegExp(`token ${gone.id} .*for quickstart/dev/old-bot #`));
    expect(provider).toMatch(/quickstart\/dev\/old-bot is in no given state/);
    expect(provider).toMatch(new RegExp(`token ${used.id} .*last used 20`));
    expect(provider).toMatch(/delete it .*existingTokenId/s);
    expect(provider).not.toMatch(new RegExp(`token ${held.id} `));
    expect(result.stdout).toMatch(new RegExp(`Held by a given state \\(1\\): left alone\\.\\n {2}token ${held.id} .*held by ${ciBot.replace(/\$/g, "\\$")}`));
    expect(result.stdout).not.toMatch(new RegExp(`token ${handMade.id} `));
    const others = rest.join("\n\n");
    expect(others).toMatch(/Made by this provider for stacks whose state was not given \(1\): left alone/);
    expect(others).toMatch(new RegExp(`token ${otherStack.id} .*for quickstart/prod/ci-bot`));
    expect(others).toMatch(/pass the state of quickstart\/prod too/);
    expect(others).toMatch(/1 token\(s\) not made by this provider \(no ownership mark\): left alone \(--all lists them\)/);
    expect(others).not.toMatch(/delete|existingTokenId/);
    expect(result.stdout).toContain(`The LMv1 token this command runs with is not among the searched admins' tokens.`);
  });

  it("with --all lists the tokens without a mark as left alone; never the LMv1 credential it runs with", async () => {
    const asCredential = { ...env, LM_ACCESS_ID: lmv1Credential.accessId, LM_ACCESS_KEY: lmv1Credential.accessKey };
    const result = await run(["orphans", "--all", "--admin", "32"], asCredential, JSON.stringify(exportOf([tokenResource(ciBot, 32, held.id)])));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Not made by this provider \(no ownership mark; made by people or other tools\) \(1\): left alone\.\n {2}token \d+ .*note "CI deploys"/);
    expect(result.stdout).toMatch(new RegExp(`token ${handMade.id} `));
    expect(result.stdout).not.toMatch(new RegExp(`token ${lmv1Credential.id} `));
    expect(result.stdout).toContain(`The LMv1 token this command runs with (token ${lmv1Credential.id}) is not listed.`);
    expect(result.stdout).not.toContain(lmv1Credential.accessKey);
  });

  it("never lists the Bearer credential it runs with (matched by its masked value), in text or JSON", async () => {
    const asBearer = { PATH: process.env["PATH"], LM_BASE_URL: emulator.baseUrl, LM_BEARER_TOKEN: bearerCredential.accessKey };
    const text = await run(["orphans", "--all", "--state", stateFile, "--admin", "32"], asBearer);
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(new RegExp(`token ${bearerCredential.id} `));
    expect(text.stdout).toContain(`The Bearer token this command runs with (token ${bearerCredential.id}) is not listed.`);
    expect(text.stdout).not.toContain(bearerCredential.accessKey.slice(0, 20));
    const json = await run(["orphans", "--json", "--state", stateFile, "--admin", "32"], asBearer);
    const report = JSON.parse(json.stdout) as { orphans: { token: { id: number; accessKey?: string } }[]; ownCredentialIds: number[] };
    expect(report.ownCredentialIds).toEqual([bearerCredential.id]);
    expect(report.orphans.map((o) => o.token.id)).not.toContain(bearerCredential.id);
    expect(report.orphans.map((o) => o.token.id)).toContain(lmv1Credential.id);
    expect(report.orphans.every((o) => o.token.accessKey === undefined)).toBe(true);
  });

  it("prints JSON with the foreign tokens only counted unless --all", async () => {
    const result = await run(["orphans", "--json", "--admin", "32"], env, JSON.stringify(exportOf([tokenResource(ciBot, 32, held.id)])));
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report["foreignCount"]).toBe(1);
    expect(report["foreign"]).toBeUndefined();
    const orphans = report["orphans"] as { token: { id: number }; mark: { name: string }; resourceHolds: number[] }[];
    expect(orphans.find((o) => o.token.id === leftover.id)).toMatchObject({ mark: { name: "ci-bot" }, resourceHolds: [held.id] });
  });

  it("--delete keeps everything while the stack's state has pending operations", async () => {
    const pending = path.join(dir, "pending.json");
    fs.writeFileSync(pending, JSON.stringify(exportOf([tokenResource(ciBot, 32, held.id)], { pending: [{ resource: { urn: oldBot }, type: "creating" }] })));
    const before = await listedIds();
    const result = await run(["orphans", "--delete", "--state", pending, "--admin", "32"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`--delete: kept token ${gone.id} \\(admin 32\\): the state of quickstart/dev has pending operations`));
    expect(await listedIds()).toEqual(before);
  });

  it("--delete deletes only the provider's never-used orphans of the given stack", async () => {
    const asBearer = { PATH: process.env["PATH"], LM_BASE_URL: emulator.baseUrl, LM_BEARER_TOKEN: bearerCredential.accessKey };
    const result = await run(["orphans", "--delete", "--all", "--state", stateFile, "--admin", "32", "--admin", "131"], asBearer);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`--delete: deleted token ${leftover.id} (admin 32).`);
    expect(result.stdout).toContain(`--delete: deleted token ${gone.id} (admin 32).`);
    // The LMv1 credential of an earlier test is an orphan now, but it has been used.
    for (const token of [used, lmv1Credential]) {
      expect(result.stdout).toMatch(new RegExp(`--delete: kept token ${token.id} \\(admin 32\\): it has been used`));
    }
    expect(result.stdout.match(/--delete: deleted/g)).toHaveLength(2);
    const left = await listedIds();
    for (const token of [held, used, handMade, bearerCredential, lmv1Credential]) expect(left).toContain(token.id);
    for (const token of [leftover, gone]) expect(left).not.toContain(token.id);
    const prod = itemsOf((await apiRequest(emulator, { path: "/setting/admins/131/apitokens?size=1000" })).body).map((t) => Number(t["id"]));
    expect(prod).toContain(otherStack.id);
  });

  it("exits 2 naming the mistake for bad flags and non-JSON state", async () => {
    const bad = await run(["orphans", "--admin", "x"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--admin must be a positive integer/);
    const notJson = await run(["orphans"], env, "not json");
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/pulumi stack export/);
  });

  it("exits 1 with the client's advice when credentials are missing", async () => {
    const result = await run(["orphans"], { PATH: process.env["PATH"], LM_BASE_URL: emulator.baseUrl }, JSON.stringify(exportOf([])));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/LM_ACCESS_ID/);
  });
});

describe("lm-apitoken orphans: every resource type holds its tokens; --token limits the run", () => {
  const PLUGIN_TYPE = "logicmonitor:index:ApiToken";
  const ROTATING_TYPE = "logicmonitor:index:RotatingApiToken";
  const pluginUrn = `urn:pulumi:dev::yamlproj::${PLUGIN_TYPE}::ci-bot`;
  const protectedUrn = `urn:pulumi:dev::yamlproj::${PLUGIN_TYPE}::kept-bot`;
  const rotatingUrn = `urn:pulumi:dev::yamlproj::${ROTATING_TYPE}::rotating`;
  const consumerUrn = "urn:pulumi:dev::yamlproj::my:index:Consumer::reads-key";
  const attempt = "5d0e7a41b2c9";
  let emulator: RunningEmulator;
  let env: NodeJS.ProcessEnv;
  let state: string;
  let plugin: MadeToken, protectedToken: MadeToken, current: MadeToken, previous: MadeToken, byAccessId: MadeToken;
  let leftoverA: MadeToken, leftoverB: MadeToken;

  const make = async (note: string): Promise<MadeToken> => {
    const { tokens } = await controlRequest<{ tokens: MadeToken[] }>(emulator, "POST", "/tokens", { adminId: 32, note });
    if (!tokens[0]) throw new Error("the emulator made no token");
    return tokens[0];
  };
  const listedIds = async (): Promise<number[]> =>
    itemsOf((await apiRequest(emulator, { path: "/setting/admins/32/apitokens?size=1000" })).body).map((t) => Number(t["id"]));

  beforeAll(async () => {
    emulator = await startTestEmulator();
    env = { PATH: process.env["PATH"], LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: emulator.accessId, LM_ACCESS_KEY: emulator.accessKey };
    plugin = await make(noteOf("CI deploys", pluginUrn));
    protectedToken = await make(noteOf("kept", protectedUrn));
    previous = await make(noteOf("rotating", rotatingUrn));
    current = await make(noteOf("rotating", rotatingUrn));
    byAccessId = await make(noteOf("read by a consumer", consumerUrn));
    const mark = markOf(pluginUrn);
    const marked = `CI deploys [managed by Pulumi: yamlproj/dev/ci-bot #${mark?.hash}.${attempt}]`;
    leftoverA = await make(marked);
    leftoverB = await make(marked);
    state = JSON.stringify(
      exportOf(
        [
          { urn: pluginUrn, type: PLUGIN_TYPE, id: `32/${plugin.id}`, inputs: { adminId: 32, ownerUrn: pluginUrn }, outputs: { tokenId: plugin.id, accessId: plugin.accessId, ownerUrn: pluginUrn } },
          { urn: protectedUrn, type: PLUGIN_TYPE, id: `32/${protectedToken.id}`, protect: true, outputs: { tokenId: protectedToken.id } },
          {
            urn: rotatingUrn,
            type: ROTATING_TYPE,
            id: "rotating-1",
            outputs: { tokenId: current.id, accessId: current.accessId, previousTokenId: previous.id, previousAccessId: previous.accessId },
          },
          { urn: consumerUrn, type: "my:index:Consumer", id: "c-1", inputs: { accessId: byAccessId.accessId } },
        ],
        { project: "yamlproj" },
      ),
    );
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("--token limits listing and --delete to those ids; a held token named is listed as held and kept", async () => {
    const result = await run(["orphans", "--admin", "32", "--token", String(leftoverA.id), "--token", String(plugin.id), "--delete"], env, state);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`token ${leftoverA.id}  admin 32 \\(jdoe\\).*created 20.*never used  for yamlproj/dev/ci-bot #${mark(pluginUrn)}\\.${attempt}`),
    );
    expect(result.stdout).toMatch(new RegExp(`yamlproj/dev/ci-bot is in the state and holds token ${plugin.id}: this one is a leftover`));
    expect(result.stdout).toMatch(new RegExp(`Held by a given state \\(1\\): left alone\\.\\n {2}token ${plugin.id} .*held by ${pluginUrn.replace(/\$/g, "\\$")}`));
    expect(result.stdout).toContain(`--delete: deleted token ${leftoverA.id} (admin 32).`);
    expect(result.stdout.match(/--delete: deleted/g)).toHaveLength(1);
    for (const other of [leftoverB, protectedToken, current, previous, byAccessId]) expect(result.stdout).not.toMatch(new RegExp(`token ${other.id} `));
    const left = await listedIds();
    expect(left).not.toContain(leftoverA.id);
    for (const token of [plugin, protectedToken, current, previous, byAccessId, leftoverB]) expect(left).toContain(token.id);
  });

  it("deleteNeverUsedOrphans keeps a token a given state holds even when a report names it as an orphan", async () => {
    const client = new LogicMonitorClient({ baseUrl: emulator.baseUrl, accessId: emulator.accessId, accessKey: emulator.accessKey });
    const references = stateReferences([JSON.parse(state)]);
    // A report made without the state (as the finder made it before), handed a state that holds the tokens.
    const unaware = classifyTokens(await client.listApiTokens(32), stateReferences([exportOf([], { project: "yamlproj" })]), { kind: "lmv1", accessId: emulator.accessId });
    const forged = { ...unaware, orphans: unaware.orphans.filter((orphan) => [plugin, protectedToken, previous, byAccessId].some((token) => token.id === orphan.token.id)) };
    expect(forged.orphans).toHaveLength(4);
    const outcomes = await deleteNeverUsedOrphans(client, forged, references);
    expect(outcomes.map(({ result, reason }) => [result, reason])).toEqual(
      Array(4).fill(["skipped", "a given state references it (by id or access id): it is a resource's token"]),
    );
    for (const token of [plugin, protectedToken, previous, byAccessId]) expect(await listedIds()).toContain(token.id);
  });

  it("--token names the ids it did not find", async () => {
    const result = await run(["orphans", "--admin", "32", "--token", "999999"], env, state);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Not found among the searched admins' tokens: token 999999.");
  });

  it("--delete keeps every token any resource of the state references, whatever its type or protection", async () => {
    const result = await run(["orphans", "--admin", "32", "--delete"], env, state);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Held by a given state \(5\): left alone\./);
    expect(result.stdout).toContain(`--delete: deleted token ${leftoverB.id} (admin 32).`);
    expect(result.stdout.match(/--delete: deleted/g)).toHaveLength(1);
    const left = await listedIds();
    for (const token of [plugin, protectedToken, current, previous, byAccessId]) expect(left).toContain(token.id);
    expect(left).not.toContain(leftoverB.id);
  });

  it("refuses a --token that is not a token id", async () => {
    const bad = await run(["orphans", "--token", "12a"], env, state);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--token must be a positive integer token id/);
  });
});

/** The hash of `urn`'s mark. */
function mark(urn: string): string {
  return markOf(urn)?.hash ?? "";
}
