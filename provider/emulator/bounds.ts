/**
 * The one definition of every numeric setting's accepted range. The command-line flags
 * (`cli.ts`), the options of `createEmulator`, and the control endpoints (`PUT /_emulator/config`,
 * `POST /_emulator/faults`, `POST /_emulator/tokens`) all check values against this table, so a
 * value one path refuses is refused by every path, with the same words.
 */

/** The accepted range of one numeric setting. */
export interface NumericBound {
  /** The setting's name in options and control bodies, e.g. `latencyMs`. */
  readonly name: string;
  /** Smallest accepted value. */
  readonly min: number;
  /** Largest accepted value. */
  readonly max: number;
  /** Whether only whole numbers are accepted. */
  readonly integer: boolean;
}

/**
 * Every numeric setting, keyed by where it is used. Latency stops at 10 minutes (longer would only
 * hold sockets and timers); a clock offset stops at ±10^12 ms (about 31 years), well inside what
 * `Date` can show; a rate-limit window longer than a day or shorter than a millisecond tests
 * nothing a client meets.
 */
export const BOUNDS = {
  /** `--port`. */
  port: { name: "port", min: 0, max: 65_535, integer: true },
  /** `--seed`. */
  seed: { name: "seed", min: 0, max: 2 ** 32 - 1, integer: true },
  /** `--latency-ms`, `latencyMs` of `/config`, and a fault's `latencyMs`. */
  latencyMs: { name: "latencyMs", min: 0, max: 600_000, integer: true },
  /** `--clock-offset-ms`, `clockOffsetMs` of `/config`. */
  clockOffsetMs: { name: "clockOffsetMs", min: -1e12, max: 1e12, integer: true },
  /** The `limit` of `--rate-limit METHOD=limit/windowSeconds` and of `rateLimits.METHOD`. */
  rateLimit: { name: "limit", min: 0, max: 1_000_000, integer: true },
  /** The `windowSeconds` of `--rate-limit` and of `rateLimits.METHOD`. */
  rateLimitWindowSeconds: { name: "windowSeconds", min: 0.001, max: 86_400, integer: false },
  /** A fault's `count`: how many requests it applies to. */
  faultCount: { name: "count", min: 1, max: 100_000, integer: true },
  /** A fault's `status`. */
  faultStatus: { name: "status", min: 100, max: 599, integer: true },
  /** `count` of `POST /_emulator/tokens`: tokens made by one call. */
  tokenCount: { name: "count", min: 1, max: 10_000, integer: true },
} as const satisfies Record<string, NumericBound>;

/** How a bound reads in messages: "an integer from 0 to 600000" or "a number from 0.001 to 86400". */
export function describeBound(bound: NumericBound): string {
  return `${bound.integer ? "an integer" : "a number"} from ${bound.min} to ${bound.max}`;
}

/** True when `value` is a number inside the bound (finite, whole when the bound wants integers). */
export function withinBound(bound: NumericBound, value: unknown): value is number {
  return (
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!bound.integer || Number.isInteger(value)) &&
    value >= bound.min &&
    value <= bound.max
  );
}

/**
 * The number a command-line value spells (`-5000`, `1.5`), or undefined for anything else: no
 * exponents, hex, spaces or empty text, which `Number()` would otherwise accept.
 */
export function numberFromText(text: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

/**
 * Why `value` is refused, as a sentence naming `label` (the field as the caller wrote it, e.g.
 * `rateLimits.POST.limit` or `--latency-ms`), the bound, and the value.
 */
export function describeViolation(bound: NumericBound, value: unknown, label: string = bound.name): string {
  return `${label} must be ${describeBound(bound)}, got ${shown(value)}`;
}

/** A short rendering of a refused value (never long: it goes into an error message). */
function shown(value: unknown): string {
  const text = value === undefined ? "nothing" : typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
