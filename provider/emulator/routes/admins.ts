import { assert, emulatorErrors } from "../errors";
import { listPage, projectFields } from "../listing";
import { requireAdminRead } from "../permissions";
import { ADMIN_FILTER_PROPERTIES, adminView } from "../views";
import { param, type Operation } from "./operation";

/** `GET /setting/admins`: every admin (needs "User Access: view"), with filter, sort and paging. */
export const listAdmins: Operation = ({ state, caller, query }) => {
  requireAdminRead(state, caller, undefined);
  const admins = state.listAdmins().map((admin) => adminView(state, admin));
  return { payload: listPage(admins, query, ADMIN_FILTER_PROPERTIES) };
};

/** `GET /setting/admins/{id}`: one admin; one's own needs no permission. */
export const getAdmin: Operation = (context) => {
  const { state, caller, query } = context;
  const admin = state.getAdmin(param(context, "id"));
  assert(admin, emulatorErrors.notFound("No such user"));
  requireAdminRead(state, caller, admin.id);
  return { payload: projectFields(adminView(state, admin), query) };
};
