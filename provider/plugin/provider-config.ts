/**
 * The plugin's provider configuration: `logicmonitor:*` stack config (the default provider) or
 * the inputs of an explicit `Provider` resource, handed to the lifecycle's `configure` in the
 * same shape the dynamic face gives it, so both faces read the same keys with the same
 * environment fallbacks (provider/core/provider-config.ts).
 */
import { CONFIG_KEYS, type ConfigSource } from "../core/provider-config";
import { UNKNOWN_VALUE, wrapSecrets, type PropertyMap } from "./property-values";

/** The package name: the first segment of every type token and config key. */
export const PACKAGE_NAME = "logicmonitor";

/** Provider configuration keys without their namespace (`company`, `accessKey`, …). */
export type ConfigName = keyof typeof CONFIG_KEYS;

/** Every configuration key the provider reads, without namespace. */
export const CONFIG_NAMES = Object.keys(CONFIG_KEYS) as ConfigName[];

/** Keys whose values are credentials: secret in state, never shown. */
export const SECRET_CONFIG_NAMES: readonly ConfigName[] = ["accessKey", "bearerToken"];

/**
 * Keys that name the portal. A change updates the provider in place, like a credential: it may be
 * a new address of the same portal (company and domain → a base URL, a proxy), whose tokens have
 * the same access ids and keep working, or another portal, where every read, update and delete
 * fails on the identity check and changes nothing (provider/core/token-identity.ts). Replacing the
 * provider instead would replace every token: new ones created in the new portal and the stack's
 * live ones deleted through the old configuration.
 */
export const PORTAL_CONFIG_NAMES: readonly ConfigName[] = ["company", "domain", "baseUrl"];

/** Keys the engine or SDKs add to provider inputs that are not configuration of this provider. */
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL"]);

/**
 * The configuration in a Configure request: the typed `args` when the engine sends them
 * (secrets already unwrapped by the caller), else the string `variables`, whose keys may use the
 * older `logicmonitor:config:<name>` spelling.
 */
export function configSource(variables: Map<string, string>, args: PropertyMap | undefined): ConfigSource {
  const values = new Map<string, string>();
  for (const [key, value] of variables) {
    const name = key.startsWith(`${PACKAGE_NAME}:config:`) ? key.slice(`${PACKAGE_NAME}:config:`.length) : key.startsWith(`${PACKAGE_NAME}:`) ? key.slice(PACKAGE_NAME.length + 1) : undefined;
    if (name !== undefined) values.set(`${PACKAGE_NAME}:${name}`, value);
  }
  for (const [name, value] of Object.entries(args ?? {})) {
    if (typeof value === "string" && value !== UNKNOWN_VALUE) values.set(`${PACKAGE_NAME}:${name}`, value);
  }
  return { get: (key) => values.get(key) };
}

/** A problem with one configuration key, in the engine's check-failure shape. */
export interface ConfigFailure {
  property: string;
  reason: string;
}

/**
 * Validates provider inputs (CheckConfig): every known key must be a string. Returns the inputs
 * with the credentials wrapped as secrets, so they are ciphertext in state even when a `Provider`
 * resource was given them as plain values.
 */
export function checkConfig(news: PropertyMap, secretKeys: Set<string>): { inputs: PropertyMap; failures: ConfigFailure[] } {
  const failures: ConfigFailure[] = [];
  for (const [name, value] of Object.entries(news)) {
    if (ENGINE_KEYS.has(name) || value === UNKNOWN_VALUE) continue;
    if (!(CONFIG_NAMES as string[]).includes(name)) continue; // other namespaces' keys are not ours to judge
    if (typeof value !== "string") {
      failures.push({
        property: name,
        reason: `${PACKAGE_NAME}:${name} must be a string, but got a value of type ${value === null ? "null" : typeof value}`,
      });
    }
  }
  return { inputs: wrapSecrets(news, [...secretKeys, ...SECRET_CONFIG_NAMES]), failures };
}

/** What changed between two provider configurations (DiffConfig). */
export interface ConfigDiff {
  updates: string[];
  replaces: string[];
}

/** Compares old and new provider inputs: every key, portal and credentials alike, updates in place; nothing replaces. */
export function diffConfig(olds: PropertyMap, news: PropertyMap): ConfigDiff {
  const updates: string[] = [];
  const replaces: string[] = [];
  for (const name of CONFIG_NAMES) {
    const before = olds[name] ?? "";
    const after = news[name] ?? "";
    if (before === after) continue;
    updates.push(name);
  }
  return { updates, replaces };
}
