/**
 * RotatingApiToken's input model: the shapes the provider receives and stores, defaults,
 * normalisation and validation. Pure functions that make no API calls, so `check` can run them
 * during preview.
 *
 * Runtime code: it must not import values from `@pulumi/pulumi`.
 */
import {
  checkNote,
  checkOwner,
  checkOwnerUrn,
  checkStringMap,
  checkType,
  describe,
  isUnknown,
  type ApiTokenStatus,
  type ApiTokenType,
  type InputFailure,
} from "../../core/inputs";

/** How long the previous key lives at least after the rotation that made it previous, by default. */
export const DEFAULT_OVERLAP_HOURS = 24;

/** How long LogicMonitor must show the previous key unused before it is retired, by default. */
export const DEFAULT_RETIRE_WHEN_UNUSED_FOR_MINUTES = 60;

/** The largest values accepted (100 years): beyond that a number is a mistake, not a policy. */
export const MAX_ROTATE_AFTER_DAYS = 36_500;
export const MAX_OVERLAP_HOURS = 876_000;
export const MAX_RETIRE_WHEN_UNUSED_FOR_MINUTES = 52_560_000;

/** The provider's inputs after `check`: defaults applied, values normalised. */
export interface RotatingApiTokenInputs {
  /** Owner's admin id; exactly one of `adminId` and `adminUsername` is set. */
  adminId?: number;
  /** Owner's username, resolved to an id at create time. */
  adminUsername?: string;
  /** The note of both keys (each ends with the resource's ownership mark in the portal). */
  note: string;
  type: ApiTokenType;
  /** Arbitrary strings; any change rotates. */
  rotationTriggers: Record<string, string>;
  /** Rotate at the first `up` after the current key is this many days old; never by age when absent. */
  rotateAfterDays?: number;
  /** The previous key lives at least this long after the rotation that made it previous. */
  overlapHours: number;
  /** The previous key is retired only once LogicMonitor shows it unused this long; 0: usage is not consulted. */
  retireWhenUnusedForMinutes: number;
  /** The resource's URN, supplied by the resource class or the plugin face (never by people): the ownership mark. */
  ownerUrn?: string;
}

/** What the provider stores: every input, plus both keys as LogicMonitor reports them. */
export interface RotatingApiTokenOutputs extends RotatingApiTokenInputs {
  /** The resolved owner id (also when the input was `adminUsername`). */
  adminId: number;
  /** The owner's username as LogicMonitor reports it. */
  adminName: string;
  /** The portal both keys live in (normalized REST base URL). */
  portal: string;
  /** The current key; absent only after a refresh found it deleted outside Pulumi (the next `up` makes a new one). */
  tokenId?: number;
  accessId?: string;
  /** Secret. */
  accessKey?: string;
  createdOn?: number;
  lastUsedOn?: number;
  status?: ApiTokenStatus;
  /** The previous key, absent when there is none. */
  previousTokenId?: number;
  previousAccessId?: string;
  /** Secret. */
  previousAccessKey?: string;
  previousLastUsedOn?: number;
  previousStatus?: ApiTokenStatus;
  /** When the current key became current (epoch seconds): its creation. The previous key's overlap counts from here. */
  rotatedOn: number;
}

/** The result of validating raw inputs. */
export interface CheckedRotatingInputs {
  inputs: RotatingApiTokenInputs;
  failures: InputFailure[];
}

/** A whole number from `min` to `max`; numeric strings from config are accepted. */
function checkCount(property: string, value: unknown, failures: InputFailure[], min: number, max: number, unit: string): number | undefined {
  if (value === undefined || isUnknown(value)) return undefined;
  const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof number !== "number" || !Number.isInteger(number) || number < min || number > max) {
    failures.push({ property, reason: `${property} must be a whole number of ${unit} from ${min} to ${max}, but got ${describe(value)}` });
    return undefined;
  }
  return number;
}

/**
 * Validates and normalises raw inputs: applies defaults, and returns one failure per problem,
 * each naming the property and the fix. Values the engine does not know yet (preview) are passed
 * through untouched.
 */
export function checkRotatingApiTokenInputs(raw: Record<string, unknown>): CheckedRotatingInputs {
  const failures: InputFailure[] = [];
  const owner = checkOwner(raw, failures);
  const known = <T>(value: T | undefined, given: unknown, fallback?: T): T =>
    value !== undefined ? value : given === undefined && fallback !== undefined ? fallback : (given as T);
  const inputs: RotatingApiTokenInputs = {
    note: known(checkNote(raw["note"], failures), raw["note"]),
    type: known(checkType(raw["type"], failures), raw["type"]),
    rotationTriggers: known(checkStringMap("rotationTriggers", raw["rotationTriggers"], failures, '{ quarter: "2026-Q4" }'), raw["rotationTriggers"]),
    overlapHours: known(checkCount("overlapHours", raw["overlapHours"], failures, 0, MAX_OVERLAP_HOURS, "hours"), raw["overlapHours"], DEFAULT_OVERLAP_HOURS),
    retireWhenUnusedForMinutes: known(
      checkCount("retireWhenUnusedForMinutes", raw["retireWhenUnusedForMinutes"], failures, 0, MAX_RETIRE_WHEN_UNUSED_FOR_MINUTES, "minutes"),
      raw["retireWhenUnusedForMinutes"],
      DEFAULT_RETIRE_WHEN_UNUSED_FOR_MINUTES,
    ),
  };
  if (owner.adminId !== undefined) inputs.adminId = owner.adminId;
  if (owner.adminUsername !== undefined) inputs.adminUsername = owner.adminUsername;
  let days: number | undefined;
  if (raw["rotateAfterDays"] !== undefined && raw["rotateAfterDays"] !== null) {
    days = checkCount("rotateAfterDays", raw["rotateAfterDays"], failures, 1, MAX_ROTATE_AFTER_DAYS, "days");
    inputs.rotateAfterDays = known(days, raw["rotateAfterDays"]);
  }
  // Only values that passed their own checks are compared.
  const overlap = raw["overlapHours"] === undefined ? DEFAULT_OVERLAP_HOURS : checkCount("overlapHours", raw["overlapHours"], [], 0, MAX_OVERLAP_HOURS, "hours");
  if (days !== undefined && overlap !== undefined && overlap > days * 24) {
    failures.push({
      property: "overlapHours",
      reason:
        `overlapHours (${overlap}) is longer than rotateAfterDays (${days} days = ${days * 24} hours): every rotation by age would find the ` +
        `previous key still in its overlap and fail. Lower overlapHours to ${days * 24} or less, or raise rotateAfterDays.`,
    });
  }
  const ownerUrn = checkOwnerUrn(raw["ownerUrn"], failures, "RotatingApiToken");
  if (ownerUrn !== undefined) inputs.ownerUrn = ownerUrn;
  return { inputs, failures };
}
