import type { ResourceProvider } from "@pulumi/pulumi/dynamic";

/**
 * The provider object Pulumi serializes into state as `__provider`: a version-independent shim
 * that loads the installed `ApiTokenProvider` when the engine calls it. See the `.js` file.
 */
export declare const serializedApiTokenProvider: ResourceProvider;
