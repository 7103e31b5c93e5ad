/**
 * The resource's input model: the shapes the provider receives, defaults, normalisation and
 * validation. Pure functions that make no API calls, so `check` can run them during preview.
 *
 * Runtime code: serialized into (and loaded by) the dynamic-provider process; it must not import
 * values from `@pulumi/pulumi`.
 */

import {
  checkId,
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

export {
  fromWireStatus,
  INT32_MAX,
  isUnknown,
  toWireStatus,
  UNKNOWN_VALUE,
  type ApiTokenStatus,
  type ApiTokenType,
  type InputFailure,
} from "../../core/inputs";

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

/** The result of validating raw inputs. */
export interface CheckedInputs {
  inputs: ApiTokenInputs;
  failures: InputFailure[];
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

/**
 * Validates and normalises raw inputs: applies defaults, accepts LogicMonitor's numeric status,
 * and returns one failure per problem, each naming the property and the fix. Values the engine
 * does not know yet (preview) are passed through untouched.
 */
export function checkApiTokenInputs(raw: Record<string, unknown>): CheckedInputs {
  const failures: InputFailure[] = [];
  const owner = checkOwner(raw, failures);
  const existingTokenId = checkId("existingTokenId", raw["existingTokenId"], failures);
  const known = <T>(value: T | undefined, raw: unknown): T => (value === undefined ? (raw as T) : value);
  const inputs: ApiTokenInputs = {
    note: known(checkNote(raw["note"], failures), raw["note"]),
    status: known(checkStatus(raw["status"], failures), raw["status"]),
    type: known(checkType(raw["type"], failures), raw["type"]),
    keepers: known(checkStringMap("keepers", raw["keepers"], failures, '{ rotation: "2026-11" }'), raw["keepers"]),
  };
  if (owner.adminId !== undefined) inputs.adminId = owner.adminId;
  if (owner.adminUsername !== undefined) inputs.adminUsername = owner.adminUsername;
  if (raw["existingTokenId"] !== undefined) inputs.existingTokenId = known(existingTokenId, raw["existingTokenId"]);
  if (raw["existingAccessId"] !== undefined) {
    const existingAccessId = checkAccessId(raw["existingAccessId"], failures);
    inputs.existingAccessId = known(existingAccessId, raw["existingAccessId"]);
    if (raw["existingTokenId"] === undefined) {
      failures.push({ property: "existingAccessId", reason: "existingAccessId goes with existingTokenId: set both to adopt a token, or neither" });
    }
  }
  const ownerUrn = checkOwnerUrn(raw["ownerUrn"], failures, "ApiToken");
  if (ownerUrn !== undefined) inputs.ownerUrn = ownerUrn;
  return { inputs, failures };
}
