import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { apiRequest, asRecord, controlRequest, startTestEmulator } from "../../helpers/emulator";

/** `persistFile`: the portal survives a restart, credentials included. */

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lm-emulator-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("persistence", () => {
  it("restores tokens and root credentials from the file, and created tokens still authenticate", async () => {
    const file = path.join(dir, "portal.json");
    const first = await startTestEmulator({ persistFile: file });
    const created = asRecord((await apiRequest(first, { method: "POST", path: "/setting/admins/32/apitokens", body: { note: "survives" } })).body);
    await first.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const second = await startTestEmulator({ persistFile: file });
    try {
      expect([second.accessId, second.accessKey]).toEqual([first.accessId, first.accessKey]);
      const tokens = (await controlRequest<{ tokens: Record<string, unknown>[] }>(second, "GET", "/tokens")).tokens;
      expect(tokens.find((t) => t["id"] === created["id"])).toMatchObject({ note: "survives", adminId: 32 });
      const withCreated = await apiRequest(second, {
        path: "/setting/admins/32/apitokens",
        accessId: String(created["accessId"]),
        accessKey: String(created["accessKey"]),
      });
      expect(withCreated.status).toBe(200);
      const next = asRecord((await apiRequest(second, { method: "POST", path: "/setting/admins/32/apitokens", body: {} })).body);
      expect(next["id"]).toBeGreaterThan(Number(created["id"]));
    } finally {
      await second.close();
    }
    expect(fs.readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("creates a missing file at start, and explicit credentials replace the persisted root ones", async () => {
    const file = path.join(dir, "fresh.json");
    const first = await startTestEmulator({ persistFile: file });
    await first.close();
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ format: 1, tokens: [expect.objectContaining({ id: 1000 })] });
    const second = await startTestEmulator({ persistFile: file, accessId: "AbCdEfGhIjKlMnOpQrSt", accessKey: "Test-Key_0123456789+abcdefghij=KLMNOP{}[" });
    try {
      expect((await apiRequest(second, { path: "/setting/admins" })).status).toBe(200);
      expect(fs.readFileSync(file, "utf8")).toContain("AbCdEfGhIjKlMnOpQrSt");
    } finally {
      await second.close();
    }
  });

  it("refuses a file that is not an emulator state file", async () => {
    const file = path.join(dir, "garbage.json");
    fs.writeFileSync(file, JSON.stringify({ hello: "world" }));
    await expect(startTestEmulator({ persistFile: file })).rejects.toThrow(/not a LogicMonitor emulator state file/);
  });

  it("has every change on disk by the time it answers, and a thousand tokens made at once cost few writes", async () => {
    const file = path.join(dir, "burst.json");
    const emulator = await startTestEmulator({ persistFile: file });
    try {
      const saved = () => (JSON.parse(fs.readFileSync(file, "utf8")) as { tokens: { note: string }[] }).tokens;
      const created = await apiRequest(emulator, { method: "POST", path: "/setting/admins/32/apitokens", body: { note: "answered" } });
      expect(created.status).toBe(200);
      expect(saved().map((token) => token.note)).toContain("answered");
      const renames: string[] = [];
      const watcher = fs.watch(dir, (_event, name) => {
        if (name === "burst.json") renames.push(name);
      });
      try {
        await controlRequest(emulator, "POST", "/tokens", { adminId: 32, count: 1000, note: "bulk" });
        expect(saved().filter((token) => token.note === "bulk")).toHaveLength(1000);
      } finally {
        watcher.close();
      }
      // One write per change would be a thousand renames; the writer coalesces them.
      expect(renames.length).toBeLessThan(10);
    } finally {
      await emulator.close();
    }
  });
});
