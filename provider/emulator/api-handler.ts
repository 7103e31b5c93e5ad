import type { Answer, ApiExchange } from "./api-exchange";
import { jsonAnswer } from "./api-exchange";
import { authenticate } from "./auth";
import { errorResponse, successResponse } from "./envelope";
import { EmulatorError, emulatorErrors } from "./errors";
import type { FixedWindowRateLimiter } from "./rate-limit";
import type { EmulatorState } from "./state";
import { HTTP_METHODS, type HttpMethod } from "./types";
import type { OperationResult } from "./routes/operation";

/**
 * The emulated API without faults: rate limit, route, authentication, operation, and the answer in
 * the version's format. Faults wrap it (fault-injection.ts); the app delivers its answers.
 */

/** What the handler acts on. */
export interface ApiHandlerDependencies {
  state: EmulatorState;
  limiter: FixedWindowRateLimiter;
  /** The portal clock, milliseconds. */
  portalNow(): number;
}

/** The emulated API as two steps: `execute` carries a request out; `serve` adds rate limits and formats the answer. */
export interface ApiHandler {
  /** Authenticates and carries out the request (throws an `EmulatorError`); fills the log entry's caller fields. */
  execute(exchange: ApiExchange, body: string): OperationResult;
  /** Reads the body, applies rate limits, executes, and answers in the request's API version. */
  serve(exchange: ApiExchange): Promise<Answer>;
}

/** Creates the handler over the portal's state. */
export function createApiHandler(deps: ApiHandlerDependencies): ApiHandler {
  const execute = (exchange: ApiExchange, body: string): OperationResult => {
    const { route, method, resourcePath } = exchange;
    if (!route.operation) throw emulatorErrors.notFound(`No such resource: ${method} ${resourcePath}`);
    const nowMs = deps.portalNow();
    const caller = authenticate({ authorization: exchange.authorization, method, body, resourcePath, isV3: exchange.isV3 }, deps.state, nowMs);
    const nowSeconds = Math.floor(nowMs / 1000);
    deps.state.markUsed(caller.token, nowSeconds, exchange.remoteAddress);
    exchange.entry.auth = caller.scheme;
    exchange.entry.callerTokenId = caller.token.id;
    return route.operation({ state: deps.state, caller, params: route.params, query: exchange.query, body, nowSeconds });
  };

  const serve = async (exchange: ApiExchange): Promise<Answer> => {
    const headers: Record<string, string> = {};
    try {
      const read = await exchange.body;
      if ("error" in read) throw read.error;
      const template = exchange.route.template;
      const decision = template && isHttpMethod(exchange.method) ? deps.limiter.admit(exchange.method, template) : undefined;
      if (decision) Object.assign(headers, decision.headers);
      if (decision && !decision.allowed) throw emulatorErrors.rateLimited();
      const outcome = execute(exchange, read.text);
      if (outcome.tokenId !== undefined) exchange.entry.tokenId = outcome.tokenId;
      const response = successResponse(exchange.version, outcome.payload);
      return jsonAnswer(response.status, response.body, headers);
    } catch (error) {
      const response = errorResponse(exchange.version, toEmulatorError(error));
      return jsonAnswer(response.status, response.body, headers);
    }
  };

  return { execute, serve };
}

/** The one place where unexpected errors become a generic 500 (and are logged). */
export function toEmulatorError(error: unknown): EmulatorError {
  if (error instanceof EmulatorError) return error;
  console.error("[lm-emulator] internal error:", error);
  return emulatorErrors.internal();
}

/** True for the methods the emulated API serves. */
export function isHttpMethod(method: string): method is HttpMethod {
  return HTTP_METHODS.includes(method as HttpMethod);
}
