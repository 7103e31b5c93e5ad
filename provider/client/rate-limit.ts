/**
 * The rate-limit gate: lets many concurrent callers share LogicMonitor's per-endpoint budgets
 * instead of stampeding into 429s.
 *
 * LogicMonitor limits each endpoint and method separately, per account, and reports the budget on
 * every response in `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining` and `X-Rate-Limit-Window`
 * (seconds) (https://www.logicmonitor.com/support/rest-api-developers-guide/overview/rate-limiting).
 * The gate keeps one state per `METHOD route-template` key and hands out one slot per request,
 * first come first served:
 *
 * - **unknown** (start, and after every window): one request at a time. Its response tells the
 *   budget. This costs one round trip per window and keeps a burst of N callers from sending N
 *   requests into an unknown, possibly exhausted budget.
 * - **limited**: a slot is free while `remaining − inFlight > 0`, where `remaining` is the lowest
 *   value reported in this window. Counting in-flight requests reserves a slot per request, so a
 *   budget of 1 lets exactly one of N concurrent callers through.
 *   The window is taken to end `window` seconds after its first response arrived. The server's
 *   window began no later than that (it had counted the request), so this never ends early,
 *   whether the server uses fixed or rolling windows; it is late by at most one round trip.
 *   Then the key goes back to unknown and probes again.
 * - **unlimited**: an answer without rate-limit headers; nothing is held back until headers appear.
 * - **blocked**: after a 429, every caller of the key waits until the given time, then the key
 *   probes again.
 *
 * Responses to requests sent in an earlier window are ignored for the budget (they describe the
 * old window). State lives on the instance: share one gate per process.
 */
import type { HttpMethod } from "./types";

/** The `X-Rate-Limit-*` values of one response; absent or malformed headers are left out. */
export interface RateLimitHeaders {
  /** Requests allowed per window. */
  limit?: number;
  /** Requests left in the current window. */
  remaining?: number;
  /** Window length in seconds. */
  windowSeconds?: number;
}

/** Parses the `X-Rate-Limit-*` headers; `header` looks up a header case-insensitively. */
export function parseRateLimitHeaders(header: (name: string) => string | undefined): RateLimitHeaders {
  const parsed: RateLimitHeaders = {};
  const read = (name: string): number | undefined => {
    const text = header(name)?.trim();
    return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
  };
  const limit = read("x-rate-limit-limit");
  const remaining = read("x-rate-limit-remaining");
  const windowSeconds = read("x-rate-limit-window");
  if (limit !== undefined) parsed.limit = limit;
  if (remaining !== undefined) parsed.remaining = remaining;
  if (windowSeconds !== undefined && windowSeconds > 0) parsed.windowSeconds = windowSeconds;
  return parsed;
}

/**
 * Turns a resource path into its route template by naming numeric segments after the segment
 * before them.
 *
 * @example toRouteTemplate("/setting/admins/32/apitokens/7") === "/setting/admins/{adminId}/apitokens/{apitokenId}"
 */
export function toRouteTemplate(resourcePath: string): string {
  const segments = resourcePath.split("/");
  return segments
    .map((segment, index) => {
      if (!/^\d+$/.test(segment)) return segment;
      const previous = segments[index - 1] ?? "";
      return previous ? `{${previous.replace(/s$/, "")}Id}` : "{id}";
    })
    .join("/");
}

/** The gate key of a request: LogicMonitor limits each method of each endpoint separately. */
export function rateLimitKey(method: HttpMethod, resourcePath: string): string {
  return `${method} ${toRouteTemplate(resourcePath)}`;
}

/** A reserved slot; hand it back with {@link RateLimitGate.release} exactly once. */
export interface RateLimitTicket {
  readonly key: string;
  /** The window the slot was taken in. */
  readonly generation: number;
}

/** What the response to a gated request said. */
export interface GateObservation {
  /** The response's `X-Rate-Limit-*` values. */
  headers?: RateLimitHeaders;
  /**
   * True for an answer of the API itself (2xx–4xx except 429). Such an answer without rate-limit
   * headers marks the key unlimited; a 5xx without them may come from a proxy and proves nothing.
   */
  ok?: boolean;
  /** After a 429: hold every caller of this key for this long. */
  blockForMs?: number;
}

/** How the gate currently treats a key. */
export type GateMode = "unknown" | "limited" | "unlimited";

/** A copy of one key's state, for tests and diagnostics. */
export interface GateKeySnapshot {
  mode: GateMode;
  generation: number;
  limit?: number;
  remaining?: number;
  windowEndsAt?: number;
  blockedUntil?: number;
  inFlight: number;
  waiting: number;
}

/** A wait the gate starts because an endpoint's budget is spent or LogicMonitor answered 429. */
export interface GateWaitEvent {
  /** The gate key: method and route template, e.g. `POST /setting/admins/{adminId}/apitokens`. */
  key: string;
  /** How long the queued requests wait. */
  waitMs: number;
  /** Requests queued behind it. */
  queued: number;
  /** `rate-limited`: LogicMonitor answered 429; `budget`: the window's requests are used up. */
  reason: "rate-limited" | "budget";
}

/** Options of {@link RateLimitGate}. */
export interface RateLimitGateOptions {
  /** Clock in epoch ms. @default Date.now */
  now?: () => number;
  /** Timed wait. @default a setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
  /** Told of each wait the gate starts (once per wait, not per request); must not throw. */
  onWait?: (event: GateWaitEvent) => void;
}

