import { FaultQueue, LateCommits, parseFault } from "../../../provider/emulator/faults";

describe("parseFault", () => {
  it("fills defaults: respond 500 once, any method and route", () => {
    expect(parseFault({})).toEqual({ method: undefined, route: undefined, count: 1, status: 500, latencyMs: 0, action: "respond", headers: {}, hang: false });
  });

  it("takes a body and content type for answers that are not LogicMonitor's (a proxy's HTML page)", () => {
    expect(parseFault({ status: 404, body: "<html>Not Found</html>", contentType: "text/html" })).toMatchObject({
      action: "respond",
      status: 404,
      body: "<html>Not Found</html>",
      contentType: "text/html",
    });
  });

  it("accepts commit-broken-body, and hang with commit-late", () => {
    expect(parseFault({ method: "POST", action: "commit-broken-body" })).toMatchObject({ action: "commit-broken-body", method: "POST" });
    expect(parseFault({ action: "commit-late", status: 504, hang: true })).toMatchObject({ action: "commit-late", status: 504, hang: true });
  });

  it("takes the method from a route written as 'METHOD /template'", () => {
    expect(parseFault({ route: "post /setting/admins/{adminId}/apitokens", status: 503 })).toMatchObject({
      method: "POST",
      route: "/setting/admins/{adminId}/apitokens",
      status: 503,
    });
  });

  it.each([
    [{ action: "explode" }, /action/],
    [{ method: "FETCH" }, /method/],
    [{ count: 0 }, /count/],
    [{ status: 700 }, /status/],
    [{ method: "GET", route: "POST /x" }, /disagree/],
    ["nope", /object/],
    [{ body: 42 }, /body must be a string/],
    [{ body: "x".repeat(64 * 1024 + 1) }, /body must be a string of at most/],
    [{ contentType: "text/html\r\nX-Evil: 1" }, /contentType/],
    [{ hang: "yes" }, /hang must be true or false/],
    [{ action: "respond", hang: true }, /hang goes with the commit-late action only/],
  ])("rejects %j", (raw, message) => {
    expect(() => parseFault(raw)).toThrow(message);
  });
});

describe("FaultQueue", () => {
  it("matches in order and consumes each fault's count", () => {
    const queue = new FaultQueue();
    queue.add([
      parseFault({ method: "POST", count: 2, status: 503 }),
      parseFault({ route: "/setting/admins", status: 429 }),
      parseFault({ status: 500 }),
    ]);
    expect(queue.take("GET", "/setting/admins")?.status).toBe(429);
    expect(queue.take("POST", "/x")?.status).toBe(503);
    expect(queue.take("POST", "/x")?.status).toBe(503);
    expect(queue.take("POST", "/x")?.status).toBe(500);
    expect(queue.take("POST", "/x")).toBeUndefined();
    expect(queue.list()).toEqual([]);
  });
});

describe("LateCommits", () => {
  it("carries out held writes in order, only before a request of the same method and route, once", () => {
    const late = new LateCommits();
    const done: string[] = [];
    late.hold("POST", "/a", () => done.push("first"));
    late.hold("POST", "/b", () => done.push("other route"));
    late.hold("POST", "/a", () => done.push("second"));
    late.runBefore("GET", "/a");
    expect(done).toEqual([]);
    late.runBefore("POST", "/a");
    expect(done).toEqual(["first", "second"]);
    late.runBefore("POST", "/a");
    expect(done).toEqual(["first", "second"]);
  });

  it("drops a held write that fails, and keeps going", () => {
    const late = new LateCommits();
    const done: string[] = [];
    late.hold("POST", "/a", () => {
      throw new Error("admin gone");
    });
    late.hold("POST", "/a", () => done.push("after"));
    expect(() => late.runBefore("POST", "/a")).not.toThrow();
    expect(done).toEqual(["after"]);
  });

  it("carries a held write out at once through the function hold returns, only once, and not again later", () => {
    const late = new LateCommits();
    const done: string[] = [];
    const now = late.hold("POST", "/a", () => done.push("held"));
    late.hold("POST", "/a", () => done.push("other"));
    now();
    now();
    expect(done).toEqual(["held"]);
    late.runBefore("POST", "/a");
    expect(done).toEqual(["held", "other"]);
    const afterwards = late.hold("POST", "/a", () => done.push("late"));
    late.runBefore("POST", "/a");
    afterwards();
    expect(done).toEqual(["held", "other", "late"]);
  });

  it("forgets everything on clear", () => {
    const late = new LateCommits();
    const done: string[] = [];
    late.hold("POST", "/a", () => done.push("held"));
    late.clear();
    late.runBefore("POST", "/a");
    expect(done).toEqual([]);
  });
});
