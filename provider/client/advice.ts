/**
 * What to do about a failed call: builds the client's errors with advice that fits the status,
 * the path and the credential kind. The error classes live in `errors.ts`; this module holds the
 * words. Setting names (Pulumi config keys, environment variables) come from the caller through
 * {@link SettingNames}, so the client layer does not assume how it is configured.
 */
import {
  LMV1_CLOCK_WINDOW_MINUTES,
  LmApiError,
  LmNetworkError,
  LmRateLimitError,
  LmTimeoutError,
  type ApiErrorFields,
  type RateLimitFields,
  type RequestSummary,
} from "./errors";

/** How the caller names each setting in advice, e.g. `logicmonitor:baseUrl (LM_BASE_URL)`. */
export interface SettingNames {
  baseUrl: string;
  company: string;
  domain: string;
  /** The access id of an LMv1 credential. */
  accessId: string;
  /** Its access key. */
  accessKey: string;
  bearerToken: string;
  /** Appended where a key must be set, e.g. how to store it as a secret. */
  secretHint?: string;
}

/** The environment variables the client reads ({@link resolveClientOptions}). */
export const ENVIRONMENT_SETTING_NAMES: SettingNames = {
  baseUrl: "LM_BASE_URL",
  company: "LM_COMPANY",
  domain: "LM_DOMAIN",
  accessId: "LM_ACCESS_ID",
  accessKey: "LM_ACCESS_KEY",
  bearerToken: "LM_BEARER_TOKEN",
};

/** Where a failure happened, for building an error with advice. */
export interface FailureContext extends RequestSummary {
  /** Which credential was used, to name the right config keys. */
  auth: "lmv1" | "bearer";
  /** The portal origin (`https://acme.logicmonitor.com`), for network advice. */
  origin: string;
  /** The REST base URL (`https://acme.logicmonitor.com/santaba/rest`), named when the answer was not LogicMonitor's. */
  baseUrl: string;
  /** How to name settings in advice. */
  settings: SettingNames;
}

/** What a non-2xx response said. */
export interface ResponseFailure {
  status: number;
  lmErrorCode?: number;
  lmErrorMessage?: string;
  /** LogicMonitor's error shape, when the body had it. */
  lmErrorShape?: "v3" | "v1";
  /** What came back, in words (`an HTML page (text/html, 1534 bytes)`), for answers without that shape. */
  received?: string;
  /** Local clock minus the portal's `Date` header, in ms, when the response had one. */
  clockSkewMs?: number;
  rateLimit?: RateLimitFields;
}

function credentialAdvice(context: FailureContext): string {
  return context.auth === "lmv1"
    ? `check ${context.settings.accessId} and ${context.settings.accessKey}: they must be the access id and key of an enabled LMv1 API token of this portal`
    : `check ${context.settings.bearerToken}: it must be an enabled Bearer token of this portal`;
}

/** Builds the error for a final non-2xx response, with advice that fits the status and path. */
export function apiErrorFor(context: FailureContext, failure: ResponseFailure): LmApiError {
  const fields: ApiErrorFields = {
    method: context.method,
    path: context.path,
    attempts: context.attempts,
    possiblyCommitted: context.possiblyCommitted,
    status: failure.status,
  };
  if (failure.lmErrorCode !== undefined) fields.lmErrorCode = failure.lmErrorCode;
  if (failure.lmErrorMessage !== undefined) fields.lmErrorMessage = failure.lmErrorMessage;
  if (failure.lmErrorShape !== undefined) fields.lmErrorShape = failure.lmErrorShape;
  if (failure.status === 429) {
    return new LmRateLimitError({ ...fields, ...failure.rateLimit }, rateLimitAdvice(context, failure.rateLimit));
  }
  return new LmApiError(fields, responseAdvice(context, failure));
}

/** Builds the error for an attempt that got no response. */
export function networkErrorFor(context: FailureContext, code: string): LmNetworkError {
  return new LmNetworkError({ ...summary(context), code }, networkAdvice(context, code));
}

/** Builds the error for an attempt that ran out of time. */
export function timeoutErrorFor(context: FailureContext, timeoutMs: number): LmTimeoutError {
  const advice = context.possiblyCommitted
    ? mayHaveCreated(context.path)
    : "the portal is slow or unreachable: try again later, or raise the client's timeoutMs";
  return new LmTimeoutError({ ...summary(context), timeoutMs }, advice);
}

function summary(context: FailureContext): RequestSummary {
  const { method, path, attempts, possiblyCommitted } = context;
  return { method, path, attempts, possiblyCommitted };
}

/** The admin and token ids in a resource path such as `/setting/admins/32/apitokens/7`. */
function idsIn(path: string): { adminId?: string; tokenId?: string } {
  const match = /^\/setting\/admins\/(\d+)(?:\/apitokens(?:\/(\d+))?)?\/?$/.exec(path);
  const ids: { adminId?: string; tokenId?: string } = {};
  if (match?.[1] !== undefined) ids.adminId = match[1];
  if (match?.[2] !== undefined) ids.tokenId = match[2];
  return ids;
}

