/**
 * The dynamic `ApiToken` as the package root exports it: resources/api-token/dynamic-resource.ts's
 * resource, refusing the `import` resource option when it is constructed. The engine imports a
 * dynamic resource by calling the dynamic-provider host without the provider's code, which then
 * fails far from the program (`code must be a string, not undefined`); this says what works
 * instead, before anything reaches the engine.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApiToken as DynamicApiToken, type ApiTokenArgs } from "./resources/api-token/dynamic-resource";

/**
 * A LogicMonitor API token (dynamic resource). Adopt an existing token with `existingTokenId`,
 * or use the plugin face's `ApiToken` (`pulumi-logicmonitor-apitoken/plugin`) for `import`.
 */
export class ApiToken extends DynamicApiToken {
  constructor(name: string, args: ApiTokenArgs, opts?: pulumi.CustomResourceOptions) {
    if (opts?.import !== undefined) throw importRefused(name, opts.import);
    super(name, args, opts);
  }
}

/** The error for `import` on the dynamic ApiToken, with the declaration that adopts instead. */
function importRefused(name: string, id: pulumi.Input<pulumi.ID>): pulumi.RunError {
  const ids = typeof id === "string" ? /^(\d+)\/(\d+)(?:\/([^/]+))?$/.exec(id) : null;
  const accessId = ids?.[3] !== undefined ? JSON.stringify(ids[3]) : `"<its access id>"`;
  const adopt = ids
    ? `{ adminId: ${ids[1]}, existingTokenId: ${ids[2]}, existingAccessId: ${accessId}, … }`
    : `{ adminId: <owner's id>, existingTokenId: <token id>, existingAccessId: "<its access id>", … }`;
  return new pulumi.RunError(
    `ApiToken "${name}": the import resource option does not work with the dynamic ApiToken (Pulumi imports dynamic resources without their provider). ` +
      `Adopt the token instead: new ApiToken("${name}", ${adopt}) takes it under management without creating one. ` +
      `Or use the plugin face's ApiToken (import { ApiToken } from "pulumi-logicmonitor-apitoken/plugin"), which supports import and \`pulumi import\`.`,
  );
}
