import { BOUNDS } from "./bounds";
import { EmulatorError, assert, emulatorErrors } from "./errors";
import type { ApiResponse } from "./envelope";
import { parseFault, type FaultQueue } from "./faults";
import { bounded, noteField, parseObjectBody, statusField } from "./request-body";
import type { RequestLog } from "./request-log";
import { parseSettingsChange, type EmulatorSettings } from "./settings";
import { SEED_ROLES, type EmulatorState } from "./state";
import type { TokenType } from "./types";
import { controlTokenView, tokenView } from "./views";

/**
 * The emulator's own endpoints under `/_emulator/`: no authentication, no rate limits, plain JSON.
 * They exist for tests and demos; the real portal has nothing like them.
 */

/** The path prefix of the control endpoints. */
export const CONTROL_BASE_PATH = "/_emulator";

/** What the control endpoints act on. */
export interface ControlDependencies {
  state: EmulatorState;
  log: RequestLog;
  faults: FaultQueue;
  /** The live settings. */
  settings(): EmulatorSettings;
  applySettings(change: Partial<EmulatorSettings>): void;
  /** Clears tokens (except the root token), the log, counters, faults and rate-limit windows; re-seeds admins. */
  reset(): void;
  /** Real time in milliseconds. */
  now(): number;
  /** The portal clock in epoch seconds. */
  portalNowSeconds(): number;
}

/** A control request, already read. */
export interface ControlRequest {
  method: string;
  /** The path after `/_emulator`, e.g. `/tokens/1001`. */
  path: string;
  query: string;
  body: string;
}

/** Handles one control request; errors come back as LogicMonitor-shaped bodies with real statuses. */
export function handleControlRequest(deps: ControlDependencies, request: ControlRequest): ApiResponse {
  try {
    return { status: 200, body: dispatch(deps, request) };
  } catch (error) {
    if (error instanceof EmulatorError) return { status: error.status, body: error.toJSON() };
    throw error;
  }
}

function dispatch(deps: ControlDependencies, request: ControlRequest): unknown {
  const { method, path } = request;
  const tokenPath = /^\/tokens\/(\d{1,9})$/.exec(path);
  const key = tokenPath ? `${method} /tokens/{id}` : `${method} ${path}`;
  switch (key) {
    case "GET /health":
      return { ok: true };
    case "POST /reset":
      deps.reset();
      return { ok: true };
    case "GET /requests":
      return { requests: deps.log.requests() };
    case "DELETE /requests":
      deps.log.clearRequests();
      return { ok: true };
    case "GET /counters":
      return deps.log.counters();
    case "DELETE /counters":
      deps.log.clearCounters();
      return { ok: true };
    case "GET /tokens":
      return { tokens: deps.state.listTokens().map((token) => controlTokenView(deps.state, token)) };
    case "POST /tokens":
      return createTokensOutOfBand(deps, request);
    case "PUT /tokens/{id}":
      return updateTokenOutOfBand(deps, request, Number(tokenPath?.[1]));
    case "DELETE /tokens/{id}":
      return deleteTokenOutOfBand(deps, request, Number(tokenPath?.[1]));
    case "POST /admins":
      return addAdmin(deps, request);
    case "GET /faults":
      return { faults: deps.faults.list() };
    case "POST /faults":
      return addFaults(deps, request);
    case "DELETE /faults":
      deps.faults.clear();
      return { ok: true };
    case "GET /config":
      return deps.settings();
    case "PUT /config":
      deps.applySettings(parseSettingsChange(parseObjectBody(request.body, { emptyIsObject: true })));
      return deps.settings();
    default:
      throw emulatorErrors.notFound(`No control endpoint ${method} ${CONTROL_BASE_PATH}${path}`);
  }
}

function addFaults(deps: ControlDependencies, request: ControlRequest): unknown {
  const list = parseObjectBody(request.body, { emptyIsObject: true })["faults"];
  assert(Array.isArray(list), emulatorErrors.badRequest("Expected {faults: [...]}"));
  deps.faults.add(list.map(parseFault));
  return { faults: deps.faults.list() };
}

