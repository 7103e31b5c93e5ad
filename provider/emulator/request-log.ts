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

/** The log and the counters. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private nextSeq = 1;
  private counts: RequestCounters = emptyCounters();

  /** Appends an entry; API requests (not out-of-band ones) are also counted. */
  record(entry: Omit<LoggedRequest, "seq">): void {
    this.entries.push({ seq: this.nextSeq++, ...entry });
    if (entry.outOfBand) return;
    this.counts.total++;
    increment(this.counts.byMethod, entry.method);
    increment(this.counts.byRoute, entry.route);
    increment(this.counts.byStatus, String(entry.status));
  }

  requests(): LoggedRequest[] {
    return this.entries.map((entry) => ({ ...entry }));
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
