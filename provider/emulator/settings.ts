import { BOUNDS } from "./bounds";
import { emulatorErrors } from "./errors";
import { bounded } from "./request-body";
import { HTTP_METHODS, type EmulatorRateLimit, type EmulatorRateLimits, type HttpMethod } from "./types";

/** The settings that `PUT /_emulator/config` can change while the emulator runs. */
export interface EmulatorSettings {
  /** Delay added to every `/santaba/rest` response, in milliseconds. */
  latencyMs: number;
  /** Rate limits per method. */
  rateLimits: EmulatorRateLimits;
  /** Offset of the portal clock from the real one, in milliseconds. */
  clockOffsetMs: number;
}

/** Validates rate limits from JSON (or options), throwing 400 with the offending method. */
export function parseRateLimits(raw: unknown): EmulatorRateLimits {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw emulatorErrors.badRequest("rateLimits must be an object keyed by HTTP method");
  const limits: EmulatorRateLimits = {};
  for (const [method, value] of Object.entries(raw)) {
    const upper = method.toUpperCase() as HttpMethod;
    if (!HTTP_METHODS.includes(upper)) throw emulatorErrors.badRequest(`rateLimits: unknown method ${method}`);
    if (value === undefined || value === null) continue;
    limits[upper] = parseRateLimit(value, upper);
  }
  return limits;
}

function parseRateLimit(value: unknown, method: string): EmulatorRateLimit {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw emulatorErrors.badRequest(`rateLimits.${method} must be {limit, windowSeconds}`);
  }
  const record = value as Record<string, unknown>;
  return {
    limit: bounded(BOUNDS.rateLimit, record["limit"], `rateLimits.${method}.limit`),
    windowSeconds: bounded(BOUNDS.rateLimitWindowSeconds, record["windowSeconds"], `rateLimits.${method}.windowSeconds`),
  };
}

/**
 * Validates a partial settings change from `PUT /_emulator/config` (or the emulator's options)
 * against {@link BOUNDS}: every field is checked before anything is applied, so a refused change
 * changes nothing.
 */
export function parseSettingsChange(raw: unknown): Partial<EmulatorSettings> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw emulatorErrors.badRequest("The config must be a JSON object");
  const body = raw as Record<string, unknown>;
  const change: Partial<EmulatorSettings> = {};
  if (body["latencyMs"] !== undefined) change.latencyMs = bounded(BOUNDS.latencyMs, body["latencyMs"]);
  if (body["clockOffsetMs"] !== undefined) change.clockOffsetMs = bounded(BOUNDS.clockOffsetMs, body["clockOffsetMs"]);
  if ("rateLimits" in body) change.rateLimits = parseRateLimits(body["rateLimits"]);
  return change;
}
