import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline";
import type { RunningEmulator } from "../../../provider/emulator";
import { apiRequest } from "../../helpers/emulator";

/** The compiled `lm-emulator` CLI: one JSON line on stdout, serves, exits 0 on SIGTERM. */

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "dist", "provider", "emulator", "cli.js");

beforeAll(() => {
  if (!fs.existsSync(CLI)) execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
}, 120000);

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("lm-emulator CLI", () => {
  it("prints its address and root credentials, serves signed calls, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [CLI, "--port", "0", "--rate-limit", "GET=10/60", "--latency-ms", "1"]);
    const exited = exitCode(child);
    try {
      const info = JSON.parse(await firstLine(child)) as { baseUrl: string; accessId: string; accessKey: string };
      expect(Object.keys(info)).toEqual(["baseUrl", "accessId", "accessKey"]);
      expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/santaba\/rest$/);
      const emulator = { ...info, url: info.baseUrl.replace(/\/santaba\/rest$/, "") } as RunningEmulator;
      const response = await apiRequest(emulator, { path: "/setting/admins/32/apitokens" });
      expect(response.status).toBe(200);
      expect(response.headers.get("x-rate-limit-limit")).toBe("10");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("exits non-zero on a bad flag, naming it on stderr", async () => {
    const child = spawn(process.execPath, [CLI, "--rate-limit", "POST=ten/60"]);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitCode(child)).not.toBe(0);
    expect(stderr).toContain("--rate-limit");
  });

  it("refuses a host that is not loopback without --allow-remote, naming the flag", async () => {
    const child = spawn(process.execPath, [CLI, "--host", "0.0.0.0"]);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitCode(child)).toBe(2);
    expect(stderr).toMatch(/refusing to listen on 0\.0\.0\.0.*--allow-remote/);
  });
});
