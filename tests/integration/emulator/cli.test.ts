import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline";
import type { RunningEmulator } from "../../../provider/emulator";
import { apiRequest } from "../../helpers/emulator";
import { until } from "../../helpers/until";

/** The compiled `lm-emulator` CLI: one JSON line on stdout, then lines to paste; serves, exits 0 on SIGTERM. */

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

  it("prints lines that a shell pastes back to exactly the printed values, however odd the key", async () => {
    const accessKey = "k$`\"'(x)!\\ ~=[]{};&|<>*?#";
    const child = spawn(process.execPath, [CLI, "--port", "0", "--access-id", "it's-me", "--access-key", accessKey]);
    const exited = exitCode(child);
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      await until(() => stdout.includes("Serving until Ctrl-C"));
      const [json, ...rest] = stdout.split("\n");
      const info = JSON.parse(json!) as { baseUrl: string; accessId: string; accessKey: string };
      const exports = rest.filter((line) => line.startsWith("export "));
      expect(exports.map((line) => line.split("=")[0])).toEqual(["export LM_BASE_URL", "export LM_ACCESS_ID", "export LM_ACCESS_KEY"]);
      // The lines as a user pastes them, then the values the shell holds.
      const script = `${exports.join("\n")}\nprintf '%s\\0' "$LM_BASE_URL" "$LM_ACCESS_ID" "$LM_ACCESS_KEY"`;
      const values = execFileSync("sh", ["-c", script], { encoding: "utf8", env: {} }).split("\0").slice(0, 3);
      expect(values).toEqual([info.baseUrl, "it's-me", accessKey]);
      // The config lines quote the same way: the shell passes `pulumi` the exact value.
      const configs = rest.filter((line) => line.startsWith("pulumi config set"));
      expect(configs).toHaveLength(3);
      const argv = execFileSync("sh", ["-c", `pulumi() { printf '%s\\0' "$@"; }\n${configs[2]}`], { encoding: "utf8", env: {} }).split("\0");
      expect(argv.slice(0, 5)).toEqual(["config", "set", "--secret", "logicmonitor:accessKey", accessKey]);
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
