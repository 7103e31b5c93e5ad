import { BOUNDS, type NumericBound } from "./bounds";
import { emulatorErrors } from "./errors";
import { bounded } from "./request-body";
import { HTTP_METHODS, type HttpMethod } from "./types";

/**
 * Injected faults: queued through `POST /_emulator/faults`, matched in order against
 * `/santaba/rest` requests, and consumed.
 */

/** What a fault does to the request it matches. */
export type FaultAction = "respond" | "reset-before" | "drop-after-commit" | "commit-late" | "commit-broken-body" | "delay";

const FAULT_ACTIONS: readonly FaultAction[] = ["respond", "reset-before", "drop-after-commit", "commit-late", "commit-broken-body", "delay"];

/** Most faults queued at once. */
export const MAX_QUEUED_FAULTS = 1000;

/** Longest `body` a fault may carry. */
export const MAX_FAULT_BODY_CHARS = 64 * 1024;

/** A queued fault. */
export interface Fault {
  /** Matches this method only; any method when absent. */
  method?: HttpMethod;
  /** Matches this route template (`/setting/admins/{adminId}/apitokens`); any route when absent. */
  route?: string;
  /** How many more requests this fault applies to. */
  count: number;
  /** `respond`, `commit-late`: the HTTP status to answer with. @default 500 */
  status: number;
  /** Delay before the fault acts, in milliseconds. */
  latencyMs: number;
  action: FaultAction;
  /** `respond`: extra response headers (a 429 gets `X-Rate-Limit-*` defaults). */
  headers: Record<string, string>;
  /**
   * `respond`, `commit-late`: this exact text instead of LogicMonitor's error body (e.g. a
   * proxy's HTML error page). `commit-broken-body`: this text instead of the truncated real body.
   */
  body?: string;
  /** The `Content-Type` sent with `body`. @default "application/json" */
  contentType?: string;
  /** `commit-late`: never answer; the connection stays open until the client gives up (a timeout). */
  hang: boolean;
}

/** Validates one fault from the control endpoint's JSON, throwing 400 with the reason. */
export function parseFault(raw: unknown): Fault {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw emulatorErrors.badRequest("Each fault must be an object");
  const spec = raw as Record<string, unknown>;
  let method: HttpMethod | undefined;
  let route: string | undefined;
  if (spec["method"] !== undefined) {
    const upper = String(spec["method"]).toUpperCase();
    if (!HTTP_METHODS.includes(upper as HttpMethod)) throw emulatorErrors.badRequest(`Fault method must be one of ${HTTP_METHODS.join(", ")}`);
    method = upper as HttpMethod;
  }
  if (spec["route"] !== undefined) {
    if (typeof spec["route"] !== "string") throw emulatorErrors.badRequest("Fault route must be a string");
    // "POST /setting/admins/{adminId}/apitokens" carries the method too.
    const [first, second] = spec["route"].trim().split(/\s+/, 2);
    if (second !== undefined && first !== undefined) {
      const upper = first.toUpperCase();
      if (!HTTP_METHODS.includes(upper as HttpMethod)) throw emulatorErrors.badRequest(`Fault route has an unknown method: ${first}`);
      if (method !== undefined && method !== upper) throw emulatorErrors.badRequest("Fault method and route disagree");
      method = upper as HttpMethod;
      route = second;
    } else {
      route = first;
    }
  }
  const action = spec["action"] ?? "respond";
  if (!FAULT_ACTIONS.includes(action as FaultAction)) throw emulatorErrors.badRequest(`Fault action must be one of ${FAULT_ACTIONS.join(", ")}`);
  const count = boundedField(spec, BOUNDS.faultCount, 1);
  const status = boundedField(spec, BOUNDS.faultStatus, 500);
  const latencyMs = boundedField(spec, BOUNDS.latencyMs, 0);
  const headers: Record<string, string> = {};
  const rawHeaders = spec["headers"];
  if (rawHeaders !== undefined) {
    if (typeof rawHeaders !== "object" || rawHeaders === null || Array.isArray(rawHeaders)) throw emulatorErrors.badRequest("Fault headers must be an object");
    for (const [name, value] of Object.entries(rawHeaders)) headers[name] = String(value);
  }
  const body = optionalString(spec, "body", MAX_FAULT_BODY_CHARS);
  const contentType = optionalString(spec, "contentType", 200);
  if (contentType !== undefined && !/^[\x20-\x7e]+$/.test(contentType)) throw emulatorErrors.badRequest("Fault contentType must be printable ASCII");
  const hang = spec["hang"] ?? false;
  if (typeof hang !== "boolean") throw emulatorErrors.badRequest("Fault hang must be true or false");
  if (hang && action !== "commit-late") throw emulatorErrors.badRequest("Fault hang goes with the commit-late action only");
  return {
    method,
    route,
    count,
    status,
    latencyMs,
    action: action as FaultAction,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(contentType === undefined ? {} : { contentType }),
    hang,
  };
}

