/**
 * The resource types the plugin serves, each as a thin adapter: its type token, its lifecycle,
 * the schema inputs its detailed diff compares, the outputs that are always secret, and whether
 * `pulumi import` can take one. resource-provider.ts dispatches every request on the type token
 * through this map; registration is here and nowhere else.
 */
import type { TokenLifecycle } from "../resources/lifecycle";
import { API_TOKEN_INPUTS, API_TOKEN_TYPE, ROTATING_API_TOKEN_INPUTS, ROTATING_API_TOKEN_TYPE } from "./schema";

/** One resource type as the plugin serves it. */
export interface ResourceAdapter {
  /** The type token, e.g. `logicmonitor:index:ApiToken`. */
  type: string;
  /** What one resource is, for messages ("LogicMonitor API token"). */
  what: string;
  lifecycle: TokenLifecycle;
  /** The inputs users set (the schema's), compared for the detailed diff. */
  inputNames: readonly string[];
  /** Outputs that are secret whatever the inputs were. */
  secretOutputs: readonly string[];
  /** True when `pulumi import` can take an existing resource of this type by id. */
  importable: boolean;
}

/** The lifecycle of each resource type; without `rotatingApiToken` only ApiToken is served. */
export interface PluginLifecycles {
  apiToken: TokenLifecycle;
  rotatingApiToken?: TokenLifecycle;
}

/** The adapters of the given lifecycles, by type token. */
export function resourceAdapters(lifecycles: PluginLifecycles): Map<string, ResourceAdapter> {
  const adapters = new Map<string, ResourceAdapter>();
  adapters.set(API_TOKEN_TYPE, {
    type: API_TOKEN_TYPE,
    what: "LogicMonitor API token",
    lifecycle: lifecycles.apiToken,
    inputNames: Object.keys(API_TOKEN_INPUTS),
    secretOutputs: ["accessKey"],
    importable: true,
  });
  if (lifecycles.rotatingApiToken) {
    adapters.set(ROTATING_API_TOKEN_TYPE, {
      type: ROTATING_API_TOKEN_TYPE,
      what: "LogicMonitor rotating API token",
      lifecycle: lifecycles.rotatingApiToken,
      inputNames: Object.keys(ROTATING_API_TOKEN_INPUTS),
      secretOutputs: ["accessKey", "previousAccessKey"],
      importable: false,
    });
  }
  return adapters;
}
