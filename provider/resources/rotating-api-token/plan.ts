/**
 * What an `up` does to a RotatingApiToken, decided from its state, its new inputs and the clock:
 * replace it, rotate it, retire its previous key, put back what was changed by hand, or only
 * record new settings. `diff` shows the plan (so `preview` names what triggers a rotation), and
 * `update` carries it out after checking both keys in the portal.
 *
 * Pure; no API calls. The clock is passed in (epoch seconds).
 */
import { isUnknown, ownerChanges, sameStringMap } from "../../core/inputs";
import type { RotatingApiTokenInputs, RotatingApiTokenOutputs } from "./inputs";

/** How a property changes, for the plugin face's detailed diff. */
export type PlannedChange = "add" | "update" | "delete";

/** The plan for one resource at one moment. */
export interface RotationPlan {
  /** Inputs whose change needs a new resource (another owner or type): both keys are replaced. */
  replaces: string[];
  /** Why this update makes a new current key, when it does. */
  rotation?: string;
  /** Why that rotation will be refused, when the previous key's overlap is not over yet. */
  rotationBlocked?: string;
  /** The previous key's overlap is over: what happens to it at this update. */
  retirement?: string;
  /** What was changed by hand and is put back (a disabled key enabled, a note and mark rewritten). */
  repairs: string[];
  /** True when the note or the ownership mark of the keys changes (a PUT per live key). */
  rewritesNotes: boolean;
  /** Settings that change state only (no request). */
  settings: string[];
  /** Properties that show the plan in the plugin face's detailed diff, beyond the inputs that differ. */
  properties: Record<string, PlannedChange>;
  /** True when `up` has anything to do. */
  changes: boolean;
}

const SETTINGS = ["rotateAfterDays", "overlapHours", "retireWhenUnusedForMinutes"] as const;

/** An epoch-seconds time as people read it. */
export function isoTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.000Z$/, "Z");
}

/** A span of seconds in the largest whole unit that fits (minutes, hours or days). */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 2 * 3600) return `${Math.floor(s / 60)} min`;
  if (s < 2 * 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} days`;
}

/** When the previous key's overlap ends (epoch seconds): `overlapHours` after the rotation that made it previous. */
export function overlapEnd(olds: Partial<RotatingApiTokenOutputs>, overlapHours: number): number {
  return (olds.rotatedOn ?? 0) + overlapHours * 3600;
}

/** What `up` should do, from the state (`olds`), the checked inputs (`news`) and the clock. */
export function planRotation(olds: Partial<RotatingApiTokenOutputs>, news: RotatingApiTokenInputs, nowSeconds: number): RotationPlan {
  const plan: RotationPlan = { replaces: [], repairs: [], rewritesNotes: false, settings: [], properties: {}, changes: false };
  plan.replaces.push(...ownerChanges(olds, news));
  if ((news.type ?? "lmv1") !== (olds.type ?? "lmv1")) plan.replaces.push("type");

  const reasons: string[] = [];
  if (olds.tokenId === undefined) {
    reasons.push("the current key is gone from the portal (a refresh found it deleted outside Pulumi)");
    plan.properties["tokenId"] = "add";
  }
  if (isUnknown(news.rotationTriggers)) reasons.push("rotationTriggers are not known until apply, and a change rotates");
  else if (!sameStringMap(olds.rotationTriggers, news.rotationTriggers)) reasons.push("rotationTriggers changed");
  const days = news.rotateAfterDays;
  if (typeof days === "number" && !isUnknown(days) && olds.tokenId !== undefined && olds.createdOn !== undefined) {
    const age = nowSeconds - olds.createdOn;
    if (age >= days * 86400) {
      reasons.push(`rotateAfterDays: key ${olds.tokenId} was made at ${isoTime(olds.createdOn)} and is ${duration(age)} old (rotateAfterDays: ${days})`);
      plan.properties["rotateAfterDays"] = "update";
    }
  }
  const overlapHours = typeof news.overlapHours === "number" && !isUnknown(news.overlapHours) ? news.overlapHours : undefined;
  const overlapOver = olds.previousTokenId !== undefined && overlapHours !== undefined && nowSeconds >= overlapEnd(olds, overlapHours);
  if (reasons.length > 0) {
    plan.rotation = reasons.join("; ");
    if (olds.previousTokenId !== undefined && olds.tokenId !== undefined && !overlapOver) {
      const until = overlapHours === undefined ? "" : ` until ${isoTime(overlapEnd(olds, overlapHours))}`;
      plan.rotationBlocked =
        `the previous key ${olds.previousTokenId} is in its overlap${until} (overlapHours: ${String(news.overlapHours)}), ` +
        `so the rotation will be refused unless the overlap is over by then`;
    }
  }
  if (overlapOver) {
    const minutes = news.retireWhenUnusedForMinutes;
    const condition = minutes === 0 ? "whatever its use (retireWhenUnusedForMinutes: 0)" : `if LogicMonitor shows it unused for ${String(minutes)} minutes`;
    plan.retirement =
      `previous key ${olds.previousTokenId}: its overlap ended at ${isoTime(overlapEnd(olds, overlapHours ?? 0))} ` +
      `(overlapHours: ${overlapHours}); it is retired ${condition}`;
    plan.properties["previousTokenId"] = "delete";
  }
  if (olds.tokenId !== undefined && olds.status === "disabled") {
    plan.repairs.push(`key ${olds.tokenId} is disabled in the portal: it is enabled again`);
    plan.properties["status"] = "update";
  }
  if (olds.previousTokenId !== undefined && olds.previousStatus === "disabled" && !overlapOver) {
    plan.repairs.push(`previous key ${olds.previousTokenId} is disabled in the portal: it is enabled again until its overlap is over`);
    plan.properties["previousStatus"] = "update";
  }
  if ((news.note ?? "") !== (olds.note ?? "")) plan.rewritesNotes = true;
  // A new URN (an alias, a move) rewrites the marks; the plugin face says so itself (ownerUrn is its own input).
  if (news.ownerUrn !== undefined && !isUnknown(news.ownerUrn) && news.ownerUrn !== olds.ownerUrn) plan.rewritesNotes = true;
  for (const setting of SETTINGS) {
    if (news[setting] !== olds[setting]) plan.settings.push(setting);
  }
  plan.changes =
    plan.replaces.length > 0 ||
    plan.rotation !== undefined ||
    plan.retirement !== undefined ||
    plan.repairs.length > 0 ||
    plan.rewritesNotes ||
    plan.settings.length > 0;
  return plan;
}

/** The plan in one line for the person running Pulumi, or undefined when it does nothing worth a line. */
export function describePlan(label: string, plan: RotationPlan): string | undefined {
  if (plan.replaces.length > 0) return undefined; // the engine shows a replacement itself
  const parts: string[] = [];
  if (plan.rotation !== undefined) parts.push(`new current key: ${plan.rotation}`);
  if (plan.rotationBlocked !== undefined) parts.push(plan.rotationBlocked);
  if (plan.retirement !== undefined) parts.push(`retirement due: ${plan.retirement}`);
  parts.push(...plan.repairs);
  return parts.length === 0 ? undefined : `${label}: planned update: ${parts.join("; ")}`;
}

/**
 * True for a line that tells what an update plans ({@link describePlan}) or did as asked (a
 * rotation): news, not something the provider did on its own. The plugin face logs these as info.
 */
export function isPlanReport(message: string): boolean {
  return /: (planned update|rotated): /.test(message) && !/: deleted token \d+ /.test(message);
}
