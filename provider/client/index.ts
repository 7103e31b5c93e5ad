/**
 * The LogicMonitor REST client: signing, rate-limit gating and retries around typed calls for
 * API tokens and admins. Runtime code: imports nothing from `@pulumi/pulumi` and keeps no
 * module-level state.
 */
export { LogicMonitorClient } from "./client";
export {
  DEFAULT_DOMAIN,
  DEFAULT_TIMEOUT_MS,
  ENV_VARS,
  MAX_PAGE_SIZE,
  normalizeClientOptions,
  normalizeRetryPolicy,
  resolveClientOptions,
  type ClientAuth,
  type ResolvedClientOptions,
} from "./config";
export {
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
  LMV1_CLOCK_WINDOW_MINUTES,
  type LmErrorName,
} from "./errors";
export {
  parseRateLimitHeaders,
  RateLimitGate,
  rateLimitKey,
  toRouteTemplate,
  type GateKeySnapshot,
  type GateMode,
  type GateObservation,
  type RateLimitGateOptions,
  type RateLimitHeaders,
  type RateLimitTicket,
} from "./rate-limit";
export {
  computeBackoffDelay,
  decideRetry,
  DEFAULT_RATE_LIMIT_WAIT_MS,
  DEFAULT_RETRY_POLICY,
  isIdempotent,
  isPreConnectError,
  rateLimitWaitMs,
  type AttemptOutcome,
  type RetryDecision,
  type RetryInput,
} from "./retry";
export {
  buildStringToSign,
  computeLmv1Signature,
  formatLmv1Header,
  parseLmv1Header,
  REST_BASE_PATH,
  signLmv1,
  toResourcePath,
  type Lmv1SignatureInput,
  type ParsedLmv1Header,
} from "./signing";
export { CLIENT_VERSION, DEFAULT_USER_AGENT } from "./transport";
export type {
  AdminRecord,
  ApiTokenRecord,
  ClientOptions,
  CreateApiTokenInput,
  HttpMethod,
  ListApiTokensOptions,
  RetryEvent,
  RetryPolicy,
  RetryReason,
  TokenType,
  UpdateApiTokenInput,
} from "./types";
