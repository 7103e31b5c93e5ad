/**
 * The one client of the emulator's control endpoints (`/_emulator/…`) in tests: assertions on the
 * traffic, faults, settings, and out-of-band changes made "by a human in the portal".
 */

import { CONTROL_TOKEN_HEADER, type LoggedRequest, type RequestCounters } from "../../provider/emulator";

export type { LoggedRequest };

/** A token as the emulator's control endpoint lists it (never with its key). */
export interface PortalToken {
  id: number;
  adminId: number;
  accessId: string;
  status: number;
  note: string;
  type: string;
}

/** A token made through `POST /_emulator/tokens`: with its key. */
export interface MintedToken extends PortalToken {
  accessKey: string;
}

/** A client of one emulator's control endpoints; `token` when the emulator has a control token. */
export function control(url: string, options: { token?: string } = {}) {
  /** Sends `METHOD /_emulator<path>`: the status and the body's text. */
  async function send(method: string, path: string, body?: unknown): Promise<{ status: number; ok: boolean; text: string }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (options.token !== undefined) headers[CONTROL_TOKEN_HEADER] = options.token;
    const response = await fetch(`${url}/_emulator${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, ok: response.ok, text: await response.text() };
  }
  /** Calls `METHOD /_emulator<path>`; throws with the status and body on anything but 2xx. */
  async function request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, ok, text } = await send(method, path, body);
    if (!ok) throw new Error(`${method} /_emulator${path} answered ${status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  /** Calls `METHOD /_emulator<path>` and returns the status and parsed body, whatever the status. */
  async function attempt(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const { status, text } = await send(method, path, body);
    return { status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }
  return {
    request,
    attempt,
    health: () => request<{ ok: boolean }>("GET", "/health"),
    reset: () => request<void>("POST", "/reset"),
    requests: async () => (await request<{ requests: LoggedRequest[] }>("GET", "/requests")).requests,
    clearRequests: () => request<void>("DELETE", "/requests"),
    counters: () => request<RequestCounters>("GET", "/counters"),
    tokens: async () => (await request<{ tokens: PortalToken[] }>("GET", "/tokens")).tokens,
    /** Makes tokens out of band (`count` of them, 1 by default) and returns them with their keys. */
    mintTokens: async (spec: { adminId?: number; note?: string; status?: number; type?: string; count?: number }) =>
      (await request<{ tokens: MintedToken[] }>("POST", "/tokens", spec)).tokens,
    setToken: (id: number, change: { status?: number; note?: string }) => request<void>("PUT", `/tokens/${id}`, change),
    deleteToken: (id: number) => request<void>("DELETE", `/tokens/${id}`),
    addAdmin: async (username: string, role = "administrator") =>
      (await request<{ admin: { id: number; username: string } }>("POST", "/admins", { username, role })).admin,
    faults: (faults: Record<string, unknown>[]) => request<void>("POST", "/faults", { faults }),
    queuedFaults: async () => (await request<{ faults: Record<string, unknown>[] }>("GET", "/faults")).faults,
    clearFaults: () => request<void>("DELETE", "/faults"),
    configure: (config: Record<string, unknown>) => request<void>("PUT", "/config", config),
  };
}

/** What {@link control} returns. */
export type ControlClient = ReturnType<typeof control>;
