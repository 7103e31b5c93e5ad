/**
 * Calls to the emulator's control endpoints (outside /santaba/rest), for test assertions and
 * out-of-band changes made "by a human in the portal".
 */

import type { LoggedRequest } from "../../provider/emulator";

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

async function call<T>(url: string, method = "GET", body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A client of one emulator's control endpoints. */
export function control(url: string) {
  return {
    reset: () => call<void>(`${url}/_emulator/reset`, "POST"),
    requests: async () => (await call<{ requests: LoggedRequest[] }>(`${url}/_emulator/requests`)).requests,
    clearRequests: () => call<void>(`${url}/_emulator/requests`, "DELETE"),
    counters: () =>
      call<{ total: number; byMethod: Record<string, number>; byRoute: Record<string, number> }>(
        `${url}/_emulator/counters`,
      ),
    tokens: async () => {
      const body = await call<{ tokens?: PortalToken[]; items?: PortalToken[] } | PortalToken[]>(`${url}/_emulator/tokens`);
      return Array.isArray(body) ? body : (body.tokens ?? body.items ?? []);
    },
    setToken: (id: number, change: { status?: number; note?: string }) =>
      call<void>(`${url}/_emulator/tokens/${id}`, "PUT", change),
    deleteToken: (id: number) => call<void>(`${url}/_emulator/tokens/${id}`, "DELETE"),
    addAdmin: async (username: string, role = "administrator") =>
      (await call<{ admin: { id: number; username: string } }>(`${url}/_emulator/admins`, "POST", { username, role })).admin,
    faults: (faults: Record<string, unknown>[]) => call<void>(`${url}/_emulator/faults`, "POST", { faults }),
    clearFaults: () => call<void>(`${url}/_emulator/faults`, "DELETE"),
    configure: (config: Record<string, unknown>) => call<void>(`${url}/_emulator/config`, "PUT", config),
  };
}
