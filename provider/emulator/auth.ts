import { timingSafeEqual } from "node:crypto";
import { computeLmv1Signature, parseLmv1Header } from "../client/signing";
import { emulatorErrors } from "./errors";
import type { EmulatorState } from "./state";
import type { TokenRecord } from "./types";

/**
 * Authentication as the portal does it (https://www.logicmonitor.com/support/rest-api-authentication):
 * check the timestamp window, look up the key for the access id, recompute the LMv1 signature over
 * the raw body and the resource path, compare in constant time. Bearer works on API v3 only.
 * Signing uses the client's own pure functions, so client and emulator cannot disagree.
 */

/** The portal accepts LMv1 timestamps within 30 minutes of its own clock. */
export const LMV1_MAX_SKEW_MS = 30 * 60 * 1000;

/** Why an LMv1 header was rejected. */
export type Lmv1Rejection = "malformed" | "clock-skew" | "unknown-access-id" | "bad-signature";

/** The outcome of checking an LMv1 header. */
export type Lmv1Verification = { ok: true; accessId: string } | { ok: false; reason: Lmv1Rejection };

/** What {@link verifyLmv1} needs: the request as received, the portal clock and a key lookup. */
export interface Lmv1VerificationInput {
  /** The `Authorization` header value. */
  authorization: string;
  method: string;
  /** The raw body text as received (`""` when there is none). */
  body: string;
  /** The path without `/santaba/rest` and without the query string. */
  resourcePath: string;
  /** The portal's clock, in milliseconds. */
  nowMs: number;
  /** The access key for an access id, or undefined when no such (usable) token exists. */
  findAccessKey: (accessId: string) => string | undefined;
}

/** Verifies an LMv1 `Authorization` header. Pure: no I/O, the clock is passed in. */
export function verifyLmv1(input: Lmv1VerificationInput): Lmv1Verification {
  const parsed = parseLmv1Header(input.authorization);
  if (!parsed) return { ok: false, reason: "malformed" };
  if (Math.abs(input.nowMs - parsed.epochMillis) > LMV1_MAX_SKEW_MS) return { ok: false, reason: "clock-skew" };
  const accessKey = input.findAccessKey(parsed.accessId);
  if (accessKey === undefined) return { ok: false, reason: "unknown-access-id" };
  const expected = computeLmv1Signature(accessKey, {
    method: input.method,
    epochMillis: parsed.epochMillis,
    body: input.body,
    resourcePath: input.resourcePath,
  });
  return constantTimeEquals(expected, parsed.signature)
    ? { ok: true, accessId: parsed.accessId }
    : { ok: false, reason: "bad-signature" };
}

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The request facts authentication looks at. */
export interface AuthenticationRequest {
  authorization: string | undefined;
  method: string;
  body: string;
  resourcePath: string;
  /** True for API v3 (Bearer is refused otherwise). */
  isV3: boolean;
}

/** An authenticated caller: the token used and how. */
export interface Caller {
  token: TokenRecord;
  scheme: "lmv1" | "bearer";
}

/**
 * Authenticates a request against the state, or throws 401. Disabled tokens fail like unknown
 * ones. Only a clock-skew failure carries a hint in `errorDetail` ((an emulator addition)).
 */
export function authenticate(request: AuthenticationRequest, state: EmulatorState, nowMs: number): Caller {
  const header = request.authorization?.trim() ?? "";
  if (/^Bearer\s/i.test(header)) {
    const token = state.findBearerToken(header.slice("Bearer".length).trim());
    if (!request.isV3 || !token || token.status !== 2) throw emulatorErrors.unauthorized();
    return { token, scheme: "bearer" };
  }
  const verification = verifyLmv1({
    authorization: header,
    method: request.method,
    body: request.body,
    resourcePath: request.resourcePath,
    nowMs,
    findAccessKey: (accessId) => {
      const token = state.findLmv1Token(accessId);
      return token && token.status === 2 ? token.accessKey : undefined;
    },
  });
  if (!verification.ok) {
    throw emulatorErrors.unauthorized(
      verification.reason === "clock-skew"
        ? `((emulator: the LMv1 timestamp is more than 30 minutes away from the portal clock, ${new Date(nowMs).toISOString()}))`
        : null,
    );
  }
  const token = state.findLmv1Token(verification.accessId);
  if (!token) throw emulatorErrors.unauthorized();
  return { token, scheme: "lmv1" };
}
