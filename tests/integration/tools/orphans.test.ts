import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RunningEmulator } from "../../../provider/emulator";
import { referencedTokenIds } from "../../../provider/tools/orphans";
import { controlRequest, startTestEmulator } from "../../helpers/emulator";
import { REPO_ROOT } from "../../../scripts/lib/engine";

/** `lm-apitoken orphans`: the built CLI against the emulator over a real socket. */

const CLI = path.join(REPO_ROOT, "dist", "provider", "cli", "lm-apitoken.js");

function run(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { env, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? "");
  });
}

function exportOf(resources: { type: string; id?: string; outputs?: Record<string, unknown> }[]): unknown {
  return { version: 3, deployment: { manifest: {}, resources: [{ type: "pulumi:pulumi:Stack", urn: "urn:s" }, ...resources] } };
}

describe("referencedTokenIds", () => {
  it("takes ApiToken ids and existingTokenId from exports and state files; ignores other resources", () => {
    const ids = referencedTokenIds([
      exportOf([
        { type: "pulumi-nodejs:dynamic/logicmonitor:ApiToken", id: "32/1001" },
        { type: "pulumi-nodejs:dynamic/logicmonitor:ApiToken", id: "32/1002", outputs: { existingTokenId: 1002 } },
        { type: "pulumi-nodejs:dynamic:Resource", id: "32/1003" },
      ]),
      { checkpoint: { latest: { resources: [{ type: "pulumi-nodejs:dynamic/logicmonitor:ApiToken", id: "131/1004" }] } } },
    ]);
    expect([...ids].sort()).toEqual([1001, 1002, 1004]);
  });

  it("refuses what is not Pulumi state", () => {
    expect(() => referencedTokenIds([{ hello: 1 }])).toThrow(/pulumi stack export/);
  });
});

describe("lm-apitoken orphans", () => {
  let emulator: RunningEmulator;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let ids: number[];

  beforeAll(async () => {
    emulator = await startTestEmulator();
    env = { PATH: process.env["PATH"], LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: emulator.accessId, LM_ACCESS_KEY: emulator.accessKey };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lm-orphans-"));
    const made = async (adminId: number) =>
      (await controlRequest<{ tokens: { id: number }[] }>(emulator, "POST", "/tokens", { adminId, note: `of ${adminId}`, count: 2 })).tokens.map((t) => t.id);
    ids = [...(await made(32)), ...(await made(131))];
  });
  afterAll(async () => {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists every token that no state references (not the caller's own), from a state file", async () => {
    const [a, b, c, d] = ids;
    const file = path.join(dir, "stack.json");
    fs.writeFileSync(file, JSON.stringify(exportOf([{ type: "pulumi-nodejs:dynamic/logicmonitor:ApiToken", id: `32/${a}` }, { type: "pulumi-nodejs:dynamic/logicmonitor:ApiToken", id: `131/${c}` }])));
    const result = await run(["orphans", "--state", file, "--json"], env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { id: number; adminId: number; accessKey?: string }[];
    expect(listed.map((t) => t.id)).toEqual([b, d]);
    expect(listed.every((t) => t.accessKey === undefined)).toBe(true);
  });

  it("reads the export from stdin, narrows to --admin, and explains what to do", async () => {
    const [a, b] = ids;
    const result = await run(["orphans", "--admin", "32"], env, JSON.stringify(exportOf([{ type: "pulumi-nodejs:dynamic/logicmonitor:ApiToken", id: `32/${a}` }])));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^token ${b}  admin 32 \\(jdoe\\)`, "m"));
    expect(result.stdout).not.toMatch(/admin 131/);
    expect(result.stdout).toMatch(/existingTokenId/);
    expect(result.stdout + result.stderr).not.toContain(emulator.accessKey);
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
