import type { ClientOptions } from "../client/types";
import type { SettingNames } from "../client/advice";

/**
 * The provider's stack configuration keys. Stack config wins over the environment; the
 * environment is read when a client is needed, never captured.
 */
export const CONFIG_KEYS = {
  company: "logicmonitor:company",
  domain: "logicmonitor:domain",
  baseUrl: "logicmonitor:baseUrl",
  accessId: "logicmonitor:accessId",
  accessKey: "logicmonitor:accessKey",
  bearerToken: "logicmonitor:bearerToken",
} as const;

/** The client options that stack configuration can set. */
export type ConfiguredOptions = Pick<
  ClientOptions,
  "company" | "domain" | "baseUrl" | "accessId" | "accessKey" | "bearerToken"
>;

/** The part of the engine's configure request the provider reads. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Reads the `logicmonitor:*` keys from the stack configuration; absent and empty keys are left out. */
export function readStackConfig(config: ConfigSource): ConfiguredOptions {
  const options: ConfiguredOptions = {};
  for (const [option, key] of Object.entries(CONFIG_KEYS) as [keyof ConfiguredOptions, string][]) {
    const value = config.get(key);
    if (value !== undefined && value !== "") options[option] = value;
  }
  return options;
}

/** How the provider's errors name each setting: the stack config key, then the environment variable. */
export const PROVIDER_SETTING_NAMES: SettingNames = {
  baseUrl: `${CONFIG_KEYS.baseUrl} (LM_BASE_URL)`,
  company: `${CONFIG_KEYS.company} (LM_COMPANY)`,
  domain: `${CONFIG_KEYS.domain} (LM_DOMAIN)`,
  accessId: `${CONFIG_KEYS.accessId} (LM_ACCESS_ID)`,
  accessKey: `${CONFIG_KEYS.accessKey} (LM_ACCESS_KEY)`,
  bearerToken: `${CONFIG_KEYS.bearerToken} (LM_BEARER_TOKEN)`,
  secretHint: `Keep keys secret: pulumi config set --secret ${CONFIG_KEYS.accessKey} …`,
};
