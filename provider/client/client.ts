/**
 * `LogicMonitorClient`: typed calls for API tokens and admins, over one request pipeline.
 *
 * Every call goes through {@link LogicMonitorClient.call}, which composes the separate pieces in
 * this order, once per attempt:
 *
 *   retry (retry.ts) → rate-limit gate (rate-limit.ts) → sign (signing.ts) → send (transport.ts)
 *
 * The JSON body is serialized once, before the loop; each attempt signs that exact text with a
 * fresh timestamp and sends it unchanged.
 */
import { apiErrorFor, networkErrorFor, timeoutErrorFor, type FailureContext } from "./advice";
import { LmApiError, LmConfigError, isNotFound, type LmError } from "./errors";
import { scrubServerMessage, SecretValues } from "./redaction";
import { normalizeClientOptions, type ResolvedClientOptions } from "./config";
import { RateLimitGate, rateLimitKey, type GateObservation } from "./rate-limit";
import {
  parseAdmin,
  parseApiToken,
  parseListPage,
  parseLmErrorBody,
  UnexpectedBodyError,
  unwrapV1Envelope,
  type TokenFallback,
} from "./records";
import { computeBackoffDelay, decideRetry, rateLimitWaitMs, type AttemptOutcome, type RetryCounts, type RetryDecision } from "./retry";
import { signLmv1 } from "./signing";
import { Transport, type TransportResult } from "./transport";
import type {
  AdminRecord,
  ApiTokenRecord,
  ClientOptions,
  CreateApiTokenInput,
  HttpMethod,
  ListApiTokensOptions,
  RetryEvent,
  TokenType,
  UpdateApiTokenInput,
} from "./types";

/** One API call, before serialization. */
interface ApiCall {
  method: HttpMethod;
  /** Resource path, e.g. `/setting/admins/32/apitokens`. */
  path: string;
  query?: Record<string, string | number>;
  /** A JSON value, serialized once. */
  body?: unknown;
}

/** Stops a list that never ends (a server that ignores `offset`). */
const MAX_PAGES = 10_000;

/** A LogicMonitor REST client for API tokens and admins. Construct one per provider instance. */
export class LogicMonitorClient {
  private readonly options: ResolvedClientOptions;
  private readonly transport: Transport;
  private readonly gate: RateLimitGate;
  /** Every secret this client knows, removed by value from any server text it reports. */
  private readonly secrets = new SecretValues();

  /**
   * @throws LmConfigError naming the option at fault (see `resolveClientOptions` to read the
   * environment first).
   */
  constructor(options: ClientOptions) {
    this.options = normalizeClientOptions(options);
    this.transport = new Transport({ baseUrl: this.options.baseUrl, userAgent: this.options.userAgent });
    this.gate =
      this.options.rateLimitGate ??
      new RateLimitGate({ now: this.options.now, sleep: this.options.sleep, ...(this.options.onWait ? { onWait: this.options.onWait } : {}) });
    const { auth } = this.options;
    this.secrets.add(auth.kind === "bearer" ? auth.token : auth.accessKey);
  }

  /** Waits `ms` with this client's clock (injectable, so tests run in milliseconds). */
  sleep(ms: number): Promise<void> {
    return this.options.sleep(ms);
  }

  /**
   * Waits as this client does before retry number `retry` (1 for the first): capped exponential
   * backoff with jitter, from its retry policy, random source and sleep.
   */
  backoff(retry: number): Promise<void> {
    return this.options.sleep(computeBackoffDelay(retry, this.options.retry, this.options.random));
  }

  /** The REST base URL this client calls, ending in `/santaba/rest`. */
  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /**
   * Lists an admin's API tokens, following pages until `offset >= total` or an empty page.
   * LogicMonitor lists LMv1 and Bearer tokens separately, so `"all"` (the default) makes both calls.
   */
  async listApiTokens(adminId: number, options: ListApiTokensOptions = {}): Promise<ApiTokenRecord[]> {
    requireId("adminId", adminId);
    const type = options.type ?? "all";
    if (type !== "all") return this.listTokensOfType(adminId, type);
    const [lmv1, bearer] = await Promise.all([
      this.listTokensOfType(adminId, "lmv1"),
      this.listTokensOfType(adminId, "bearer"),
    ]);
    return [...lmv1, ...bearer];
  }

