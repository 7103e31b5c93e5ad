import type { Caller } from "./auth";
import { emulatorErrors } from "./errors";
import type { EmulatorState } from "./state";
import type { Permission } from "./types";

/**
 * The emulator's permission model, a simplification of LogicMonitor's roles: a token acts with its
 * owner's roles. Role `administrator` grants everything. Any other role (e.g. `readonly`) may read
 * its own admin and list and manage its own admin's tokens (creating them needs
 * "Allow creation of API tokens", which `readonly` has); anything about other admins needs
 * "User Access: view" (reading) or "User Access: manage" (tokens), and is refused with 403.
 */

/** Throws 403 naming `permission` unless the caller's owner has it. */
export function requirePermission(state: EmulatorState, caller: Caller, permission: Permission): void {
  if (!state.hasPermission(caller.token.adminId, permission)) throw emulatorErrors.forbidden(permission);
}

/** Reading an admin record: one's own always; others need "User Access: view". */
export function requireAdminRead(state: EmulatorState, caller: Caller, adminId: number | undefined): void {
  if (adminId !== caller.token.adminId) requirePermission(state, caller, "User Access: view");
}

/**
 * Listing or changing tokens of `adminId` (undefined means every admin): one's own always; others
 * need "User Access: manage". Creating also needs "Allow creation of API tokens".
 */
export function requireTokenAccess(state: EmulatorState, caller: Caller, adminId: number | undefined, creating = false): void {
  if (adminId !== caller.token.adminId) requirePermission(state, caller, "User Access: manage");
  if (creating) requirePermission(state, caller, "Allow creation of API tokens");
}
