import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorError } from "./errors";

/**
 * API versions and their response shapes
 * (https://www.logicmonitor.com/support/rest-api-developers-guide/v2/rest-api-v2-overview):
 * v1 (the default) wraps everything in `{status, errmsg, data}` with HTTP 200, errors included;
 * v2 and v3 send the resource itself, and errors as LogicMonitor error bodies with real statuses.
 */

/** The response format a request asked for. */
export type ApiVersion = 1 | 3;

/** `X-Version: 3` (header names are case-insensitive) or `?v=3` selects v3; 2 formats like 3. */
export function detectApiVersion(headers: IncomingHttpHeaders, query: URLSearchParams): ApiVersion {
  const requested = (firstHeader(headers["x-version"]) ?? query.get("v") ?? "").trim();
  return requested === "3" || requested === "2" ? 3 : 1;
}

/** True for exactly `X-Version: 3` or `?v=3` (Bearer tokens are v3-only). */
export function isExactlyV3(headers: IncomingHttpHeaders, query: URLSearchParams): boolean {
  return (firstHeader(headers["x-version"]) ?? query.get("v") ?? "").trim() === "3";
}

/** A status and a JSON body, ready to send. */
export interface ApiResponse {
  status: number;
  body: unknown;
}

/** Formats a successful result for the version. */
export function successResponse(version: ApiVersion, payload: unknown): ApiResponse {
  return version === 3 ? { status: 200, body: payload } : { status: 200, body: { status: 200, errmsg: "OK", data: payload ?? null } };
}

/** Formats an error for the version; v1 keeps HTTP 200 and puts the HTTP status in the body. */
export function errorResponse(version: ApiVersion, error: EmulatorError): ApiResponse {
  return version === 3
    ? { status: error.status, body: error.toJSON() }
    : { status: 200, body: { status: error.status, errmsg: error.message, data: null } };
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