function optionalString(spec: Record<string, unknown>, name: string, maxChars: number): string | undefined {
  const value = spec[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length > maxChars) throw emulatorErrors.badRequest(`Fault ${name} must be a string of at most ${maxChars} characters`);
  return value;
}

/** The fault's field named by `bound`, or `fallback` when absent; 400 naming `faults[].<name>` when out of bounds. */
function boundedField(spec: Record<string, unknown>, bound: NumericBound, fallback: number): number {
  const value = spec[bound.name];
  return value === undefined ? fallback : bounded(bound, value, `faults[].${bound.name}`);
}

/** The queue of faults, in the order they were added. */
export class FaultQueue {
  private faults: Fault[] = [];

  /** Queues faults after the others; 400 when the queue would hold more than {@link MAX_QUEUED_FAULTS}. */
  add(faults: Fault[]): void {
    if (this.faults.length + faults.length > MAX_QUEUED_FAULTS) throw emulatorErrors.badRequest(`At most ${MAX_QUEUED_FAULTS} faults can be queued`);
    this.faults.push(...faults);
  }

  clear(): void {
    this.faults = [];
  }

  /** The faults still queued. */
  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Takes one use of the first fault matching the request, if any. */
  take(method: HttpMethod | string, routeTemplate: string | undefined): Fault | undefined {
    const index = this.faults.findIndex(
      (fault) =>
        (fault.method === undefined || fault.method === method) &&
        (fault.route === undefined || fault.route === routeTemplate),
    );
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.count--;
    if (fault.count <= 0) this.faults.splice(index, 1);
    return { ...fault };
  }
}

/** Carries out a held write; one that fails (its credentials or admin are gone) is dropped silently, as the portal would. */
function runQuietly(commit: () => void): void {
  try {
    commit();
  } catch {
    // Like the portal, say nothing.
  }
}

/**
 * Writes held back by `commit-late` faults: the request was answered with an error, and the portal
 * carries it out later (like a portal that queued the write), just before the next request of the
 * same method and route. Its outcome is never reported to anyone, as on a real portal.
 */
export class LateCommits {
  private held: { method: string; route: string | undefined; commit: () => void }[] = [];

  /**
   * Holds `commit` until the next request of `method` on `route`. Returns a function that carries
   * it out at once instead, if it is still held (later calls do nothing).
   */
  hold(method: string, route: string | undefined, commit: () => void): () => void {
    const entry = { method, route, commit };
    this.held.push(entry);
    return () => {
      if (!this.held.includes(entry)) return;
      this.held = this.held.filter((held) => held !== entry);
      runQuietly(entry.commit);
    };
  }

  /** Carries out, in order, the held writes of `method` on `route`; a write that fails is dropped. */
  runBefore(method: string, route: string | undefined): void {
    const due = this.held.filter((entry) => entry.method === method && entry.route === route);
    if (due.length === 0) return;
    this.held = this.held.filter((entry) => !due.includes(entry));
    for (const entry of due) runQuietly(entry.commit);
  }

  clear(): void {
    this.held = [];
  }
}
