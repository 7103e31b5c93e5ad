/**
 * The client's error family. Every error is safe to print: it holds the method, the resource path
 * (no query string, no host secrets), the status and LogicMonitor's own error text — never
 * headers, request bodies, keys, signatures or the underlying AxiosError. `toJSON()` returns the
 * same safe summary, so `JSON.stringify(err)` and Pulumi's logs show nothing more.
 *
 * Guards check a brand and the name, not only `instanceof`, because the provider's code can be
 * loaded more than once (and copied into the engine's provider process).
 */
import type { HttpMethod } from "./types";

const LM_ERROR_BRAND = "pulumi-logicmonitor-apitoken/LmError";

/** Names of the concrete error classes. */
export type LmErrorName = "LmApiError" | "LmRateLimitError" | "LmNetworkError" | "LmTimeoutError" | "LmConfigError";

/** LMv1 signatures are accepted only within this distance of the portal's clock. */
export const LMV1_CLOCK_WINDOW_MINUTES = 30;

/** Base of every error the client throws; never thrown itself. */
export abstract class LmError extends Error {
  abstract override readonly name: LmErrorName;
  /** Brand checked by {@link isLmError}; survives duplicate copies of this module. */
  readonly lmErrorBrand: string = LM_ERROR_BRAND;

  /** The safe fields, for `JSON.stringify` and structured logs. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...this.details() };
  }

  /** Fields beyond name and message that {@link toJSON} includes. */
  protected abstract details(): Record<string, unknown>;
}

/** What identifies a failed call in every request error. */
export interface RequestSummary {
  method: HttpMethod;
  /** Resource path, e.g. `/setting/admins/32/apitokens` (no `/santaba/rest`, no query). */
  path: string;
  /** Attempts made, including the first. */
  attempts: number;
  /**
   * True when a POST may have taken effect although it failed (timeout, 5xx, connection lost
   * after sending): the token may exist, and the caller must check before creating again.
   */
  possiblyCommitted: boolean;
}

/** Fields of an {@link LmApiError}. */
export interface ApiErrorFields extends RequestSummary {
  status: number;
  /** LogicMonitor's `errorCode` (1000 + HTTP status), when the body had one. */
  lmErrorCode?: number;
  /** LogicMonitor's `errorMessage`, shortened and scrubbed of credentials. */
  lmErrorMessage?: string;
}

/** Base of the errors of one API call: what was called, how often, and whether it may have taken effect. */
export abstract class LmRequestError extends LmError {
  readonly method: HttpMethod;
  readonly path: string;
  readonly attempts: number;
  readonly possiblyCommitted: boolean;

  protected constructor(message: string, summary: RequestSummary) {
    super(message);
    this.method = summary.method;
    this.path = summary.path;
    this.attempts = summary.attempts;
    this.possiblyCommitted = summary.possiblyCommitted;
  }

  protected details(): Record<string, unknown> {
    return { method: this.method, path: this.path, attempts: this.attempts, possiblyCommitted: this.possiblyCommitted };
  }
}

/** A non-2xx response, after any retries. */
export class LmApiError extends LmRequestError {
  override readonly name: "LmApiError" | "LmRateLimitError" = "LmApiError";
  readonly status: number;
  readonly lmErrorCode: number | undefined;
  readonly lmErrorMessage: string | undefined;

  /** @param advice what to do about it; appended to the standard message. */
  constructor(fields: ApiErrorFields, advice: string) {
    super(apiMessage(fields, advice), fields);
    this.status = fields.status;
    this.lmErrorCode = fields.lmErrorCode;
    this.lmErrorMessage = fields.lmErrorMessage;
  }

  protected override details(): Record<string, unknown> {
    return {
      status: this.status,
      ...super.details(),
      lmErrorCode: this.lmErrorCode,
      lmErrorMessage: this.lmErrorMessage,
    };
  }
}

/** The `X-Rate-Limit-*` values of the last 429. */
export interface RateLimitFields {
  limit?: number;
  remaining?: number;
  windowSeconds?: number;
}

/** A 429 that persisted through every retry. */
export class LmRateLimitError extends LmApiError {
  override readonly name = "LmRateLimitError" as const;
  readonly limit: number | undefined;
  readonly remaining: number | undefined;
  readonly windowSeconds: number | undefined;

