import { signLmv1 } from "../../provider/client/signing";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../provider/emulator";
import { control } from "./control";

/**
 * Raw requests against the emulator: signed with the client's signing functions, no REST client
 * in between, so contract tests see exactly what goes over the wire.
 */

/** A request to `/santaba/rest`. */
export interface RawRequest {
  method?: string;
  /** Resource path with optional query, e.g. `/setting/admins/32/apitokens?size=5`. */
  path: string;
  /** A JSON value (serialized once) or the exact body text. */
  body?: unknown;
  /** API version header to send; `3` by default, `1` sends none. */
  version?: 1 | 3;
  /** Credentials; the emulator's root token by default. */
  accessId?: string;
  accessKey?: string;
  /** Authenticate with `Authorization: Bearer <value>` instead of LMv1. */
  bearer?: string;
  /** Sign with this time instead of now. */
  epochMillis?: number;
  /** Send this exact Authorization header. */
  authorization?: string;
  /** Aborts the request (a client that gives up). */
  signal?: AbortSignal;
}

/** What came back. */
export interface RawResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
  /** The body as sent. */
  text: string;
}

/** Sends one request to the emulator's API. */
export async function apiRequest(emulator: RunningEmulator, request: RawRequest): Promise<RawResponse> {
  const method = request.method ?? "GET";
  const text = request.body === undefined ? "" : typeof request.body === "string" ? request.body : JSON.stringify(request.body);
  const resourcePath = request.path.split("?")[0] ?? "";
  const authorization =
    request.authorization ??
    (request.bearer !== undefined
      ? `Bearer ${request.bearer}`
      : signLmv1(request.accessId ?? emulator.accessId, request.accessKey ?? emulator.accessKey, {
          method,
          epochMillis: request.epochMillis ?? Date.now(),
          body: text,
          resourcePath,
        }));
  const headers: Record<string, string> = { Authorization: authorization, Accept: "application/json" };
  if ((request.version ?? 3) === 3) headers["X-Version"] = "3";
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(emulator.baseUrl + request.path, {
    method,
    headers,
    body: request.body === undefined ? undefined : text,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  const raw = await response.text();
  return { status: response.status, headers: response.headers, body: parseJsonOrUndefined(raw), text: raw };
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Calls a control endpoint through the one control client ({@link control}); throws on a non-2xx status. */
export function controlRequest<T = unknown>(emulator: Pick<RunningEmulator, "url">, method: string, path: string, body?: unknown): Promise<T> {
  return control(emulator.url).request<T>(method, path, body);
}

/** Starts an emulator on 127.0.0.1, port 0. */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, ...options });
}

/** Narrows a JSON body to a record for property access in assertions. */
export function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

/** The `items` of a v3 list body. */
export function itemsOf(body: unknown): Record<string, unknown>[] {
  const items = asRecord(body)["items"];
  if (!Array.isArray(items)) throw new Error(`expected a list body, got ${JSON.stringify(body)}`);
  return items.map(asRecord);
}
