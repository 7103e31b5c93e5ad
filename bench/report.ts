import type { BenchConfig } from "./lib/bench-config";
import { summarize, type Summary } from "./lib/stats";
import type { CreateWithLatencyRun } from "./scenarios/create-with-latency";
import type { EngineOverheadRun } from "./scenarios/engine-overhead";
import type { GrowthRun } from "./scenarios/growth";
import type { PluginFaceRun } from "./scenarios/plugin-face";
import type { PluginStartRun } from "./scenarios/plugin-start";
import type { RateLimitedRun } from "./scenarios/rate-limited";
import type { RotationRun } from "./scenarios/rotation";

/** Everything one `npm run bench` measured, run by run. */
export interface BenchRuns {
  createWithLatency: CreateWithLatencyRun[];
  engineOverhead: EngineOverheadRun[];
  rateLimited: RateLimitedRun[];
  growth: GrowthRun[];
  /** P10; absent in results saved before the plugin face existed. */
  pluginFace?: PluginFaceRun[];
  /** P12; absent in results saved before the release executable existed. */
  pluginStart?: PluginStartRun[];
  /** P13 and P5 with rotating resources; absent in results saved before RotatingApiToken existed. */
  rotation?: RotationRun[];
}

/** One line of the results table. */
export interface ResultRow {
  id: string;
  scenario: string;
  measure: string;
  /** The median and, over several runs, the min–max spread, formatted. */
  result: string;
  target: string;
  /** Undefined for diagnostic rows that have no target. */
  pass?: boolean;
  summary?: Summary;
}

/** A check of a summary's median against a bound. */
interface Bound {
  max: number;
  text: string;
}

const ratio = (value: number) => value.toFixed(2);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const count = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
const megabytes = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** Summarizes per-run values into a row whose median is checked against `bound`. */
function row(
  id: string,
  scenario: string,
  measure: string,
  values: number[],
  format: (value: number) => string,
  bound?: Bound,
): ResultRow {
  const summary = summarize(values);
  const spread = values.length > 1 ? ` (${format(summary.min)}–${format(summary.max)})` : "";
  const result: ResultRow = { id, scenario, measure, result: `${format(summary.median)}${spread}`, target: bound?.text ?? "diagnostic", summary };
  if (bound) result.pass = summary.median <= bound.max;
  return result;
}

