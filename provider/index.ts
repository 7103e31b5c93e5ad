/**
 * pulumi-logicmonitor-apitoken: LogicMonitor API tokens as Pulumi resources.
 *
 * The public API, listed name by name on purpose (tests/packaging/public-api.test.ts pins it):
 *
 * - {@link ApiToken}: the resource users declare in Pulumi programs.
 * - {@link ApiTokenProvider}: the dynamic provider behind it, usable directly.
 * - {@link RotatingApiToken}: two keys of one owner that rotate without downtime (current and
 *   previous), and {@link RotatingApiTokenProvider}, its provider (docs/ROTATION.md).
 * - {@link LogicMonitorClient}: the signing REST client (LMv1 and Bearer) with rate-limit gating
 *   and retries, its options, records and errors.
 * - {@link startEmulator}: a LogicMonitor emulator for tests and demos (more in
 *   `pulumi-logicmonitor-apitoken/emulator`).
 *
 * The client's building blocks (retry decisions, backoff, route templates, header parsing, the
 * signing steps) are internals: they may change in any release.
 */
export { ApiToken } from "./api-token";
export type { ApiTokenArgs } from "./resources/api-token/dynamic-resource";
export { ApiTokenProvider, type ApiTokenProviderOptions } from "./resources/api-token/provider";
export type {
  ApiTokenInputs,
  ApiTokenOutputs,
  ApiTokenStatus,
  ApiTokenType,
} from "./resources/api-token/inputs";
export { RotatingApiToken, type RotatingApiTokenArgs } from "./resources/rotating-api-token/dynamic-resource";
export { RotatingApiTokenProvider, type RotatingApiTokenProviderOptions } from "./resources/rotating-api-token/provider";
export type { RotatingApiTokenInputs, RotatingApiTokenOutputs } from "./resources/rotating-api-token/inputs";
export { CONFIG_KEYS } from "./core/provider-config";
export {
  LogicMonitorClient,
  resolveClientOptions,
  ENV_VARS,
  DEFAULT_RETRY_POLICY,
  RateLimitGate,
  type RateLimitGateOptions,
  signLmv1,
  type Lmv1SignatureInput,
  isForbidden,
  isLmApiError,
  isLmConfigError,
  isLmError,
  isLmNetworkError,
  isLmRateLimitError,
  isLmTimeoutError,
  isNotFound,
  isPossiblyCommitted,
  isUnauthorized,
  LmApiError,
  LmConfigError,
  LmError,
  LmNetworkError,
  LmRequestError,
  LmRateLimitError,
  LmTimeoutError,
  type LmErrorName,
  type AdminRecord,
  type ApiTokenRecord,
  type ClientOptions,
  type CreateApiTokenInput,
  type HttpMethod,
  type ListApiTokensOptions,
  type RetryEvent,
  type RetryPolicy,
  type RetryReason,
  type TokenType,
  type UpdateApiTokenInput,
} from "./client";
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./emulator";
