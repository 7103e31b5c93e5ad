import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { splitNote } from "../../provider/core/ownership";
import { REPO_ROOT, runPulumi } from "../../scripts/lib/engine";
import { createTempProject, type TempProject } from "../../scripts/lib/temp-project";
import { control } from "../helpers/control";
import { linesHolding, type SecretLine } from "../helpers/secret-scan";
import { emulatorEnv, EXAMPLES } from "../helpers/stack";

/**
 * Which keys the real Pulumi CLI prints, for each way of giving the provider its credentials, on
 * both faces: `pulumi up -v=9 --logtostderr` (creating a token), then `pulumi up` at default
 * verbosity (updating it). What the -v=9 run shows must be what docs/CREDENTIALS.md says for this
 * CLI version; at default verbosity no key may appear. Failures name counts, line numbers and log
 * levels, never a key.
 */

jest.setTimeout(300_000);

/** The table of docs/CREDENTIALS.md this test checks. */
const CREDENTIALS_DOC = path.join(REPO_ROOT, "docs", "CREDENTIALS.md");

/** Every LM_* variable the provider reads, unset: credentials then come from the stack alone. */
const NO_LM_ENV = Object.fromEntries(
  ["LM_BASE_URL", "LM_ACCESS_ID", "LM_ACCESS_KEY", "LM_COMPANY", "LM_ACCOUNT", "LM_API_ID", "LM_API_KEY", "LM_BEARER_TOKEN", "LM_DOMAIN"].map((k) => [k, undefined]),
);

type Way = "environment variables" | "secret stack config" | "explicit provider, key a secret";

interface Case {
  /** The Program column of the docs' table. */
  program: string;
  way: Way;
  dir: string;
  /** Also run `pulumi up --debug`, which shows what `-v=3` logs. */
  debugRun?: boolean;
}

const CASES: Case[] = [
  { program: "TypeScript, `ApiToken`", way: "environment variables", dir: path.join(EXAMPLES, "quickstart") },
  { program: "TypeScript, `ApiToken`", way: "secret stack config", dir: path.join(EXAMPLES, "quickstart"), debugRun: true },
  { program: "TypeScript, plugin `Provider`", way: "explicit provider, key a secret", dir: path.join(__dirname, "programs", "ts-explicit-provider") },
  { program: "YAML", way: "environment variables", dir: path.join(EXAMPLES, "yaml") },
  { program: "YAML", way: "secret stack config", dir: path.join(EXAMPLES, "yaml") },
  { program: "YAML", way: "explicit provider, key a secret", dir: path.join(__dirname, "programs", "yaml-explicit-provider-secret") },
];

/** The lowest `-v` at which a key appears, or "never" (not even at `-v=9`). */
type FirstLevel = number | "never";

interface Expected {
  provider: FirstLevel;
  token: FirstLevel;
}

/** The stack config of a case: `[key, value, secret]`. */
function configOf(way: Way, emulator: RunningEmulator): [string, string, boolean][] {
  if (way === "secret stack config") {
    return [
      ["logicmonitor:baseUrl", emulator.baseUrl, false],
      ["logicmonitor:accessId", emulator.accessId, false],
      ["logicmonitor:accessKey", emulator.accessKey, true],
    ];
  }
  if (way === "explicit provider, key a secret") {
    return [
      ["portalUrl", emulator.baseUrl, false],
      ["portalAccessId", emulator.accessId, false],
      ["portalAccessKey", emulator.accessKey, true],
    ];
  }
  return [];
}

function parseVersion(text: string): number[] {
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) throw new Error(`no version in "${text}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

function olderThan(version: number[], boundary: number[]): boolean {
  for (let i = 0; i < 3; i += 1) {
    if (version[i] !== boundary[i]) return (version[i] ?? 0) < (boundary[i] ?? 0);
  }
  return false;
}

function parseLevel(cell: string): FirstLevel {
  if (cell === "never") return "never";
  const match = /^`-v=(\d+)`$/.exec(cell);
  if (!match) throw new Error(`docs/CREDENTIALS.md: a cell must be "never" or \`-v=N\`, not "${cell}"`);
  return Number(match[1]);
}

/**
 * What docs/CREDENTIALS.md says each program and way shows at `-v=9` with this CLI: its table has
 * columns "Provider's key, CLI < X", "Provider's key, CLI ≥ X" and the same for created tokens.
 */
function documented(cliVersion: number[]): Map<string, Expected> {
  const rows = fs
    .readFileSync(CREDENTIALS_DOC, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("|---"))
    .map((line) => line.slice(1, -1).split("|").map((cell) => cell.trim()));
  const [header, ...body] = rows.filter((cells) => cells.length === 6);
  if (!header || header[0] !== "Program") throw new Error("docs/CREDENTIALS.md has no table headed | Program | …");
  const column = (what: string): number => {
    const older = header.findIndex((cell) => cell.startsWith(`${what}, CLI <`));
    const newer = header.findIndex((cell) => cell.startsWith(`${what}, CLI ≥`));
    if (older < 0 || newer < 0) throw new Error(`docs/CREDENTIALS.md: no "${what}, CLI < …" and "${what}, CLI ≥ …" columns`);
    const boundary = parseVersion(header[newer]!);
    expect(parseVersion(header[older]!)).toEqual(boundary);
    return olderThan(cliVersion, boundary) ? older : newer;
  };
  const provider = column("Provider's key");
  const token = column("Created tokens' keys");
  return new Map(body.map((cells) => [`${cells[0]} | ${cells[1]}`, { provider: parseLevel(cells[provider]!), token: parseLevel(cells[token]!) }]));
}

