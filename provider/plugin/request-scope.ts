/**
 * Which resource the plugin is working for, anywhere inside a gRPC request: every handler runs
 * inside the scope of its request's URN (node:async_hooks' AsyncLocalStorage), and whatever it
 * calls (the lifecycle's report hook, deep in the client's retry loop or the rate-limit gate)
 * reads {@link RequestScope.urn}. The lifecycle's method signatures stay as they are.
 *
 * A rate-limit wait is shared by every request to that endpoint; it is reported in the scope of
 * the request whose turn started it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type * as grpcTypes from "@grpc/grpc-js";

/** A service whose methods are all unary handlers (what `createResourceProvider` returns). */
export type UnaryService = Record<string, grpcTypes.handleUnaryCall<unknown, unknown>>;

/** The URN of the request being handled; one instance per plugin server. */
export class RequestScope {
  private readonly storage = new AsyncLocalStorage<{ urn: string }>();

  /** @param beforeAnswer awaited after each handler and before its answer (e.g. until its messages are out). */
  constructor(private readonly beforeAnswer: () => Promise<void> = async () => {}) {}

  /** The URN of the request being handled here; `""` outside a request or for one without a URN. */
  urn(): string {
    return this.storage.getStore()?.urn ?? "";
  }

  /** The service with each handler run inside its request's scope, answering after {@link beforeAnswer}. */
  wrap(service: UnaryService): UnaryService {
    const wrapped: UnaryService = {};
    for (const [name, handler] of Object.entries(service)) {
      wrapped[name] = (call, callback) => {
        this.storage.run({ urn: urnOf(call.request) }, () => {
          handler(call, (...answer) => {
            this.beforeAnswer().then(
              () => callback(...answer),
              () => callback(...answer),
            );
          });
        });
      };
    }
    return wrapped;
  }
}

function urnOf(request: unknown): string {
  const getUrn = (request as { getUrn?: unknown } | null)?.getUrn;
  return typeof getUrn === "function" ? String(getUrn.call(request)) : "";
}