  /**
   * Finds one token of an admin, of either type. LogicMonitor has no get-one endpoint, so this
   * lists with `filter=id:N` and checks the id.
   */
  async findApiToken(adminId: number, tokenId: number): Promise<ApiTokenRecord | undefined> {
    requireId("adminId", adminId);
    requireId("tokenId", tokenId);
    const filter = `id:${tokenId}`;
    const [lmv1, bearer] = await Promise.all([
      this.listTokensOfType(adminId, "lmv1", filter),
      this.listTokensOfType(adminId, "bearer", filter),
    ]);
    return [...lmv1, ...bearer].find((token) => token.id === tokenId);
  }

  /**
   * Creates a token and returns it with its `accessKey`, which LogicMonitor shows only now.
   * Not retried once it may have reached LogicMonitor: on such a failure the error satisfies
   * `isPossiblyCommitted`, and the caller should look for the token before creating another.
   * A 2xx answer that cannot be read, or that lacks the key (or, for LMv1, the access id), is
   * such a failure too: LogicMonitor made a token whose key this client does not have.
   */
  async createApiToken(adminId: number, input: CreateApiTokenInput = {}): Promise<ApiTokenRecord> {
    requireId("adminId", adminId);
    const body: { note?: string; status?: 1 | 2 } = {};
    if (input.note !== undefined) body.note = input.note;
    if (input.status !== undefined) body.status = input.status;
    const type = input.type ?? "lmv1";
    const call: ApiCall = { method: "POST", path: `/setting/admins/${adminId}/apitokens`, body };
    if (type === "bearer") call.query = { type: "bearer" };
    const fallback: TokenFallback = { type, adminId, note: input.note ?? "", status: input.status ?? 2 };
    const token = this.parsed(call, parseApiToken, await this.call(call), fallback);
    this.secrets.add(token.accessKey);
    if (!token.accessKey || (token.type === "lmv1" && !token.accessId)) {
      throw new LmApiError(
        {
          ...this.context(call, 1),
          possiblyCommitted: true,
          status: 200,
          lmErrorMessage: `LogicMonitor created token ${token.id} but its answer has no ${token.accessKey ? "accessId" : "accessKey"}`,
        },
        "the token exists but cannot be used: delete it (its key was never shown) and create another",
      );
    }
    return token;
  }

  /**
   * Replaces a token's note and status. Both are always sent: LogicMonitor re-enables a token
   * when a PUT omits `status`. The returned `type` is `lmv1` unless LogicMonitor says otherwise.
   */
  async updateApiToken(adminId: number, tokenId: number, input: UpdateApiTokenInput): Promise<ApiTokenRecord> {
    requireId("adminId", adminId);
    requireId("tokenId", tokenId);
    const call: ApiCall = {
      method: "PUT",
      path: `/setting/admins/${adminId}/apitokens/${tokenId}`,
      body: { note: input.note, status: input.status },
    };
    const fallback: TokenFallback = { type: "lmv1", adminId, note: input.note, status: input.status };
    return this.parsed(call, parseApiToken, await this.call(call), fallback);
  }

  /** Deletes a token. Throws an {@link LmApiError} with status 404 when it is already gone. */
  async deleteApiToken(adminId: number, tokenId: number): Promise<void> {
    requireId("adminId", adminId);
    requireId("tokenId", tokenId);
    await this.call({ method: "DELETE", path: `/setting/admins/${adminId}/apitokens/${tokenId}` });
  }

