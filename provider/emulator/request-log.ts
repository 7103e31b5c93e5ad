/**
 * What tests can see of the traffic: a log of requests and counters. It never holds keys,
 * signatures, headers or bodies.
 */

/** One logged request. */
export interface LoggedRequest {
  /** 1, 2, 3… since start (not reset by clearing). */
  seq: number;
  /** Real time of arrival, epoch milliseconds. */
  at: number;
  method: string;
  /** `"<METHOD> <route template>"`, e.g. `POST /setting/admins/{adminId}/apitokens`. */
  route: string;
  /** The resource path (no `/santaba/rest`, no query). */
  path: string;
  /** The raw query string without `?`, `""` when none. */
  query: string;
  /** The HTTP status sent; 0 when the connection was reset before a response. */
  status: number;
  /** The admin id in the path, when there is one. */
  adminId?: number;
  /** The token id in the path, or the id of a created token. */
  tokenId?: number;
  /** How the request authenticated; `none` for failures and out-of-band changes. */
  auth: "lmv1" | "bearer" | "none";
  /** The id of the token that authenticated the request (never its key), when one did. */
  callerTokenId?: number;
  /** The injected fault's action (and status for `respond`), when one applied. */
  fault?: string;
  /** True for changes made through `/_emulator/tokens` ("by a human in the UI"). */
  outOfBand?: boolean;
}

/** Request counts of `/santaba/rest` traffic. */
export interface RequestCounters {
  total: number;
  byMethod: Record<string, number>;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
}

/** How many requests the log keeps by default; older ones are dropped (the counters keep counting). */
export const DEFAULT_MAX_LOGGED_REQUESTS = 10_000;

/** The log (the latest entries only) and the counters (everything). */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private nextSeq = 1;
  private counts: RequestCounters = emptyCounters();

  constructor(private readonly maxEntries = DEFAULT_MAX_LOGGED_REQUESTS) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`maxLoggedRequests must be a positive integer, got ${maxEntries}`);
  }

  /** Appends an entry, dropping the oldest beyond the limit; API requests (not out-of-band ones) are also counted. */
  record(entry: Omit<LoggedRequest, "seq">): void {
    this.entries.push({ seq: this.nextSeq++, ...entry });
    // Dropped in batches, so that a full log costs no copy per request.
    if (this.entries.length > this.maxEntries + Math.ceil(this.maxEntries / 10)) this.entries = this.entries.slice(-this.maxEntries);
    if (entry.outOfBand) return;
    this.counts.total++;
    increment(this.counts.byMethod, entry.method);
    increment(this.counts.byRoute, entry.route);
    increment(this.counts.byStatus, String(entry.status));
  }

  /** The latest entries (at most the limit), oldest first. */
  requests(): LoggedRequest[] {
    return this.entries.slice(-this.maxEntries).map((entry) => ({ ...entry }));
  }

  counters(): RequestCounters {
    return structuredClone(this.counts);
  }

  clearRequests(): void {
    this.entries = [];
  }

  clearCounters(): void {
    this.counts = emptyCounters();
  }
}

function emptyCounters(): RequestCounters {
  return { total: 0, byMethod: {}, byRoute: {}, byStatus: {} };
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
