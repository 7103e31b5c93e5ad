/**
 * Retry policy as data plus pure decisions; the client's loop does the sleeping.
 *
 * - GET, PUT and DELETE are idempotent here: retried on the policy's statuses, on timeouts and on
 *   network errors, with capped exponential backoff and "equal" jitter (half fixed, half random),
 *   so the retries always span at least half the backoff: about 1 s of outage with the defaults.
 * - A 429 waits for the rate-limit window (LogicMonitor sends `X-Rate-Limit-Window`, never
 *   `Retry-After`), without jitter, for every method: LogicMonitor rejected it before doing anything.
 *   It has its own, larger budget (`maxRateLimitRetries`), so a burst of 429s cannot fail a deployment.
 * - POST (and PATCH) are retried only when the request provably never reached LogicMonitor: a
 *   pre-connect network error (ECONNREFUSED, DNS failure, …) or a 429. A POST that timed out, got
 *   a 5xx or lost its connection after sending may have created a token; it is not retried and is
 *   marked `possiblyCommitted` so the caller can look for the token instead of minting a duplicate.
 * - 400, 401, 403, 404, 409 and 422 are never retried (they are not in the default statuses).
 */
import type { HttpMethod, RetryPolicy, RetryReason } from "./types";

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 3,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  retryableStatuses: Object.freeze([408, 429, 500, 502, 503, 504]) as number[],
  maxRateLimitWaitMs: 60_000,
  maxRateLimitRetries: 10,
});

/** How long a 429 waits when the response has no `X-Rate-Limit-Window` (LogicMonitor's own advice). */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** The outcome of one attempt, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: "response"; status: number; /** `X-Rate-Limit-Window`, if sent. */ windowSeconds?: number }
  | { kind: "network"; code: string }
  | { kind: "timeout" };

/** Whether to try again, and after how long. */
export type RetryDecision =
  | { retry: true; delayMs: number; reason: RetryReason }
  | {
      retry: false;
      /** The failed request may have taken effect (only ever true for POST and PATCH). */
      possiblyCommitted: boolean;
    };

/** Retries a call has made so far, counted apart: 429s do not use up the budget of other failures. */
export interface RetryCounts {
  /** Retries after a 429 (budget: `maxRateLimitRetries`). */
  rateLimited: number;
  /** Retries after any other failure (budget: `maxRetries`). */
  other: number;
}

/** Input of {@link decideRetry}. */
export interface RetryInput {
  method: HttpMethod;
  outcome: AttemptOutcome;
  /** Retries made before the attempt that produced `outcome`. */
  retries: RetryCounts;
  policy: RetryPolicy;
  /** Source of jitter in [0, 1). */
  random: () => number;
}

/**
 * Network error codes raised before a connection exists, so the request cannot have been sent.
 * ECONNRESET, EPIPE and "socket hang up" are deliberately absent: they can happen after the
 * request was written.
 */
const PRE_CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EADDRNOTAVAIL",
]);

/** True when the error code proves the request never left this machine. */
export function isPreConnectError(code: string): boolean {
  return PRE_CONNECT_CODES.has(code);
}

/** TLS and certificate failures: deterministic, so retrying cannot help. */
export function isTlsError(code: string): boolean {
  return /CERT|TLS|SSL/.test(code);
}

/** Methods whose repetition has no extra effect: safe to retry after an ambiguous failure. */
export function isIdempotent(method: HttpMethod): boolean {
  return method === "GET" || method === "PUT" || method === "DELETE";
}

/**
 * Backoff before retry number `retry` (1 = first retry), under a ceiling that doubles from
 * `baseDelayMs` and is capped at `maxDelayMs`: half the ceiling, plus a random part of the other
 * half. The random half spreads the retries of parallel resources; the fixed half keeps three
 * retries from all firing within a short outage (at least 1.05 s in total with the defaults).
 */
export function computeBackoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.floor(ceiling / 2 + (fraction * ceiling) / 2);
}

/** The wait after a 429: the advertised window (else 60 s), capped by `maxRateLimitWaitMs`; never jittered. */
export function rateLimitWaitMs(windowSeconds: number | undefined, policy: RetryPolicy): number {
  const windowMs = windowSeconds !== undefined && windowSeconds > 0 ? windowSeconds * 1000 : DEFAULT_RATE_LIMIT_WAIT_MS;
  return Math.min(windowMs, policy.maxRateLimitWaitMs);
}

/** Decides whether the attempt that produced `outcome` is retried. Pure. */
export function decideRetry(input: RetryInput): RetryDecision {
  const { method, outcome, retries, policy } = input;
  const idempotent = isIdempotent(method);
  const exhausted = retries.other >= policy.maxRetries;
  const backoff = (reason: RetryReason): RetryDecision => ({
    retry: true,
    delayMs: computeBackoffDelay(retries.other + 1, policy, input.random),
    reason,
  });

  switch (outcome.kind) {
    case "response": {
      const { status } = outcome;
      if (status < 300) return { retry: false, possiblyCommitted: false };
      const retryable = policy.retryableStatuses.includes(status);
      if (status === 429) {
        if (!retryable || retries.rateLimited >= policy.maxRateLimitRetries) return { retry: false, possiblyCommitted: false };
        return { retry: true, delayMs: rateLimitWaitMs(outcome.windowSeconds, policy), reason: "rate-limited" };
      }
      const serverSide = status >= 500 || status === 408;
      if (!idempotent) return { retry: false, possiblyCommitted: serverSide };
      if (!retryable || exhausted) return { retry: false, possiblyCommitted: false };
      return backoff("status");
    }
    case "network": {
      const neverSent = isPreConnectError(outcome.code);
      if (isTlsError(outcome.code)) return { retry: false, possiblyCommitted: false };
      if (!idempotent && !neverSent) return { retry: false, possiblyCommitted: true };
      if (exhausted) return { retry: false, possiblyCommitted: false };
      return backoff("network");
    }
    case "timeout": {
      if (!idempotent) return { retry: false, possiblyCommitted: true };
      if (exhausted) return { retry: false, possiblyCommitted: false };
      return backoff("timeout");
    }
  }
}