  /**
   * Finds a user by exact username. The server-side filter also matches wildcards and may be
   * case-insensitive, so the result is checked on this side.
   */
  async findAdminByUsername(username: string): Promise<AdminRecord | undefined> {
    const quoted = `"${username.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    const admins = await this.listAll(
      { method: "GET", path: "/setting/admins", query: { filter: `username:${quoted}` } },
      parseAdmin,
    );
    return admins.find((admin) => admin.username === username);
  }

  /** Lists every user (admin) of the portal; needs "User Access: view". */
  async listAdmins(): Promise<AdminRecord[]> {
    return this.listAll({ method: "GET", path: "/setting/admins" }, parseAdmin);
  }

  /** Gets a user by id; `undefined` when LogicMonitor answers 404. */
  async getAdmin(adminId: number): Promise<AdminRecord | undefined> {
    requireId("adminId", adminId);
    const call: ApiCall = { method: "GET", path: `/setting/admins/${adminId}` };
    try {
      return this.parsed(call, parseAdmin, await this.call(call));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private listTokensOfType(adminId: number, type: TokenType, filter?: string): Promise<ApiTokenRecord[]> {
    const query: Record<string, string> = {};
    if (type === "bearer") query["type"] = "bearer";
    if (filter !== undefined) query["filter"] = filter;
    return this.listAll({ method: "GET", path: `/setting/admins/${adminId}/apitokens`, query }, (item) =>
      parseApiToken(item, { type, adminId }),
    );
  }

  /** Follows `size`/`offset` pages until `offset >= total` or an empty page. */
  private async listAll<T>(call: ApiCall, parseItem: (item: unknown) => T): Promise<T[]> {
    const results: T[] = [];
    const size = this.options.pageSize;
    let offset = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const pageCall: ApiCall = { ...call, query: { ...call.query, size, offset } };
      const { total, items } = this.parsed(pageCall, parseListPage, await this.call(pageCall));
      for (const item of items) results.push(this.parsed(pageCall, parseItem, item));
      offset += items.length;
      const done = total >= 0 ? offset >= total : items.length < size;
      if (items.length === 0 || done) break;
    }
    return results;
  }

  /**
   * Sends one API call through the pipeline and returns the 2xx body; throws an `LmError` for
   * anything else. Retry → gate → sign → send. The retry decision owns every wait: after a 429
   * its delay is handed to the gate, which holds every caller of the endpoint that long (the
   * client does not sleep again); after other failures the client sleeps the backoff. 429s and
   * other failures have separate budgets.
   */
  private async call(call: ApiCall): Promise<unknown> {
    const { method, path } = call;
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const key = rateLimitKey(method, path);
    const retries: RetryCounts = { rateLimited: 0, other: 0 };
    for (let attempt = 1; ; attempt += 1) {
      const ticket = await this.gate.acquire(key, { priority: attempt > 1 });
      let result: TransportResult | undefined;
      let decision: RetryDecision | undefined;
      try {
        result = await this.send({ ...call, body });
        decision = decideRetry({ method, outcome: toOutcome(result), retries, policy: this.options.retry, random: this.options.random });
      } finally {
        this.gate.release(ticket, this.observe(result, decision));
      }
      if (result.kind === "response" && result.status >= 200 && result.status < 300) {
        return this.successBody(call, result.status, result.body, attempt);
      }
      if (!decision.retry) {
        throw this.failure(result, { ...this.context(call, attempt), possiblyCommitted: decision.possiblyCommitted });
      }
      this.report({
        method,
        path,
        attempt,
        delayMs: decision.delayMs,
        reason: decision.reason,
        ...(result.kind === "response" ? { status: result.status } : {}),
        ...(result.kind === "network" ? { code: result.code } : {}),
      });
      if (decision.reason === "rate-limited") {
        retries.rateLimited += 1; // the gate holds the endpoint for decision.delayMs
      } else {
        retries.other += 1;
        await this.options.sleep(decision.delayMs);
      }
    }
  }

  /** One attempt, signed with a fresh timestamp. */
  private send(call: Omit<ApiCall, "body"> & { body: string | undefined }): Promise<TransportResult> {
    return this.transport.send({
      method: call.method,
      resourcePath: call.path,
      ...(call.query ? { query: call.query } : {}),
      ...(call.body !== undefined ? { body: call.body } : {}),
      authorization: this.authorize(call.method, call.path, call.body ?? ""),
      timeoutMs: this.options.timeoutMs,
    });
  }

  /** The `Authorization` header for one attempt. LMv1 signs method, now, body and path. */
  private authorize(method: HttpMethod, resourcePath: string, body: string): string {
    const { auth } = this.options;
    if (auth.kind === "bearer") return `Bearer ${auth.token}`;
    const header = signLmv1(auth.accessId, auth.accessKey, { method, epochMillis: this.options.now(), body, resourcePath });
    const signature = header.split(":")[1];
    if (signature !== undefined) this.secrets.addSignature(signature);
    return header;
  }

  /** What the gate learns from an attempt; after a retried 429, how long to hold the endpoint. */
  private observe(result: TransportResult | undefined, decision: RetryDecision | undefined): GateObservation {
    if (result?.kind !== "response") return {};
    const ok = result.status < 500 && result.status !== 429;
    const observation: GateObservation = { headers: result.rateLimit, ok };
    if (decision?.retry && decision.reason === "rate-limited") observation.blockForMs = decision.delayMs;
    // A 429 this call gives up on still closes the endpoint for the window, for every other caller.
    else if (result.status === 429) observation.blockForMs = rateLimitWaitMs(result.rateLimit.windowSeconds, this.options.retry);
    return observation;
  }

  private successBody(call: ApiCall, status: number, body: unknown, attempts: number): unknown {
    const unwrapped = unwrapV1Envelope(body);
    if (!unwrapped.v1Error) return unwrapped.body;
    throw new LmApiError(
      {
        ...this.context(call, attempts),
        possiblyCommitted: false,
        status,
        lmErrorCode: unwrapped.v1Error.status,
        lmErrorShape: "v1",
        lmErrorMessage: scrubServerMessage(unwrapped.v1Error.message, this.secrets),
      },
      "LogicMonitor answered in the API v1 format although the client asked for v3 (X-Version: 3): " +
        "check that nothing between here and the portal drops that header",
    );
  }

  private context(call: ApiCall, attempts: number): FailureContext {
    return {
      method: call.method,
      path: call.path,
      attempts,
      possiblyCommitted: false,
      auth: this.options.auth.kind,
      origin: this.options.origin,
      baseUrl: this.options.baseUrl,
      settings: this.options.settingNames,
    };
  }

  private failure(result: TransportResult, context: FailureContext): LmError {
    switch (result.kind) {
      case "network":
        return networkErrorFor(context, result.code);
      case "timeout":
        return timeoutErrorFor(context, result.timeoutMs);
      case "response": {
        const lmError = parseLmErrorBody(result.body);
        return apiErrorFor(context, {
          status: result.status,
          ...(lmError
            ? {
                lmErrorCode: lmError.errorCode,
                lmErrorShape: lmError.shape,
                ...(lmError.errorMessage ? { lmErrorMessage: scrubServerMessage(lmError.errorMessage, this.secrets) } : {}),
              }
            : { received: describeBody(result.contentType, result.body) }),
          ...(result.serverDateMs !== undefined ? { clockSkewMs: this.options.now() - result.serverDateMs } : {}),
          rateLimit: result.rateLimit,
        });
      }
    }
  }

  /**
   * Parses a 2xx body; a body of the wrong shape becomes an {@link LmApiError}. For a POST the
   * write happened although its answer cannot be read, so the error is `possiblyCommitted`.
   */
  private parsed<T, A extends unknown[]>(call: ApiCall, parse: (value: unknown, ...args: A) => T, value: unknown, ...args: A): T {
    try {
      return parse(value, ...args);
    } catch (error) {
      if (!(error instanceof UnexpectedBodyError)) throw error;
      const committed = call.method === "POST";
      throw new LmApiError(
        {
          ...this.context(call, 1),
          possiblyCommitted: committed,
          status: 200,
          lmErrorMessage: `Unexpected response: ${error.message}`,
        },
        `the answer from ${this.options.baseUrl}${call.path} is not what LogicMonitor's REST API v3 sends` +
          (committed ? " (the write may have happened)" : "") +
          `: check that ${this.options.settingNames.baseUrl} points at a LogicMonitor portal`,
      );
    }
  }

  private report(event: RetryEvent): void {
    try {
      this.options.onRetry?.(event);
    } catch {
      // A logging hook must not change the outcome of a call.
    }
  }
}

function toOutcome(result: TransportResult): AttemptOutcome {
  switch (result.kind) {
    case "response":
      return result.rateLimit.windowSeconds === undefined
        ? { kind: "response", status: result.status }
        : { kind: "response", status: result.status, windowSeconds: result.rateLimit.windowSeconds };
    case "network":
      return { kind: "network", code: result.code };
    case "timeout":
      return { kind: "timeout" };
  }
}

function requireId(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new LmConfigError(`${name} must be a positive integer, got ${String(value)}`, [name]);
  }
}

/** What an answer without LogicMonitor's error shape was, in words; never its text. */
function describeBody(contentType: string | undefined, body: unknown): string {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  const kind =
    body === undefined
      ? "an empty body"
      : type === "text/html" || (typeof body === "string" && /^\s*<(!doctype|html)/i.test(body))
        ? "an HTML page"
        : typeof body === "string"
          ? "a non-JSON body"
          : "JSON without LogicMonitor's error fields";
  return type ? `${kind} (${type})` : kind;
}