interface Waiter {
  grant: (ticket: RateLimitTicket) => void;
}

interface KeyState {
  mode: GateMode;
  generation: number;
  limit?: number;
  remaining?: number;
  windowMs?: number;
  windowEndsAt?: number;
  blockedUntil?: number;
  inFlight: number;
  queue: Waiter[];
  /** When the pending wake-up timer fires, if one is pending. */
  wakeAt?: number;
}

/** Resolves after `ms` milliseconds. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Per-process rate-limit state shared by every client of a provider. See the module comment. */
export class RateLimitGate {
  private readonly keys = new Map<string, KeyState>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onWait: ((event: GateWaitEvent) => void) | undefined;

  constructor(options: RateLimitGateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.onWait = options.onWait;
  }

  /**
   * Waits for a slot of `key` and reserves it.
   * @param options.priority jump the queue (a retry of a request that already waited its turn).
   */
  acquire(key: string, options: { priority?: boolean } = {}): Promise<RateLimitTicket> {
    const state = this.stateOf(key);
    return new Promise<RateLimitTicket>((resolve) => {
      const waiter: Waiter = { grant: resolve };
      if (options.priority) state.queue.unshift(waiter);
      else state.queue.push(waiter);
      this.pump(key, state);
    });
  }

  /** Returns a slot, with what the response said about the budget. */
  release(ticket: RateLimitTicket, observation: GateObservation = {}): void {
    const state = this.stateOf(ticket.key);
    state.inFlight = Math.max(0, state.inFlight - 1);
    const now = this.now();
    if (observation.blockForMs !== undefined) {
      state.blockedUntil = Math.max(state.blockedUntil ?? 0, now + observation.blockForMs);
      this.startWindow(state);
    } else if (ticket.generation === state.generation) {
      this.learn(state, observation, now);
    }
    this.pump(ticket.key, state);
  }

  /** A copy of the state of `key`, or `undefined` if it was never used. */
  snapshot(key: string): GateKeySnapshot | undefined {
    const state = this.keys.get(key);
    if (!state) return undefined;
    const { queue, wakeAt: _wakeAt, windowMs: _windowMs, ...rest } = state;
    return { ...rest, waiting: queue.length };
  }

  private stateOf(key: string): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      state = { mode: "unknown", generation: 0, inFlight: 0, queue: [] };
      this.keys.set(key, state);
    }
    return state;
  }

  /** Updates the budget from a response to a request of the current window. */
  private learn(state: KeyState, observation: GateObservation, now: number): void {
    const { headers } = observation;
    if (headers?.remaining === undefined) {
      if (observation.ok && state.mode === "unknown") state.mode = "unlimited";
      return;
    }
    if (headers.limit !== undefined) state.limit = headers.limit;
    if (headers.windowSeconds !== undefined) state.windowMs = headers.windowSeconds * 1000;
    if (state.mode !== "limited") {
      state.mode = "limited";
      state.remaining = headers.remaining;
      state.windowEndsAt = now + (state.windowMs ?? 60_000);
    } else {
      state.remaining = Math.min(state.remaining ?? headers.remaining, headers.remaining);
    }
  }

  /** Forgets the budget: the next request probes it. Responses to earlier requests become stale. */
  private startWindow(state: KeyState): void {
    state.generation += 1;
    state.mode = "unknown";
    delete state.remaining;
    delete state.windowEndsAt;
  }

  private canSend(state: KeyState): boolean {
    switch (state.mode) {
      case "unlimited":
        return true;
      case "unknown":
        return state.inFlight === 0;
      case "limited":
        return (state.remaining ?? 0) - state.inFlight > 0;
    }
  }

  /** Grants every slot that is free now, then arranges to look again when time frees more. */
  private pump(key: string, state: KeyState): void {
    const now = this.now();
    if (state.blockedUntil !== undefined && now >= state.blockedUntil) {
      delete state.blockedUntil;
      this.startWindow(state);
    }
    if (state.mode === "limited" && state.windowEndsAt !== undefined && now >= state.windowEndsAt) {
      this.startWindow(state);
    }
    while (state.blockedUntil === undefined && state.queue.length > 0 && this.canSend(state)) {
      const waiter = state.queue.shift();
      state.inFlight += 1;
      waiter?.grant({ key, generation: state.generation });
    }
    if (state.queue.length === 0) return;
    const wakeAt = state.blockedUntil ?? (state.mode === "limited" ? state.windowEndsAt : undefined);
    if (wakeAt !== undefined) this.wakeUpAt(key, state, wakeAt);
    // Otherwise a release will pump again (unknown: the probe is in flight; limited: slots are).
  }

  private wakeUpAt(key: string, state: KeyState, wakeAt: number): void {
    if (state.wakeAt !== undefined && state.wakeAt <= wakeAt) return;
    state.wakeAt = wakeAt;
    const reason = state.blockedUntil !== undefined ? "rate-limited" : "budget";
    try {
      this.onWait?.({ key, waitMs: Math.max(0, wakeAt - this.now()), queued: state.queue.length, reason });
    } catch {
      // A reporting hook must not change what the gate does.
    }
    const wake = () => {
      if (state.wakeAt === wakeAt) delete state.wakeAt;
      this.pump(key, state);
    };
    this.sleep(Math.max(0, wakeAt - this.now())).then(wake, wake);
  }
}
