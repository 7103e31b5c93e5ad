import type { RotatingApiTokenInputs, RotatingApiTokenOutputs } from "../../../../provider/resources/rotating-api-token/inputs";
import { describePlan, duration, isPlanReport, planRotation } from "../../../../provider/resources/rotating-api-token/plan";

/** The plan of an `up` from state, inputs and the clock: what preview shows and update carries out. */

const URN = "urn:pulumi:dev::proj::logicmonitor:index:RotatingApiToken::reporting";
const T0 = 1_800_000_000; // the first key's creation, epoch seconds
const HOUR = 3600;
const DAY = 24 * HOUR;

const NEWS: RotatingApiTokenInputs = { adminId: 32, note: "n", type: "lmv1", rotationTriggers: { q: "1" }, overlapHours: 24, retireWhenUnusedForMinutes: 60, ownerUrn: URN };
const ONE_KEY: Partial<RotatingApiTokenOutputs> = { ...NEWS, adminId: 32, tokenId: 11, accessId: "A11", createdOn: T0, status: "enabled", rotatedOn: T0 };
const TWO_KEYS: Partial<RotatingApiTokenOutputs> = { ...ONE_KEY, tokenId: 12, accessId: "A12", createdOn: T0 + DAY, rotatedOn: T0 + DAY, previousTokenId: 11, previousAccessId: "A11", previousStatus: "enabled" };

describe("planRotation", () => {
  it("has nothing to do when nothing changed and no time passed", () => {
    expect(planRotation(ONE_KEY, NEWS, T0 + HOUR)).toMatchObject({ changes: false, replaces: [], repairs: [], settings: [] });
  });

  it("rotates on a rotationTriggers change, as an update", () => {
    const plan = planRotation(ONE_KEY, { ...NEWS, rotationTriggers: { q: "2" } }, T0 + HOUR);
    expect(plan).toMatchObject({ changes: true, replaces: [], rotation: "rotationTriggers changed" });
  });

  it("rotates by age only once the key is rotateAfterDays old, naming the key and its age", () => {
    const news = { ...NEWS, rotateAfterDays: 30 };
    expect(planRotation({ ...ONE_KEY, rotateAfterDays: 30 }, news, T0 + 30 * DAY - 1).rotation).toBeUndefined();
    const due = planRotation({ ...ONE_KEY, rotateAfterDays: 30 }, news, T0 + 30 * DAY);
    expect(due.rotation).toBe("rotateAfterDays: key 11 was made at 2027-01-15T08:00:00Z and is 30 days old (rotateAfterDays: 30)");
    expect(due.properties).toEqual({ rotateAfterDays: "update" });
  });

  it("shows a due retirement once the overlap since the rotation is over, and not before", () => {
    expect(planRotation(TWO_KEYS, NEWS, T0 + DAY + 24 * HOUR - 1).retirement).toBeUndefined();
    const due = planRotation(TWO_KEYS, NEWS, T0 + DAY + 24 * HOUR);
    expect(due).toMatchObject({ changes: true, properties: { previousTokenId: "delete" } });
    expect(due.retirement).toMatch(/^previous key 11: its overlap ended at \S+ \(overlapHours: 24\); it is retired if LogicMonitor shows it unused for 60 minutes$/);
    expect(planRotation(TWO_KEYS, { ...NEWS, retireWhenUnusedForMinutes: 0 }, T0 + 3 * DAY).retirement).toMatch(/whatever its use/);
  });

  it("says a rotation will be refused while the previous key is in its overlap", () => {
    const plan = planRotation(TWO_KEYS, { ...NEWS, rotationTriggers: { q: "2" } }, T0 + DAY + HOUR);
    expect(plan.rotationBlocked).toMatch(/^the previous key 11 is in its overlap until \S+ \(overlapHours: 24\), so the rotation will be refused/);
    expect(planRotation(TWO_KEYS, { ...NEWS, rotationTriggers: { q: "2" } }, T0 + 3 * DAY).rotationBlocked).toBeUndefined();
  });

  it("repairs what refresh found changed by hand: a deleted current key, disabled keys", () => {
    const { tokenId: _t, accessId: _a, createdOn: _c, status: _s, ...withoutCurrent } = TWO_KEYS;
    const plan = planRotation({ ...withoutCurrent, previousStatus: "disabled" }, NEWS, T0 + DAY + HOUR);
    expect(plan.rotation).toMatch(/^the current key is gone from the portal/);
    expect(plan.repairs).toEqual(["previous key 11 is disabled in the portal: it is enabled again until its overlap is over"]);
    expect(plan.properties).toEqual({ tokenId: "add", previousStatus: "update" });
    expect(planRotation({ ...ONE_KEY, status: "disabled" }, NEWS, T0 + HOUR).repairs).toEqual(["key 11 is disabled in the portal: it is enabled again"]);
  });

  it("does not re-enable a previous key disabled by hand once its overlap is over (it is being retired)", () => {
    const plan = planRotation({ ...TWO_KEYS, previousStatus: "disabled" }, NEWS, T0 + 3 * DAY);
    expect(plan.repairs).toEqual([]);
    expect(plan.retirement).toBeDefined();
  });

  it("replaces on another owner or type; rewrites notes on a note or URN change; records settings only", () => {
    expect(planRotation(ONE_KEY, { ...NEWS, adminId: 131 }, T0).replaces).toEqual(["adminId"]);
    expect(planRotation(ONE_KEY, { ...NEWS, type: "bearer" }, T0).replaces).toEqual(["type"]);
    expect(planRotation(ONE_KEY, { ...NEWS, note: "other" }, T0)).toMatchObject({ changes: true, rewritesNotes: true });
    expect(planRotation(ONE_KEY, { ...NEWS, ownerUrn: `${URN}2` }, T0)).toMatchObject({ changes: true, rewritesNotes: true, properties: {} });
    expect(planRotation(ONE_KEY, { ...NEWS, overlapHours: 48 }, T0)).toMatchObject({ changes: true, settings: ["overlapHours"], rewritesNotes: false });
  });
});

