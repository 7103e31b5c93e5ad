import { LogicMonitorClient } from "../../../provider/client/client";
import type { RunningEmulator } from "../../../provider/emulator";
import { apiRequest, controlRequest, itemsOf, startTestEmulator } from "../../helpers/emulator";
import { startEmulatorProcess, type EmulatorProcess } from "../../helpers/emulator-process";

/** Username filters over a socket: wildcards that cannot stall the emulator, and escaped quotes. */

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => controlRequest(emulator, "POST", "/reset"));

const addAdmin = (username: string) => controlRequest<{ admin: { id: number } }>(emulator, "POST", "/admins", { username });
const usernames = async (filter: string) =>
  itemsOf((await apiRequest(emulator, { path: `/setting/admins?filter=${encodeURIComponent(filter)}&fields=username` })).body).map((admin) => admin["username"]);

describe("a 40-star username filter on a long name", () => {
  // In its own process: a matcher that backtracks would stall it (and, in-process, this test too).
  let child: EmulatorProcess;
  beforeAll(async () => {
    child = await startEmulatorProcess();
  });
  afterAll(() => child.stop());

  it("is answered, and health answers while such filters are in flight", async () => {
    const remote = child.emulator as RunningEmulator;
    const long = "a".repeat(64);
    await controlRequest(remote, "POST", "/admins", { username: long });
    const stars = "*".repeat(40);
    const namesOf = async (filter: string) =>
      itemsOf((await apiRequest(remote, { path: `/setting/admins?filter=${encodeURIComponent(filter)}&fields=username` })).body).map((admin) => admin["username"]);
    // With a backtracking matcher the first filter never comes back, and health waits behind it until the test times out.
    const [missing, found, health] = await Promise.all([
      namesOf(`username:"${stars}x"`),
      namesOf(`username:"${stars}a"`),
      controlRequest(remote, "GET", "/health"),
      ...Array.from({ length: 5 }, () => namesOf(`username:"${stars}x"`)),
    ]);
    expect(missing).toEqual([]);
    expect(found).toEqual([long]);
    expect(health).toEqual({ ok: true });
  });
});

describe("username filters", () => {
  it.each(['say"hi', "back\\slash", 'both\\"end', 'trailing\\'])("finds %j exactly: the emulator unescapes what the client escapes", async (username) => {
    const { admin } = await addAdmin(username);
    await addAdmin(`${username}x`);
    const client = new LogicMonitorClient({ baseUrl: emulator.baseUrl, accessId: emulator.accessId, accessKey: emulator.accessKey });
    expect(await client.findAdminByUsername(username)).toMatchObject({ id: admin.id, username });
    // The server-side filter alone selects exactly that user (the client's own check is not what finds it).
    const quoted = `"${username.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    expect(await usernames(`username:${quoted}`)).toEqual([username]);
  });
});
