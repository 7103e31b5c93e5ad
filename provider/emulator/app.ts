import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { REST_BASE_PATH, toResourcePath } from "../client/signing";
import { authenticate, type Caller } from "./auth";
import { CONTROL_BASE_PATH, handleControlRequest } from "./control";
import { createRandomSource } from "./credentials";
import { detectApiVersion, errorResponse, isExactlyV3, successResponse, type ApiResponse } from "./envelope";
import { EmulatorError, emulatorErrors } from "./errors";
import { FaultQueue, LateCommits, type Fault } from "./faults";
import { readBody, sendJson, sendText } from "./http-io";
import { loadSnapshot, saveSnapshot } from "./persistence";
import { FixedWindowRateLimiter } from "./rate-limit";
import { RequestLog, type LoggedRequest } from "./request-log";
import { matchRoute } from "./router";
import { parseRateLimits, type EmulatorSettings } from "./settings";
import { EmulatorState } from "./state";
import { HTTP_METHODS, type CreateEmulatorOptions, type EmulatorRateLimit, type HttpMethod } from "./types";

/**
 * The emulator as a node:http request listener, with no port: `/santaba/rest/*` is the emulated
 * API, `/_emulator/*` the control endpoints. Per API request, in order: injected fault, rate limit,
 * route, authentication, operation, latency, response.
 */

/** An emulator that is not listening anywhere; mount {@link EmulatorApp.listener} on any server. */
export interface EmulatorApp {
  /** The request listener for `http.createServer`. */
  listener: RequestListener;
  /** The portal's admins and tokens. */
  state: EmulatorState;
  /** The request log and counters. */
  log: RequestLog;
  /** Access id of the root API user's token. */
  accessId: string;
  /** Access key of the root API user's token. */
  accessKey: string;
  /** The live settings (a copy). */
  settings(): EmulatorSettings;
  /** Changes settings live, as `PUT /_emulator/config` does. */
  applySettings(change: Partial<EmulatorSettings>): void;
  /** What `POST /_emulator/reset` does. */
  reset(): void;
}

