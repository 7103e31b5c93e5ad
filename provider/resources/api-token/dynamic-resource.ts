import * as pulumi from "@pulumi/pulumi";
import type { ApiTokenStatus, ApiTokenType } from "./inputs";
import providerShim = require("./provider-shim");

/**
 * Deployment-time code: the `ApiToken` resource class users construct in Pulumi programs. The
 * provider it hands to the engine is the version-independent shim in `serialized-provider.js`,
 * through `provider-shim.js` so that an installed package serializes it as a short `require`.
 */

/** The arguments of an {@link ApiToken}. Exactly one of `adminId` and `adminUsername` is required. */
export interface ApiTokenArgs {
  /** The id of the LogicMonitor user (admin) that owns the token. Changing it replaces the token. */
  adminId?: pulumi.Input<number>;
  /**
   * The username of the owner, resolved to its id when the token is created. Changing it to
   * another user replaces the token.
   */
  adminUsername?: pulumi.Input<string>;
  /** Free-text note shown in the portal. Updated in place. @default "" */
  note?: pulumi.Input<string>;
  /**
   * `"enabled"` or `"disabled"` (LogicMonitor's 2 and 1 are accepted too). Updated in place.
   * @default "enabled"
   */
  status?: pulumi.Input<ApiTokenStatus | 1 | 2>;
  /** `"lmv1"` for an access id/key pair, or `"bearer"`. Changing it replaces the token. @default "lmv1" */
  type?: pulumi.Input<ApiTokenType>;
  /**
   * Arbitrary strings; any change replaces the token, creating the new one before deleting the
   * old one. Feed it a date to rotate on a schedule (e.g. `{ rotation: "2026-Q4" }`).
   */
  keepers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Adopt this existing token of the owner instead of creating one (the answer to `pulumi
   * import`, which dynamic resources cannot support). An adopted token has no `accessKey` output,
   * because LogicMonitor shows a key only when it is created.
   */
  existingTokenId?: pulumi.Input<number>;
  /**
   * The access id of the token `existingTokenId` names, as the portal shows it. Required with
   * `existingTokenId`: token ids are numbered per portal, and the access id proves the token is
   * the one meant, not another portal's token with the same id.
   */
  existingAccessId?: pulumi.Input<string>;
}

/**
 * A LogicMonitor API token.
 *
 * The resource id is `"<adminId>/<tokenId>"`. `accessKey` is always a secret in state and in
 * outputs, and survives `pulumi refresh` (LogicMonitor never returns it again).
 *
 * @example
 * const token = new ApiToken("ci-bot", { adminId: 32, note: "CI deploys" });
 * export const accessId = token.accessId;
 * export const accessKey = token.accessKey; // [secret]
 */
export class ApiToken extends pulumi.dynamic.Resource {
  /** The owner's admin id (resolved when the input was `adminUsername`). */
  declare readonly adminId: pulumi.Output<number>;
  /** The owner's username, when given as input. */
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
  /** The owner's username as LogicMonitor reports it. */
  declare readonly adminName: pulumi.Output<string>;
  /** The public half of the token (for Bearer tokens, LogicMonitor's id of it). */
  declare readonly accessId: pulumi.Output<string>;
  /** The secret half (for Bearer tokens, the token itself). Secret; absent for adopted tokens. */
  declare readonly accessKey: pulumi.Output<string | undefined>;
  declare readonly createdBy: pulumi.Output<string>;
  /** Creation time, epoch seconds. */
  declare readonly createdOn: pulumi.Output<number>;
  /** Last use, epoch seconds (0 if never used); refreshed by `pulumi refresh`. */
  declare readonly lastUsedOn: pulumi.Output<number>;
  /** The owner's role names, which the token inherits. */
  declare readonly roles: pulumi.Output<string[]>;
  /**
   * This resource's URN, written as an ownership mark at the end of the token's note in the
   * portal (`[managed by Pulumi: <project>/<stack>/<name> #<hash>]`). It proves which tokens this
   * resource made, so a token lost by an interrupted create is found and deleted, and no other
   * token is ever taken for it. `note` is the declared note, without the mark.
   */
  declare readonly ownerUrn: pulumi.Output<string | undefined>;

  /** The type token: module `logicmonitor`, type `ApiToken`. */
  static readonly TYPE = "pulumi-nodejs:dynamic/logicmonitor:ApiToken";

  constructor(name: string, args: ApiTokenArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      adminId: args.adminId,
      adminUsername: args.adminUsername,
      note: args.note,
      status: args.status,
      type: args.type,
      keepers: args.keepers,
      existingTokenId: args.existingTokenId,
      existingAccessId: args.existingAccessId,
      ownerUrn: urnOf(name, opts?.parent),
      tokenId: undefined /*out*/,
      adminName: undefined /*out*/,
      accessId: undefined /*out*/,
      accessKey: undefined /*out*/,
      createdBy: undefined /*out*/,
      createdOn: undefined /*out*/,
      lastUsedOn: undefined /*out*/,
      roles: undefined /*out*/,
      portal: undefined /*out*/,
    };
    const secretOpts = pulumi.mergeOptions(opts, { additionalSecretOutputs: ["accessKey"] });
    super(providerShim, name, props, secretOpts, "logicmonitor", "ApiToken");
  }
}

/**
 * The URN a resource of this type and name will have, as a plain promise: an Output built from
 * `parent.urn` would make the token depend on its own parent component (a cycle).
 */
function urnOf(name: string, parent: pulumi.Resource | undefined): Promise<string> {
  const urn = pulumi.createUrn(name, ApiToken.TYPE, parent);
  return new Promise((resolve) => {
    urn.apply((value) => {
      resolve(value);
      return value;
    });
  });
}