/** Builds the results table from the runs. Ratios are taken within each run, then summarized. */
export function resultRows(config: BenchConfig, runs: BenchRuns): ResultRow[] {
  const created = runs.createWithLatency;
  const engine = runs.engineOverhead;
  const limited = runs.rateLimited;
  const latency = `${config.tokens} tokens / ${config.admins} admins, ${config.latencyMs} ms latency`;
  const rate = `${config.rateTokens} tokens, POST ${config.rateLimit.limit}/${config.rateLimit.windowSeconds} s`;
  // A run of some scenarios only (`--only`) has no P1–P8 runs: their rows are left out.
  const complete = created.length > 0 && engine.length > 0 && limited.length > 0;
  const rows: ResultRow[] = !complete ? [] : [
    row("P1", latency, "`up` ÷ sequential signing script", created.map((r) => r.upMs / r.sequentialMs), ratio, { max: 0.25, text: "≤ 0.25" }),
    row("P1", latency, "`up` wall time", created.map((r) => r.upMs), seconds),
    row("P1", latency, "`up` requests besides its POSTs (ownership look: one list per owner)", created.map((r) => r.upListRequests ?? Number.NaN), count),
    row("P1", latency, "sequential script wall time", created.map((r) => r.sequentialMs), seconds),
    row("P1", latency, "engine floor: no-op dynamic `up` (P3) ÷ sequential script", created.map((r, i) => (engine[i]?.noopUpMs ?? Number.NaN) / r.sequentialMs), ratio),
    row("P2", latency, "`up` ÷ one `local.Command` per token", created.map((r) => r.upMs / r.commandMs), ratio, { max: 0.5, text: "≤ 0.5" }),
    row("P2", latency, "`local.Command` `up` wall time", created.map((r) => r.commandMs), seconds),
    row("P3", `${config.tokens} tokens, no latency`, "`up` ÷ same `up` of no-op dynamic resources", engine.map((r) => r.upMs / r.noopUpMs), ratio, { max: 1.25, text: "≤ 1.25" }),
    row("P3", `${config.tokens} tokens, no latency`, "no-op dynamic `up` wall time", engine.map((r) => r.noopUpMs), seconds),
    row("P3", `${config.tokens} tokens, no latency`, "state bytes per resource: ApiToken ÷ no-op", engine.map((r) => r.resourceBytes / r.noopResourceBytes), ratio),
    row("P4", rate, "failed operations", limited.map((r) => r.failedOperations), count, { max: 0, text: "0" }),
    row("P4", rate, "first→last POST ÷ (⌈n/limit⌉−1) × window", limited.map((r) => r.postSpanMs / r.minimumSpanMs), ratio, { max: 1.15, text: "≤ 1.15" }),
    row("P4", rate, "429s received", limited.map((r) => r.rateLimited), count, { max: 5, text: "≤ 5" }),
    row("P5", `refresh, ${latency}`, "API requests", created.map((r) => r.refreshRequests), count, { max: 10, text: "≤ 10" }),
    row("P5", `refresh, ${latency}`, "`refresh` ÷ no-op `preview`", created.map((r) => r.refreshMs / r.previewMs), ratio, { max: 1.25, text: "≤ 1.25" }),
    row("P6", `no-op preview, ${config.tokens} tokens`, "API requests", created.map((r) => r.previewRequests), count, { max: 0, text: "0" }),
    row("P7", "state footprint", "`__provider` bytes per resource", created.map((r) => r.providerBytesPerCopy), kilobytes, { max: 4096, text: "≤ 4 KB" }),
    row("P7", "state footprint", "`__provider` bytes per resource, both copies (the engine stores it in inputs and outputs)", created.map((r) => r.providerBytesPerResource), kilobytes),
    row("P7", "state footprint", "exported state bytes per token", created.map((r) => r.exportBytesPerToken), kilobytes, { max: 12288, text: "≤ 12 KB" }),
    row("P8", "provider process during P1", "peak RSS ÷ no-op dynamic provider's (P3)", created.map((r, i) => r.providerPeakRssKb / (engine[i]?.noopPeakRssKb ?? Number.NaN)), ratio, { max: 1.2, text: "≤ 1.2" }),
    row("P8", "provider process during P1", "peak RSS", created.map((r) => r.providerPeakRssKb), megabytes),
    row(
      "P11",
      `the creates of P1's \`up\``,
      "requests of one create on the happy path, at most: its POST, plus its owner's one list when it is the owner's first",
      created.map((r) => 1 + (r.upListRequests ?? Number.NaN) / config.admins),
      ratio,
      { max: 2, text: "≤ 2" },
    ),
  ];
  const main = complete ? [...rows.slice(0, 9), ...diagnosticRows(config, engine), ...rows.slice(9)] : [];
  return [
    ...main,
    ...growthRows(config, runs.growth),
    ...pluginFaceRows(config, runs.pluginFace ?? []),
    ...pluginStartRows(runs.pluginStart ?? []),
    ...rotationRows(config, runs.rotation ?? []),
  ];
}

/** P13 (requests per rotation) and P5 with rotating resources in the stack. */
function rotationRows(config: BenchConfig, runs: RotationRun[]): ResultRow[] {
  const first = runs[0];
  if (!first) return [];
  const scenario = `${first.rotating} RotatingApiTokens / ${config.admins} admins, no latency`;
  const mixed = `refresh, ${first.rotating} RotatingApiTokens (two keys each) + ${first.apiTokens} ApiTokens / ${config.admins} admins, ${config.latencyMs} ms latency`;
  return [
    row("P13", scenario, "requests of one rotation that retires the previous key (the list, the delete, the create)", runs.map((r) => r.singleRotationRequests), count, { max: 3, text: "≤ 3" }),
    row("P13", scenario, "requests per rotation, every resource rotated at once, each retiring its previous key", runs.map((r) => r.steadyRequestsPerRotation), count, { max: 3, text: "≤ 3" }),
    row("P13", scenario, "requests per first rotation (nothing to retire yet)", runs.map((r) => r.firstRequestsPerRotation), count),
    row("P13", scenario, "`up` of every rotation (retire and create), wall time", runs.map((r) => r.steadyUpMs), seconds),
    row("P5", mixed, "API requests", runs.map((r) => r.refreshRequests), count, { max: 10, text: "≤ 10" }),
    row("P5", mixed, "`refresh` ÷ `preview` (which makes no request)", runs.map((r) => r.refreshMs / r.previewMs), ratio, { max: 1.25, text: "≤ 1.25" }),
    row("P6", `preview, the same stack`, "API requests", runs.map((r) => r.previewRequests), count, { max: 0, text: "0" }),
  ];
}

