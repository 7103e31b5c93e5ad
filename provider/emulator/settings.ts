import { emulatorErrors } from "./errors";
import { HTTP_METHODS, type EmulatorRateLimit, type EmulatorRateLimits, type HttpMethod } from "./types";

/** Longest latency the emulator adds (10 minutes): longer would only hold sockets and timers. */
export const MAX_LATENCY_MS = 600_000;

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
  const record = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const limit = record["limit"];
  const windowSeconds = record["windowSeconds"];
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 0 || typeof windowSeconds !== "number" || !(windowSeconds > 0)) {
    throw emulatorErrors.badRequest(`rateLimits.${method} must be {limit: integer >= 0, windowSeconds: number > 0}`);
  }
  return { limit, windowSeconds };
}

/** Validates a partial settings change from `PUT /_emulator/config`. */
export function parseSettingsChange(raw: unknown): Partial<EmulatorSettings> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw emulatorErrors.badRequest("The config must be a JSON object");
  const body = raw as Record<string, unknown>;
  const change: Partial<EmulatorSettings> = {};
  if (body["latencyMs"] !== undefined) change.latencyMs = boundedNumber(body["latencyMs"], "latencyMs", MAX_LATENCY_MS);
  if (body["clockOffsetMs"] !== undefined) {
    const offset = body["clockOffsetMs"];
    if (typeof offset !== "number" || !Number.isFinite(offset)) throw emulatorErrors.badRequest("clockOffsetMs must be a number");
    change.clockOffsetMs = offset;
  }
  if ("rateLimits" in body) change.rateLimits = parseRateLimits(body["rateLimits"]);
  return change;
}

function boundedNumber(value: unknown, name: string, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > max) throw emulatorErrors.badRequest(`${name} must be a number from 0 to ${max}`);
  return value;
}
