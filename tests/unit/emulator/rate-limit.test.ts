import { FixedWindowRateLimiter } from "../../../provider/emulator/rate-limit";

describe("FixedWindowRateLimiter", () => {
  it("admits `limit` requests per window and method+route, then refuses until the window ends", () => {
    let now = 1_000_000;
    const limiter = new FixedWindowRateLimiter({ POST: { limit: 2, windowSeconds: 10 } }, () => now);
    const route = "/setting/admins/{adminId}/apitokens";
    expect(limiter.admit("POST", route)).toEqual({
      allowed: true,
      headers: { "X-Rate-Limit-Limit": "2", "X-Rate-Limit-Remaining": "1", "X-Rate-Limit-Window": "10" },
    });
    expect(limiter.admit("POST", route)?.headers["X-Rate-Limit-Remaining"]).toBe("0");
    expect(limiter.admit("POST", route)?.allowed).toBe(false);
    expect(limiter.admit("POST", "/other/{id}")?.allowed).toBe(true);
    now += 9_999;
    expect(limiter.admit("POST", route)?.allowed).toBe(false);
    now += 1;
    expect(limiter.admit("POST", route)).toMatchObject({ allowed: true, headers: { "X-Rate-Limit-Remaining": "1" } });
  });

  it("does not limit methods without a configured limit", () => {
    const limiter = new FixedWindowRateLimiter({ POST: { limit: 0, windowSeconds: 1 } }, () => 0);
    expect(limiter.admit("GET", "/setting/admins")).toBeUndefined();
    expect(limiter.admit("POST", "/setting/admins")?.allowed).toBe(false);
  });

  it("starts fresh windows when reconfigured", () => {
    const limiter = new FixedWindowRateLimiter({ GET: { limit: 1, windowSeconds: 60 } }, () => 0);
    limiter.admit("GET", "/a");
    expect(limiter.admit("GET", "/a")?.allowed).toBe(false);
    limiter.configure({ GET: { limit: 5, windowSeconds: 60 } });
    expect(limiter.admit("GET", "/a")?.headers["X-Rate-Limit-Remaining"]).toBe("4");
  });
});