function firstLevel(lines: SecretLine[]): FirstLevel {
  return lines.length === 0 ? "never" : Math.min(...lines.map((l) => l.level));
}

/** `text` with every secret (and its JSON spelling) replaced: for error messages. */
function redacted(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("[key]").split(JSON.stringify(secret).slice(1, -1)).join("[key]");
  return out;
}

/** Runs `pulumi <args>`; on failure throws with the command and the output's last lines, keys removed. */
async function pulumi(project: TempProject, args: string[], secrets: string[]): Promise<{ stdout: string; output: string }> {
  const run = await project.pulumi(args);
  const output = `${run.stdout}\n${run.stderr}`;
  if (run.code !== 0) {
    const tail = output.trimEnd().split("\n").slice(-30).join("\n");
    throw new Error(redacted(`pulumi ${args.join(" ")} exited ${run.code}; its last lines:\n${tail}`, secrets));
  }
  return { stdout: run.stdout, output };
}

describe("credentials in `pulumi up` output, by way of giving them (docs/CREDENTIALS.md)", () => {
  let cliVersion: number[] = [];
  let expected = new Map<string, Expected>();
  /** Lines holding each key, per case: reported once at the end (counts only). */
  const measured: string[] = [];

  beforeAll(async () => {
    cliVersion = parseVersion((await runPulumi(["version"], { cwd: REPO_ROOT, env: process.env })).stdout);
    expected = documented(cliVersion);
  });

  afterAll(() => {
    if (measured.length > 0) console.log(`pulumi v${cliVersion.join(".")}, lines holding a key:\n${measured.join("\n")}`);
  });

  it.each(CASES)("$program, credentials as $way", async ({ program, way, dir, debugRun }) => {
    const want = expected.get(`${program} | ${way}`);
    if (!want) throw new Error(`docs/CREDENTIALS.md has no row "${program} | ${way}"`);

    const emulator = await startEmulator();
    const secrets = [emulator.accessKey];
    const project = createTempProject(dir, { extraEnv: way === "environment variables" ? emulatorEnv(emulator) : NO_LM_ENV });
    try {
      await pulumi(project, ["stack", "init", "dev"], secrets);
      for (const [key, value, secret] of configOf(way, emulator)) {
        await pulumi(project, ["config", "set", ...(secret ? ["--secret"] : []), key, value], secrets);
      }

      const verbose = await pulumi(project, ["up", "--yes", "--skip-preview", "-v=9", "--logtostderr"], secrets);
      const tokenKey = (await pulumi(project, ["stack", "output", "accessKey", "--show-secrets"], secrets)).stdout.trim();
      expect(tokenKey.length).toBeGreaterThanOrEqual(40);
      secrets.push(tokenKey);

      // An update at default verbosity: the provider signs a PUT, and the key travels through it.
      await pulumi(project, ["config", "set", "note", "updated at default verbosity"], secrets);
      const plain = await pulumi(project, ["up", "--yes", "--skip-preview"], secrets);
      const notes = (await control(emulator.url).tokens()).filter((t) => t.adminId === 32).map((t) => splitNote(t.note).note);
      expect(notes).toEqual(["updated at default verbosity"]);

      const found = {
        provider: linesHolding(verbose.output, emulator.accessKey),
        token: linesHolding(verbose.output, tokenKey),
      };
      measured.push(`  ${program}, ${way}: provider's key ${found.provider.length}, created token's key ${found.token.length} (of ${verbose.output.split("\n").length} lines at -v=9)`);

      // Default verbosity: no key, whichever way.
      expect({
        provider: linesHolding(plain.output, emulator.accessKey).map((l) => l.line),
        token: linesHolding(plain.output, tokenKey).map((l) => l.line),
      }).toEqual({ provider: [], token: [] });

      // -v=9: each key first appears where the docs say (every such line is a verbose log line,
      // level ≥ 1, never plain output).
      expect({ provider: firstLevel(found.provider), token: firstLevel(found.token) }).toEqual(want);

      if (debugRun) {
        // `--debug` prints the program's debug messages, which `-v=3` logs; the engine's own
        // -v=7 and -v=9 lines are not among them.
        const debug = await pulumi(project, ["up", "--yes", "--skip-preview", "--debug"], secrets);
        const tokenFromV3 = want.token !== "never" && want.token <= 3;
        expect({
          provider: linesHolding(debug.output, emulator.accessKey).length,
          tokenShown: linesHolding(debug.output, tokenKey).length > 0,
        }).toEqual({ provider: 0, tokenShown: tokenFromV3 });
      }
    } finally {
      project.dispose();
      await emulator.close();
    }
  });
});
