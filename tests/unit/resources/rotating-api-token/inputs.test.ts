import { UNKNOWN_VALUE } from "../../../../provider/core/inputs";
import { checkRotatingApiTokenInputs } from "../../../../provider/resources/rotating-api-token/inputs";

/** RotatingApiToken's check: defaults, numbers from config, and one failure per problem naming the fix. */

describe("checkRotatingApiTokenInputs", () => {
  it("applies the defaults", () => {
    expect(checkRotatingApiTokenInputs({ adminId: 32 })).toEqual({
      inputs: { adminId: 32, note: "", type: "lmv1", rotationTriggers: {}, overlapHours: 24, retireWhenUnusedForMinutes: 60 },
      failures: [],
    });
  });

  it("accepts whole numbers from config strings, and 0 for overlapHours and retireWhenUnusedForMinutes", () => {
    const { inputs, failures } = checkRotatingApiTokenInputs({ adminUsername: "jdoe", rotateAfterDays: "30", overlapHours: 0, retireWhenUnusedForMinutes: "0" });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ adminUsername: "jdoe", rotateAfterDays: 30, overlapHours: 0, retireWhenUnusedForMinutes: 0 });
  });

  it.each([
    [{ rotateAfterDays: 0 }, "rotateAfterDays", /whole number of days from 1 to 36500/],
    [{ rotateAfterDays: 1.5 }, "rotateAfterDays", /whole number of days/],
    [{ overlapHours: -1 }, "overlapHours", /whole number of hours from 0/],
    [{ retireWhenUnusedForMinutes: "soon" }, "retireWhenUnusedForMinutes", /whole number of minutes/],
    [{ rotationTriggers: "2026" }, "rotationTriggers", /map of strings \(for example \{ quarter: "2026-Q4" \}\)/],
    [{ rotationTriggers: { q: 4 } }, "rotationTriggers.q", /must be a string/],
    [{ type: "basic" }, "type", /"lmv1" .* or "bearer"/],
    [{ ownerUrn: "not-a-urn" }, "ownerUrn", /set by RotatingApiToken/],
  ])("rejects %p naming %s", (raw, property, reason) => {
    const { failures } = checkRotatingApiTokenInputs({ adminId: 32, ...raw });
    expect(failures).toEqual([expect.objectContaining({ property, reason: expect.stringMatching(reason) })]);
  });

  it("refuses an overlap longer than rotateAfterDays: every rotation by age would be refused", () => {
    const { failures } = checkRotatingApiTokenInputs({ adminId: 32, rotateAfterDays: 1, overlapHours: 25 });
    expect(failures).toEqual([expect.objectContaining({ property: "overlapHours", reason: expect.stringMatching(/longer than rotateAfterDays \(1 days = 24 hours\)/) })]);
  });

  it("passes values not known yet (preview) through", () => {
    const { inputs, failures } = checkRotatingApiTokenInputs({ adminId: 32, rotationTriggers: UNKNOWN_VALUE, rotateAfterDays: UNKNOWN_VALUE });
    expect(failures).toEqual([]);
    expect(inputs).toMatchObject({ rotationTriggers: UNKNOWN_VALUE, rotateAfterDays: UNKNOWN_VALUE });
  });

  it("requires exactly one owner", () => {
    expect(checkRotatingApiTokenInputs({}).failures).toEqual([expect.objectContaining({ property: "adminId", reason: expect.stringMatching(/owner is missing/) })]);
    expect(checkRotatingApiTokenInputs({ adminId: 32, adminUsername: "jdoe" }).failures).toEqual([expect.objectContaining({ reason: expect.stringMatching(/not both/) })]);
  });
});
