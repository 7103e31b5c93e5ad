/**
 * pulumi-logicmonitor-apitoken: LogicMonitor API tokens as Pulumi resources.
 *
 * - {@link ApiToken}: the resource users declare in Pulumi programs.
 * - {@link ApiTokenProvider}: the dynamic provider behind it, usable directly.
 * - {@link LogicMonitorClient}: the signing REST client (LMv1 and Bearer) with rate-limit gating and retries.
 * - {@link startEmulator}: a LogicMonitor emulator for tests and demos.
 */
export { ApiToken, type ApiTokenArgs } from "./resources/api-token";
export { ApiTokenProvider, type ApiTokenProviderOptions } from "./resources/api-token-provider";
export type {
  ApiTokenInputs,
  ApiTokenOutputs,
  ApiTokenStatus,
  ApiTokenType,
} from "./resources/api-token-inputs";
export { CONFIG_KEYS } from "./resources/provider-config";
export * from "./client";
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./emulator";
