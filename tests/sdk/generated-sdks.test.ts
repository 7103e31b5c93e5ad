import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/engine";

/**
 * The SDKs committed under sdk/ are what Pulumi's code generators make from the plugin's schema
 * today (scripts/gen-sdk regenerates them into a temp folder; any difference fails, naming the
 * files and the command that brings them up to date), and the Go SDK compiles and passes `go vet`
 * against github.com/pulumi/pulumi/sdk/v3. Needs Go (the generator is a Go program).
 */

jest.setTimeout(900_000);

/** Files in sdk/<language> that are maintained by hand (`go mod tidy`) rather than generated. */
const NOT_GENERATED: Record<string, string[]> = { python: [], go: ["go.mod", "go.sum"] };

/** The command that brings sdk/<language> up to date. */
const REGENERATE: Record<string, string> = {
  python: "npm run build && rm -rf sdk/python && scripts/gen-sdk python sdk/python",
  go: "npm run build && rm -rf sdk/go/logicmonitor && scripts/gen-sdk go sdk/go",
};

const HAS_GO = spawnSync("go", ["version"], { stdio: "ignore" }).status === 0;

function filesUnder(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name), base) : [path.relative(base, path.join(dir, entry.name))]))
    .filter((file) => !file.split(path.sep).some((part) => part === "__pycache__" || part.endsWith(".egg-info")))
    .sort();
}

(HAS_GO ? describe : describe.skip)("generated SDKs", () => {
  let scratch: string;
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lm-sdkgen-"));
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it.each(["python", "go"])("sdk/%s is what the generator makes from the schema", (language) => {
    const fresh = path.join(scratch, language);
    const env = { ...process.env, PULUMI_LM_PLUGIN_DOWNLOAD_URL: "" };
    execFileSync(path.join(REPO_ROOT, "scripts", "gen-sdk"), [language, fresh], { env, stdio: ["ignore", "ignore", "inherit"] });
    const committed = path.join(REPO_ROOT, "sdk", language);
    const generated = filesUnder(fresh);
    const present = filesUnder(committed).filter((file) => !NOT_GENERATED[language]!.includes(file));
    const differing = generated.filter((file) => !present.includes(file) || !fs.readFileSync(path.join(committed, file)).equals(fs.readFileSync(path.join(fresh, file))));
    const extra = present.filter((file) => !generated.includes(file));
    const advice = `regenerate: ${REGENERATE[language]}`;
    expect({ differing, extra, advice }).toEqual({ differing: [], extra: [], advice });
    // The version the engine resolves the plugin by.
    const pluginJson = language === "python" ? "pulumi_logicmonitor/pulumi-plugin.json" : "logicmonitor/pulumi-plugin.json";
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
    expect(JSON.parse(fs.readFileSync(path.join(committed, pluginJson), "utf8"))).toEqual({ resource: true, name: "logicmonitor", version });
  });

  it("sdk/go compiles and passes go vet against github.com/pulumi/pulumi/sdk/v3", () => {
    const env = { ...process.env, GOFLAGS: "-mod=readonly", GOTOOLCHAIN: "local", GOSUMDB: "off" };
    for (const args of [["build", "./..."], ["vet", "./..."]]) {
      const run = spawnSync("go", args, { cwd: path.join(REPO_ROOT, "sdk", "go"), env, encoding: "utf8" });
      expect({ command: `go ${args.join(" ")}`, code: run.status, output: run.stdout + run.stderr }).toEqual({ command: `go ${args.join(" ")}`, code: 0, output: "" });
    }
    const goMod = fs.readFileSync(path.join(REPO_ROOT, "sdk", "go", "go.mod"), "utf8");
    expect(goMod).toMatch(/^\s*github\.com\/pulumi\/pulumi\/sdk\/v3 v3\.\d+\.\d+$/m);
  });
});

if (!HAS_GO) {
  it.skip("SKIPPED: go is not on PATH (Go 1.25 or later builds the SDK generator and compiles sdk/go)", () => undefined);
}