describe("describePlan", () => {
  it("is one line naming the resource and every reason, or nothing when there is nothing worth a line", () => {
    const plan = planRotation(TWO_KEYS, { ...NEWS, rotationTriggers: { q: "2" } }, T0 + 3 * DAY);
    const line = describePlan("proj/dev/reporting", plan);
    expect(line).toMatch(/^proj\/dev\/reporting: planned update: new current key: rotationTriggers changed; retirement due: previous key 11: /);
    expect(line?.includes("\n")).toBe(false);
    expect(isPlanReport(line!)).toBe(true);
    expect(describePlan("x", planRotation(ONE_KEY, { ...NEWS, overlapHours: 48 }, T0))).toBeUndefined();
    expect(describePlan("x", planRotation(ONE_KEY, { ...NEWS, adminId: 131 }, T0))).toBeUndefined();
  });

  it("isPlanReport tells plans and rotations from deletions and warnings", () => {
    expect(isPlanReport("p/s/n: rotated: key 2 (access id A) is current; key 1 (access id B) is previous until it is retired")).toBe(true);
    expect(isPlanReport("p/s/n: deleted token 1 of admin 32 (the previous key, retired, access id B) in http://x")).toBe(false);
    expect(isPlanReport("p/s/n: kept previous key 1 (access id B): LogicMonitor shows it last used at …")).toBe(false);
  });
});

describe("duration", () => {
  it.each([
    [59, "0 min"],
    [90 * 60, "90 min"],
    [2 * HOUR, "2 h"],
    [47 * HOUR, "47 h"],
    [2 * DAY, "2 days"],
  ])("%p seconds is %p", (seconds, words) => {
    expect(duration(seconds)).toBe(words);
  });
});
