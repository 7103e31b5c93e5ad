import type { IncomingMessage, ServerResponse } from "node:http";
import { toResourcePath } from "../client/signing";
import { detectApiVersion, isExactlyV3, type ApiVersion } from "./envelope";
import { readBody } from "./http-io";
import type { LoggedRequest } from "./request-log";
import { matchRoute, type RouteMatch } from "./router";

/**
 * One `/santaba/rest` request as every stage of the emulator sees it, and the answer the stages
 * agree on. Everything is taken from the socket up front: a `commit-late` write runs after the
 * socket is gone.
 */

/** A request, read. */
export interface ApiExchange {
  method: string;
  /** The path without `/santaba/rest` and without the query string. */
  resourcePath: string;
  query: URLSearchParams;
  route: RouteMatch;
  version: ApiVersion;
  /** True for exactly API v3 (Bearer is refused otherwise). */
  isV3: boolean;
  authorization: string | undefined;
  remoteAddress: string;
  /**
   * The body, read as it arrives, before any injected latency: a portal that is slow to answer has
   * already received the request, so a client that gives up meanwhile does not cancel it.
   */
  body: Promise<{ text: string } | { error: unknown }>;
  /** The log entry, filled in by the stages; recorded when the exchange is answered. */
  entry: Omit<LoggedRequest, "seq">;
  /** Aborted when the client is gone (the response closed before it was sent). */
  clientGone: AbortSignal;
}

/** How an exchange ends. */
export type Answer =
  /** A response with exactly this text. */
  | { kind: "send"; status: number; text: string; contentType: string; headers: Record<string, string> }
  /** The connection is destroyed without a response, after the usual latency; `status` is what the response would have been. */
  | { kind: "drop"; status: number }
  /** The connection is destroyed at once, before anything is handled. */
  | { kind: "reset" }
  /** No response at all: the client's timeout ends the exchange. */
  | { kind: "hang" };

/** A JSON answer. */
export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { kind: "send", status, text: JSON.stringify(body), contentType: "application/json", headers };
}

/** Reads what the stages need from a request (its body keeps arriving in the background). */
export function readExchange(request: IncomingMessage, response: ServerResponse, rawPath: string, rawQuery: string, nowMs: number): ApiExchange {
  const clientGone = new AbortController();
  response.once("close", () => clientGone.abort());
  const method = (request.method ?? "GET").toUpperCase();
  const resourcePath = toResourcePath(rawPath);
  const query = new URLSearchParams(rawQuery);
  const route = matchRoute(method, resourcePath);
  return {
    method,
    resourcePath,
    query,
    route,
    version: detectApiVersion(request.headers, query),
    isV3: isExactlyV3(request.headers, query),
    authorization: request.headers.authorization,
    remoteAddress: request.socket.remoteAddress ?? "",
    body: readBody(request).then(
      (text) => ({ text }),
      (error: unknown) => ({ error }),
    ),
    entry: {
      at: nowMs,
      method,
      route: `${method} ${route.template ?? "(unknown route)"}`,
      path: resourcePath,
      query: rawQuery,
      status: 0,
      ...idsOf(route),
      auth: "none",
    },
    clientGone: clientGone.signal,
  };
}

/** The admin and token ids in the path, for the log (`{id}` is a token id only on token routes). */
function idsOf(route: RouteMatch): { adminId?: number; tokenId?: number } {
  const ids: { adminId?: number; tokenId?: number } = {};
  if (route.params["adminId"] !== undefined) ids.adminId = route.params["adminId"];
  if (route.template?.endsWith("/apitokens/{id}") && route.params["id"] !== undefined) ids.tokenId = route.params["id"];
  return ids;
}
