import {
  parseRateLimitHeaders,
  RateLimitGate,
  rateLimitKey,
  toRouteTemplate,
  type RateLimitTicket,
} from "../../../provider/client/rate-limit";
import { FakeClock, settle } from "./fake-clock";

const KEY = "POST /setting/admins/{adminId}/apitokens";
const budget = (remaining: number, limit = 20, windowSeconds = 5) => ({
  headers: { limit, remaining, windowSeconds },
  ok: true,
});

/** Starts `count` acquisitions and collects the tickets as they are granted. */
function acquireMany(gate: RateLimitGate, count: number, key = KEY) {
  const granted: RateLimitTicket[] = [];
  for (let i = 0; i < count; i += 1) void gate.acquire(key).then((ticket) => granted.push(ticket));
  return granted;
}

/** Acquires one slot that is free now. */
async function acquireOne(gate: RateLimitGate, key = KEY): Promise<RateLimitTicket> {
  const granted = acquireMany(gate, 1, key);
  await settle();
  const ticket = granted[0];
  if (!ticket) throw new Error("no slot was free");
  return ticket;
}

describe("parseRateLimitHeaders", () => {
  const headers = (values: Record<string, string>) => (name: string) => values[name];
  it.each<[Record<string, string>, object]>([
    [{ "x-rate-limit-limit": "20", "x-rate-limit-remaining": "19", "x-rate-limit-window": "5" }, { limit: 20, remaining: 19, windowSeconds: 5 }],
    [{ "x-rate-limit-remaining": "0" }, { remaining: 0 }],
    [{ "x-rate-limit-limit": "abc", "x-rate-limit-remaining": "-1", "x-rate-limit-window": "0" }, {}],
    [{ "x-rate-limit-window": " 60 " }, { windowSeconds: 60 }],
    [{}, {}],
  ])("parses %j", (values, expected) => {
    expect(parseRateLimitHeaders(headers(values))).toEqual(expected);
  });
});

describe("route templates and keys", () => {
  it.each([
    ["/setting/admins/32/apitokens", "/setting/admins/{adminId}/apitokens"],
    ["/setting/admins/32/apitokens/7", "/setting/admins/{adminId}/apitokens/{apitokenId}"],
    ["/setting/admins/131", "/setting/admins/{adminId}"],
    ["/setting/admins", "/setting/admins"],
    ["/setting/admins/apitokens", "/setting/admins/apitokens"],
  ])("%s → %s", (path, template) => {
    expect(toRouteTemplate(path)).toBe(template);
  });

  it("keys by method and template, so admins share a budget per endpoint", () => {
    expect(rateLimitKey("POST", "/setting/admins/32/apitokens")).toBe(KEY);
    expect(rateLimitKey("POST", "/setting/admins/131/apitokens")).toBe(KEY);
    expect(rateLimitKey("GET", "/setting/admins/32/apitokens")).not.toBe(KEY);
  });
});