/** P3's diagnostics, when they ran: how much of the gap the engine charges for ApiToken's shape and state size. */
function diagnosticRows(config: BenchConfig, engine: EngineOverheadRun[]): ResultRow[] {
  const runs = engine.flatMap((r) => (r.diagnostics ? [{ ...r, ...r.diagnostics }] : []));
  if (runs.length === 0) return [];
  const scenario = `${config.tokens} tokens, no latency`;
  return [
    row("P3", scenario, "twin (no-op with ApiToken's properties and state bytes) ÷ no-op: the engine's share", runs.map((r) => r.twinUpMs / r.noopUpMs), ratio),
    row("P3", scenario, "`up` ÷ twin: our provider's share", runs.map((r) => r.upMs / r.twinUpMs), ratio),
    row("P3", scenario, "twin's state bytes ÷ ApiToken's", runs.map((r) => r.twinResourceBytes / r.resourceBytes), ratio),
    row("P3", scenario, "`up` ÷ no-op, both with PULUMI_SKIP_CHECKPOINTS=true", runs.map((r) => r.upWithoutCheckpointsMs / r.noopWithoutCheckpointsMs), ratio),
  ];
}

/** P9: times and requests per size, and whether they grow linearly. */
function growthRows(config: BenchConfig, growth: GrowthRun[]): ResultRow[] {
  if (growth.length === 0) return [];
  const sizes = [...new Set(growth.map((run) => run.tokens))].sort((a, b) => a - b);
  const median = (tokens: number, pick: (run: GrowthRun) => number) => summarize(growth.filter((run) => run.tokens === tokens).map(pick)).median;
  const perSize = (pick: (run: GrowthRun) => number, format: (value: number) => string) =>
    sizes.map((tokens) => `${tokens}: ${format(median(tokens, pick))}`).join(" · ");
  const rows: ResultRow[] = [];
  for (const operation of ["up", "refresh", "destroy"] as const) {
    const time = (run: GrowthRun) => run[`${operation}Ms`];
    const requests = (run: GrowthRun) => run[`${operation}Requests`];
    const curvature = linearityRatio(sizes, (tokens) => median(tokens, time));
    rows.push({
      id: "P9",
      scenario: `\`${operation}\`, no latency`,
      measure: `time by tokens; largest size ÷ straight line through the two smallest = ${ratio(curvature)}`,
      result: perSize(time, seconds),
      target: "linear (≤ 1.5)",
      pass: curvature <= 1.5,
    });
    const lastSize = sizes[sizes.length - 1] ?? 0;
    const requestBound = operation === "refresh" ? 2 * config.admins : lastSize;
    // `up` lists each owner's tokens once before its creates (the ownership look); `destroy` lists each
    // owner's tokens once (the identity check: each token's access id) and sends one DELETE per token.
    const lists = operation === "refresh" ? 0 : config.admins;
    rows.push({
      id: "P9",
      scenario: `\`${operation}\`, no latency`,
      measure:
        operation === "refresh"
          ? "API requests by tokens (grow with admins, not tokens)"
          : operation === "up"
            ? "API requests by tokens (one per token, plus at most one list per owner)"
            : "API requests by tokens (one DELETE per token, plus one list per owner for the identity check)",
      result: perSize(requests, count),
      target: operation === "refresh" ? `≤ ${requestBound} at every size` : lists > 0 ? `≤ tokens + ${lists}` : "= tokens",
      pass: sizes.every((tokens) => {
        const sent = median(tokens, requests);
        if (operation === "refresh") return sent <= requestBound;
        return sent >= tokens && sent <= tokens + lists;
      }),
    });
  }
  return rows;
}

