import type { RunningEmulator } from "../../../provider/emulator";
import { BOUNDS, describeBound, type NumericBound } from "../../../provider/emulator/bounds";
import { control, type ControlClient } from "../../helpers/control";
import { apiRequest, asRecord, startTestEmulator } from "../../helpers/emulator";

/**
 * Every number the control endpoints take, over a real socket: a value outside its bound (the
 * same table the CLI flags use) is answered 400 naming the field and the bound, changes nothing,
 * and leaves the emulator answering normally; the values at the edges are accepted.
 */

let emulator: RunningEmulator;
let portal: ControlClient;
beforeAll(async () => {
  emulator = await startTestEmulator();
  portal = control(emulator.url);
});
afterAll(() => emulator.close());

const DEFAULTS = { latencyMs: 0, rateLimits: {}, clockOffsetMs: 0 };
const restore = async () => {
  await portal.reset();
  await portal.configure(DEFAULTS);
};
beforeEach(restore);

interface Config {
  latencyMs: number;
  clockOffsetMs: number;
  rateLimits: Record<string, { limit: number; windowSeconds: number } | undefined>;
}
const config = () => portal.request<Config>("GET", "/config");
const firstFault = async () => (await portal.queuedFaults())[0];
const BULK_NOTE = "bounds check";

/** Everything a control request can change: a refused value must leave all of it as it was. */
async function observable() {
  return { config: await config(), faults: await portal.queuedFaults(), tokens: await portal.tokens() };
}

/** One number a control endpoint takes: how to send it, and how to see that it took effect. */
interface ControlField {
  /** The field as the error message names it. */
  label: string;
  bound: NumericBound;
  send(value: unknown): [method: string, path: string, body: unknown];
  applied(): Promise<unknown>;
}

/** A route no request ever has, so queued faults never fire. */
const NEVER = "/never/{id}";

const FIELDS: ControlField[] = [
  {
    label: "latencyMs",
    bound: BOUNDS.latencyMs,
    send: (value) => ["PUT", "/config", { latencyMs: value }],
    applied: async () => (await config()).latencyMs,
  },
  {
    label: "clockOffsetMs",
    bound: BOUNDS.clockOffsetMs,
    send: (value) => ["PUT", "/config", { clockOffsetMs: value }],
    applied: async () => (await config()).clockOffsetMs,
  },
  {
    label: "rateLimits.POST.limit",
    bound: BOUNDS.rateLimit,
    send: (value) => ["PUT", "/config", { rateLimits: { POST: { limit: value, windowSeconds: 60 } } }],
    applied: async () => (await config()).rateLimits["POST"]?.limit,
  },
  {
    label: "rateLimits.GET.windowSeconds",
    bound: BOUNDS.rateLimitWindowSeconds,
    send: (value) => ["PUT", "/config", { rateLimits: { GET: { limit: 5, windowSeconds: value } } }],
    applied: async () => (await config()).rateLimits["GET"]?.windowSeconds,
  },
  {
    label: "faults[].count",
    bound: BOUNDS.faultCount,
    send: (value) => ["POST", "/faults", { faults: [{ route: NEVER, count: value }] }],
    applied: async () => (await firstFault())?.["count"],
  },
  {
    label: "faults[].status",
    bound: BOUNDS.faultStatus,
    send: (value) => ["POST", "/faults", { faults: [{ route: NEVER, status: value }] }],
    applied: async () => (await firstFault())?.["status"],
  },
  {
    label: "faults[].latencyMs",
    bound: BOUNDS.latencyMs,
    send: (value) => ["POST", "/faults", { faults: [{ route: NEVER, action: "delay", latencyMs: value }] }],
    applied: async () => (await firstFault())?.["latencyMs"],
  },
  {
    label: "count",
    bound: BOUNDS.tokenCount,
    send: (value) => ["POST", "/tokens", { adminId: 131, note: BULK_NOTE, count: value }],
    applied: async () => (await portal.tokens()).filter((token) => token.note === BULK_NOTE).length,
  },
];

/** The values a field must refuse: below its minimum, above its maximum, not a number, and not whole where it must be. */
function refusedValues(bound: NumericBound): { kind: string; value: unknown }[] {
  const step = bound.integer ? 1 : bound.min / 2;
  return [
    { kind: "below the minimum", value: bound.min - step },
    { kind: "above the maximum", value: bound.max + step },
    { kind: "far above the maximum", value: 1e300 },
    { kind: "a string", value: String(bound.max) },
    { kind: "null", value: null },
    { kind: "a boolean", value: true },
    ...(bound.integer ? [{ kind: "a fraction", value: bound.min + 0.5 }] : []),
  ];
}

describe.each(FIELDS)("$label", (field) => {
  it("refuses every out-of-bound value with 400 naming the field and its bound, and changes nothing", async () => {
    for (const { kind, value } of refusedValues(field.bound)) {
      const before = await observable();
      const [method, path, body] = field.send(value);
      const answer = await portal.attempt(method, path, body);
      expect({ kind, value, status: answer.status }).toEqual({ kind, value, status: 400 });
      expect(asRecord(answer.body)).toEqual({
        errorMessage: expect.stringContaining(`${field.label} must be ${describeBound(field.bound)}, got `),
        errorCode: 1400,
        errorDetail: null,
      });
      expect(await observable()).toEqual(before);
    }
    // And the emulator still answers normally.
    expect((await apiRequest(emulator, { path: "/setting/admins" })).status).toBe(200);
  });

  it("accepts the values at both edges of its bound", async () => {
    for (const value of [field.bound.min, field.bound.max]) {
      const [method, path, body] = field.send(value);
      const answer = await portal.attempt(method, path, body);
      expect({ value, status: answer.status }).toEqual({ value, status: 200 });
      expect(await field.applied()).toBe(value);
      await restore();
    }
  });
});

describe("the values that used to break the emulator", () => {
  it("refuses clockOffsetMs 1e300 (every request used to answer 500), and every request still answers", async () => {
    const answer = await portal.attempt("PUT", "/config", { clockOffsetMs: 1e300 });
    expect(answer).toEqual({
      status: 400,
      body: { errorMessage: "clockOffsetMs must be an integer from -1000000000000 to 1000000000000, got 1e+300", errorCode: 1400, errorDetail: null },
    });
    expect(await config()).toEqual(DEFAULTS);
    const listed = await apiRequest(emulator, { path: "/setting/admins" });
    expect(listed.status).toBe(200);
    expect(Number.isNaN(Date.parse(listed.headers.get("date") ?? ""))).toBe(false);
    const created = await apiRequest(emulator, { method: "POST", path: "/setting/admins/32/apitokens", body: { note: "after a refused value" } });
    expect(created.status).toBe(200);
    expect(await portal.health()).toEqual({ ok: true });
  });

  it("refuses a change with one bad field as a whole: the good fields are not applied either", async () => {
    const answer = await portal.attempt("PUT", "/config", {
      latencyMs: 5,
      rateLimits: { POST: { limit: 10, windowSeconds: 60 }, GET: { limit: 10, windowSeconds: 0 } },
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain("rateLimits.GET.windowSeconds must be a number from 0.001 to 86400, got 0");
    expect(await config()).toEqual(DEFAULTS);
    const faults = await portal.attempt("POST", "/faults", { faults: [{ route: NEVER }, { route: NEVER, status: 600 }] });
    expect(faults.status).toBe(400);
    expect(await portal.queuedFaults()).toEqual([]);
  });
});
