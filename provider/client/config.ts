/**
 * Client configuration: merging (explicit values, then the environment, then defaults) and
 * validation. Pure: the environment is a parameter, read by nobody else below this file.
 *
 * Every {@link LmConfigError} names both the Pulumi config key and the environment variable that
 * fix it.
 */
import { ENVIRONMENT_SETTING_NAMES, type SettingNames } from "./advice";
import { LmConfigError } from "./errors";
import type { GateWaitEvent, RateLimitGate } from "./rate-limit";
import { defaultSleep } from "./rate-limit";
import { DEFAULT_RETRY_POLICY } from "./retry";
import { REST_BASE_PATH } from "./signing";
import { DEFAULT_USER_AGENT } from "./transport";
import type { ClientOptions, RetryEvent, RetryPolicy } from "./types";

/** The portal domain when none is given. */
export const DEFAULT_DOMAIN = "logicmonitor.com";

/** The per-attempt deadline when none is given. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** LogicMonitor's maximum page size for lists, and the client's default. */
export const MAX_PAGE_SIZE = 1000;

/** Environment variables read by {@link resolveClientOptions}, first match wins. */
export const ENV_VARS = {
  company: ["LM_COMPANY", "LM_ACCOUNT"],
  domain: ["LM_DOMAIN"],
  baseUrl: ["LM_BASE_URL"],
  accessId: ["LM_ACCESS_ID", "LM_API_ID"],
  accessKey: ["LM_ACCESS_KEY", "LM_API_KEY"],
  bearerToken: ["LM_BEARER_TOKEN"],
} as const;

/** Environment variable for the per-attempt timeout in milliseconds (e.g. for a slow proxy). */
export const TIMEOUT_ENV_VAR = "LM_TIMEOUT_MS";

/** The credential a client signs with. */
export type ClientAuth = { kind: "lmv1"; accessId: string; accessKey: string } | { kind: "bearer"; token: string };

/** Validated options with defaults applied; what the client runs on. */
export interface ResolvedClientOptions {
  /** `https://host[/prefix]/santaba/rest`, no trailing slash. */
  baseUrl: string;
  /** `https://host`, for messages. */
  origin: string;
  auth: ClientAuth;
  timeoutMs: number;
  retry: RetryPolicy;
  pageSize: number;
  userAgent: string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  onRetry: ((event: RetryEvent) => void) | undefined;
  onWait: ((event: GateWaitEvent) => void) | undefined;
  rateLimitGate: RateLimitGate | undefined;
  /** How errors name the settings to fix. */
  settingNames: SettingNames;
}

/** The names errors use for settings: the caller's, over the environment variables. */
function namesOf(options: Pick<ClientOptions, "settingNames">): SettingNames {
  return { ...ENVIRONMENT_SETTING_NAMES, ...options.settingNames };
}

/**
 * Fills `input` from the environment and validates the result. Explicit values win over the
 * environment; within one source `baseUrl` wins over `company`. When `input` holds a complete
 * credential, credentials in the environment are ignored. Returns options for
 * `new LogicMonitorClient(...)` with `baseUrl` computed; the client validates them, once.
 *
 * @throws LmConfigError for a malformed portal name, domain or timeout in the environment.
 */
