/**
 * A LogicMonitor REST emulator for tests and demos: a real HTTP server that verifies LMv1
 * signatures and Bearer tokens, serves the admin and API-token endpoints under `/santaba/rest`
 * in the v1 and v3 formats, and has control endpoints under `/_emulator/` for resets, faults,
 * settings and assertions. Uses Node built-ins only. See README.md next to this file.
 */
export { startEmulator } from "./server";
export { createEmulator, type EmulatorApp } from "./app";
export type {
  CreateEmulatorOptions,
  EmulatorOptions,
  EmulatorRateLimit,
  EmulatorRateLimits,
  HttpMethod,
  RunningEmulator,
  TokenRecord,
  AdminRecord,
  TokenType,
  TokenStatus,
} from "./types";
export type { EmulatorSettings } from "./settings";
export type { LoggedRequest, RequestCounters } from "./request-log";
export type { Fault, FaultAction } from "./faults";
export { verifyLmv1, LMV1_MAX_SKEW_MS, type Lmv1Verification, type Lmv1VerificationInput, type Lmv1Rejection } from "./auth";
export { EmulatorError, emulatorErrors, type LmErrorBody } from "./errors";
export { CONTROL_TOKEN_HEADER } from "./exposure";
export { EmulatorState, SEED_ADMINS, SEED_ROLES, ROOT_ADMIN_ID, ROOT_TOKEN_ID, type StateSnapshot } from "./state";
