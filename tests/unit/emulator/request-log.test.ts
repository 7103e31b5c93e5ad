import { RequestLog } from "../../../provider/emulator/request-log";

const entry = (n: number) => ({ at: n, method: "GET", route: "GET /setting/admins", path: "/setting/admins", query: "", status: 200, auth: "lmv1" as const });

describe("RequestLog", () => {
  it("keeps only the latest entries, while the counters count everything", () => {
    const log = new RequestLog(10);
    for (let n = 1; n <= 95; n++) log.record(entry(n));
    const kept = log.requests();
    expect(kept.map((request) => request.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 86 + i));
    expect(log.counters().total).toBe(95);
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => new RequestLog(0)).toThrow(/maxLoggedRequests/);
  });
});
