/**
 * The one place that sends a request: one axios call per attempt, mapped to a plain result.
 *
 * It never throws for HTTP statuses (`validateStatus: () => true`) and never returns or keeps an
 * AxiosError, headers or bodies beyond what the client needs: the parsed body, the rate-limit
 * headers and the server's `Date`. The body arrives already serialized; identity transforms make
 * axios send that exact string, the same text that was signed.
 */
import http from "node:http";
import https from "node:https";
import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import { parseRateLimitHeaders, type RateLimitHeaders } from "./rate-limit";
import type { HttpMethod } from "./types";

/** This package's version, sent in the User-Agent (a unit test keeps it equal to package.json). */
export const CLIENT_VERSION = "0.1.0";

/** The default `User-Agent`. */
export const DEFAULT_USER_AGENT = `pulumi-logicmonitor-apitoken/${CLIENT_VERSION}`;

/** Responses larger than this are refused; a full page of 1000 tokens is far smaller. */
const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/** One attempt, fully prepared: signed, with its body already serialized. */
export interface TransportRequest {
  method: HttpMethod;
  /** Resource path under the base URL, e.g. `/setting/admins/32/apitokens`. */
  resourcePath: string;
  /** Query parameters; never signed. */
  query?: Record<string, string | number>;
  /** The exact body text that was signed, or `undefined` for no body. */
  body?: string;
  /** The `Authorization` header value. */
  authorization: string;
  /** Deadline of this attempt. */
  timeoutMs: number;
}

/** What one attempt produced. */
export type TransportResult =
  | {
      kind: "response";
      status: number;
      /** Parsed JSON, the raw text when it is not JSON, or `undefined` when empty. */
      body: unknown;
      rateLimit: RateLimitHeaders;
      /** The `Content-Type` header, to describe an answer that is not LogicMonitor's. */
      contentType?: string;
      /** The server's `Date` header in epoch ms, for clock-skew diagnosis. */
      serverDateMs?: number;
    }
  | { kind: "network"; code: string }
  | { kind: "timeout"; timeoutMs: number };

/** Settings of a {@link Transport}. */
export interface TransportOptions {
  /** Normalized base URL ending in `/santaba/rest`. */
  baseUrl: string;
  userAgent: string;
}

/** Sends attempts to one portal. Holds its own connection pools; no module-level state. */
export class Transport {
  private readonly http: AxiosInstance;
  /**
   * POSTs use fresh connections: a reused keep-alive socket that the server just closed fails
   * with ECONNRESET, which for a POST is ambiguous and would not be retried.
   */
  private readonly freshConnections: { httpAgent: http.Agent; httpsAgent: https.Agent };

  constructor(options: TransportOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl,
      headers: {
        "X-Version": "3",
        "Content-Type": "application/json",
        Accept: "application/json",
        "User-Agent": options.userAgent,
      },
      validateStatus: () => true,
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      responseType: "text",
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      transitional: { clarifyTimeoutError: true },
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
    });
    this.freshConnections = {
      httpAgent: new http.Agent({ keepAlive: false }),
      httpsAgent: new https.Agent({ keepAlive: false }),
    };
  }

  /** Sends one attempt. Resolves for every outcome; never rejects. */
  async send(request: TransportRequest): Promise<TransportResult> {
    // axios' `timeout` is a socket inactivity timer; the signal bounds the whole attempt.
    const deadline = AbortSignal.timeout(request.timeoutMs);
    try {
      const response: AxiosResponse<unknown> = await this.http.request({
        method: request.method,
        url: request.resourcePath,
        params: request.query,
        data: request.body,
        headers: { Authorization: request.authorization },
        timeout: request.timeoutMs,
        signal: deadline,
        ...(request.method === "POST" ? this.freshConnections : {}),
      });
      const header = (name: string) => headerValue(response.headers, name);
      const result: TransportResult = {
        kind: "response",
        status: response.status,
        body: parseBody(response.data),
        rateLimit: parseRateLimitHeaders(header),
      };
      const contentType = header("content-type");
      if (contentType !== undefined) result.contentType = contentType;
      const date = Date.parse(header("date") ?? "");
      if (Number.isFinite(date)) result.serverDateMs = date;
      return result;
    } catch (error: unknown) {
      const code = errorCode(error);
      if (deadline.aborted || code === "ETIMEDOUT" || code === "ECONNABORTED") {
        return { kind: "timeout", timeoutMs: request.timeoutMs };
      }
      return { kind: "network", code: code ?? "UNKNOWN" };
    }
  }
}

/** The error's system code (axios copies it from the socket error); nothing else is kept. */
function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === "string") return code;
  if (typeof cause === "object" && cause !== null) {
    const causeCode = (cause as { code?: unknown }).code;
    if (typeof causeCode === "string") return causeCode;
  }
  return undefined;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== "object" || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)[name.toLowerCase()];
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return undefined;
}

function parseBody(data: unknown): unknown {
  if (typeof data !== "string") return data;
  if (data.trim() === "") return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
