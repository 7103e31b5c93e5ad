import {
  computeBackoffDelay,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  rateLimitWaitMs,
  type AttemptOutcome,
} from "../../../provider/client/retry";
import type { HttpMethod, RetryPolicy } from "../../../provider/client/types";

/** The retry counts before attempt `n` of a call whose failures were all of one kind. */
const at = (n: number) => ({ rateLimited: n - 1, other: n - 1 });

const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retryableStatuses: [...DEFAULT_RETRY_POLICY.retryableStatuses] };
const half = () => 0.5;

const status = (code: number, windowSeconds?: number): AttemptOutcome =>
  windowSeconds === undefined ? { kind: "response", status: code } : { kind: "response", status: code, windowSeconds };
const network = (code: string): AttemptOutcome => ({ kind: "network", code });
const timeout: AttemptOutcome = { kind: "timeout" };

describe("decideRetry", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxRetries: 3,
      baseDelayMs: 300,
      maxDelayMs: 10_000,
      retryableStatuses: [408, 429, 500, 502, 503, 504],
      maxRateLimitWaitMs: 60_000,
      maxRateLimitRetries: 10,
    });
  });

  // [method, outcome, retried?, reason or possiblyCommitted]
  it.each<[HttpMethod, string, AttemptOutcome, boolean, string | boolean]>([
    ["GET", "200", status(200), false, false],
    ["GET", "500", status(500), true, "status"],
    ["GET", "502", status(502), true, "status"],
    ["GET", "503", status(503), true, "status"],
    ["GET", "504", status(504), true, "status"],
    ["GET", "408", status(408), true, "status"],
    ["PUT", "503", status(503), true, "status"],
    ["DELETE", "500", status(500), true, "status"],
    ["GET", "429", status(429, 5), true, "rate-limited"],
    ["GET", "ECONNRESET", network("ECONNRESET"), true, "network"],
    ["PUT", "ECONNRESET", network("ECONNRESET"), true, "network"],
    ["DELETE", "timeout", timeout, true, "timeout"],
    ["GET", "timeout", timeout, true, "timeout"],
    ["GET", "ECONNREFUSED", network("ECONNREFUSED"), true, "network"],
    ["GET", "TLS failure", network("DEPTH_ZERO_SELF_SIGNED_CERT"), false, false],
    // POST: only when it provably never reached the server
    ["POST", "ECONNREFUSED", network("ECONNREFUSED"), true, "network"],
    ["POST", "ENOTFOUND", network("ENOTFOUND"), true, "network"],
    ["POST", "EAI_AGAIN", network("EAI_AGAIN"), true, "network"],
    ["POST", "429", status(429), true, "rate-limited"],
    ["POST", "500", status(500), false, true],
    ["POST", "502", status(502), false, true],
    ["POST", "503", status(503), false, true],
    ["POST", "504", status(504), false, true],
    ["POST", "408", status(408), false, true],
    ["POST", "timeout", timeout, false, true],
    ["POST", "ECONNRESET after sending", network("ECONNRESET"), false, true],
    ["POST", "EPIPE", network("EPIPE"), false, true],
    ["POST", "unknown network error", network("UNKNOWN"), false, true],
    ["PATCH", "503", status(503), false, true],
    // never retried, never committed
    ...([400, 401, 403, 404, 409, 422] as const).flatMap((code) =>
      (["GET", "POST", "PUT", "DELETE"] as const).map(
        (method): [HttpMethod, string, AttemptOutcome, boolean, string | boolean] => [method, String(code), status(code), false, false],
      ),
    ),
    ["POST", "201", status(201), false, false],
  ])("%s after %s: retry=%s (%s)", (method, _label, outcome, retried, detail) => {
    const decision = decideRetry({ method, outcome, retries: at(1), policy, random: half });
    expect(decision.retry).toBe(retried);
    if (decision.retry) expect(decision.reason).toBe(detail);
    else expect(decision.possiblyCommitted).toBe(detail);
  });

  it.each([1, 2, 3])("retries attempt %i of a GET 503 (maxRetries 3)", (attempt) => {
    expect(decideRetry({ method: "GET", outcome: status(503), retries: at(attempt), policy, random: half }).retry).toBe(true);
  });

  it("gives up after maxRetries retries, without claiming a commit", () => {
    expect(decideRetry({ method: "GET", outcome: status(503), retries: at(4), policy, random: half })).toEqual({
      retry: false,
      possiblyCommitted: false,
    });
  });

  it("gives 429s their own, larger budget: a burst of rate limits outlasts maxRetries", () => {
    expect(decideRetry({ method: "POST", outcome: status(429), retries: at(4), policy, random: half }).retry).toBe(true);
    expect(decideRetry({ method: "POST", outcome: status(429), retries: at(10), policy, random: half }).retry).toBe(true);
    expect(decideRetry({ method: "POST", outcome: status(429), retries: at(11), policy, random: half })).toEqual({ retry: false, possiblyCommitted: false });
    const few = { ...policy, maxRateLimitRetries: 1 };
    expect(decideRetry({ method: "GET", outcome: status(429), retries: at(2), policy: few, random: half }).retry).toBe(false);
  });

  it("does not retry a status removed from retryableStatuses", () => {
    const strict = { ...policy, retryableStatuses: [503] };
    expect(decideRetry({ method: "GET", outcome: status(500), retries: at(1), policy: strict, random: half }).retry).toBe(false);
    expect(decideRetry({ method: "GET", outcome: status(429), retries: at(1), policy: strict, random: half }).retry).toBe(false);
  });

  it("waits the rate-limit window for a 429, without jitter", () => {
    const decision = decideRetry({ method: "POST", outcome: status(429, 5), retries: at(1), policy, random: () => 0 });
    expect(decision).toEqual({ retry: true, delayMs: 5000, reason: "rate-limited" });
  });

  it("uses backoff with the injected random for other retries", () => {
    const decision = decideRetry({ method: "GET", outcome: status(503), retries: at(2), policy, random: () => 0.5 });
    expect(decision).toEqual({ retry: true, delayMs: 450, reason: "status" }); // 600 / 2 + 0.5 × 600 / 2
  });
});

