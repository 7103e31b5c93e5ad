import { maskBearerToken } from "./credentials";
import type { EmulatorState } from "./state";
import type { AdminRecord, Permission, RoleRecord, TokenRecord } from "./types";

/**
 * The JSON the API sends for tokens and admins. The key of an LMv1 token appears only in the
 * response that creates it; a Bearer token's value appears in full at creation and masked after.
 */

/** Properties a token list can be filtered on. */
export const TOKEN_FILTER_PROPERTIES = [
  "id", "adminId", "adminName", "accessId", "status", "note", "createdBy", "createdOn", "lastUsedOn", "lastAuthIp", "roles", "type",
] as const;

/** Properties an admin list can be filtered on. */
export const ADMIN_FILTER_PROPERTIES = ["id", "username", "email", "firstName", "lastName", "status", "apionly"] as const;

/** How much of the secret a token view shows. */
export type KeyVisibility = "created" | "hidden";

/**
 * A token as the API sends it. `type` is an emulator addition (no LogicMonitor spec has it);
 * `userPermission` is always `write` because callers only ever see tokens they may manage.
 */
export function tokenView(state: EmulatorState, token: TokenRecord, keys: KeyVisibility): Record<string, unknown> {
  const owner = state.getAdmin(token.adminId);
  const view: Record<string, unknown> = {
    id: token.id,
    adminId: token.adminId,
    adminName: owner?.username ?? "",
    accessId: token.accessId,
  };
  if (keys === "created") view["accessKey"] = token.accessKey;
  else if (token.type === "bearer") view["accessKey"] = maskBearerToken(token.accessKey);
  Object.assign(view, {
    status: token.status,
    note: token.note,
    createdBy: token.createdBy,
    createdOn: token.createdOn,
    lastUsedOn: token.lastUsedOn,
    lastAuthIp: token.lastAuthIp,
    roles: owner?.roles.slice() ?? [],
    userPermission: "write",
    type: token.type,
  });
  return view;
}

/** A token for the control endpoints: everything except the secret. */
export function controlTokenView(state: EmulatorState, token: TokenRecord): Record<string, unknown> {
  const view = tokenView(state, token, "hidden");
  delete view["accessKey"];
  delete view["userPermission"];
  return view;
}

/** An admin as the API sends it; `roles` are {@link roleView} objects here, unlike on tokens. */
export function adminView(state: EmulatorState, admin: AdminRecord): Record<string, unknown> {
  return {
    id: admin.id,
    username: admin.username,
    email: admin.email,
    firstName: admin.firstName,
    lastName: admin.lastName,
    status: admin.status,
    apionly: admin.apionly,
    roles: state.rolesOf(admin).map((role) => roleView(state, role)),
  };
}

/**
 * A role as the API sends it inside an admin. LogicMonitor's SDK models require `name` and
 * `privileges`, and each privilege's `operation`, `objectId` and `objectType`.
 */
export function roleView(state: EmulatorState, role: RoleRecord): Record<string, unknown> {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    privileges: privilegesOf(role.permissions),
    associatedUserCount: state.listAdmins().filter((admin) => admin.roles.includes(role.name)).length,
    twoFARequired: false,
    requireEULA: false,
    customHelpLabel: "",
    customHelpURL: "",
  };
}

/** A LogicMonitor role privilege on a settings object. */
function settingPrivilege(objectId: string, operation: "read" | "write") {
  return { objectType: "setting", objectId, objectName: objectId, operation, subOperation: "" };
}

/**
 * The privileges that grant the emulator's permissions, as LogicMonitor roles list them: user
 * access (`useraccess.*`, read to view and write to manage) and API-token creation
 * (`useraccess.apitoken`, write).
 */
function privilegesOf(permissions: readonly Permission[]): ReturnType<typeof settingPrivilege>[] {
  const privileges: ReturnType<typeof settingPrivilege>[] = [];
  if (permissions.includes("User Access: manage")) privileges.push(settingPrivilege("useraccess.*", "write"));
  else if (permissions.includes("User Access: view")) privileges.push(settingPrivilege("useraccess.*", "read"));
  if (permissions.includes("Allow creation of API tokens")) privileges.push(settingPrivilege("useraccess.apitoken", "write"));
  return privileges;
}
