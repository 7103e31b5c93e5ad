/**
 * Public types of the LogicMonitor REST client: wire records, options and events.
 * Types only; nothing here runs.
 */
import type { SettingNames } from "./advice";
import type { GateWaitEvent, RateLimitGate } from "./rate-limit";

/** An HTTP method the client sends. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * The kind of API token. `lmv1` is an accessId/accessKey pair used for HMAC signing; `bearer` is a
 * single secret sent as `Authorization: Bearer …` (API v3 only).
 */
export type TokenType = "lmv1" | "bearer";

/** An API token as LogicMonitor returns it (`/setting/admins/{adminId}/apitokens`). */
export interface ApiTokenRecord {
  /** Server-assigned token id (the `{apitokenId}` path segment). */
  id: number;
  /** Id of the user (admin) that owns the token. */
  adminId: number;
  /** Username of the owner. */
  adminName: string;
  /** Public half of an LMv1 pair; for Bearer tokens whatever id LogicMonitor shows. */
  accessId: string;
  /**
   * The secret. Present in clear only in the create response; lists omit or mask it, so never
   * rely on reading it back.
   */
  accessKey?: string;
  /** 1 = disabled, 2 = enabled. */
  status: number;
  /** Free-text description. */
  note: string;
  /** User who created the token. */
  createdBy: string;
  /** Creation time, epoch (probably seconds; LogicMonitor does not say). */
  createdOn: number;
  /** Time of last use, epoch; 0 when never used. */
  lastUsedOn: number;
  /** Role names of the owner, which the token inherits. */
  roles: string[];
  /**
   * Token kind. LogicMonitor does not document a `type` field, so the client sets it from the
   * list the record came from (`type=bearer` or not), or from the create request.
   */
  type: TokenType;
}

/** A LogicMonitor user (admin), reduced to what the provider needs. */
export interface AdminRecord {
  id: number;
  username: string;
  email?: string;
  /** `active` or `suspended`. */
  status?: string;
  /** Role names (the wire has role objects; the client keeps their names). */
  roles: string[];
}

/** Filters for {@link LogicMonitorClient.listApiTokens}. */
export interface ListApiTokensOptions {
  /**
   * Which tokens to list. LogicMonitor lists LMv1 tokens by default and Bearer tokens only with
   * `type=bearer`, so `"all"` makes both requests.
   * @default "all"
   */
  type?: TokenType | "all";
}

/** The writable fields of a new token. */
export interface CreateApiTokenInput {
  /** @default "" (LogicMonitor's default) */
  note?: string;
  /** 1 = disabled, 2 = enabled. @default 2 (LogicMonitor's default) */
  status?: 1 | 2;
  /** `bearer` sends `?type=bearer`. @default "lmv1" */
  type?: TokenType;
}

/** The full replacement of a token's writable fields; a PUT always carries both. */
export interface UpdateApiTokenInput {
  note: string;
  status: 1 | 2;
}

/**
 * When and how the client retries. All fields are data; the decisions live in `retry.ts`.
 * POST is special: see {@link decideRetry}.
 */
export interface RetryPolicy {
  /** Retries after the first attempt (so at most `maxRetries + 1` attempts). @default 3 */
  maxRetries: number;
  /** First backoff ceiling; doubles per retry; each wait is half of it plus random jitter over the other half. @default 300 */
  baseDelayMs: number;
  /** Cap on one backoff delay. @default 10000 */
  maxDelayMs: number;
  /** Statuses retried (429 only waits for the rate-limit window). @default [408, 429, 500, 502, 503, 504] */
  retryableStatuses: number[];
  /**
   * Cap on one rate-limit wait. LogicMonitor sends no `Retry-After`; the client waits
   * `X-Rate-Limit-Window` seconds, or 60 s when that header is missing, but never longer than this.
   * @default 60000
   */
  maxRateLimitWaitMs: number;
  /**
   * Retries after 429s, counted apart from `maxRetries`: LogicMonitor rejects a rate-limited request
   * before doing anything, so waiting and retrying is always safe, and a burst of 429s (many
   * resources in one `pulumi up`) must not fail a deployment. @default 10
   */
  maxRateLimitRetries: number;
}

/** Why an attempt is retried. */
export type RetryReason = "status" | "rate-limited" | "network" | "timeout";

/** Reported through {@link ClientOptions.onRetry} before each retry's wait. Safe to log. */
export interface RetryEvent {
  method: HttpMethod;
  /** Resource path, without the query string. */
  path: string;
  /** The attempt that failed (1 = the first). */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  reason: RetryReason;
  /** HTTP status, for `status` and `rate-limited`. */
  status?: number;
  /** Network error code (e.g. `ECONNREFUSED`), for `network`. */
  code?: string;
}

/**
 * Options of {@link LogicMonitorClient}. Exactly one way to reach the portal (`baseUrl`, or
 * `company` with optional `domain`) and exactly one credential (an LMv1 pair or a Bearer token).
 * Use `resolveClientOptions` to fill them from the environment.
 */
export interface ClientOptions {
  /** Portal name: `acme` for `https://acme.logicmonitor.com`. Ignored when `baseUrl` is set. */
  company?: string;
  /** Portal domain. Use `lmgov.us` for GovCloud. @default "logicmonitor.com" */
  domain?: string;
  /**
   * Full REST base URL, e.g. `https://acme.logicmonitor.com/santaba/rest`; wins over `company`.
   * A bare origin is completed with `/santaba/rest`; any other path is rejected. `http:` is
   * accepted only for loopback hosts (the emulator), because Bearer tokens travel in clear.
   */
  baseUrl?: string;
  /** LMv1 access id; needs {@link accessKey}. */
  accessId?: string;
  /** LMv1 access key (secret); signs every request and is never sent. */
  accessKey?: string;
  /** Bearer token (secret), instead of an LMv1 pair. */
  bearerToken?: string;
  /** Deadline of one attempt, connect to last byte. @default 30000 */
  timeoutMs?: number;
  /** Overrides of the default {@link RetryPolicy}. */
  retry?: Partial<RetryPolicy>;
  /**
   * Rate-limit state. Pass one gate to every client of a process so they slow down together.
   * @default a new gate per client, on this client's `now` and `sleep`
   */
  rateLimitGate?: RateLimitGate;
  /** Clock in epoch milliseconds, used for signing and waits. @default Date.now */
  now?: () => number;
  /** Waits between attempts. @default a setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
  /** `User-Agent` header. @default "pulumi-logicmonitor-apitoken/<version>" */
  userAgent?: string;
  /** Called before each retry's wait; for logging. Must not throw. */
  onRetry?: (event: RetryEvent) => void;
  /**
   * Called when the client's own rate-limit gate starts a wait (ignored with `rateLimitGate`,
   * whose owner sets it); for showing people what a slow run waits for. Must not throw.
   */
  onWait?: (event: GateWaitEvent) => void;
  /**
   * How errors name the settings to fix (e.g. `logicmonitor:baseUrl (LM_BASE_URL)`).
   * @default the environment variables ({@link ENVIRONMENT_SETTING_NAMES})
   */
  settingNames?: Partial<SettingNames>;
  /**
   * Page size of list calls (1–1000). LogicMonitor's maximum is 1000; smaller values exist for tests.
   * @default 1000
   */
  pageSize?: number;
}