/**
 * Whether time grows linearly with tokens: the time at the largest size ÷ the time a straight line
 * through the two smallest sizes predicts for it (a negative slope, which is noise, counts as flat).
 * About 1 when linear; well above 1 when time grows faster than the token count.
 */
function linearityRatio(sizes: number[], timeAt: (tokens: number) => number): number {
  const [first, second] = sizes;
  const last = sizes[sizes.length - 1];
  if (sizes.length < 3 || first === undefined || second === undefined || last === undefined) return 1;
  const slope = Math.max(0, (timeAt(second) - timeAt(first)) / (second - first));
  return timeAt(last) / (timeAt(second) + slope * (last - second));
}

/** The rows as a markdown table. */
export function markdownTable(rows: ResultRow[]): string {
  const lines = ["| # | Scenario | Measure | Result: median (min–max) | Target | |", "|---|---|---|---|---|---|"];
  for (const r of rows) {
    const verdict = r.pass === undefined ? "" : r.pass ? "pass" : "**miss**";
    lines.push(`| ${r.id} | ${r.scenario} | ${r.measure} | ${r.result} | ${r.target} | ${verdict} |`);
  }
  return lines.join("\n");
}

/** P10: the plugin face (the release's executable; the npm launcher for comparison) against the dynamic face, in the same run. */
function pluginFaceRows(config: BenchConfig, runs: PluginFaceRun[]): ResultRow[] {
  if (runs.length === 0) return [];
  const scenario = `${config.tokens} tokens, no latency, plugin face vs dynamic`;
  const withLauncher = runs.filter((r) => r.launcherUpMs !== undefined);
  return [
    row("P10", scenario, "plugin (executable) `up` ÷ dynamic `up`", runs.map((r) => r.pluginUpMs / r.dynamicUpMs), ratio, { max: 0.75, text: "≤ 0.75" }),
    row("P10", scenario, "plugin (executable) `up` wall time", runs.map((r) => r.pluginUpMs), seconds),
    ...(withLauncher.length > 0
      ? [
          row("P10", scenario, "plugin (Node.js launcher) `up` ÷ dynamic `up`", withLauncher.map((r) => r.launcherUpMs! / r.dynamicUpMs), ratio),
          row("P10", scenario, "plugin (Node.js launcher) `up` wall time", withLauncher.map((r) => r.launcherUpMs!), seconds),
        ]
      : []),
    row("P10", scenario, "dynamic `up` wall time", runs.map((r) => r.dynamicUpMs), seconds),
    row("P10", scenario, "plugin exported state bytes per token", runs.map((r) => r.pluginStateBytesPerToken), kilobytes),
    row("P10", scenario, "dynamic exported state bytes per token", runs.map((r) => r.dynamicStateBytesPerToken), kilobytes),
  ];
}

/** P12: the plugin's start (process start to first gRPC answer), every sample of every run; the release archive's size. */
function pluginStartRows(runs: PluginStartRun[]): ResultRow[] {
  if (runs.length === 0) return [];
  const scenario = "pulumi-resource-logicmonitor start: process start → first gRPC answer";
  const bytes = (value: number) => `${(value / 1e6).toFixed(1)} MB`;
  return [
    row("P12", scenario, "release executable (empty environment)", runs.flatMap((r) => r.executableStartMs), seconds3, { max: 500, text: "≤ 0.5 s" }),
    row("P12", scenario, "npm package's Node.js launcher", runs.flatMap((r) => r.launcherStartMs), seconds3, { max: 500, text: "≤ 0.5 s" }),
    row("P12", "release archive (linux-amd64)", "`pulumi-resource-logicmonitor-v…-linux-amd64.tar.gz`", runs.map((r) => r.archiveBytes), bytes, { max: 50e6, text: "≤ 50 MB" }),
    row("P12", "release archive (linux-amd64)", "the executable, unpacked", runs.map((r) => r.executableBytes), bytes),
  ];
}

const seconds3 = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
