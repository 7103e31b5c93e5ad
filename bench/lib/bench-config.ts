/**
 * The benchmark's sizes, read from environment variables so a smoke run stays under a minute.
 * `--smoke` (or BENCH_SMOKE=1) picks small defaults; any variable still wins over them.
 */

/** Every size and repetition the benchmark uses. */
export interface BenchConfig {
  /** The small `--smoke` sizes (BENCH_SMOKE=1): a check that the benchmark runs, not a measurement. */
  smoke: boolean;
  /** Repetitions of P1–P8; the table shows medians and min–max. (BENCH_RUNS) */
  runs: number;
  /** Tokens of P1, P2, P3, P5–P8. (BENCH_TOKENS) */
  tokens: number;
  /** Admins the tokens are spread over. (BENCH_ADMINS) */
  admins: number;
  /** API latency of P1, P2 and P5, in ms. (BENCH_LATENCY_MS) */
  latencyMs: number;
  /** Tokens of P4. (BENCH_RATE_TOKENS) */
  rateTokens: number;
  /** P4's POST limit per window. (BENCH_RATE_LIMIT, "limit/windowSeconds") */
  rateLimit: { limit: number; windowSeconds: number };
  /** P9's token counts. (BENCH_GROWTH, comma-separated; add 1000 to include it) */
  growthSizes: number[];
  /** Repetitions of P9. (BENCH_GROWTH_RUNS) */
  growthRuns: number;
  /** Also run P3's diagnostic comparisons (padded no-op state, skipped checkpoints). (BENCH_DIAGNOSTICS=0|1) */
  diagnostics: boolean;
  /** `--parallel` for every `pulumi` operation; the engine's default (8) when unset. (BENCH_PARALLEL) */
  parallel?: number;
}

const FULL: BenchConfig = {
  smoke: false,
  runs: 3,
  tokens: 200,
  admins: 5,
  latencyMs: 200,
  rateTokens: 100,
  rateLimit: { limit: 20, windowSeconds: 5 },
  growthSizes: [10, 100, 500],
  growthRuns: 1,
  diagnostics: true,
};

const SMOKE: BenchConfig = {
  ...FULL,
  smoke: true,
  runs: 1,
  tokens: 10,
  rateTokens: 20,
  rateLimit: { limit: 10, windowSeconds: 2 },
  growthSizes: [10],
  diagnostics: false,
};

/** Reads the configuration from `argv` (`--smoke`) and the BENCH_* variables of `env`. */
export function readBenchConfig(argv: string[], env: NodeJS.ProcessEnv): BenchConfig {
  const smoke = argv.includes("--smoke") || env["BENCH_SMOKE"] === "1";
  const base = smoke ? SMOKE : FULL;
  const config: BenchConfig = {
    smoke,
    runs: positiveInteger(env, "BENCH_RUNS", base.runs),
    tokens: positiveInteger(env, "BENCH_TOKENS", base.tokens),
    admins: positiveInteger(env, "BENCH_ADMINS", base.admins),
    latencyMs: positiveInteger(env, "BENCH_LATENCY_MS", base.latencyMs, 0),
    rateTokens: positiveInteger(env, "BENCH_RATE_TOKENS", base.rateTokens),
    rateLimit: rateLimit(env, base.rateLimit),
    growthSizes: env["BENCH_GROWTH"] ? env["BENCH_GROWTH"].split(",").map((size) => checkedInteger("BENCH_GROWTH", size, 1)) : base.growthSizes,
    growthRuns: positiveInteger(env, "BENCH_GROWTH_RUNS", base.growthRuns),
    diagnostics: env["BENCH_DIAGNOSTICS"] === undefined || env["BENCH_DIAGNOSTICS"] === "" ? base.diagnostics : env["BENCH_DIAGNOSTICS"] !== "0",
  };
  if (env["BENCH_PARALLEL"]) config.parallel = positiveInteger(env, "BENCH_PARALLEL", 8);
  return config;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const text = env[name];
  return text === undefined || text === "" ? fallback : checkedInteger(name, text, min);
}

function checkedInteger(name: string, text: string, min: number): number {
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number >= ${min}, got '${text}'`);
  return value;
}

function rateLimit(env: NodeJS.ProcessEnv, fallback: BenchConfig["rateLimit"]): BenchConfig["rateLimit"] {
  const text = env["BENCH_RATE_LIMIT"];
  if (!text) return fallback;
  const [limit, windowSeconds] = text.split("/");
  return {
    limit: checkedInteger("BENCH_RATE_LIMIT (limit/windowSeconds)", limit ?? "", 1),
    windowSeconds: checkedInteger("BENCH_RATE_LIMIT (limit/windowSeconds)", windowSeconds ?? "", 1),
  };
}