describe("RateLimitGate", () => {
  let clock: FakeClock;
  let gate: RateLimitGate;
  beforeEach(() => {
    clock = new FakeClock();
    gate = new RateLimitGate({ now: clock.now, sleep: clock.sleep });
  });

  it("lets one probe through while the budget is unknown, then the rest of the budget", async () => {
    const granted = acquireMany(gate, 10);
    await settle();
    expect(granted).toHaveLength(1);
    gate.release(granted[0]!, budget(5));
    await settle();
    expect(granted).toHaveLength(6); // 5 remaining → 5 more slots
    expect(gate.snapshot(KEY)).toMatchObject({ mode: "limited", remaining: 5, inFlight: 5, waiting: 4 });
  });

  it("reserves a slot per in-flight request: a budget of 1 admits exactly one of N callers", async () => {
    const probe = await acquireOne(gate);
    gate.release(probe, budget(1));
    const granted = acquireMany(gate, 8);
    await settle();
    expect(granted).toHaveLength(1);
    expect(gate.snapshot(KEY)).toMatchObject({ inFlight: 1, waiting: 7 });
  });

  it("uses the lowest remaining seen in a window (responses arrive out of order)", async () => {
    const probe = await acquireOne(gate);
    gate.release(probe, budget(3));
    const granted = acquireMany(gate, 3);
    await settle();
    gate.release(granted[1]!, budget(0));
    gate.release(granted[0]!, budget(2)); // an older, higher count
    const more = acquireMany(gate, 1);
    await settle();
    expect(more).toHaveLength(0);
    expect(gate.snapshot(KEY)).toMatchObject({ remaining: 0 });
  });

  it("waits until the window ends when the budget is spent, then probes again", async () => {
    const probe = await acquireOne(gate);
    gate.release(probe, budget(0, 20, 5));
    const granted = acquireMany(gate, 3);
    await settle();
    expect(granted).toHaveLength(0);
    expect(clock.sleeps).toEqual([5000]);
    await clock.advance(4999);
    expect(granted).toHaveLength(0);
    await clock.advance(1);
    expect(granted).toHaveLength(1); // the probe of the new window
    expect(gate.snapshot(KEY)).toMatchObject({ mode: "unknown", generation: 1 });
  });

  it("ignores budgets reported for requests of an earlier window", async () => {
    const probe = await acquireOne(gate);
    gate.release(probe, budget(2, 20, 5));
    const old = acquireMany(gate, 2);
    await settle();
    gate.release(old[0]!, budget(1, 20, 5));
    await clock.advance(5000); // window over; old[1] still in flight
    const next = acquireMany(gate, 2);
    await settle();
    expect(next).toHaveLength(0); // the in-flight old request counts as the probe
    gate.release(old[1]!, budget(0, 20, 5)); // stale: says nothing about the new window
    await settle();
    expect(next).toHaveLength(1);
    expect(gate.snapshot(KEY)).toMatchObject({ mode: "unknown" });
    gate.release(next[0]!, budget(19, 20, 5));
    await settle();
    expect(next).toHaveLength(2);
  });

  it("holds every caller of the key for the given time after a 429, then probes", async () => {
    const first = await acquireOne(gate);
    const waiting = acquireMany(gate, 4);
    gate.release(first, { headers: { limit: 20, remaining: 0, windowSeconds: 5 }, blockForMs: 5000 });
    await settle();
    expect(waiting).toHaveLength(0);
    expect(gate.snapshot(KEY)?.blockedUntil).toBe(clock.time + 5000);
    await clock.advance(4999);
    expect(waiting).toHaveLength(0);
    await clock.advance(1);
    expect(waiting).toHaveLength(1);
  });

  it("treats a key whose 2xx responses carry no rate-limit headers as unlimited", async () => {
    const probe = await acquireOne(gate);
    gate.release(probe, { ok: true });
    const granted = acquireMany(gate, 50);
    await settle();
    expect(granted).toHaveLength(50);
  });

  it("does not conclude unlimited from a failed response without headers", async () => {
    const probe = await acquireOne(gate);
    const rest = acquireMany(gate, 5);
    gate.release(probe, { ok: false });
    await settle();
    expect(rest).toHaveLength(1);
  });

  it("lets a network failure hand the probe to the next caller", async () => {
    const probe = await acquireOne(gate);
    const rest = acquireMany(gate, 3);
    gate.release(probe);
    await settle();
    expect(rest).toHaveLength(1);
  });

  it("serves callers first come first served, with retries first", async () => {
    const order: string[] = [];
    const probe = await acquireOne(gate);
    void gate.acquire(KEY).then(() => order.push("a"));
    void gate.acquire(KEY).then(() => order.push("b"));
    void gate.acquire(KEY, { priority: true }).then(() => order.push("retry"));
    gate.release(probe, budget(3));
    await settle();
    expect(order).toEqual(["retry", "a", "b"]);
  });

  it("keeps keys independent", async () => {
    const probe = await acquireOne(gate);
    gate.release(probe, budget(0));
    const other = acquireMany(gate, 1, "GET /setting/admins");
    await settle();
    expect(other).toHaveLength(1);
  });

  /** A fixed-window server like LogicMonitor's: the window starts with the first request. */
  function fixedWindowServer(limit: number, windowSeconds: number) {
    let start = -Infinity;
    let count = 0;
    let rejected = 0;
    return {
      get rejected() {
        return rejected;
      },
      admit(now: number) {
        if (now - start >= windowSeconds * 1000) {
          start = now;
          count = 0;
        }
        const allowed = count < limit;
        if (allowed) count += 1;
        else rejected += 1;
        return { allowed, headers: { limit, remaining: Math.max(0, limit - count), windowSeconds } };
      },
    };
  }

  it.each([
    [20, 5, 100, 10],
    [20, 5, 100, 200],
    [3, 1, 30, 50],
  ])(
    "uses a %i per %i s budget fully: %i concurrent requests (%i ms round trip) finish in ~the ideal time with no 429",
    async (limit, windowSeconds, total, latencyMs) => {
      const server = fixedWindowServer(limit, windowSeconds);
      const started = clock.time;
      let done = 0;
      const request = async () => {
        for (;;) {
          const ticket = await gate.acquire(KEY);
          await clock.sleep(latencyMs / 2);
          const verdict = server.admit(clock.time);
          await clock.sleep(latencyMs / 2);
          if (verdict.allowed) {
            gate.release(ticket, { headers: verdict.headers, ok: true });
            done += 1;
            return;
          }
          gate.release(ticket, { headers: verdict.headers, blockForMs: windowSeconds * 1000 });
        }
      };
      const all = Promise.all(Array.from({ length: total }, request));
      while (done < total) await clock.advance(latencyMs / 2);
      await all;
      const elapsed = clock.time - started;
      const ideal = (Math.ceil(total / limit) - 1) * windowSeconds * 1000;
      expect(server.rejected).toBe(0);
      expect(elapsed).toBeLessThanOrEqual(ideal * 1.15 + 4 * latencyMs);
    },
  );
});
