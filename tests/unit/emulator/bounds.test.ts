import { BOUNDS, describeBound, describeViolation, numberFromText, withinBound, type NumericBound } from "../../../provider/emulator/bounds";
import { createEmulator } from "../../../provider/emulator/app";
import { parseCliArgs } from "../../../provider/emulator/cli";
import { parseFault } from "../../../provider/emulator/faults";
import { parseSettingsChange } from "../../../provider/emulator/settings";

/** The one table of numeric bounds, and the CLI and the control parsers that both read it. */

describe("BOUNDS", () => {
  it("holds the documented range of every numeric setting", () => {
    expect(BOUNDS).toEqual({
      port: { name: "port", min: 0, max: 65535, integer: true },
      seed: { name: "seed", min: 0, max: 4294967295, integer: true },
      latencyMs: { name: "latencyMs", min: 0, max: 600000, integer: true },
      clockOffsetMs: { name: "clockOffsetMs", min: -1e12, max: 1e12, integer: true },
      rateLimit: { name: "limit", min: 0, max: 1000000, integer: true },
      rateLimitWindowSeconds: { name: "windowSeconds", min: 0.001, max: 86400, integer: false },
      faultCount: { name: "count", min: 1, max: 100000, integer: true },
      faultStatus: { name: "status", min: 100, max: 599, integer: true },
      tokenCount: { name: "count", min: 1, max: 10000, integer: true },
    });
  });

  it("keeps every clock offset it accepts inside what Date can show", () => {
    for (const offset of [BOUNDS.clockOffsetMs.min, BOUNDS.clockOffsetMs.max]) {
      expect(Number.isNaN(new Date(Date.now() + offset).getTime())).toBe(false);
    }
  });
});

describe("withinBound", () => {
  const integer: NumericBound = { name: "n", min: -5, max: 10, integer: true };
  const decimal: NumericBound = { name: "d", min: 0.5, max: 2, integer: false };

  it.each([-5, 0, 10])("accepts %p inside an integer bound", (value) => {
    expect(withinBound(integer, value)).toBe(true);
  });

  it.each([-6, 11, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e300, "5", null, undefined, true, [5], { n: 5 }])(
    "refuses %p for an integer bound",
    (value) => {
      expect(withinBound(integer, value)).toBe(false);
    },
  );

  it("accepts fractions only where the bound allows them", () => {
    expect(withinBound(decimal, 0.5)).toBe(true);
    expect(withinBound(decimal, 1.25)).toBe(true);
    expect(withinBound(decimal, 2)).toBe(true);
    expect(withinBound(decimal, 0.4999)).toBe(false);
    expect(withinBound(decimal, 2.0001)).toBe(false);
  });
});

describe("numberFromText", () => {
  it.each([
    ["0", 0],
    ["-5000", -5000],
    ["1.5", 1.5],
    ["600000", 600000],
  ])("reads %p", (text, value) => {
    expect(numberFromText(text)).toBe(value);
  });

  it.each(["", " 5", "5 ", "1e300", "0x10", "Infinity", "NaN", "+5", "1.", ".5", "ten"])("refuses %p", (text) => {
    expect(numberFromText(text)).toBeUndefined();
  });
});

describe("describeViolation", () => {
  it("names the field, its bound and the refused value", () => {
    expect(describeViolation(BOUNDS.latencyMs, 600001)).toBe("latencyMs must be an integer from 0 to 600000, got 600001");
    expect(describeViolation(BOUNDS.rateLimitWindowSeconds, "x", "rateLimits.GET.windowSeconds")).toBe(
      'rateLimits.GET.windowSeconds must be a number from 0.001 to 86400, got "x"',
    );
    expect(describeViolation(BOUNDS.clockOffsetMs, undefined)).toBe("clockOffsetMs must be an integer from -1000000000000 to 1000000000000, got nothing");
  });

  it("shortens a long refused value", () => {
    const message = describeViolation(BOUNDS.latencyMs, "9".repeat(500));
    expect(message.length).toBeLessThan(120);
    expect(message).toMatch(/…$/);
  });

  it("reads as 'an integer' or 'a number'", () => {
    expect(describeBound(BOUNDS.tokenCount)).toBe("an integer from 1 to 10000");
    expect(describeBound(BOUNDS.rateLimitWindowSeconds)).toBe("a number from 0.001 to 86400");
  });
});

