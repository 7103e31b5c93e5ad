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
  /**
   * Which of LogicMonitor's error shapes the body had (v3 `{errorMessage, errorCode}` or the v1
   * envelope); absent when the answer did not come from LogicMonitor's REST API (an HTML page, a
   * proxy's or another service's JSON, an empty body).
   */
  lmErrorShape?: "v3" | "v1";
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
  readonly lmErrorShape: "v3" | "v1" | undefined;

  /** @param advice what to do about it; appended to the standard message. */
  constructor(fields: ApiErrorFields, advice: string) {
    super(apiMessage(fields, advice), fields);
    this.status = fields.status;
    this.lmErrorCode = fields.lmErrorCode;
    this.lmErrorMessage = fields.lmErrorMessage;
    this.lmErrorShape = fields.lmErrorShape;
  }

  protected override details(): Record<string, unknown> {
    return {
      status: this.status,
      ...super.details(),
      lmErrorCode: this.lmErrorCode,
      lmErrorMessage: this.lmErrorMessage,
      lmErrorShape: this.lmErrorShape,
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

/** LogicMonitor's v1 codes for "no such record" (the envelope's `status`). */
const V1_NOT_FOUND_CODES: readonly number[] = [404, 1069, 1404];

/**
 * True only when LogicMonitor itself said the admin or token does not exist: a 404 with its v3
 * error shape and `errorCode` 1404, or its v1 envelope with a "no such record" status. A 404 from
 * anything else (a wrong base URL, a proxy's HTML page, another service's JSON) is NOT "gone":
 * treating it so would drop live tokens from state.
 */
export function isNotFound(error: unknown): boolean {
  if (!isLmApiError(error)) return false;
  if (error.lmErrorShape === "v3") return error.status === 404 && error.lmErrorCode === 1404;
  if (error.lmErrorShape === "v1") return error.lmErrorCode !== undefined && V1_NOT_FOUND_CODES.includes(error.lmErrorCode);
  return false;
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

/** `" (after N attempts)"` when the call was tried more than once. */
export function attemptsSuffix(attempts: number): string {
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
