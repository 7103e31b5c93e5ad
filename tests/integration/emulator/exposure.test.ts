import { startEmulator } from "../../../provider/emulator";
import { control } from "../../helpers/control";
import { apiRequest, startTestEmulator } from "../../helpers/emulator";

/** Who may reach the emulator: loopback only unless allowed, and an optional control token. */

const TOKEN = "control-token-for-tests-0123";


describe("the control token", () => {
  it("when set, every control endpoint but health needs it; the emulated API does not", async () => {
    const emulator = await startTestEmulator({ controlToken: TOKEN });
    try {
      await expect(control(emulator.url).mintTokens({ adminId: 32 })).rejects.toThrow(/answered 401: .*"errorCode":1401.*x-lm-emulator-control-token/);
      await expect(control(emulator.url, { token: "wrong" }).tokens()).rejects.toThrow(/answered 401/);
      expect(await control(emulator.url, { token: TOKEN }).tokens()).toHaveLength(1);
      expect(await control(emulator.url).health()).toEqual({ ok: true });
      expect((await apiRequest(emulator, { path: "/setting/admins" })).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it("when not set, the control endpoints answer without one", async () => {
    const emulator = await startTestEmulator();
    try {
      expect(await control(emulator.url).tokens()).toHaveLength(1);
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
      const portal = control(emulator.url);
      await expect(portal.configure({ latencyMs: 600_001 })).rejects.toThrow(/answered 400: .*latencyMs must be an integer from 0 to 600000, got 600001/);
      await portal.configure({ latencyMs: 600_000 });
      await portal.configure({ latencyMs: 0 });
      await expect(portal.faults([{ action: "delay", latencyMs: 600_001 }])).rejects.toThrow(/answered 400: .*latencyMs/);
      await expect(portal.faults([{ count: 100_001 }])).rejects.toThrow(/answered 400: .*count/);
      await expect(portal.faults(Array.from({ length: 1001 }, () => ({})))).rejects.toThrow(/answered 400: .*At most 1000 faults/);
      await expect(portal.mintTokens({ count: 10_001 })).rejects.toThrow(/answered 400: .*count must be an integer from 1 to 10000, got 10001/);
      await expect(startTestEmulator({ latencyMs: 600_001 })).rejects.toThrow(/latencyMs must be an integer from 0 to 600000, got 600001/);
    } finally {
      await emulator.close();
    }
  });
});