/** `POST /_emulator/tokens {adminId?, note?, status?, type?, count?}`: creates tokens (keys included in the answer). */
function createTokensOutOfBand(deps: ControlDependencies, request: ControlRequest): unknown {
  const body = parseObjectBody(request.body, { emptyIsObject: true });
  const adminId = body["adminId"] ?? 1;
  assert(typeof adminId === "number" && deps.state.getAdmin(adminId), emulatorErrors.notFound("No such user"));
  const count = body["count"] === undefined ? 1 : bounded(BOUNDS.tokenCount, body["count"]);
  const type = body["type"] ?? "lmv1";
  assert(type === "lmv1" || type === "bearer", emulatorErrors.badRequest('type must be "lmv1" or "bearer"'));
  const { note, status } = tokenChangeOf(body);
  const created = Array.from({ length: count }, () =>
    deps.state.createToken({
      adminId,
      type: type as TokenType,
      note: note ?? "",
      status: status ?? 2,
      createdBy: deps.state.getAdmin(adminId)?.username ?? "",
      createdOn: deps.portalNowSeconds(),
    }),
  );
  logOutOfBand(deps, request, "POST /_emulator/tokens", 200, adminId, created[0]?.id);
  return { tokens: created.map((token) => tokenView(deps.state, token, "created")) };
}

/** `POST /_emulator/admins {username, role? ("administrator")}`: adds a user. */
function addAdmin(deps: ControlDependencies, request: ControlRequest): unknown {
  const body = parseObjectBody(request.body, { emptyIsObject: true });
  const { username, role = "administrator" } = body;
  assert(typeof username === "string" && /^[\x21-\x7e]{1,64}$/.test(username), emulatorErrors.badRequest("username must be 1-64 printable ASCII characters, no spaces"));
  assert(!deps.state.listAdmins().some((admin) => admin.username === username), emulatorErrors.badRequest("username is taken"));
  assert(SEED_ROLES.some((known) => known.name === role), emulatorErrors.badRequest(`role must be one of ${SEED_ROLES.map((known) => known.name).join(", ")}`));
  return { admin: deps.state.addAdmin({ username, role: role as string }) };
}

/** `PUT /_emulator/tokens/{id} {status?, note?}`: a change "by a human in the UI". */
function updateTokenOutOfBand(deps: ControlDependencies, request: ControlRequest, id: number): unknown {
  const change = tokenChangeOf(parseObjectBody(request.body, { emptyIsObject: true }));
  const token = deps.state.updateToken(id, change);
  logOutOfBand(deps, request, "PUT /_emulator/tokens/{id}", token ? 200 : 404, token?.adminId, id);
  assert(token, emulatorErrors.notFound("No such API token"));
  return { token: controlTokenView(deps.state, token) };
}

/** `DELETE /_emulator/tokens/{id}`: a deletion "by a human in the UI". */
function deleteTokenOutOfBand(deps: ControlDependencies, request: ControlRequest, id: number): unknown {
  const token = deps.state.getToken(id);
  const deleted = deps.state.deleteToken(id);
  logOutOfBand(deps, request, "DELETE /_emulator/tokens/{id}", deleted ? 200 : 404, token?.adminId, id);
  assert(deleted, emulatorErrors.notFound("No such API token"));
  return { ok: true };
}

function logOutOfBand(deps: ControlDependencies, request: ControlRequest, route: string, status: number, adminId: number | undefined, tokenId: number | undefined): void {
  deps.log.record({
    at: deps.now(),
    method: request.method,
    route,
    path: CONTROL_BASE_PATH + request.path,
    query: request.query,
    status,
    ...(adminId === undefined ? {} : { adminId }),
    ...(tokenId === undefined ? {} : { tokenId }),
    auth: "none",
    outOfBand: true,
  });
}

/** `{note?, status?}` of an out-of-band change. */
function tokenChangeOf(body: Record<string, unknown>) {
  return { note: noteField(body), status: statusField(body) };
}