  constructor(fields: ApiErrorFields & RateLimitFields, advice: string) {
    super(fields, advice);
    this.limit = fields.limit;
    this.remaining = fields.remaining;
    this.windowSeconds = fields.windowSeconds;
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), limit: this.limit, remaining: this.remaining, windowSeconds: this.windowSeconds };
  }
}

/** No response: the connection failed or broke (ECONNREFUSED, ECONNRESET, ENOTFOUND, …). */
export class LmNetworkError extends LmRequestError {
  override readonly name = "LmNetworkError" as const;
  /** The system error code, e.g. `ECONNREFUSED`. */
  readonly code: string;

  constructor(fields: RequestSummary & { code: string }, advice: string) {
    super(
      `LogicMonitor API ${fields.method} ${fields.path} failed: network error ${fields.code}` +
        `${attemptsSuffix(fields.attempts)}: ${advice}`,
      fields,
    );
    this.code = fields.code;
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), code: this.code };
  }
}

/** An attempt that got no complete response within `timeoutMs`. */
export class LmTimeoutError extends LmRequestError {
  override readonly name = "LmTimeoutError" as const;
  readonly timeoutMs: number;

  constructor(fields: RequestSummary & { timeoutMs: number }, advice: string) {
    super(
      `LogicMonitor API ${fields.method} ${fields.path} timed out after ${fields.timeoutMs} ms` +
        `${attemptsSuffix(fields.attempts)}: ${advice}`,
      fields,
    );
    this.timeoutMs = fields.timeoutMs;
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), timeoutMs: this.timeoutMs };
  }
}

/** Invalid or missing options; thrown synchronously before any request. */
export class LmConfigError extends LmError {
  override readonly name = "LmConfigError" as const;
  /** The option names at fault, e.g. `["accessKey"]`. */
  readonly keys: string[];

  /** @param message says what is wrong and which config key or environment variable to set. */
  constructor(message: string, keys: string[]) {
    super(message);
    this.keys = [...keys];
  }

  protected details(): Record<string, unknown> {
    return { keys: this.keys };
  }
}

/** True for any error of this family, from any copy of this module. */
export function isLmError(error: unknown): error is LmError {
  if (error instanceof LmError) return true;
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as { lmErrorBrand?: unknown; name?: unknown };
  return candidate.lmErrorBrand === LM_ERROR_BRAND && typeof candidate.name === "string";
}

function hasName(error: unknown, ...names: LmErrorName[]): boolean {
  return isLmError(error) && (names as string[]).includes(error.name);
}

/** True for an error response (including {@link LmRateLimitError}). */
export function isLmApiError(error: unknown): error is LmApiError {
  return hasName(error, "LmApiError", "LmRateLimitError");
}

/** True for a 429 that persisted through the retries. */
export function isLmRateLimitError(error: unknown): error is LmRateLimitError {
  return hasName(error, "LmRateLimitError");
}

/** True when no response arrived because the connection failed. */
export function isLmNetworkError(error: unknown): error is LmNetworkError {
  return hasName(error, "LmNetworkError");
}

/** True when an attempt ran out of time. */
export function isLmTimeoutError(error: unknown): error is LmTimeoutError {
  return hasName(error, "LmTimeoutError");
}

/** True for invalid or missing client options. */
export function isLmConfigError(error: unknown): error is LmConfigError {
  return hasName(error, "LmConfigError");
}

/** True when LogicMonitor answered 404: the admin or token does not exist. */
export function isNotFound(error: unknown): boolean {
  return isLmApiError(error) && error.status === 404;
}

/** True when LogicMonitor answered 401: the credentials (or the clock) are wrong. */
export function isUnauthorized(error: unknown): boolean {
  return isLmApiError(error) && error.status === 401;
}

/** True when LogicMonitor answered 403: the credentials' user lacks a permission. */
export function isForbidden(error: unknown): boolean {
  return isLmApiError(error) && error.status === 403;
}

/**
 * True when a failed create may still have created the token (see
 * {@link RequestSummary.possiblyCommitted}); the caller should look for it before creating again.
 */
