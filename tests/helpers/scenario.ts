/**
 * A reliability scenario: the reliability program (N tokens) on its own emulator, which persists
 * to a file so every key the portal ever issued can be searched for, plus the oracle that runs
 * after each scenario.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../provider/emulator";
import type { PulumiRun } from "../../scripts/lib/engine";
import { control } from "./control";
import { compareStateWithPortal, pendingOperations, stateTokens, type OracleComparison } from "./oracle";
import { createTempProject, type TempProject } from "../../scripts/lib/temp-project";
import { saveScenarioRow, type ScenarioRow } from "../../scripts/lib/reliability-report";
import { findSecrets, type SecretHit } from "./secret-scan";
import { emulatorEnv } from "./stack";

/** The reliability program: `count` tokens over `admins`, or one token with raw `args`. */
export const RELIABILITY_PROGRAM = path.resolve(__dirname, "..", "reliability", "programs", "tokens");

/** What the oracle found. */
export interface OracleResult extends OracleComparison {
  /** Exit codes of the oracle's refresh, up and destroy. */
  codes: { refresh: number; up: number; destroy: number };
  /** Tokens left in the portal after destroy (ignored ids excluded). */
  leftAfterDestroy: number;
  /** Pending operations in state before destroy. */
  pending: number;
  secretHits: SecretHit[];
  /** Secrets seen only in the engine's own -v=9 trace lines (documented, not the provider's). */
  engineVerboseHits: SecretHit[];
  /** `/santaba/rest` requests of the oracle's refresh, up and destroy. */
  requests: number;
}

/** A running scenario. */
export interface Scenario {
  project: TempProject;
  emulator: RunningEmulator;
  portal: ReturnType<typeof control>;
  /** Every secret value to search for: all keys the portal issued, the provider's credentials. */
  secrets: Set<string>;
  /** Tokens that are not the stack's (the root token, credentials made for the scenario). */
  ignoredIds: Set<number>;
  /** Runs `pulumi <args>`, then collects the keys the portal issued meanwhile. */
  pulumi(args: string[], env?: Record<string, string | undefined>, timeoutMs?: number): Promise<PulumiRun>;
  /** Makes an API token for `adminId` out of band and returns it as provider credentials (LM_*). */
  credentialsOf(adminId: number): Promise<{ LM_ACCESS_ID: string; LM_ACCESS_KEY: string; tokenId: number }>;
  /** Total `/santaba/rest` requests so far. */
  requests(): Promise<number>;
  /** Stops the emulator and starts it again on the same port, from its persisted state. */
  restartEmulator(downMs?: number): Promise<void>;
  /** How state and portal compare right now, with no refresh: what the last command left. */
  compareNow(): Promise<OracleComparison & { pending: number }>;
  /** Clears faults and skew, then refresh (-v=9) + up, compare, scan, destroy. */
  oracle(options?: { verbose?: boolean; timeoutMs?: number }): Promise<OracleResult>;
  /** Saves the scenario's row for `npm run report:reliability` (outside the repository). */
  record(row: Omit<ScenarioRow, "requests" | "oracleRequests" | "duplicates" | "orphans" | "secretHits" | "engineVerboseHits" | "seconds">, result: OracleResult, requests: number): Promise<void>;
  dispose(): Promise<void>;
}

