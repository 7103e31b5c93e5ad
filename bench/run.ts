/**
 * `npm run bench`: measures the provider against what users do today, against a trivial dynamic
 * provider, and against the rate-limit bound, each side by side in one run. Prints a markdown
 * table and writes the raw runs and the table as JSON to bench/results/. See docs/BENCHMARKS.md.
 *
 *   npm run bench               full run (3 repetitions; P9 at 10, 100 and 500 tokens; P10 plugin vs dynamic face)
 *   npm run bench -- --smoke    small sizes, one repetition, under a minute
 *   npm run bench -- --only P10,P12   only the scenarios of those ids (results: bench/results/latest-P10-P12.json)
 *   BENCH_GROWTH=10,100,500,1000 npm run bench    P9 with 1000 tokens too
 *   npx ts-node --transpile-only bench/run.ts --report bench/results/latest.json   the table of saved results
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readBenchConfig, type BenchConfig } from "./lib/bench-config";
import { describeMachine, machineFacts, type MachineFacts } from "./lib/machine";
import { markdownTable, resultRows, type BenchRuns, type ResultRow } from "./report";
import { runCreateWithLatency } from "./scenarios/create-with-latency";
import { runEngineOverhead } from "./scenarios/engine-overhead";
import { runGrowth } from "./scenarios/growth";
import { runPluginFace } from "./scenarios/plugin-face";
import { runPluginStart } from "./scenarios/plugin-start";
import { runRateLimited } from "./scenarios/rate-limited";
import { runRotation } from "./scenarios/rotation";

const RESULTS_DIR = path.resolve(__dirname, "results");

async function main(): Promise<void> {
  const reportIndex = process.argv.indexOf("--report");
  if (reportIndex >= 0) return printSavedReport(process.argv[reportIndex + 1]);
  const config = readBenchConfig(process.argv.slice(2), process.env);
  const machine = machineFacts();
  const started = Date.now();
  const only = onlyIds(process.argv.slice(2));
  const wanted = (...ids: string[]) => only === undefined || ids.some((id) => only.includes(id));
  const runs: BenchRuns = { createWithLatency: [], engineOverhead: [], rateLimited: [], growth: [], pluginFace: [], pluginStart: [], rotation: [] };
  for (let run = 1; run <= config.runs; run += 1) {
    if (wanted("P1", "P2", "P5", "P6", "P7", "P8", "P11")) {
      runs.createWithLatency.push(await step(`run ${run}/${config.runs}: P1 P2 P5 P6 P7 P8`, started, () => runCreateWithLatency(config)));
    }
    if (wanted("P3", "P8")) runs.engineOverhead.push(await step(`run ${run}/${config.runs}: P3 P8`, started, () => runEngineOverhead(config)));
    if (wanted("P4")) runs.rateLimited.push(await step(`run ${run}/${config.runs}: P4`, started, () => runRateLimited(config)));
    if (wanted("P10")) runs.pluginFace?.push(await step(`run ${run}/${config.runs}: P10`, started, () => runPluginFace(config)));
    if (wanted("P12")) runs.pluginStart?.push(await step(`run ${run}/${config.runs}: P12`, started, () => runPluginStart(config)));
    if (wanted("P13")) runs.rotation?.push(await step(`run ${run}/${config.runs}: P13, P5 and P6 with rotating resources`, started, () => runRotation(config)));
  }
  for (let run = 1; run <= config.growthRuns && wanted("P9"); run += 1) {
    for (const tokens of config.growthSizes) {
      runs.growth.push(await step(`P9 run ${run}/${config.growthRuns}: ${tokens} tokens`, started, () => runGrowth(config, tokens)));
    }
  }
  const rows = resultRows(config, runs);
  const totalSeconds = Math.round((Date.now() - started) / 1000);
  console.log(`\n${tableWithHeader(machine, config, totalSeconds, rows)}\n`);
  writeResults({ finishedAt: new Date().toISOString(), totalSeconds, machine, config, rows, runs }, only);
}

/** The scenario ids of `--only P10,P12`, or undefined (every scenario). */
function onlyIds(argv: string[]): string[] | undefined {
  const index = argv.indexOf("--only");
  if (index < 0) return undefined;
  const ids = (argv[index + 1] ?? "").split(",").map((id) => id.trim().toUpperCase()).filter(Boolean);
  if (ids.length === 0 || ids.some((id) => !/^P\d+$/.test(id))) throw new Error(`--only needs scenario ids, e.g. --only P10,P12 (got "${argv[index + 1] ?? ""}")`);
  return ids;
}

/** What bench/results/*.json hold. */
interface SavedResults {
  totalSeconds: number;
  machine: MachineFacts;
  config: BenchConfig;
  runs: BenchRuns;
}

/** Prints the table of saved results again (with the current report code). */
function printSavedReport(file: string | undefined): void {
  if (!file) throw new Error("--report needs a results file, e.g. --report bench/results/latest.json");
  const saved = JSON.parse(fs.readFileSync(file, "utf8")) as SavedResults;
  console.log(tableWithHeader(saved.machine, saved.config, saved.totalSeconds, resultRows(saved.config, saved.runs)));
}

/** The machine line and the results table, in markdown. */
function tableWithHeader(machine: MachineFacts, config: BenchConfig, totalSeconds: number, rows: ResultRow[]): string {
  const header = `Machine: ${describeMachine(machine)}. ${config.runs} runs (P9: ${config.growthRuns}); \`npm run bench\` took ${totalSeconds} s.`;
  return `${header}\n\n${markdownTable(rows)}`;
}

/** Runs one step, logging its progress and duration to stderr. */
async function step<T>(name: string, started: number, body: () => Promise<T>): Promise<T> {
  const stepStarted = Date.now();
  process.stderr.write(`[bench ${Math.round((stepStarted - started) / 1000)} s] ${name}…\n`);
  const result = await body();
  process.stderr.write(`[bench] ${name}: ${JSON.stringify(result)} (${Math.round((Date.now() - stepStarted) / 1000)} s)\n`);
  return result;
}

/**
 * Writes the results as `run-<time>.json` (ignored by git) and, unless this was a smoke run,
 * `latest.json` (or `latest-<ids>.json` for `--only`), the committed results docs/BENCHMARKS.md quotes.
 */
function writeResults(results: { finishedAt: string; config: BenchConfig } & Record<string, unknown>, only?: string[]): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const text = `${JSON.stringify(results, null, 2)}\n`;
  const stamped = path.join(RESULTS_DIR, `run-${results.finishedAt.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(stamped, text);
  if (results.config.smoke) {
    process.stderr.write(`[bench] results: ${path.relative(process.cwd(), stamped)} (a smoke run leaves bench/results/latest.json alone)\n`);
    return;
  }
  const latest = only === undefined ? "latest.json" : `latest-${only.join("-")}.json`;
  fs.writeFileSync(path.join(RESULTS_DIR, latest), text);
  process.stderr.write(`[bench] results: ${path.relative(process.cwd(), stamped)} and bench/results/${latest}\n`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