export function isPossiblyCommitted(error: unknown): boolean {
  return (
    (isLmApiError(error) || isLmNetworkError(error) || isLmTimeoutError(error)) && error.possiblyCommitted === true
  );
}

/** Where a failure happened, for building an error with advice. */
export interface FailureContext extends RequestSummary {
  /** Which credential was used, to name the right config keys. */
  auth: "lmv1" | "bearer";
  /** The portal origin (`https://acme.logicmonitor.com`), for network advice. */
  origin: string;
}

/** What a non-2xx response said. */
export interface ResponseFailure {
  status: number;
  lmErrorCode?: number;
  lmErrorMessage?: string;
  /** Local clock minus the portal's `Date` header, in ms, when the response had one. */
  clockSkewMs?: number;
  rateLimit?: RateLimitFields;
}

const CREDENTIAL_KEYS = {
  lmv1: "check logicmonitor:accessId and logicmonitor:accessKey (LM_ACCESS_ID / LM_ACCESS_KEY): they must be the access id and key of an enabled LMv1 API token of this portal",
  bearer: "check logicmonitor:bearerToken (LM_BEARER_TOKEN): it must be an enabled Bearer token of this portal",
} as const;

/** Builds the error for a final non-2xx response, with advice that fits the status and path. */
export function apiErrorFor(context: FailureContext, failure: ResponseFailure): LmApiError {
  const fields: ApiErrorFields = {
    method: context.method,
    path: context.path,
    attempts: context.attempts,
    possiblyCommitted: context.possiblyCommitted,
    status: failure.status,
  };
  if (failure.lmErrorCode !== undefined) fields.lmErrorCode = failure.lmErrorCode;
  if (failure.lmErrorMessage !== undefined) fields.lmErrorMessage = failure.lmErrorMessage;
  if (failure.status === 429) {
    return new LmRateLimitError({ ...fields, ...failure.rateLimit }, rateLimitAdvice(context, failure.rateLimit));
  }
  return new LmApiError(fields, responseAdvice(context, failure));
}

/** Builds the error for an attempt that got no response. */
export function networkErrorFor(context: FailureContext, code: string): LmNetworkError {
  return new LmNetworkError({ ...summary(context), code }, networkAdvice(context, code));
}

/** Builds the error for an attempt that ran out of time. */
export function timeoutErrorFor(context: FailureContext, timeoutMs: number): LmTimeoutError {
  const advice = context.possiblyCommitted
    ? mayHaveCreated(context.path)
    : "the portal is slow or unreachable: try again later, or raise the client's timeoutMs";
  return new LmTimeoutError({ ...summary(context), timeoutMs }, advice);
}

function summary(context: FailureContext): RequestSummary {
  const { method, path, attempts, possiblyCommitted } = context;
  return { method, path, attempts, possiblyCommitted };
}

/** The admin and token ids in a resource path such as `/setting/admins/32/apitokens/7`. */
function idsIn(path: string): { adminId?: string; tokenId?: string } {
  const match = /^\/setting\/admins\/(\d+)(?:\/apitokens(?:\/(\d+))?)?\/?$/.exec(path);
  const ids: { adminId?: string; tokenId?: string } = {};
  if (match?.[1] !== undefined) ids.adminId = match[1];
  if (match?.[2] !== undefined) ids.tokenId = match[2];
  return ids;
}

function mayHaveCreated(path: string): string {
  const { adminId } = idsIn(path);
  const owner = adminId === undefined ? "the admin" : `admin ${adminId}`;
  return (
    `the request may have reached LogicMonitor, so the API token may have been created: ` +
    `list the API tokens of ${owner} and look for it before creating another (it was not retried, to avoid a duplicate)`
  );
}

