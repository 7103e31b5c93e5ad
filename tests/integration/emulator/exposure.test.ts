import { startEmulator } from "../../../provider/emulator";
import { apiRequest, startTestEmulator } from "../../helpers/emulator";

/** Who may reach the emulator: loopback only unless allowed, and an optional control token. */

const TOKEN = "control-token-for-tests-0123";

const control = (url: string, path: string, init: RequestInit = {}) => fetch(`${url}/_emulator${path}`, init);

describe("the control token", () => {
  it("when set, every control endpoint but health needs it; the emulated API does not", async () => {
    const emulator = await startTestEmulator({ controlToken: TOKEN });
    try {
      const refused = await control(emulator.url, "/tokens", { method: "POST", body: JSON.stringify({ adminId: 32 }) });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ errorCode: 1401, errorDetail: expect.stringContaining("x-lm-emulator-control-token") });
      expect((await control(emulator.url, "/tokens", { headers: { "X-LM-Emulator-Control-Token": "wrong" } })).status).toBe(401);
      const allowed = await control(emulator.url, "/tokens", { headers: { "X-LM-Emulator-Control-Token": TOKEN } });
      expect(allowed.status).toBe(200);
      expect(((await allowed.json()) as { tokens: unknown[] }).tokens).toHaveLength(1);
      expect(await (await control(emulator.url, "/health")).json()).toEqual({ ok: true });
      expect((await apiRequest(emulator, { path: "/setting/admins" })).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it("when not set, the control endpoints answer without one", async () => {
    const emulator = await startTestEmulator();
    try {
      expect((await control(emulator.url, "/tokens")).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });
});

describe("binding", () => {
  it.each(["0.0.0.0", "::"])("refuses %s without allowRemote, before listening", async (host) => {
    await expect(startEmulator({ host, port: 0 })).rejects.toThrow(/refusing to listen on .*--allow-remote/);
  });
});

describe("bounds", () => {
  it("refuses latencies above 10 minutes, oversized fault counts and token counts with 400", async () => {
    const emulator = await startTestEmulator();
    try {
      const put = (path: string, body: unknown, method = "PUT") =>
        control(emulator.url, path, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      expect((await put("/config", { latencyMs: 600_001 })).status).toBe(400);
      expect((await put("/config", { latencyMs: 600_000 })).status).toBe(200);
      expect((await put("/config", { latencyMs: 0 })).status).toBe(200);
      expect((await put("/faults", { faults: [{ action: "delay", latencyMs: 600_001 }] }, "POST")).status).toBe(400);
      expect((await put("/faults", { faults: [{ count: 100_001 }] }, "POST")).status).toBe(400);
      expect((await put("/faults", { faults: Array.from({ length: 1001 }, () => ({})) }, "POST")).status).toBe(400);
      expect((await put("/tokens", { count: 10_001 }, "POST")).status).toBe(400);
      await expect(startTestEmulator({ latencyMs: 600_001 })).rejects.toThrow(/latencyMs must be a number from 0 to 600000/);
    } finally {
      await emulator.close();
    }
  });
});
