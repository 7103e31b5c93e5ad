import { describeViolation, withinBound, type NumericBound } from "./bounds";
import { assert, emulatorErrors } from "./errors";
import type { TokenStatus } from "./types";

/**
 * The one parser of JSON request bodies and their token fields, for the emulated API and the
 * control endpoints alike. Every mistake is a 400 that names the field.
 */

/**
 * Parses a body that must be a JSON object. `emptyIsObject` reads an empty body as `{}` (the
 * control endpoints); the emulated API wants an explicit `{}`, as the portal does.
 */
export function parseObjectBody(text: string, options: { emptyIsObject: boolean }): Record<string, unknown> {
  if (options.emptyIsObject && text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  assert(
    typeof parsed === "object" && parsed !== null && !Array.isArray(parsed),
    emulatorErrors.badRequest(`The request body must be a JSON object${options.emptyIsObject ? "" : " (send {} for none)"}`),
  );
  return parsed as Record<string, unknown>;
}

/** `note`: absent, or a string. */
export function noteField(body: Record<string, unknown>): string | undefined {
  const note = body["note"];
  assert(note === undefined || typeof note === "string", emulatorErrors.badRequest("note must be a string"));
  return note;
}

/** `status`: absent, 1 (disabled) or 2 (enabled). */
export function statusField(body: Record<string, unknown>): TokenStatus | undefined {
  const status = body["status"];
  assert(status === undefined || status === 1 || status === 2, emulatorErrors.badRequest("status must be 1 (disabled) or 2 (enabled)"));
  return status;
}

/** `value` when it is inside `bound` (one of `BOUNDS` in bounds.ts); otherwise 400 naming `label`, the bound and the value. */
export function bounded(bound: NumericBound, value: unknown, label: string = bound.name): number {
  if (withinBound(bound, value)) return value;
  throw emulatorErrors.badRequest(describeViolation(bound, value, label));
}
