import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { REST_BASE_PATH } from "../../provider/client/signing";
import {
  createEmulator,
  type AdminRecord,
  type EmulatorApp,
  type EmulatorRateLimits,
  type LoggedRequest,
} from "../../provider/emulator";

/** A LogicMonitor emulator for one measurement, with as many admins as the scenario spreads tokens over. */
export interface BenchEmulator {
  /** `http://127.0.0.1:PORT/santaba/rest` (LM_BASE_URL). */
  baseUrl: string;
  /** The ids of the admins that own the scenario's tokens. */
  adminIds: number[];
  /** The credentials a client needs (the root token); handed to child processes through the environment only. */
  credentials: { LM_BASE_URL: string; LM_ACCESS_ID: string; LM_ACCESS_KEY: string };
  /** The `/santaba/rest` requests logged since start or the last {@link BenchEmulator.clearLog}. */
  requests(): LoggedRequest[];
  /** Forgets logged requests, so the next measurement counts only its own. */
  clearLog(): void;
  /** Changes the added latency (e.g. none while setting up, some while measuring). */
  setLatency(latencyMs: number): void;
  /** Moves the portal's clock (tokens made now get an older `createdOn`); LMv1 signatures then fail, Bearer ones do not. */
  setClockOffset(clockOffsetMs: number): void;
  /** A Bearer token of the root admin, as credentials (LM_BASE_URL, LM_BEARER_TOKEN): the one kind that works with a moved clock. */
  bearerCredentials(): { LM_BASE_URL: string; LM_BEARER_TOKEN: string };
  close(): Promise<void>;
}

/** Options of {@link startBenchEmulator}. */
export interface BenchEmulatorOptions {
  /** How many admins own tokens: the seeded ones first, then added administrators. */
  admins: number;
  latencyMs?: number;
  rateLimits?: EmulatorRateLimits;
}

/** The first added admin's id; below 1000, where token ids start, so ids never collide. */
const FIRST_ADDED_ADMIN_ID = 300;

/** Starts an emulator on 127.0.0.1, port 0, with `admins` admins that the root token may manage. */
export async function startBenchEmulator(options: BenchEmulatorOptions): Promise<BenchEmulator> {
  const app = createEmulator({ latencyMs: options.latencyMs ?? 0, rateLimits: options.rateLimits ?? {} });
  const admins = withAddedAdmins(app, options.admins);
  const server = createServer(app.listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${REST_BASE_PATH}`;
  return {
    baseUrl,
    adminIds: admins.map((admin) => admin.id),
    credentials: { LM_BASE_URL: baseUrl, LM_ACCESS_ID: app.accessId, LM_ACCESS_KEY: app.accessKey },
    requests: () => app.log.requests(),
    clearLog: () => {
      app.log.clearRequests();
      app.log.clearCounters();
    },
    setLatency: (latencyMs) => app.applySettings({ latencyMs }),
    setClockOffset: (clockOffsetMs) => app.applySettings({ clockOffsetMs }),
    bearerCredentials: () => {
      const token = app.state.createToken({ adminId: 1, type: "bearer", note: "bench Bearer credential", status: 2, createdBy: "lmapi", createdOn: Math.floor(Date.now() / 1000) });
      return { LM_BASE_URL: baseUrl, LM_BEARER_TOKEN: token.accessKey };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        app.stop(); // pending latency waits end with the run
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Adds administrators after the seeded admins until there are `count`; returns the first `count`. */
function withAddedAdmins(app: EmulatorApp, count: number): AdminRecord[] {
  const snapshot = app.state.snapshot();
  for (let index = snapshot.admins.length; index < count; index += 1) {
    const id = FIRST_ADDED_ADMIN_ID + index;
    snapshot.admins.push({
      id,
      username: `bench-admin-${id}`,
      email: `bench-admin-${id}@example.test`,
      firstName: "Bench",
      lastName: `Admin ${id}`,
      status: "active",
      apionly: true,
      roles: ["administrator"],
    });
  }
  app.state.restore(snapshot);
  return app.state.listAdmins().slice(0, count);
}
