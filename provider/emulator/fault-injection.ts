import { jsonAnswer, type Answer, type ApiExchange } from "./api-exchange";
import { isHttpMethod, type ApiHandler } from "./api-handler";
import { emulatorErrors } from "./errors";
import type { Fault, FaultQueue, LateCommits } from "./faults";
import type { EmulatorRateLimits } from "./types";
import { waited } from "./waits";

/**
 * Injected faults as a wrapper around the API handler: the first queued fault that matches a
 * request decides whether the handler runs, and what becomes of its answer.
 */

/** What the wrapper needs besides the handler. */
export interface FaultDependencies {
  faults: FaultQueue;
  lateCommits: LateCommits;
  /** The configured rate limits (a 429 fault advertises them). */
  rateLimits(): EmulatorRateLimits;
  /** Aborted when the emulator stops: a fault's wait ends, and the request is dropped. */
  stopping: AbortSignal;
}

/** The handler with faults applied: `(exchange) => answer`. */
export function withFaults(handler: ApiHandler, deps: FaultDependencies): (exchange: ApiExchange) => Promise<Answer> {
  return async (exchange) => {
    const { method, route } = exchange;
    // A write a `commit-late` fault held back lands before the next request of its method and route.
    deps.lateCommits.runBefore(method, route.template);
    const fault = deps.faults.take(method, route.template);
    if (!fault) return handler.serve(exchange);
    exchange.entry.fault = describe(fault);
    // The wait outlives a client that gives up (the portal has the request), not the emulator.
    if (fault.latencyMs > 0 && !(await waited(fault.latencyMs, deps.stopping))) return { kind: "reset" };
    switch (fault.action) {
      case "reset-before":
        return { kind: "reset" };
      case "delay":
        return handler.serve(exchange);
      case "drop-after-commit":
        return { kind: "drop", status: statusOf(await handler.serve(exchange)) };
      case "commit-broken-body": {
        const answer = await handler.serve(exchange);
        if (answer.kind !== "send") return answer;
        // Carried out, then answered with a body that does not parse: the real one cut in half, or the fault's text.
        return { ...answer, text: fault.body ?? truncated(answer.text), contentType: fault.contentType ?? "application/json" };
      }
      case "commit-late": {
        const read = await exchange.body;
        if (!("error" in read) && route.operation) {
          const commitNow = deps.lateCommits.hold(method, route.template, () => handler.execute(exchange, read.text));
          // A hung request is carried out when its client gives up (or before the next one on its route, if sooner).
          if (fault.hang) exchange.clientGone.addEventListener("abort", commitNow, { once: true });
        }
        return fault.hang ? { kind: "hang" } : faultResponse(fault, exchange, deps.rateLimits());
      }
      case "respond":
        return faultResponse(fault, exchange, deps.rateLimits());
    }
  };
}

/** The log's note: the action, with the status for answering actions. */
function describe(fault: Fault): string {
  if (fault.hang) return `${fault.action} hang`;
  return fault.action === "respond" || fault.action === "commit-late" ? `${fault.action} ${fault.status}` : fault.action;
}

/** A fault's own answer: LogicMonitor's error body for the status, or the fault's text. */
function faultResponse(fault: Fault, exchange: ApiExchange, limits: EmulatorRateLimits): Answer {
  const configured = isHttpMethod(exchange.method) ? limits[exchange.method] : undefined;
  const headers: Record<string, string> = { ...rateLimitHeaders(fault, configured), ...fault.headers };
  if (fault.body !== undefined) return { kind: "send", status: fault.status, text: fault.body, contentType: fault.contentType ?? "application/json", headers };
  return jsonAnswer(fault.status, emulatorErrors.withStatus(fault.status).toJSON(), headers);
}

/** A 429 fault carries `X-Rate-Limit-*` like a real one: the method's configured limit, else 1 per 1 second. */
function rateLimitHeaders(fault: Fault, configured: { limit: number; windowSeconds: number } | undefined): Record<string, string> {
  if (fault.status !== 429) return {};
  return {
    "X-Rate-Limit-Limit": String(configured?.limit ?? 1),
    "X-Rate-Limit-Remaining": "0",
    "X-Rate-Limit-Window": String(configured?.windowSeconds ?? 1),
  };
}

function statusOf(answer: Answer): number {
  return answer.kind === "send" || answer.kind === "drop" ? answer.status : 0;
}

/** The first half of a JSON text: never valid JSON (an object or array loses its closing bracket). */
function truncated(json: string): string {
  return json.slice(0, Math.max(1, Math.floor(json.length / 2)));
}
