import * as pulumi from "@pulumi/pulumi";
import type { ApiTokenArgs } from "../resources/api-token/dynamic-resource";
import type { ApiTokenStatus, ApiTokenType } from "../resources/api-token/inputs";
import { API_TOKEN_TYPE } from "./schema";

/**
 * Deployment-time code: the plugin face's resource class for TypeScript programs. Same arguments
 * and outputs as the dynamic `ApiToken`, but served by the `pulumi-resource-logicmonitor` plugin:
 * type `logicmonitor:index:ApiToken`, no `__provider` in state, `pulumi import` and
 * `replaceOnChanges` work, and `refresh`/`destroy` need the plugin rather than this package in
 * the program's node_modules.
 */

/** The dynamic face's type token, for aliases when a stack moves to the plugin face. */
export const DYNAMIC_API_TOKEN_TYPE = "pulumi-nodejs:dynamic/logicmonitor:ApiToken";

export type { ApiTokenArgs };

/**
 * A LogicMonitor API token, managed by the `pulumi-resource-logicmonitor` plugin.
 *
 * @example
 * import { ApiToken } from "pulumi-logicmonitor-apitoken/plugin";
 * const token = new ApiToken("ci-bot", { adminId: 32, note: "CI deploys" });
 * export const accessKey = token.accessKey; // [secret]
 */
export class ApiToken extends pulumi.CustomResource {
  declare readonly adminId: pulumi.Output<number>;
  declare readonly adminUsername: pulumi.Output<string | undefined>;
  declare readonly note: pulumi.Output<string>;
  declare readonly status: pulumi.Output<ApiTokenStatus>;
  declare readonly type: pulumi.Output<ApiTokenType>;
  declare readonly keepers: pulumi.Output<Record<string, string>>;
  declare readonly existingTokenId: pulumi.Output<number | undefined>;
  declare readonly existingAccessId: pulumi.Output<string | undefined>;
  /** The portal the token lives in (normalized REST base URL): with `tokenId` and `accessId`, the token's identity. */
  declare readonly portal: pulumi.Output<string>;
  /** LogicMonitor's id of the token. */
  declare readonly tokenId: pulumi.Output<number>;
  declare readonly adminName: pulumi.Output<string>;
  declare readonly accessId: pulumi.Output<string>;
  /** Secret; absent for adopted and imported tokens. */
  declare readonly accessKey: pulumi.Output<string | undefined>;
  declare readonly createdBy: pulumi.Output<string>;
  declare readonly createdOn: pulumi.Output<number>;
  declare readonly lastUsedOn: pulumi.Output<number>;
  declare readonly roles: pulumi.Output<string[]>;

  /** The type token: `logicmonitor:index:ApiToken`. */
  static readonly TYPE = API_TOKEN_TYPE;

  /** True if `obj` is an instance of this class (also across copies of this package). */
  static override isInstance(obj: unknown): obj is ApiToken {
    return pulumi.CustomResource.isInstance(obj) && (obj as unknown as { __pulumiType?: string }).__pulumiType === API_TOKEN_TYPE;
  }

  /**
   * Looks up an existing token's state by id (`"<adminId>/<tokenId>"`) without managing it.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): ApiToken {
    return new ApiToken(name, undefined, { ...opts, id });
  }

  constructor(name: string, args: ApiTokenArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const props: pulumi.Inputs = {
      adminId: args?.adminId,
      adminUsername: args?.adminUsername,
      note: args?.note,
      status: args?.status,
      type: args?.type,
      keepers: args?.keepers,
      existingTokenId: args?.existingTokenId,
      existingAccessId: args?.existingAccessId,
      tokenId: undefined,
      adminName: undefined,
      accessId: undefined,
      accessKey: undefined,
      createdBy: undefined,
      createdOn: undefined,
      lastUsedOn: undefined,
      roles: undefined,
      portal: undefined,
    };
    super(API_TOKEN_TYPE, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["accessKey"] }));
  }
}

/** Arguments of an explicit {@link Provider}; each falls back to stack config, then the environment. */
export interface ProviderArgs {
  company?: pulumi.Input<string>;
  domain?: pulumi.Input<string>;
  baseUrl?: pulumi.Input<string>;
  accessId?: pulumi.Input<string>;
  /** Secret. */
  accessKey?: pulumi.Input<string>;
  /** Secret. */
  bearerToken?: pulumi.Input<string>;
}

/** An explicit LogicMonitor provider (another portal or other credentials than stack config). */
export class Provider extends pulumi.ProviderResource {
  constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
    const props: pulumi.Inputs = {
      company: args.company,
      domain: args.domain,
      baseUrl: args.baseUrl,
      accessId: args.accessId,
      accessKey: args.accessKey === undefined ? undefined : pulumi.secret(args.accessKey),
      bearerToken: args.bearerToken === undefined ? undefined : pulumi.secret(args.bearerToken),
    };
    super("logicmonitor", name, props, opts);
  }
}
