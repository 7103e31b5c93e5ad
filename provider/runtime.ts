/**
 * The entry point the serialized provider shim loads inside the engine's dynamic-provider
 * process (`require("pulumi-logicmonitor-apitoken/runtime")`). It must not import values from
 * `@pulumi/pulumi`, so loading it stays fast and free of deployment-time code.
 */
export { ApiTokenProvider, RotatingApiTokenProvider } from "./dynamic-host-provider";
export type { ApiTokenProviderOptions } from "./resources/api-token/provider";
export type { RotatingApiTokenProviderOptions } from "./resources/rotating-api-token/provider";