function mayHaveCreated(path: string): string {
  const { adminId } = idsIn(path);
  const owner = adminId === undefined ? "the admin" : `admin ${adminId}`;
  return (
    `the request may have reached LogicMonitor, so the API token may have been created: ` +
    `list the API tokens of ${owner} and look for it before creating another (it was not retried, to avoid a duplicate)`
  );
}

/**
 * For an answer without LogicMonitor's error shape where the status would change what the
 * provider believes (404 "gone", a redirect, another 4xx): it did not come from LogicMonitor's
 * REST API, so nothing is concluded from it.
 */
function notLogicMonitorAdvice(context: FailureContext, failure: ResponseFailure): string {
  const received = failure.received ?? "a body without LogicMonitor's error fields";
  return (
    `the answer from ${context.baseUrl}${context.path} was ${received}, not LogicMonitor's REST API error, ` +
    `so nothing is concluded from it and nothing was changed: check ${context.settings.baseUrl} ` +
    `(it must be https://<company>.logicmonitor.com/santaba/rest, or a proxy that passes LogicMonitor's answers through)`
  );
}

function responseAdvice(context: FailureContext, failure: ResponseFailure): string {
  const { adminId, tokenId } = idsIn(context.path);
  const status = failure.status;
  const fromLogicMonitor = failure.lmErrorShape !== undefined;
  if (!fromLogicMonitor && status >= 300 && status < 500 && status !== 429 && status !== 408) {
    return notLogicMonitorAdvice(context, failure);
  }
  if (status === 401) {
    const skewMinutes = failure.clockSkewMs === undefined ? 0 : Math.round(failure.clockSkewMs / 60_000);
    if (context.auth === "lmv1" && Math.abs(skewMinutes) > LMV1_CLOCK_WINDOW_MINUTES) {
      const direction = skewMinutes > 0 ? "ahead of" : "behind";
      return (
        `clock skew: this machine's clock is ${Math.abs(skewMinutes)} minutes ${direction} the portal's, and LMv1 ` +
        `signatures are accepted only within ${LMV1_CLOCK_WINDOW_MINUTES} minutes: fix the system clock (enable NTP time sync) and try again`
      );
    }
    return credentialAdvice(context);
  }
  if (status === 403) {
    if (adminId !== undefined && context.path.includes("/apitokens")) {
      const create = context.method === "POST" ? ` and "Allow creation of API tokens"` : "";
      return (
        `the credentials' user lacks permission to manage the API tokens of admin ${adminId}: ` +
        `give its role "User Access: manage" over that user${create}, or use credentials of a user that has it`
      );
    }
    return `the credentials' user lacks permission to view users: give its role "User Access: view" (or manage)`;
  }
  if (status === 404) {
    if (tokenId !== undefined) return `API token ${tokenId} of admin ${adminId} does not exist (it may have been deleted outside Pulumi)`;
    if (adminId !== undefined) return `admin ${adminId} does not exist: check the admin id (Settings → Users and Roles)`;
    return `no such resource: check that ${context.settings.baseUrl} ends with /santaba/rest`;
  }
  if (status >= 300 && status < 400) {
    return `the portal redirected the request: set ${context.settings.baseUrl} to https://<company>.logicmonitor.com/santaba/rest exactly`;
  }
  if (status === 400 || status === 422) return "LogicMonitor rejected the request: check the note and status values";
  if (context.possiblyCommitted) return mayHaveCreated(context.path);
  if (status >= 500) return "LogicMonitor had a server problem: try again later";
  return "";
}

function rateLimitAdvice(context: FailureContext, rateLimit: RateLimitFields | undefined): string {
  const window = rateLimit?.windowSeconds;
  const budget =
    rateLimit?.limit !== undefined && window !== undefined
      ? ` (${rateLimit.limit} requests per ${window} s for ${context.method} on this endpoint)`
      : "";
  const wait = window !== undefined ? `${window} s` : "a minute";
  return (
    `rate limited by LogicMonitor${budget}, still after waiting for the window: wait ${wait} and try again, ` +
    `or run fewer operations at once (pulumi up --parallel 4)`
  );
}

function networkAdvice(context: FailureContext, code: string): string {
  if (code === "ECONNREFUSED") {
    return (
      `nothing accepts connections at ${context.origin}: check ${context.settings.baseUrl} or ${context.settings.company}; ` +
      `if it answered moments ago, it was down for longer than the retries, ` +
      `and this request never reached it (nothing was created): run 'pulumi up' again`
    );
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return `the host of ${context.origin} does not resolve: check ${context.settings.company} and ${context.settings.domain}`;
  }
  if (/CERT|TLS|SSL/.test(code)) {
    return `the TLS connection to ${context.origin} failed: check the system's CA certificates and any intercepting proxy`;
  }
  if (context.possiblyCommitted) return mayHaveCreated(context.path);
  return `the connection to ${context.origin} failed: check network access to the portal and try again`;
}

