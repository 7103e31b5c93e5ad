/**
 * The resource's input model: the shapes the provider receives, defaults, normalisation and
 * validation. Pure functions that make no API calls, so `check` can run them during preview.
 *
 * Runtime code: serialized into (and loaded by) the dynamic-provider process; it must not import
 * values from `@pulumi/pulumi`.
 */

import { markOf } from "../../core/ownership";

/** The value the engine sends for an input that is not known yet during a preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Token status as users write it. LogicMonitor's wire values are 2 (enabled) and 1 (disabled). */
export type ApiTokenStatus = "enabled" | "disabled";

/** Token type: an LMv1 access id/key pair, or a Bearer token. */
export type ApiTokenType = "lmv1" | "bearer";

/** The provider's inputs after `check`: defaults applied, values normalised. */
export interface ApiTokenInputs {
  /** Owner's admin id; exactly one of `adminId` and `adminUsername` is set. */
  adminId?: number;
  /** Owner's username, resolved to an id at create time. */
  adminUsername?: string;
  note: string;
  status: ApiTokenStatus;
  type: ApiTokenType;
  /** Arbitrary strings; any change replaces the token. */
  keepers: Record<string, string>;
  /** Adopt this existing token instead of creating one. */
  existingTokenId?: number;
  /** The access id of the token `existingTokenId` names: proves it is that token, in the configured portal. */
  existingAccessId?: string;
  /**
   * The URN of the resource that owns the token, set by the resource class (or the plugin face),
   * never by people. It becomes the ownership mark in the token's note (`core/ownership.ts`).
   */
  ownerUrn?: string;
}

/** What the provider stores as outputs: every input, plus what LogicMonitor reports. */
export interface ApiTokenOutputs extends ApiTokenInputs {
  /** The resolved owner id (also when the input was `adminUsername`). */
  adminId: number;
  tokenId: number;
  adminName: string;
  accessId: string;
  /** Only known for tokens this provider created; never for adopted tokens. Secret. */
  accessKey?: string;
  createdBy: string;
  createdOn: number;
  lastUsedOn: number;
  roles: string[];
  /** The portal the token lives in (normalized REST base URL); absent in states written before it was recorded. */
  portal?: string;
}

/** A validation failure, in the engine's `check` shape. */
export interface InputFailure {
  property: string;
  reason: string;
}

/** The result of validating raw inputs. */
export interface CheckedInputs {
  inputs: ApiTokenInputs;
  failures: InputFailure[];
}

/** LogicMonitor's numeric status for a status input. */
export function toWireStatus(status: ApiTokenStatus): 1 | 2 {
  return status === "enabled" ? 2 : 1;
}

/** The status input for LogicMonitor's numeric status. */
export function fromWireStatus(status: number): ApiTokenStatus {
  return status === 1 ? "disabled" : "enabled";
}

/** True for the engine's placeholder of a value not known yet (preview). */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/** The largest id LogicMonitor uses (ids are int32 in its API). */
export const INT32_MAX = 2_147_483_647;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "number") return `the number ${value}`;
  return `a value of type ${typeof value}`;
}