export function resolveClientOptions(input: Partial<ClientOptions>, env: NodeJS.ProcessEnv): ClientOptions {
  const fromEnv = (option: keyof typeof ENV_VARS): string | undefined => {
    for (const name of ENV_VARS[option]) {
      const value = clean(env[name]);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const resolved: ClientOptions = { ...input };
  delete resolved.company;
  delete resolved.domain;

  const explicitBaseUrl = clean(input.baseUrl);
  const explicitCompany = clean(input.company);
  const domain = clean(input.domain) ?? fromEnv("domain");
  if (explicitBaseUrl !== undefined) resolved.baseUrl = explicitBaseUrl;
  else if (explicitCompany !== undefined) resolved.baseUrl = companyBaseUrl(explicitCompany, domain, namesOf(input));
  else {
    const envBaseUrl = fromEnv("baseUrl");
    const envCompany = fromEnv("company");
    if (envBaseUrl !== undefined) resolved.baseUrl = envBaseUrl;
    else if (envCompany !== undefined) resolved.baseUrl = companyBaseUrl(envCompany, domain, namesOf(input));
  }

  const explicitId = clean(input.accessId);
  const explicitKey = clean(input.accessKey);
  const explicitBearer = clean(input.bearerToken);
  const explicitComplete = (explicitId !== undefined && explicitKey !== undefined) || explicitBearer !== undefined;
  delete resolved.accessId;
  delete resolved.accessKey;
  delete resolved.bearerToken;
  const accessId = explicitComplete ? explicitId : (explicitId ?? fromEnv("accessId"));
  const accessKey = explicitComplete ? explicitKey : (explicitKey ?? fromEnv("accessKey"));
  const bearerToken = explicitComplete ? explicitBearer : fromEnv("bearerToken");
  if (accessId !== undefined) resolved.accessId = accessId;
  if (accessKey !== undefined) resolved.accessKey = accessKey;
  if (bearerToken !== undefined) resolved.bearerToken = bearerToken;

  const envTimeout = clean(env[TIMEOUT_ENV_VAR]);
  if (resolved.timeoutMs === undefined && envTimeout !== undefined) {
    if (!/^\d+$/.test(envTimeout)) {
      throw new LmConfigError(
        `${TIMEOUT_ENV_VAR} must be a whole number of milliseconds (e.g. 30000), not ${JSON.stringify(envTimeout)}.`,
        ["timeoutMs"],
      );
    }
    resolved.timeoutMs = Number(envTimeout);
  }

  return resolved;
}

/**
 * Validates options and applies defaults, without looking at the environment.
 * @throws LmConfigError naming the option at fault.
 */
export function normalizeClientOptions(options: ClientOptions): ResolvedClientOptions {
  const baseUrl = normalizePortal(options);
  const retry = normalizeRetryPolicy(options.retry);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  requireInteger("timeoutMs", timeoutMs, 1, 600_000);
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  requireInteger("pageSize", pageSize, 1, MAX_PAGE_SIZE);
  return {
    baseUrl,
    origin: new URL(baseUrl).origin,
    auth: normalizeAuth(options),
    timeoutMs,
    retry,
    pageSize,
    userAgent: clean(options.userAgent) ?? DEFAULT_USER_AGENT,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    onRetry: options.onRetry,
    onWait: options.onWait,
    rateLimitGate: options.rateLimitGate,
    settingNames: { ...ENVIRONMENT_SETTING_NAMES, ...options.settingNames },
  };
}

/** Applies {@link DEFAULT_RETRY_POLICY} under the overrides and checks the ranges. */
export function normalizeRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    retryableStatuses: [...DEFAULT_RETRY_POLICY.retryableStatuses],
  };
  for (const [name, value] of Object.entries(overrides) as [keyof RetryPolicy, unknown][]) {
    if (value !== undefined) (policy as unknown as Record<string, unknown>)[name] = value;
  }
  requireInteger("retry.maxRetries", policy.maxRetries, 0, 20);
  requireInteger("retry.baseDelayMs", policy.baseDelayMs, 0, 600_000);
  requireInteger("retry.maxDelayMs", policy.maxDelayMs, 0, 600_000);
  requireInteger("retry.maxRateLimitWaitMs", policy.maxRateLimitWaitMs, 0, 3_600_000);
  requireInteger("retry.maxRateLimitRetries", policy.maxRateLimitRetries, 0, 100);
  if (
    !Array.isArray(policy.retryableStatuses) ||
    !policy.retryableStatuses.every((status) => Number.isInteger(status) && status >= 300 && status <= 599)
  ) {
    throw new LmConfigError("retry.retryableStatuses must be a list of HTTP statuses (300–599)", ["retry"]);
  }
  policy.retryableStatuses = [...policy.retryableStatuses];
  return policy;
}

function normalizePortal(options: ClientOptions): string {
  const names = namesOf(options);
  const baseUrl = clean(options.baseUrl);
  if (baseUrl !== undefined) return normalizeBaseUrl(baseUrl, names);
  const company = clean(options.company);
  if (company !== undefined) return normalizeBaseUrl(companyBaseUrl(company, clean(options.domain), names), names);
  throw new LmConfigError(
    `The LogicMonitor portal is not configured: set ${names.company} (e.g. acme for https://acme.logicmonitor.com) or ${names.baseUrl}.`,
    ["company", "baseUrl"],
  );
}

