import type { ResourceProvider } from "@pulumi/pulumi/dynamic";

/**
 * The provider object Pulumi serializes into state as `__provider` for RotatingApiToken: a
 * version-independent shim that loads the installed `RotatingApiTokenProvider`. See the `.js` file.
 */
export declare const serializedRotatingApiTokenProvider: ResourceProvider;