function checkId(
  property: string,
  value: unknown,
  failures: InputFailure[],
): number | undefined {
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

function checkStatus(value: unknown, failures: InputFailure[]): ApiTokenStatus | undefined {
  if (value === undefined) return "enabled";
  if (isUnknown(value)) return undefined;
  if (value === "enabled" || value === 2 || value === "2") return "enabled";
  if (value === "disabled" || value === 1 || value === "1") return "disabled";
  failures.push({
    property: "status",
    reason: `status must be "enabled" or "disabled" (LogicMonitor's 2 or 1), but got ${describe(value)}`,
  });
  return undefined;
}

function checkType(value: unknown, failures: InputFailure[]): ApiTokenType | undefined {
  if (value === undefined) return "lmv1";
  if (isUnknown(value)) return undefined;
  if (value === "lmv1" || value === "bearer") return value;
  failures.push({
    property: "type",
    reason: `type must be "lmv1" (an access id and key) or "bearer", but got ${describe(value)}`,
  });
  return undefined;
}

function checkNote(value: unknown, failures: InputFailure[]): string | undefined {
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

function checkKeepers(value: unknown, failures: InputFailure[]): Record<string, string> | undefined {
  if (value === undefined) return {};
  if (isUnknown(value)) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    failures.push({
      property: "keepers",
      reason: `keepers must be a map of strings (for example { rotation: "2026-11" }), but got ${describe(value)}`,
    });
    return undefined;
  }
  const entries: [string, string][] = [];
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== "string") {
      failures.push({
        property: `keepers.${key}`,
        reason: `keepers.${key} must be a string (convert numbers and dates with String(...)), but got ${describe(entry)}`,
      });
    } else {
      entries.push([key, entry]);
    }
  }
  // fromEntries defines own properties, so a keeper named "__proto__" is kept, not swallowed.
  return Object.fromEntries(entries);
}

function checkAccessId(value: unknown, failures: InputFailure[]): string | undefined {
  if (value === undefined || isUnknown(value)) return value as string | undefined;
  if (typeof value !== "string" || !/^[A-Za-z0-9_-]{1,128}$/.test(value.trim())) {
    failures.push({
      property: "existingAccessId",
      reason: `existingAccessId must be the token's access id as the portal shows it (letters and digits), but got ${describe(value)}`,
    });
    return undefined;
  }
  return value.trim();
}

function checkOwnerUrn(value: unknown, failures: InputFailure[]): string | undefined {
  if (value === undefined || isUnknown(value)) return value as string | undefined;
  if (typeof value !== "string" || markOf(value) === undefined) {
    failures.push({
      property: "ownerUrn",
      reason: `ownerUrn is set by ApiToken to the resource's URN; do not set it yourself (got ${describe(value)})`,
    });
    return undefined;
  }
  return value;
}

/**
 * Validates and normalises raw inputs: applies defaults, accepts LogicMonitor's numeric status,
 * and returns one failure per problem, each naming the property and the fix. Values the engine
 * does not know yet (preview) are passed through untouched.
 */
export function checkApiTokenInputs(raw: Record<string, unknown>): CheckedInputs {
  const failures: InputFailure[] = [];
  const adminId = checkId("adminId", raw["adminId"], failures);
  const adminUsername = checkUsername(raw["adminUsername"], failures);
  const existingTokenId = checkId("existingTokenId", raw["existingTokenId"], failures);
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
  const known = <T>(value: T | undefined, raw: unknown): T => (value === undefined ? (raw as T) : value);
  const inputs: ApiTokenInputs = {
    note: known(checkNote(raw["note"], failures), raw["note"]),
    status: known(checkStatus(raw["status"], failures), raw["status"]),
    type: known(checkType(raw["type"], failures), raw["type"]),
    keepers: known(checkKeepers(raw["keepers"], failures), raw["keepers"]),
  };
  if (hasAdminId) inputs.adminId = known(adminId, raw["adminId"]);
  if (hasUsername) inputs.adminUsername = known(adminUsername, raw["adminUsername"]);
  if (raw["existingTokenId"] !== undefined) inputs.existingTokenId = known(existingTokenId, raw["existingTokenId"]);
  if (raw["existingAccessId"] !== undefined) {
    const existingAccessId = checkAccessId(raw["existingAccessId"], failures);
    inputs.existingAccessId = known(existingAccessId, raw["existingAccessId"]);
    if (raw["existingTokenId"] === undefined) {
      failures.push({ property: "existingAccessId", reason: "existingAccessId goes with existingTokenId: set both to adopt a token, or neither" });
    }
  }
  const ownerUrn = checkOwnerUrn(raw["ownerUrn"], failures);
  if (ownerUrn !== undefined) inputs.ownerUrn = ownerUrn;
  return { inputs, failures };
}