function companyBaseUrl(company: string, domain: string | undefined, names: SettingNames): string {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(company)) {
    const hint = company.includes(".")
      ? ` It is only the portal name: acme for https://acme.logicmonitor.com (or set ${names.baseUrl} instead).`
      : " It may contain only letters, digits and hyphens.";
    throw new LmConfigError(`${names.company} is not a valid portal name: ${JSON.stringify(company)}.${hint}`, ["company"]);
  }
  const portalDomain = domain ?? DEFAULT_DOMAIN;
  if (!/^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/.test(portalDomain)) {
    throw new LmConfigError(
      `${names.domain} is not a domain name: ${JSON.stringify(portalDomain)}. ` +
        `Use logicmonitor.com (the default) or lmgov.us for GovCloud.`,
      ["domain"],
    );
  }
  return `https://${company.toLowerCase()}.${portalDomain.toLowerCase()}${REST_BASE_PATH}`;
}

/** Hosts where plain `http:` is allowed: the traffic never leaves the machine. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Accepts `https://host`, `https://host/santaba/rest` and `https://host/prefix/santaba/rest`
 * (behind a path-prefixing proxy), returning the form that ends in `/santaba/rest`.
 */
function normalizeBaseUrl(raw: string, names: SettingNames): string {
  const fail = (problem: string): never => {
    throw new LmConfigError(
      `${names.baseUrl} ${problem}: expected https://<company>.logicmonitor.com/santaba/rest ` +
        `(http:// only for localhost, e.g. the emulator).`,
      ["baseUrl"],
    );
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`is not a URL`);
  }
  const secure = url.protocol === "https:";
  if (!secure && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    fail(`must use https (got ${url.protocol}//${url.host})`);
  }
  if (url.username || url.password) fail("must not contain credentials");
  if (url.search || url.hash) fail("must not have a query string or fragment");
  const path = url.pathname.replace(/\/+$/, "");
  if (path === "") return `${url.origin}${REST_BASE_PATH}`;
  if (!path.endsWith(REST_BASE_PATH)) fail(`must end with ${REST_BASE_PATH} (got path ${path})`);
  return `${url.origin}${path}`;
}

function normalizeAuth(options: ClientOptions): ClientAuth {
  const names = namesOf(options);
  const accessId = clean(options.accessId);
  const accessKey = clean(options.accessKey);
  const bearer = clean(options.bearerToken)?.replace(/^Bearer\s+/i, "");
  const hasPair = accessId !== undefined || accessKey !== undefined;
  if (hasPair && bearer !== undefined) {
    throw new LmConfigError(
      `Both an LMv1 pair (${names.accessId} / ${names.accessKey}) and a Bearer token (${names.bearerToken}) are set: keep exactly one.`,
      ["accessId", "accessKey", "bearerToken"],
    );
  }
  if (bearer !== undefined) return { kind: "bearer", token: bearer };
  if (accessId !== undefined && accessKey !== undefined) return { kind: "lmv1", accessId, accessKey };
  const secretHint = names.secretHint ? ` ${names.secretHint}` : "";
  if (accessId !== undefined) {
    throw new LmConfigError(`${names.accessKey} is missing (the access id is set): set it.${secretHint}`, ["accessKey"]);
  }
  if (accessKey !== undefined) {
    throw new LmConfigError(`${names.accessId} is missing (the access key is set): set it.`, ["accessId"]);
  }
  throw new LmConfigError(
    `LogicMonitor credentials are missing: set ${names.accessId} and ${names.accessKey}, or ${names.bearerToken} for a Bearer token.${secretHint}`,
    ["accessId", "accessKey", "bearerToken"],
  );
}

function requireInteger(option: string, value: unknown, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new LmConfigError(`The client option ${option} must be an integer from ${min} to ${max}.`, [
      option.split(".")[0] ?? option,
    ]);
  }
}

function clean(value: string | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}
