import type { ResourceProvider } from "@pulumi/pulumi/dynamic";

/**
 * The shim itself as the module's export, so Pulumi serializes a reference to this module
 * (`require("pulumi-logicmonitor-apitoken/rotating-provider-shim")`) where it can. See the `.js` file.
 */
declare const providerShim: ResourceProvider;
export = providerShim;
