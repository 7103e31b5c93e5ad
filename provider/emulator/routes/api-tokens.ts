import { assert, emulatorErrors } from "../errors";
import { listPage } from "../listing";
import { requireTokenAccess } from "../permissions";
import { noteField, parseObjectBody, statusField } from "../request-body";
import type { TokenStatus, TokenType } from "../types";
import { TOKEN_FILTER_PROPERTIES, tokenView } from "../views";
import { param, type Operation, type OperationContext } from "./operation";

/**
 * The API-token operations (https://www.logicmonitor.com/support/getting-api-token-details and
 * the v1 add/update/delete pages). There is no "get one token" operation in the real API.
 */

/** `GET /setting/admins/apitokens`: tokens of every admin, of one type (LMv1 unless `type=bearer`). */
export const listAllTokens: Operation = ({ state, caller, query }) => {
  requireTokenAccess(state, caller, undefined);
  const type = tokenTypeParam(query);
  const tokens = state.listTokens().filter((token) => token.type === type);
  return { payload: listPage(tokens.map((token) => tokenView(state, token, "hidden")), query, TOKEN_FILTER_PROPERTIES) };
};

/** `GET /setting/admins/{adminId}/apitokens`: one admin's tokens of one type. */
export const listAdminTokens: Operation = (context) => {
  const { state, query } = context;
  const adminId = existingAdminId(context, false);
  const type = tokenTypeParam(query);
  const tokens = state.listTokens().filter((token) => token.adminId === adminId && token.type === type);
  return { payload: listPage(tokens.map((token) => tokenView(state, token, "hidden")), query, TOKEN_FILTER_PROPERTIES) };
};

/** `POST /setting/admins/{adminId}/apitokens`: creates a token; the only response with the key. */
export const createToken: Operation = (context) => {
  const { state, caller, query, nowSeconds } = context;
  const adminId = existingAdminId(context, true);
  const body = parseObjectBody(context.body, { emptyIsObject: false });
  const token = state.createToken({
    adminId,
    type: tokenTypeParam(query),
    note: noteField(body) ?? "",
    status: statusField(body) ?? 2,
    createdBy: state.getAdmin(caller.token.adminId)?.username ?? "",
    createdOn: nowSeconds,
  });
  return { payload: tokenView(state, token, "created"), tokenId: token.id };
};

/** `PUT …/apitokens/{id}`: replaces note and status; an omitted status becomes 2 (enabled) and an omitted note "". */
export const replaceToken: Operation = (context) => {
  const body = parseObjectBody(context.body, { emptyIsObject: false });
  return changeToken(context, { note: noteField(body) ?? "", status: statusField(body) ?? 2 });
};

/** `PATCH …/apitokens/{id}`: changes only the fields sent. */
export const patchToken: Operation = (context) => {
  const body = parseObjectBody(context.body, { emptyIsObject: false });
  return changeToken(context, { note: noteField(body), status: statusField(body) });
};

/** `DELETE …/apitokens/{id}`: 200 with `{}`; a second delete is 404. */
export const deleteToken: Operation = (context) => {
  const token = existingToken(context);
  context.state.deleteToken(token.id);
  return { payload: {}, tokenId: token.id };
};

function changeToken(context: OperationContext, change: { note?: string; status?: TokenStatus }) {
  const token = existingToken(context);
  const updated = context.state.updateToken(token.id, change);
  assert(updated, emulatorErrors.notFound("No such API token"));
  return { payload: tokenView(context.state, updated, "hidden"), tokenId: token.id };
}

function existingAdminId(context: OperationContext, creating: boolean): number {
  const admin = context.state.getAdmin(param(context, "adminId"));
  assert(admin, emulatorErrors.notFound("No such user"));
  requireTokenAccess(context.state, context.caller, admin.id, creating);
  return admin.id;
}

function existingToken(context: OperationContext) {
  const adminId = existingAdminId(context, false);
  const token = context.state.getToken(param(context, "id"));
  assert(token && token.adminId === adminId, emulatorErrors.notFound("No such API token"));
  return token;
}

/** `type`: absent (or the spec's default "API Token", or "lmv1") means LMv1; `bearer` means Bearer. */
function tokenTypeParam(query: URLSearchParams): TokenType {
  const type = (query.get("type") ?? "").trim().toLowerCase();
  if (type === "bearer") return "bearer";
  if (type === "" || type === "lmv1" || type === "api token" || type === "apitoken") return "lmv1";
  throw emulatorErrors.badRequest(`Unknown API token type: ${query.get("type")}`);
}
