/**
 * Pulumi property values on the plugin's wire, translated to and from the plain objects the
 * token lifecycle works on.
 *
 * With `acceptSecrets`, the engine sends a secret value as an object tagged with Pulumi's secret
 * signature and expects the same shape back for every output that must stay secret. Values not
 * known yet (preview) arrive as the unknown sentinel string, which the lifecycle's `check`
 * already understands, so they pass through unchanged.
 */
import { UNKNOWN_VALUE } from "../resources/api-token/inputs";

/** The key that marks a wrapped special value (secret, asset, resource reference). */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";

/** The signature value of a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The engine's sentinel for a value not known yet; re-exported for the face's own checks. */
export { UNKNOWN_VALUE };

/** A plain property map, as `google.protobuf.Struct.toJavaScript` gives it. */
export type PropertyMap = Record<string, unknown>;

/** Plain properties, and the names of the top-level properties that held a secret anywhere inside. */
export interface Unwrapped {
  values: PropertyMap;
  secretKeys: Set<string>;
}

function isSecretWrapper(value: unknown): value is { value?: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    (value as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG
  );
}

/** Removes secret wrappers at any depth; reports whether one was found. */
function unwrapValue(value: unknown): { value: unknown; secret: boolean } {
  if (isSecretWrapper(value)) {
    return { value: unwrapValue(value.value).value, secret: true };
  }
  if (Array.isArray(value)) {
    let secret = false;
    const items = value.map((item) => {
      const inner = unwrapValue(item);
      secret ||= inner.secret;
      return inner.value;
    });
    return { value: items, secret };
  }
  if (typeof value === "object" && value !== null) {
    let secret = false;
    const entries = Object.entries(value).map(([key, item]): [string, unknown] => {
      const inner = unwrapValue(item);
      secret ||= inner.secret;
      return [key, inner.value];
    });
    return { value: Object.fromEntries(entries), secret };
  }
  return { value, secret: false };
}

/**
 * Unwraps every secret in a property map. A top-level property that held a secret anywhere
 * inside is remembered as secret as a whole, so the outputs made from it can be wrapped again.
 */
export function unwrapSecrets(properties: PropertyMap | undefined): Unwrapped {
  const values: PropertyMap = {};
  const secretKeys = new Set<string>();
  for (const [key, value] of Object.entries(properties ?? {})) {
    const inner = unwrapValue(value);
    values[key] = inner.value;
    if (inner.secret) secretKeys.add(key);
  }
  return { values, secretKeys };
}

/** Wraps a value as a secret in the engine's shape. */
export function secretValue(value: unknown): Record<string, unknown> {
  return { [SPECIAL_SIG_KEY]: SECRET_SIG, value };
}

/**
 * Wraps the named top-level properties as secrets and drops `undefined` values (a Struct cannot
 * hold them). Unknown values are never wrapped: the engine keeps them unknown either way.
 */
export function wrapSecrets(values: PropertyMap, secretKeys: Iterable<string>): PropertyMap {
  const secrets = new Set(secretKeys);
  const wrapped: PropertyMap = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    wrapped[key] = secrets.has(key) && value !== UNKNOWN_VALUE ? secretValue(value) : value;
  }
  return wrapped;
}
