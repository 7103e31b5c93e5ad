import { describeGateWait, describeRetry, isProgressReport } from "../../../provider/core/progress";

/** Which reports are news of a slow run (info on the plugin face) and which are not (warnings). */
describe("isProgressReport", () => {
  it("is true for every wait and retry line progress.ts writes", () => {
    const lines = [
      describeGateWait({ key: "POST /setting/admins/{adminId}/apitokens", waitMs: 2_000, queued: 1, reason: "rate-limited" }),
      describeGateWait({ key: "GET /setting/admins/{adminId}/apitokens", waitMs: 45_000, queued: 3, reason: "budget" }),
      describeRetry({ method: "GET", path: "/setting/admins/32/apitokens", attempt: 1, delayMs: 1_200, reason: "status", status: 503 }),
      describeRetry({ method: "DELETE", path: "/setting/admins/32/apitokens/7", attempt: 2, delayMs: 900, reason: "network", code: "ECONNRESET" }),
      describeRetry({ method: "PUT", path: "/setting/admins/32/apitokens/7", attempt: 1, delayMs: 15_000, reason: "timeout" }),
    ];
    for (const line of lines) {
      expect(line).toEqual(expect.any(String));
      expect(isProgressReport(line!)).toBe(true);
    }
  });

  it.each([
    "proj/dev/ci-bot: deleted token 1001 of admin 32, made by a create whose answer was lost (its key with it)",
    "proj/dev/ci-bot: token 7 of admin 32 carries this resource's mark but has been used, so it is not taken for a lost create and is left alone",
    "proj/dev/ci-bot: created token 9, but could not check for a token made late by an earlier failed attempt (waiting 2.0 s for LogicMonitor's rate limit on x)",
  ])("is false for what the provider did or a person should check: %s", (line) => {
    expect(isProgressReport(line)).toBe(false);
  });
});