/** Creates the emulator's state and request listener. Loads `persistFile` when given. */
export function createEmulator(options: CreateEmulatorOptions = {}): EmulatorApp {
  const now = options.now ?? Date.now;
  const settings: EmulatorSettings = {
    latencyMs: options.latencyMs ?? 0,
    rateLimits: parseRateLimits(options.rateLimits),
    clockOffsetMs: options.clockOffsetMs ?? 0,
  };
  const portalNow = () => now() + settings.clockOffsetMs;
  const portalNowSeconds = () => Math.floor(portalNow() / 1000);

  const persistFile = options.persistFile;
  const state: EmulatorState = new EmulatorState(createRandomSource(options.seed), () => {
    if (persistFile) saveSnapshot(persistFile, state.snapshot());
  });
  const saved = persistFile ? loadSnapshot(persistFile) : undefined;
  if (saved) state.restore(saved);
  const root = state.ensureRootToken({ accessId: options.accessId, accessKey: options.accessKey }, portalNowSeconds());
  if (persistFile && !saved) saveSnapshot(persistFile, state.snapshot());

  const log = new RequestLog();
  const faults = new FaultQueue();
  const lateCommits = new LateCommits();
  const limiter = new FixedWindowRateLimiter(settings.rateLimits, now);

  const applySettings = (change: Partial<EmulatorSettings>) => {
    if (change.latencyMs !== undefined) settings.latencyMs = change.latencyMs;
    if (change.clockOffsetMs !== undefined) settings.clockOffsetMs = change.clockOffsetMs;
    if (change.rateLimits !== undefined) {
      settings.rateLimits = change.rateLimits;
      limiter.configure(change.rateLimits);
    }
  };
  const reset = () => {
    state.reset();
    log.clearRequests();
    log.clearCounters();
    faults.clear();
    lateCommits.clear();
    limiter.clear();
  };
  const copySettings = (): EmulatorSettings => structuredClone(settings);

  const handleApi = async (request: IncomingMessage, response: ServerResponse, rawPath: string, rawQuery: string) => {
    const method = (request.method ?? "GET").toUpperCase();
    const resourcePath = toResourcePath(rawPath);
    const query = new URLSearchParams(rawQuery);
    const version = detectApiVersion(request.headers, query);
    const route = matchRoute(method, resourcePath);
    // Read the body as it arrives, before any injected latency: a portal that is slow to answer has
    // already received the request, so a client that gives up meanwhile does not cancel it.
    const bodyRead: Promise<{ text: string } | { error: unknown }> = readBody(request).then(
      (text) => ({ text }),
      (error: unknown) => ({ error }),
    );
    // What authentication needs, taken now: a `commit-late` write runs after the socket is gone.
    const authorization = request.headers.authorization;
    const isV3 = isExactlyV3(request.headers, query);
    const remoteAddress = request.socket.remoteAddress ?? "";
    /** Verifies the signature (throws 401) and records the caller token's use. */
    const authenticateCaller = (body: string): Caller => {
      const caller = authenticate({ authorization, method, body, resourcePath, isV3 }, state, portalNow());
      state.markUsed(caller.token, portalNowSeconds(), remoteAddress);
      return caller;
    };
    const entry: Omit<LoggedRequest, "seq"> = {
      at: now(),
      method,
      route: `${method} ${route.template ?? "(unknown route)"}`,
      path: resourcePath,
      query: rawQuery,
      status: 0,
      ...idsOf(route.template, route.params),
      auth: "none",
    };
    const headers: Record<string, string> = {};
    // A write a `commit-late` fault held back lands before the next request of its method and route.
    lateCommits.runBefore(method, route.template);
    const fault = faults.take(method, route.template);
    if (fault) {
      const answers = fault.action === "respond" || fault.action === "commit-late";
      entry.fault = fault.hang ? `${fault.action} hang` : answers ? `${fault.action} ${fault.status}` : fault.action;
      if (fault.latencyMs > 0) await sleep(fault.latencyMs);
      if (fault.action === "reset-before") {
        request.socket.destroy();
        log.record(entry);
        return;
      }
      if (fault.action === "commit-late") {
        const read = await bodyRead;
        const operation = route.operation;
        if (!("error" in read) && operation) {
          const body = read.text;
          lateCommits.hold(method, route.template, () => {
            operation({ state, caller: authenticateCaller(body), params: route.params, query, body, nowSeconds: portalNowSeconds() });
          });
        }
      }
      if (fault.hang) {
        // No answer, ever: the client's own timeout ends the exchange (logged with status 0).
        log.record(entry);
        return;
      }
      if (answers) {
        await delayResponse();
        entry.status = fault.status;
        log.record(entry);
        const configured = isHttpMethod(method) ? settings.rateLimits[method] : undefined;
        const faultResponseHeaders = { ...faultHeaders(fault, configured), ...fault.headers, Date: portalDate() };
        if (fault.body !== undefined) sendText(response, fault.status, fault.body, fault.contentType ?? "application/json", faultResponseHeaders);
        else sendJson(response, fault.status, emulatorErrors.withStatus(fault.status).toJSON(), faultResponseHeaders);
        return;
      }
    }

    let result: ApiResponse;
    try {
      const read = await bodyRead;
      if ("error" in read) throw read.error;
      const body = read.text;
      const decision = route.template && isHttpMethod(method) ? limiter.admit(method, route.template) : undefined;
      if (decision) Object.assign(headers, decision.headers);
      if (decision && !decision.allowed) throw emulatorErrors.rateLimited();
      if (!route.operation) throw emulatorErrors.notFound(`No such resource: ${method} ${resourcePath}`);
      const caller = authenticateCaller(body);
      entry.auth = caller.scheme;
      entry.callerTokenId = caller.token.id;
      const outcome = route.operation({ state, caller, params: route.params, query, body, nowSeconds: portalNowSeconds() });
      if (outcome.tokenId !== undefined) entry.tokenId = outcome.tokenId;
      result = successResponse(version, outcome.payload);
    } catch (error) {
      result = errorResponse(version, toEmulatorError(error));
    }
    entry.status = result.status;
    if (fault?.action === "drop-after-commit") {
      await delayResponse();
      request.socket.destroy();
      log.record(entry);
      return;
    }
    await delayResponse();
    log.record(entry);
    if (fault?.action === "commit-broken-body") {
      // Carried out, then answered with a body that does not parse: the real one cut in half, or the fault's text.
      const text = fault.body ?? truncated(JSON.stringify(result.body));
      sendText(response, result.status, text, fault.contentType ?? "application/json", { ...headers, Date: portalDate() });
      return;
    }
    sendJson(response, result.status, result.body, { ...headers, Date: portalDate() });
  };

  const handleControl = async (request: IncomingMessage, response: ServerResponse, rawPath: string, rawQuery: string) => {
    const body = await readBody(request);
    const result = handleControlRequest(
      { state, log, faults, settings: copySettings, applySettings, reset, now, portalNowSeconds },
      { method: (request.method ?? "GET").toUpperCase(), path: rawPath.slice(CONTROL_BASE_PATH.length), query: rawQuery, body },
    );
    sendJson(response, result.status, result.body, { Date: portalDate() });
  };

  const delayResponse = async () => {
    if (settings.latencyMs > 0) await sleep(settings.latencyMs);
  };
  const portalDate = () => new Date(portalNow()).toUTCString();

  const listener: RequestListener = (request, response) => {
    const url = request.url ?? "/";
    const queryStart = url.indexOf("?");
    const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
    const rawQuery = queryStart < 0 ? "" : url.slice(queryStart + 1);
    let handling: Promise<void>;
    if (rawPath.startsWith(REST_BASE_PATH + "/")) handling = handleApi(request, response, rawPath, rawQuery);
    else if (rawPath.startsWith(CONTROL_BASE_PATH + "/")) handling = handleControl(request, response, rawPath, rawQuery);
    else handling = Promise.resolve(sendJson(response, 404, emulatorErrors.notFound(`No such path: ${rawPath}`).toJSON()));
    handling.catch((error: unknown) => {
      const failure = toEmulatorError(error);
      sendJson(response, failure.status, failure.toJSON());
    });
  };

  return {
    listener,
    state,
    log,
    accessId: root.accessId,
    accessKey: root.accessKey,
    settings: copySettings,
    applySettings,
    reset,
  };
}

