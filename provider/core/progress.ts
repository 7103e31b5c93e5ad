/**
 * What a slow run waits for, in words for the person running Pulumi. A dynamic provider has no
 * channel to the engine's log; the lines it writes to stderr are shown in the `pulumi up` output
 * (and its diagnostics), so waits and retries are reported there, and only when something is
 * slow: a rate-limit wait shorter than {@link VISIBLE_WAIT_MS} is not worth a line.
 *
 * Pure functions; the provider decides where the lines go (the plugin face sends them to the
 * engine's log, provider/plugin/engine-log.ts).
 */
import type { GateWaitEvent } from "../client/rate-limit";
import type { RetryEvent } from "../client/types";

/** Waits shorter than this are not reported. */
export const VISIBLE_WAIT_MS = 1_000;

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The line for a rate-limit wait, or `undefined` when it is too short to mention. */
export function describeGateWait(event: GateWaitEvent): string | undefined {
  if (event.waitMs < VISIBLE_WAIT_MS) return undefined;
  const why =
    event.reason === "rate-limited"
      ? "LogicMonitor answered 429 Too Many Requests"
      : "this window's requests for it are used up";
  return (
    `waiting ${seconds(event.waitMs)} for LogicMonitor's rate limit on ${event.key} (${why}; ` +
    `${event.queued} request(s) queued; the limit is shared by everything that uses this portal's API)`
  );
}

/** The line for a retry after a failure; 429 waits are reported by the gate instead. */
export function describeRetry(event: RetryEvent): string | undefined {
  if (event.reason === "rate-limited") return undefined;
  const what =
    event.status !== undefined
      ? `answered ${event.status}`
      : event.code !== undefined
        ? `failed (${event.code})`
        : "timed out";
  return `LogicMonitor API ${event.method} ${event.path} ${what}; trying again in ${seconds(event.delayMs)} (attempt ${event.attempt + 1})`;
}

/**
 * True for a line of {@link describeGateWait} or {@link describeRetry}: news of a slow run, not of
 * something the provider did on its own or that a person should check. The plugin face logs these
 * as info and every other report as a warning.
 */
export function isProgressReport(message: string): boolean {
  return /^waiting \d+(\.\d)? s for LogicMonitor's rate limit on /.test(message) || /^LogicMonitor API [A-Z]+ \S+ .*; trying again in /.test(message);
}