/** Outcome of one parser: the accepted number, or "refused". */
function outcome(parse: () => number | undefined): number | "refused" {
  try {
    return parse() ?? "refused";
  } catch {
    return "refused";
  }
}

/** Values around a bound's edges, and a few that no bound takes. */
function probes(bound: NumericBound): number[] {
  const step = bound.integer ? 1 : bound.min / 2;
  return [bound.min - step, bound.min, bound.min + 0.5, bound.max - 1, bound.max, bound.max + step, 1e300, -1e300];
}

/** Decimal text for a number, as a person would type it (no exponent). */
function typed(value: number): string {
  return Math.abs(value) >= 1e21 ? value.toExponential() : value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
}

describe("the CLI flags and the control endpoints accept exactly the same values", () => {
  const cases: { field: string; bound: NumericBound; cli: (text: string) => number | undefined; control: (value: number) => number | undefined }[] = [
    {
      field: "latencyMs",
      bound: BOUNDS.latencyMs,
      cli: (text) => parseCliArgs(["--latency-ms", text]).latencyMs,
      control: (value) => parseSettingsChange({ latencyMs: value }).latencyMs,
    },
    {
      field: "clockOffsetMs",
      bound: BOUNDS.clockOffsetMs,
      cli: (text) => parseCliArgs(["--clock-offset-ms", text]).clockOffsetMs,
      control: (value) => parseSettingsChange({ clockOffsetMs: value }).clockOffsetMs,
    },
    {
      field: "rate limit",
      bound: BOUNDS.rateLimit,
      cli: (text) => parseCliArgs(["--rate-limit", `POST=${text}/60`]).rateLimits?.POST?.limit,
      control: (value) => parseSettingsChange({ rateLimits: { POST: { limit: value, windowSeconds: 60 } } }).rateLimits?.POST?.limit,
    },
    {
      field: "rate-limit window",
      bound: BOUNDS.rateLimitWindowSeconds,
      cli: (text) => parseCliArgs(["--rate-limit", `POST=10/${text}`]).rateLimits?.POST?.windowSeconds,
      control: (value) => parseSettingsChange({ rateLimits: { POST: { limit: 10, windowSeconds: value } } }).rateLimits?.POST?.windowSeconds,
    },
  ];

  it.each(cases)("$field", ({ bound, cli, control }) => {
    for (const value of probes(bound)) {
      const expected = withinBound(bound, value) ? value : "refused";
      expect({ value, cli: outcome(() => cli(typed(value))) }).toEqual({ value, cli: expected });
      expect({ value, control: outcome(() => control(value)) }).toEqual({ value, control: expected });
    }
  });

  it("refuses the clock offset that used to break every request (1e300) on both paths", () => {
    expect(() => parseCliArgs(["--clock-offset-ms", "1e300"])).toThrow(/--clock-offset-ms must be an integer from -1000000000000 to 1000000000000, got "1e300"/);
    expect(() => parseSettingsChange({ clockOffsetMs: 1e300 })).toThrow(/clockOffsetMs must be an integer from -1000000000000 to 1000000000000, got 1e\+300/);
    expect(() => createEmulator({ clockOffsetMs: 1e300 })).toThrow(/clockOffsetMs must be an integer/);
  });

  it("bounds a fault's latencyMs like the setting, and its count and status by their own rows", () => {
    expect(parseFault({ latencyMs: 600000 }).latencyMs).toBe(600000);
    expect(() => parseFault({ latencyMs: 600001 })).toThrow("faults[].latencyMs must be an integer from 0 to 600000, got 600001");
    expect(() => parseFault({ count: 0 })).toThrow("faults[].count must be an integer from 1 to 100000, got 0");
    expect(() => parseFault({ status: "503" })).toThrow('faults[].status must be an integer from 100 to 599, got "503"');
  });
});