/** The one place where unexpected errors become a generic 500 (and are logged). */
function toEmulatorError(error: unknown): EmulatorError {
  if (error instanceof EmulatorError) return error;
  console.error("[lm-emulator] internal error:", error);
  return emulatorErrors.internal();
}

/** The first half of a JSON text: never valid JSON (an object or array loses its closing bracket). */
function truncated(json: string): string {
  return json.slice(0, Math.max(1, Math.floor(json.length / 2)));
}

function isHttpMethod(method: string): method is HttpMethod {
  return HTTP_METHODS.includes(method as HttpMethod);
}

/** The admin and token ids in the path, for the log (`{id}` is a token id only on token routes). */
function idsOf(template: string | undefined, params: Record<string, number>): { adminId?: number; tokenId?: number } {
  const ids: { adminId?: number; tokenId?: number } = {};
  if (params["adminId"] !== undefined) ids.adminId = params["adminId"];
  if (template?.endsWith("/apitokens/{id}") && params["id"] !== undefined) ids.tokenId = params["id"];
  return ids;
}

/** A 429 fault carries `X-Rate-Limit-*` like a real one: the method's configured limit, else 1 per 1 second. */
function faultHeaders(fault: Fault, configured: EmulatorRateLimit | undefined): Record<string, string> {
  if (fault.status !== 429) return {};
  return {
    "X-Rate-Limit-Limit": String(configured?.limit ?? 1),
    "X-Rate-Limit-Remaining": "0",
    "X-Rate-Limit-Window": String(configured?.windowSeconds ?? 1),
  };
}
