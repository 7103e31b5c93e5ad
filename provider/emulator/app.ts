import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { REST_BASE_PATH } from "../client/signing";
import { readExchange, type Answer, type ApiExchange } from "./api-exchange";
import { createApiHandler, toEmulatorError } from "./api-handler";
import { CONTROL_BASE_PATH, handleControlRequest } from "./control";
import { createRandomSource } from "./credentials";
import { emulatorErrors } from "./errors";
import { CONTROL_TOKEN_HEADER, controlTokenAccepted } from "./exposure";
import { withFaults } from "./fault-injection";
import { FaultQueue, LateCommits } from "./faults";
import { readBody, sendJson, sendText } from "./http-io";
import { loadSnapshot, SnapshotWriter } from "./persistence";
import { FixedWindowRateLimiter } from "./rate-limit";
import { RequestLog } from "./request-log";
import { parseSettingsChange, type EmulatorSettings } from "./settings";
import { EmulatorState } from "./state";
import { waited } from "./waits";
import type { CreateEmulatorOptions } from "./types";

/**
 * The emulator as a node:http request listener, with no port: `/santaba/rest/*` is the emulated
 * API, `/_emulator/*` the control endpoints. Per API request, in order: injected fault, rate limit,
 * route, authentication, operation, persistence, latency, response.
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
  /** Changes settings live, as `PUT /_emulator/config` does (validated the same way; throws on bad values). */
  applySettings(change: Partial<EmulatorSettings>): void;
  /** What `POST /_emulator/reset` does. */
  reset(): void;
  /** Resolves once every change so far is in `persistFile` (at once without one). */
  flush(): Promise<void>;
  /** Ends every pending wait (latency, fault delays) without answering: call it when shutting down. */
  stop(): void;
}

/** Creates the emulator's state and request listener. Loads `persistFile` when given. */
export function createEmulator(options: CreateEmulatorOptions = {}): EmulatorApp {
  const now = options.now ?? Date.now;
  const settings: EmulatorSettings = {
    latencyMs: 0,
    rateLimits: {},
    clockOffsetMs: 0,
    ...parseSettingsChange({ latencyMs: options.latencyMs, rateLimits: options.rateLimits, clockOffsetMs: options.clockOffsetMs }),
  };
  const portalNow = () => now() + settings.clockOffsetMs;
  const portalNowSeconds = () => Math.floor(portalNow() / 1000);

  const persistFile = options.persistFile;
  let writer: SnapshotWriter | undefined;
  const state: EmulatorState = new EmulatorState(createRandomSource(options.seed), () => writer?.changed());
  if (persistFile) {
    writer = new SnapshotWriter(persistFile, () => state.snapshot());
    const saved = loadSnapshot(persistFile);
    if (saved) state.restore(saved);
  }
  const root = state.ensureRootToken({ accessId: options.accessId, accessKey: options.accessKey }, portalNowSeconds());
  const flush = async () => writer?.flush();

  const log = new RequestLog(options.maxLoggedRequests);
  const faults = new FaultQueue();
  const lateCommits = new LateCommits();
  const limiter = new FixedWindowRateLimiter(settings.rateLimits, now);
  const stopping = new AbortController();
  const handleApi = withFaults(createApiHandler({ state, limiter, portalNow }), {
    faults,
    lateCommits,
    rateLimits: () => settings.rateLimits,
    stopping: stopping.signal,
  });

  const applySettings = (change: Partial<EmulatorSettings>) => {
    const valid = parseSettingsChange(change);
    if (valid.latencyMs !== undefined) settings.latencyMs = valid.latencyMs;
    if (valid.clockOffsetMs !== undefined) settings.clockOffsetMs = valid.clockOffsetMs;
    if (valid.rateLimits !== undefined) {
      settings.rateLimits = valid.rateLimits;
      limiter.configure(valid.rateLimits);
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
  const portalDate = () => new Date(portalNow()).toUTCString();

  /** Ends an API exchange: what it changed saved, the configured latency, the log entry, the answer. */
  const deliver = async (exchange: ApiExchange, answer: Answer, response: ServerResponse) => {
    if (answer.kind === "hang") {
      log.record(exchange.entry);
      return;
    }
    if (answer.kind === "reset") {
      log.record(exchange.entry);
      response.socket?.destroy();
      return;
    }
    await flush();
    // The latency ends early for a client that is gone or an emulator that stops: nothing is left to do but answer.
    if (settings.latencyMs > 0) await waited(settings.latencyMs, AbortSignal.any([exchange.clientGone, stopping.signal]));
    exchange.entry.status = answer.status;
    log.record(exchange.entry);
    if (answer.kind === "drop") response.socket?.destroy();
    else sendText(response, answer.status, answer.text, answer.contentType, { ...answer.headers, Date: portalDate() });
  };

  const handleControl = async (request: IncomingMessage, response: ServerResponse, rawPath: string, rawQuery: string) => {
    if (!controlTokenAccepted(options.controlToken, request.headers[CONTROL_TOKEN_HEADER]) && !isHealthCheck(request, rawPath)) {
      request.resume();
      const refused = emulatorErrors.unauthorized(`((emulator: the control endpoints need the ${CONTROL_TOKEN_HEADER} header))`);
      sendJson(response, refused.status, refused.toJSON(), { Date: portalDate() });
      return;
    }
    const body = await readBody(request);
    const result = handleControlRequest(
      { state, log, faults, settings: copySettings, applySettings, reset, now, portalNowSeconds },
      { method: (request.method ?? "GET").toUpperCase(), path: rawPath.slice(CONTROL_BASE_PATH.length), query: rawQuery, body },
    );
    await flush();
    sendJson(response, result.status, result.body, { Date: portalDate() });
  };

  const listener: RequestListener = (request, response) => {
    const url = request.url ?? "/";
    const queryStart = url.indexOf("?");
    const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
    const rawQuery = queryStart < 0 ? "" : url.slice(queryStart + 1);
    let handling: Promise<void>;
    if (rawPath.startsWith(REST_BASE_PATH + "/")) {
      const exchange = readExchange(request, response, rawPath, rawQuery, now());
      handling = handleApi(exchange).then((answer) => deliver(exchange, answer, response));
    } else if (rawPath.startsWith(CONTROL_BASE_PATH + "/")) {
      handling = handleControl(request, response, rawPath, rawQuery);
    } else {
      handling = Promise.resolve(sendJson(response, 404, emulatorErrors.notFound(`No such path: ${rawPath}`).toJSON()));
    }
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
    flush,
    stop: () => stopping.abort(),
  };
}

/** `GET /_emulator/health` answers without the control token: it tells nothing but "up". */
function isHealthCheck(request: IncomingMessage, rawPath: string): boolean {
  return (request.method ?? "GET").toUpperCase() === "GET" && rawPath === `${CONTROL_BASE_PATH}/health`;
}
