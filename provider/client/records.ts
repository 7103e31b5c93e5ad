/**
 * Reading LogicMonitor's JSON into typed records: `unknown` in, narrowed fields out.
 *
 * A field of the wrong type rejects the record. Where a field that matters (owner, note, status)
 * is missing, the value the request asked for is used ({@link TokenFallback}); a record that
 * stays without one is rejected rather than filled with `0` or `""`, because such a value would
 * show up as a change (an `adminId` of 0 would replace the token on every `up`).
 */
import type { AdminRecord, ApiTokenRecord, TokenType } from "./types";

/** One page of a v3 list: `{ total, items, searchId }`. */
export interface ListPage {
  /** Total matches; negative or missing when LogicMonitor does not say. */
  total: number;
  items: unknown[];
}

/** A response body that is not what the API documents. */
export class UnexpectedBodyError extends Error {
  override readonly name = "UnexpectedBodyError";
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** A safe integer, or one written as a string of at most 15 digits; anything else is `undefined`. */
function integer(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === "string" && /^-?\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** A field that must be absent or of the expected kind: `undefined` when absent, else the value. */
function optional<T>(object: Json, field: string, read: (value: unknown) => T | undefined, what: string): T | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  const parsed = read(value);
  if (parsed === undefined) throw new UnexpectedBodyError(`an API token's ${field} is not ${what}`);
  return parsed;
}

function string(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * Unwraps the API v1 envelope `{status, errmsg, data}` if LogicMonitor answered with it (it does
 * when the `X-Version: 3` header is lost on the way). Returns the body unchanged otherwise.
 */
export function unwrapV1Envelope(body: unknown): { body: unknown; v1Error?: { status: number; message: string } } {
  const object = asObject(body);
  if (!object || !("status" in object) || !("errmsg" in object) || !("data" in object)) return { body };
  const status = integer(object["status"]) ?? 0;
  if (status === 200) return { body: object["data"] };
  return { body: undefined, v1Error: { status, message: text(object["errmsg"]) } };
}

/** Reads `{ total, items }`. */
export function parseListPage(body: unknown): ListPage {
  const object = asObject(body);
  const items = object?.["items"];
  if (!object || !Array.isArray(items)) throw new UnexpectedBodyError("a list response has no items array");
  return { total: integer(object["total"]) ?? -1, items };
}

/**
 * What the request implies about a token, used where the response is silent: the list it came
 * from or the create/update call that returned it.
 */
export interface TokenFallback {
  /** `type=bearer` lists and creates are Bearer; a `type` on the wire wins. */
  type: TokenType;
  /** The admin in the request path. */
  adminId?: number;
  /** The note sent (create, update); lists have none, and a missing note there is `""`. */
  note?: string;
  /** The status sent (create, update). */
  status?: number;
}

/**
 * Reads one API token. Fields of the wrong type reject it; missing ones come from `fallback`
 * (what was requested), and a token that then still lacks its id, owner or status is rejected.
 */
export function parseApiToken(value: unknown, fallback: TokenFallback): ApiTokenRecord {
  const object = asObject(value);
  if (!object) throw new UnexpectedBodyError("an API token is not a JSON object");
  const id = integer(object["id"]);
  if (id === undefined || id <= 0) throw new UnexpectedBodyError("an API token has no positive integer id");
  const adminId = optional(object, "adminId", integer, "an integer") ?? fallback.adminId;
  if (adminId === undefined || adminId <= 0) throw new UnexpectedBodyError("an API token has no adminId");
  const status = optional(object, "status", integer, "an integer") ?? fallback.status;
  if (status !== 1 && status !== 2) throw new UnexpectedBodyError("an API token's status is not 1 or 2");
  const wireType = (optional(object, "type", string, "a string") ?? "").toLowerCase();
  const roles = optional(object, "roles", (raw) => (Array.isArray(raw) ? raw : undefined), "an array") ?? [];
  const token: ApiTokenRecord = {
    id,
    adminId,
    adminName: optional(object, "adminName", string, "a string") ?? "",
    accessId: optional(object, "accessId", string, "a string") ?? "",
    status,
    note: optional(object, "note", string, "a string") ?? fallback.note ?? "",
    createdBy: optional(object, "createdBy", string, "a string") ?? "",
    createdOn: optional(object, "createdOn", integer, "an integer") ?? 0,
    lastUsedOn: optional(object, "lastUsedOn", integer, "an integer") ?? 0,
    roles: roles.map(roleName).filter((name) => name !== ""),
    type: wireType === "bearer" ? "bearer" : wireType === "lmv1" ? "lmv1" : fallback.type,
  };
  const accessKey = optional(object, "accessKey", string, "a string");
  if (accessKey) token.accessKey = accessKey;
  return token;
}

/** Reads one admin; roles become their names. */
export function parseAdmin(value: unknown): AdminRecord {
  const object = asObject(value);
  const id = integer(object?.["id"]);
  if (!object || id === undefined) throw new UnexpectedBodyError("an admin has no numeric id");
  const admin: AdminRecord = {
    id,
    username: text(object["username"]),
    roles: Array.isArray(object["roles"]) ? object["roles"].map(roleName).filter((name) => name !== "") : [],
  };
  if (typeof object["email"] === "string") admin.email = object["email"];
  if (typeof object["status"] === "string") admin.status = object["status"];
  return admin;
}

/** Roles are names on tokens and `{id, name}` objects on admins. */
function roleName(role: unknown): string {
  if (typeof role === "string") return role;
  return text(asObject(role)?.["name"]);
}

/** What an error response's body says, when it has LogicMonitor's own error shape. */
export interface LmErrorBody {
  /** v3 `errorCode` (1000 + HTTP status), or the v1 envelope's `status`. */
  errorCode: number;
  errorMessage: string;
  /** Which of LogicMonitor's shapes it had. */
  shape: "v3" | "v1";
}

/**
 * Reads LogicMonitor's error shape: v3 `{errorMessage, errorCode, errorDetail}` or the v1 envelope
 * `{status, errmsg, data}`. Anything else (an HTML page, another service's JSON) is `undefined`:
 * such an answer did not come from LogicMonitor's REST API.
 */
export function parseLmErrorBody(body: unknown): LmErrorBody | undefined {
  const object = asObject(body);
  if (!object) return undefined;
  const v3Code = integer(object["errorCode"]);
  if (v3Code !== undefined && "errorMessage" in object) {
    return { errorCode: v3Code, errorMessage: text(object["errorMessage"]), shape: "v3" };
  }
  const v1Status = integer(object["status"]);
  if (v1Status !== undefined && "errmsg" in object && "data" in object) {
    return { errorCode: v1Status, errorMessage: text(object["errmsg"]), shape: "v1" };
  }
  return undefined;
}