/** Starts an emulator (persisting to a temp file) and a stack of the reliability program. */
export async function startScenario(
  options: { emulator?: Omit<EmulatorOptions, "persistFile" | "port">; config?: Record<string, string> } = {},
): Promise<Scenario> {
  const started = Date.now();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lm-rel-"));
  const persistFile = path.join(root, "portal.json");
  let emulator = await startEmulator({ ...options.emulator, persistFile });
  const project = createTempProject(RELIABILITY_PROGRAM, { extraEnv: emulatorEnv(emulator) });
  const secrets = new Set<string>([emulator.accessKey]);
  const ignoredIds = new Set<number>([1000]);
  const harvest = () => {
    try {
      const snapshot = JSON.parse(fs.readFileSync(persistFile, "utf8")) as { tokens: { accessKey?: string }[] };
      for (const token of snapshot.tokens) if (token.accessKey) secrets.add(token.accessKey);
    } catch {
      // Mid-write or not yet written: the next harvest sees it.
    }
  };
  const requests = async () => (await control(emulator.url).counters()).total;
  let requestsBeforeRestarts = 0;

  const scenario: Scenario = {
    project,
    get emulator() {
      return emulator;
    },
    get portal() {
      return control(emulator.url);
    },
    secrets,
    ignoredIds,
    async pulumi(args, env, timeoutMs) {
      const run = await project.pulumi(args, { ...(env ? { env } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
      harvest();
      return run;
    },
    async credentialsOf(adminId) {
      const [token] = await control(emulator.url).mintTokens({ adminId, note: "scenario credentials" });
      if (!token) throw new Error("the emulator made no token");
      ignoredIds.add(token.id);
      secrets.add(token.accessKey);
      return { LM_ACCESS_ID: token.accessId, LM_ACCESS_KEY: token.accessKey, tokenId: token.id };
    },
    requests: async () => requestsBeforeRestarts + (await requests()),
    async restartEmulator(downMs = 0) {
      const { port, accessId, accessKey } = emulator;
      requestsBeforeRestarts += await requests();
      await emulator.close();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      emulator = await startEmulator({ ...options.emulator, persistFile, port, accessId, accessKey });
    },
    async compareNow() {
      const exported = (await project.pulumiOk(["stack", "export"])).stdout;
      return { ...compareStateWithPortal(stateTokens(exported), await scenario.portal.tokens(), ignoredIds), pending: pendingOperations(exported) };
    },
    async oracle(oracleOptions: { verbose?: boolean; timeoutMs?: number } = {}) {
      await scenario.portal.clearFaults();
      await scenario.portal.configure({ clockOffsetMs: 0 });
      const before = await requests();
      const t = oracleOptions.timeoutMs;
      const refresh = await scenario.pulumi(["refresh", "--yes", ...(oracleOptions.verbose === false ? [] : ["--logtostderr", "-v=9"])], undefined, t);
      const up = await scenario.pulumi(["up", "--yes", "--skip-preview"], undefined, t);
      const exported = (await project.pulumiOk(["stack", "export"])).stdout;
      const comparison = compareStateWithPortal(stateTokens(exported), await scenario.portal.tokens(), ignoredIds);
      const destroy = await scenario.pulumi(["destroy", "--yes", "--skip-preview"], undefined, t);
      const left = (await scenario.portal.tokens()).filter((token) => !ignoredIds.has(token.id)).length;
      const afterDestroy = (await project.pulumiOk(["stack", "export"])).stdout;
      const scan = findSecrets(
        [
          { where: "stack export", text: exported },
          { where: "stack export after destroy", text: afterDestroy },
          ...project.transcript.map((text, index) => ({ where: `CLI run ${index}: ${text.split("\n")[0] ?? ""}`, text })),
        ],
        secrets,
      );
      return {
        ...comparison,
        codes: { refresh: refresh.code, up: up.code, destroy: destroy.code },
        leftAfterDestroy: left,
        pending: pendingOperations(exported),
        secretHits: scan.hits,
        engineVerboseHits: scan.engineVerboseHits,
        requests: (await requests()) - before,
      };
    },
    async record(row, result, scenarioRequests) {
      await saveScenarioRow({
        ...row,
        requests: scenarioRequests,
        oracleRequests: result.requests,
        duplicates: result.duplicates,
        orphans: result.orphans.length,
        secretHits: result.secretHits.length,
        engineVerboseHits: result.engineVerboseHits.length,
        seconds: Math.round((Date.now() - started) / 1000),
      });
    },
    async dispose() {
      project.dispose();
      await emulator.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  await project.pulumiOk(["stack", "init", "dev"]);
  for (const [key, value] of Object.entries(options.config ?? {})) await project.pulumiOk(["config", "set", "--", key, value]);
  return scenario;
}

/** What {@link Scenario.compareNow} finds when state and portal match one to one with `managed` tokens. */
export function oneToOne(managed: number) {
  return { managed, orphans: [], missing: [], sharedIds: [], duplicates: 0, missingKeys: [], pending: 0 };
}

/** True when the oracle holds: converged one to one, keys secret, nothing left, no secret shown. */
export function oracleHolds(result: OracleResult): boolean {
  return (
    result.codes.refresh === 0 &&
    result.codes.up === 0 &&
    result.codes.destroy === 0 &&
    result.orphans.length === 0 &&
    result.missing.length === 0 &&
    result.sharedIds.length === 0 &&
    result.duplicates === 0 &&
    result.missingKeys.length === 0 &&
    result.pending === 0 &&
    result.leftAfterDestroy === 0 &&
    result.secretHits.length === 0
  );
}

/** The oracle's findings in the shape tests assert on (all zero / empty when it holds). */
export function oracleSummary(result: OracleResult): Record<string, unknown> {
  return {
    codes: result.codes,
    orphans: result.orphans,
    missing: result.missing,
    sharedIds: result.sharedIds,
    duplicates: result.duplicates,
    missingKeys: result.missingKeys,
    pending: result.pending,
    leftAfterDestroy: result.leftAfterDestroy,
    secretHits: result.secretHits,
  };
}

/** What {@link oracleSummary} is when the oracle holds. */
export const ORACLE_HOLDS = {
  codes: { refresh: 0, up: 0, destroy: 0 },
  orphans: [],
  missing: [],
  sharedIds: [],
  duplicates: 0,
  missingKeys: [],
  pending: 0,
  leftAfterDestroy: 0,
  secretHits: [],
};

/**
 * Runs the oracle, records the scenario's row (outcome "FAILED: …" when the oracle does not hold),
 * and asserts that it holds with `expectedManaged` tokens in state.
 */
export async function finishScenario(
  s: Scenario,
  row: { id: string; scenario: string; suite: ScenarioRow["suite"]; outcome: string },
  requests: number,
  expectedManaged: number,
  oracleOptions: { verbose?: boolean; timeoutMs?: number } = {},
): Promise<OracleResult> {
  const result = await s.oracle(oracleOptions);
  const holds = oracleHolds(result) && result.managed === expectedManaged;
  await s.record({ ...row, outcome: holds ? row.outcome : `FAILED: ${JSON.stringify({ managed: result.managed, ...oracleSummary(result) })}` }, result, requests);
  expect(oracleSummary(result)).toEqual(ORACLE_HOLDS);
  expect(result.managed).toBe(expectedManaged);
  return result;
}
