import type { EmulatorRateLimits, HttpMethod } from "./types";

/**
 * Fixed-window rate limiting per method and route template, the way LogicMonitor assigns limits
 * per endpoint and method (https://www.logicmonitor.com/support/rest-api-developers-guide/overview/rate-limiting).
 * The decision is made before a request executes, so a refused request changes nothing.
 */

/** The limiter's verdict on one request, with the headers to send. */
export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

interface Window {
  startedAtMs: number;
  count: number;
}

/** Counts requests per `"<METHOD> <route template>"` in fixed windows. */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private limits: EmulatorRateLimits,
    private readonly now: () => number,
  ) {}

  /** Replaces the limits and forgets all windows. */
  configure(limits: EmulatorRateLimits): void {
    this.limits = limits;
    this.windows.clear();
  }

  /** Forgets all windows (every route starts with its full allowance). */
  clear(): void {
    this.windows.clear();
  }

  /** Counts one request; undefined when the method has no limit. */
  admit(method: HttpMethod, routeTemplate: string): RateLimitDecision | undefined {
    const limit = this.limits[method];
    if (!limit) return undefined;
    const key = `${method} ${routeTemplate}`;
    const nowMs = this.now();
    let window = this.windows.get(key);
    if (!window || nowMs - window.startedAtMs >= limit.windowSeconds * 1000) {
      window = { startedAtMs: nowMs, count: 0 };
      this.windows.set(key, window);
    }
    const allowed = window.count < limit.limit;
    if (allowed) window.count++;
    return {
      allowed,
      headers: {
        "X-Rate-Limit-Limit": String(limit.limit),
        "X-Rate-Limit-Remaining": String(Math.max(0, limit.limit - window.count)),
        "X-Rate-Limit-Window": String(limit.windowSeconds),
      },
    };
  }
}
