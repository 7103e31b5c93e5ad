import type { ResourceProvider } from "@pulumi/pulumi/dynamic";

/**
 * The serialized provider shim itself as the module's export, so Pulumi serializes a reference
 * to this module (`require("pulumi-logicmonitor-apitoken/provider-shim")`) where it can. See the `.js` file.
 */
declare const providerShim: ResourceProvider;
export = providerShim;
