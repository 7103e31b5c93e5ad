/**
 * The inputs every token resource shares: the owner (`adminId` or `adminUsername`), `note`,
 * `type`, the face-supplied `ownerUrn`, maps of strings, the engine's placeholder for values not
 * known yet, and LogicMonitor's status numbers. Each check returns the normalised value or
 * records one failure naming the property and the fix.
 *
 * Pure functions; no API calls, so `check` can run them during preview. Runtime code: no
 * `@pulumi/pulumi` values.
 */
import { markOf } from "./ownership";

/** The value the engine sends for an input that is not known yet during a preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Token status as users write it. LogicMonitor's wire values are 2 (enabled) and 1 (disabled). */
export type ApiTokenStatus = "enabled" | "disabled";

/** Token type: an LMv1 access id/key pair, or a Bearer token. */
export type ApiTokenType = "lmv1" | "bearer";

/** The largest id LogicMonitor uses (ids are int32 in its API). */
export const INT32_MAX = 2_147_483_647;

/** A validation failure, in the engine's `check` shape. */
export interface InputFailure {
  property: string;
  reason: string;
}

/** The owner of a token as the inputs name it: exactly one of the two. */
export interface TokenOwner {
  adminId?: number;
  adminUsername?: string;
}

/** True for the engine's placeholder of a value not known yet (preview). */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/** LogicMonitor's numeric status for a status input. */
export function toWireStatus(status: ApiTokenStatus): 1 | 2 {
  return status === "enabled" ? 2 : 1;
}

/** The status input for LogicMonitor's numeric status. */
export function fromWireStatus(status: number): ApiTokenStatus {
  return status === 1 ? "disabled" : "enabled";
}

/** A value as an error message names it (strings shortened, never more). */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "number") return `the number ${value}`;
  return `a value of type ${typeof value}`;
}

/** A LogicMonitor id (1 to 2^31-1); numeric strings from config are accepted. */
export function checkId(property: string, value: unknown, failures: InputFailure[]): number | undefined {
  if (value === undefined || isUnknown(value)) return undefined;
  // Numbers may arrive as numeric strings from config (`pulumi config set adminId 32`).
  const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof number !== "number" || !Number.isInteger(number) || number <= 0 || number > INT32_MAX) {
    failures.push({
      property,
      reason: `${property} must be a positive whole number (a LogicMonitor id such as 32), but got ${describe(value)}`,
    });
    return undefined;
  }
  return number;
}

/** `lmv1` (the default) or `bearer`. */
export function checkType(value: unknown, failures: InputFailure[]): ApiTokenType | undefined {
  if (value === undefined) return "lmv1";
  if (isUnknown(value)) return undefined;
  if (value === "lmv1" || value === "bearer") return value;
  failures.push({
    property: "type",
    reason: `type must be "lmv1" (an access id and key) or "bearer", but got ${describe(value)}`,
  });
  return undefined;
}

/** Any string; `""` by default. */
export function checkNote(value: unknown, failures: InputFailure[]): string | undefined {
  if (value === undefined) return "";
  if (isUnknown(value)) return value as string;
  if (typeof value !== "string") {
    failures.push({ property: "note", reason: `note must be a string, but got ${describe(value)}` });
    return undefined;
  }
  return value;
}

function checkUsername(value: unknown, failures: InputFailure[]): string | undefined {
  if (value === undefined || isUnknown(value)) return value as string | undefined;
  if (typeof value !== "string" || value.trim() === "") {
    failures.push({
      property: "adminUsername",
      reason: `adminUsername must be a non-empty LogicMonitor username, but got ${describe(value)}`,
    });
    return undefined;
  }
  return value.trim();
}

/**
 * The owner: exactly one of `adminId` and `adminUsername`. Values not known yet are passed
 * through untouched.
 */
export function checkOwner(raw: Record<string, unknown>, failures: InputFailure[]): TokenOwner {
  const adminId = checkId("adminId", raw["adminId"], failures);
  const adminUsername = checkUsername(raw["adminUsername"], failures);
  const hasAdminId = raw["adminId"] !== undefined;
  const hasUsername = raw["adminUsername"] !== undefined;
  if (hasAdminId && hasUsername) {
    failures.push({
      property: "adminId",
      reason: "set either adminId or adminUsername, not both: they name the token's owner two ways",
    });
  } else if (!hasAdminId && !hasUsername) {
    failures.push({
      property: "adminId",
      reason: "the token's owner is missing: set adminId (a number such as 32) or adminUsername (such as \"jdoe\")",
    });
  }
  const owner: TokenOwner = {};
  if (hasAdminId) owner.adminId = adminId === undefined ? (raw["adminId"] as number) : adminId;
  if (hasUsername) owner.adminUsername = adminUsername === undefined ? (raw["adminUsername"] as string) : adminUsername;
  return owner;
}

/**
 * A map of strings (`{}` by default), such as `keepers` or `rotationTriggers`; `example` shows
 * one in the failure.
 */
export function checkStringMap(property: string, value: unknown, failures: InputFailure[], example: string): Record<string, string> | undefined {
  if (value === undefined) return {};
  if (isUnknown(value)) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    failures.push({
      property,
      reason: `${property} must be a map of strings (for example ${example}), but got ${describe(value)}`,
    });
    return undefined;
  }
  const entries: [string, string][] = [];
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== "string") {
      failures.push({
        property: `${property}.${key}`,
        reason: `${property}.${key} must be a string (convert numbers and dates with String(...)), but got ${describe(entry)}`,
      });
    } else {
      entries.push([key, entry]);
    }
  }
  // fromEntries defines own properties, so a key named "__proto__" is kept, not swallowed.
  return Object.fromEntries(entries);
}

/** Two maps of strings hold the same entries (absent counts as empty). */
export function sameStringMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const left = a ?? {};
  const right = b ?? {};
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && left[key] === right[key]);
}

/** The resource's URN, which the resource class (or the plugin face) supplies, never people. */
export function checkOwnerUrn(value: unknown, failures: InputFailure[], resourceType: string): string | undefined {
  if (value === undefined || isUnknown(value)) return value as string | undefined;
  if (typeof value !== "string" || markOf(value) === undefined) {
    failures.push({
      property: "ownerUrn",
      reason: `ownerUrn is set by ${resourceType} to the resource's URN; do not set it yourself (got ${describe(value)})`,
    });
    return undefined;
  }
  return value;
}

/**
 * The owner properties that changed between the stored outputs and new inputs (a new owner needs
 * new tokens). Moving from `adminId` to the username of the same owner is not a change.
 */
export function ownerChanges(
  olds: { adminId?: number; adminUsername?: string; adminName?: string },
  news: TokenOwner,
): string[] {
  if (news.adminId !== undefined) {
    if (isUnknown(news.adminId)) return ["adminId"];
    return news.adminId === olds.adminId ? [] : ["adminId"];
  }
  if (news.adminUsername !== undefined) {
    if (isUnknown(news.adminUsername)) return ["adminUsername"];
    const current = olds.adminUsername ?? olds.adminName;
    return news.adminUsername === current ? [] : ["adminUsername"];
  }
  return [];
}
