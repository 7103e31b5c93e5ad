import { startEmulator, type RunningEmulator } from "../../../../provider/emulator";
import { ApiTokenProvider } from "../../../../provider/resources/api-token/provider";
import { normalizePortal } from "../../../../provider/core/token-identity";
import { control } from "../../../helpers/control";

/**
 * A slow run says what it waits for: a rate-limit window (LogicMonitor's 429) and a retry after
 * a 5xx each get one line; a run where nothing is slow says nothing. Virtual time: the injected
 * sleep returns at once and records how long it was asked to wait.
 */

let emulator: RunningEmulator;
let portal: ReturnType<typeof control>;

beforeAll(async () => {
  emulator = await startEmulator();
  portal = control(emulator.url);
});
afterAll(() => emulator.close());
beforeEach(() => portal.reset());

/** A provider on a virtual clock: sleeping advances it at once (signatures stay within LMv1's 30-minute window). */
function provider(reports: string[], sleeps: number[]) {
  let time = Date.now();
  return new ApiTokenProvider({
    env: () => ({ LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: emulator.accessId, LM_ACCESS_KEY: emulator.accessKey }),
    client: {
      now: () => time,
      sleep: async (ms) => {
        sleeps.push(ms);
        time += ms;
      },
    },
    report: (line) => reports.push(line),
  });
}

const INPUTS = { adminId: 32, note: "waits", status: "enabled", type: "lmv1", keepers: {} } as const;

/** State of a token made in this portal and deleted since: its refresh lists the owner's tokens and finds it gone. */
const goneToken = () => ({ adminId: 32, tokenId: 1000, type: "lmv1" as const, accessId: "GONE0000000000000000", portal: normalizePortal(emulator.baseUrl) });

describe("waiting is visible", () => {
  it("a 429 with a 20 s window: one line naming the endpoint, the wait and why", async () => {
    await portal.faults([{ method: "GET", status: 429, headers: { "X-Rate-Limit-Window": "20", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Limit": "50" } }]);
    const reports: string[] = [];
    const sleeps: number[] = [];
    await provider(reports, sleeps).read("32/1000", goneToken());
    expect(sleeps).toContain(20_000);
    expect(reports).toEqual([
      expect.stringMatching(/^waiting 20 s for LogicMonitor's rate limit on GET \/setting\/admins\/\{adminId\}\/apitokens \(LogicMonitor answered 429 Too Many Requests; 1 request\(s\) queued/),
    ]);
  });

  it("a 503 on a list: one line saying what failed and when it is tried again", async () => {
    await portal.faults([{ method: "GET", status: 503 }]);
    const reports: string[] = [];
    await provider(reports, []).read("32/1000", goneToken());
    expect(reports).toEqual([expect.stringMatching(/^LogicMonitor API GET \/setting\/admins\/32\/apitokens answered 503; trying again in \d\.\d s \(attempt 2\)$/)]);
  });

  it("nothing slow, nothing said", async () => {
    const reports: string[] = [];
    const { id, outs } = await provider(reports, []).create({ ...INPUTS });
    await provider(reports, []).read(id, outs);
    expect(reports).toEqual([]);
  });
});
