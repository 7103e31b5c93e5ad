/**
 * `pulumi-logicmonitor-apitoken/plugin`: the plugin face for TypeScript programs. The resource
 * classes here are served by the `pulumi-resource-logicmonitor` plugin (this package's bin),
 * not by a dynamic provider; see README "Plugin face" for when to choose which.
 */
export { ApiToken, DYNAMIC_API_TOKEN_TYPE, Provider, type ApiTokenArgs, type ProviderArgs } from "./api-token";
export { RotatingApiToken, DYNAMIC_ROTATING_API_TOKEN_TYPE, type RotatingApiTokenArgs } from "./rotating-api-token";
export { API_TOKEN_TYPE, ROTATING_API_TOKEN_TYPE, packageSchema } from "./schema";
