import type { Caller } from "../auth";
import type { EmulatorState } from "../state";

/** What an API operation gets: the state, the authenticated caller and the parsed request. */
export interface OperationContext {
  state: EmulatorState;
  caller: Caller;
  /** Numeric path parameters by template name (`adminId`, `id`). */
  params: Record<string, number>;
  query: URLSearchParams;
  /** The raw body text. */
  body: string;
  /** The portal clock, epoch seconds. */
  nowSeconds: number;
}

/** What an operation returns: the payload before versioning, and the token it touched, for the log. */
export interface OperationResult {
  payload: unknown;
  tokenId?: number;
}

/** One API operation: returns a result or throws an `EmulatorError`. */
export type Operation = (context: OperationContext) => OperationResult;

/** A numeric path parameter that the router guarantees. */
export function param(context: OperationContext, name: string): number {
  const value = context.params[name];
  if (value === undefined) throw new Error(`route has no parameter ${name}`);
  return value;
}