function responseAdvice(context: FailureContext, failure: ResponseFailure): string {
  const { adminId, tokenId } = idsIn(context.path);
  const status = failure.status;
  if (status === 401) {
    const skewMinutes = failure.clockSkewMs === undefined ? 0 : Math.round(failure.clockSkewMs / 60_000);
    if (context.auth === "lmv1" && Math.abs(skewMinutes) > LMV1_CLOCK_WINDOW_MINUTES) {
      const direction = skewMinutes > 0 ? "ahead of" : "behind";
      return (
        `clock skew: this machine's clock is ${Math.abs(skewMinutes)} minutes ${direction} the portal's, and LMv1 ` +
        `signatures are accepted only within ${LMV1_CLOCK_WINDOW_MINUTES} minutes: fix the system clock (enable NTP time sync) and try again`
      );
    }
    return CREDENTIAL_KEYS[context.auth];
  }
  if (status === 403) {
    if (adminId !== undefined && context.path.includes("/apitokens")) {
      const create = context.method === "POST" ? ` and "Allow creation of API tokens"` : "";
      return (
        `the credentials' user lacks permission to manage the API tokens of admin ${adminId}: ` +
        `give its role "User Access: manage" over that user${create}, or use credentials of a user that has it`
      );
    }
    return `the credentials' user lacks permission to view users: give its role "User Access: view" (or manage)`;
  }
  if (status === 404) {
    if (tokenId !== undefined) return `API token ${tokenId} of admin ${adminId} does not exist (it may have been deleted outside Pulumi)`;
    if (adminId !== undefined) return `admin ${adminId} does not exist: check the admin id (Settings → Users and Roles)`;
    return "no such resource: check that baseUrl ends with /santaba/rest";
  }
  if (status >= 300 && status < 400) {
    return "the portal redirected the request: set baseUrl to https://<company>.logicmonitor.com/santaba/rest exactly";
  }
  if (status === 400 || status === 422) return "LogicMonitor rejected the request: check the note and status values";
  if (context.possiblyCommitted) return mayHaveCreated(context.path);
  if (status >= 500) return "LogicMonitor had a server problem: try again later";
  return "";
}

function rateLimitAdvice(context: FailureContext, rateLimit: RateLimitFields | undefined): string {
  const window = rateLimit?.windowSeconds;
  const budget =
    rateLimit?.limit !== undefined && window !== undefined
      ? ` (${rateLimit.limit} requests per ${window} s for ${context.method} on this endpoint)`
      : "";
  const wait = window !== undefined ? `${window} s` : "a minute";
  return (
    `rate limited by LogicMonitor${budget}, still after waiting for the window: wait ${wait} and try again, ` +
    `or run fewer operations at once (pulumi up --parallel 4)`
  );
}

function networkAdvice(context: FailureContext, code: string): string {
  if (code === "ECONNREFUSED") {
    return (
      `nothing accepts connections at ${context.origin}: check logicmonitor:baseUrl or logicmonitor:company ` +
      `(LM_BASE_URL / LM_COMPANY); if it answered moments ago, it was down for longer than the retries, ` +
      `and this request never reached it (nothing was created): run 'pulumi up' again`
    );
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return `the host of ${context.origin} does not resolve: check logicmonitor:company and logicmonitor:domain (LM_COMPANY / LM_DOMAIN)`;
  }
  if (/CERT|TLS|SSL/.test(code)) {
    return `the TLS connection to ${context.origin} failed: check the system's CA certificates and any intercepting proxy`;
  }
  if (context.possiblyCommitted) return mayHaveCreated(context.path);
  return `the connection to ${context.origin} failed: check network access to the portal and try again`;
}

/**
 * Shortens LogicMonitor's error text to one line and removes anything shaped like a credential,
 * in case a proxy or the portal echoes the Authorization header back.
 */
export function scrubServerMessage(text: string): string {
  const oneLine = text
    .replace(/LMv1\s+[^\s:]+:[^\s:]+:\d+/g, "LMv1 [REDACTED]")
    .replace(/Bearer\s+\S+/gi, "Bearer [REDACTED]")
    .replace(/\s+/g, " ")
    .trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
}

function attemptsSuffix(attempts: number): string {
  return attempts > 1 ? ` (after ${attempts} attempts)` : "";
}

function apiMessage(fields: ApiErrorFields, advice: string): string {
  const reason = fields.lmErrorMessage || HTTP_REASONS[fields.status] || "Unexpected response";
  return (
    `LogicMonitor API ${fields.method} ${fields.path} failed with ${fields.status} ${reason}` +
    `${attemptsSuffix(fields.attempts)}${advice ? `: ${advice}` : ""}`
  );
}

const HTTP_REASONS: Partial<Record<number, string>> = {
  400: "Bad Request",
  401: "Authentication failed",
  403: "Permission denied",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Request Entity Too Large",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};
