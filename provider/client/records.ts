/**
 * Reading LogicMonitor's JSON into typed records: `unknown` in, narrowed fields out. Missing
 * optional fields get neutral values; a record without a numeric `id` is rejected.
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

function integer(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
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
 * Reads one API token. `fallbackType` is the type implied by the request (the list it came from,
 * or the create call); a `type` field on the wire, if LogicMonitor ever sends one, wins.
 */
export function parseApiToken(value: unknown, fallbackType: TokenType): ApiTokenRecord {
  const object = asObject(value);
  const id = integer(object?.["id"]);
  if (!object || id === undefined) throw new UnexpectedBodyError("an API token has no numeric id");
  const wireType = text(object["type"]).toLowerCase();
  const token: ApiTokenRecord = {
    id,
    adminId: integer(object["adminId"]) ?? 0,
    adminName: text(object["adminName"]),
    accessId: text(object["accessId"]),
    status: integer(object["status"]) ?? 0,
    note: text(object["note"]),
    createdBy: text(object["createdBy"]),
    createdOn: integer(object["createdOn"]) ?? 0,
    lastUsedOn: integer(object["lastUsedOn"]) ?? 0,
    roles: Array.isArray(object["roles"]) ? object["roles"].map(roleName).filter((name) => name !== "") : [],
    type: wireType === "bearer" ? "bearer" : wireType === "lmv1" ? "lmv1" : fallbackType,
  };
  const accessKey = text(object["accessKey"]);
  if (accessKey !== "") token.accessKey = accessKey;
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

/** LogicMonitor's error body `{errorMessage, errorCode, errorDetail}`, when present. */
export function parseErrorBody(body: unknown): { errorCode?: number; errorMessage?: string } {
  const object = asObject(body);
  const parsed: { errorCode?: number; errorMessage?: string } = {};
  const code = integer(object?.["errorCode"]);
  if (code !== undefined) parsed.errorCode = code;
  const message = text(object?.["errorMessage"]) || text(object?.["errmsg"]);
  if (message !== "") parsed.errorMessage = message;
  return parsed;
}