describe("computeBackoffDelay", () => {
  it.each([
    [1, 300],
    [2, 600],
    [3, 1200],
    [4, 2400],
    [6, 9600],
    [7, 10_000],
    [20, 10_000],
  ])("retry %i has a ceiling of %i ms (doubling from 300, capped at 10 s)", (retry, ceiling) => {
    expect(computeBackoffDelay(retry, policy, () => 0.999999)).toBe(Math.floor(ceiling / 2 + (0.999999 * ceiling) / 2));
    expect(computeBackoffDelay(retry, policy, () => 0)).toBe(ceiling / 2);
  });

  it("keeps the jitter within [ceiling / 2, ceiling) for any random value", () => {
    for (let i = 0; i <= 100; i += 1) {
      const delay = computeBackoffDelay(3, policy, () => i / 101);
      expect(delay).toBeGreaterThanOrEqual(600);
      expect(delay).toBeLessThan(1200);
    }
  });

  it("waits at least 1.05 s over the default three retries, so a sub-second outage is ridden out", () => {
    const total = [1, 2, 3].reduce((sum, retry) => sum + computeBackoffDelay(retry, DEFAULT_RETRY_POLICY, () => 0), 0);
    expect(total).toBe(1050);
  });

  it("clamps a misbehaving random source", () => {
    expect(computeBackoffDelay(1, policy, () => 7)).toBe(300);
    expect(computeBackoffDelay(1, policy, () => -1)).toBe(150);
  });
});

describe("rateLimitWaitMs", () => {
  it.each<[number | undefined, number, number]>([
    [5, 60_000, 5000],
    [undefined, 60_000, 60_000],
    [0, 60_000, 60_000],
    [300, 60_000, 60_000],
    [undefined, 2000, 2000],
  ])("window %s s with cap %i ms waits %i ms", (windowSeconds, cap, expected) => {
    expect(rateLimitWaitMs(windowSeconds, { ...policy, maxRateLimitWaitMs: cap })).toBe(expected);
  });
});

describe("separate budgets for 429s and other failures", () => {
  const one = { ...DEFAULT_RETRY_POLICY, maxRetries: 1, maxRateLimitRetries: 2 };
  it("429s do not use up the budget of other failures, and the other way round", () => {
    // Two 429 retries already made: a 503 still has its one retry.
    expect(decideRetry({ method: "GET", outcome: status(503), retries: { rateLimited: 2, other: 0 }, policy: one, random: half }).retry).toBe(true);
    // The one 503 retry already made: a 429 still has its budget.
    expect(decideRetry({ method: "GET", outcome: status(429), retries: { rateLimited: 0, other: 1 }, policy: one, random: half }).retry).toBe(true);
    expect(decideRetry({ method: "GET", outcome: status(503), retries: { rateLimited: 0, other: 1 }, policy: one, random: half }).retry).toBe(false);
    expect(decideRetry({ method: "GET", outcome: status(429), retries: { rateLimited: 2, other: 0 }, policy: one, random: half }).retry).toBe(false);
  });
});

