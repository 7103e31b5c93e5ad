import * as pulumi from "@pulumi/pulumi";
import type { ApiTokenStatus, ApiTokenType } from "../../core/inputs";
import providerShim = require("./provider-shim");

/**
 * Deployment-time code: the `RotatingApiToken` resource class users construct in Pulumi programs
 * (the dynamic face). The provider it hands to the engine is the version-independent shim in
 * `serialized-provider.js`, through `provider-shim.js`.
 */

/** The arguments of a {@link RotatingApiToken}. Exactly one of `adminId` and `adminUsername` is required. */
export interface RotatingApiTokenArgs {
  /** The id of the LogicMonitor user (admin) that owns both keys. Changing it replaces the resource (both keys). */
  adminId?: pulumi.Input<number>;
  /** The owner's username, resolved to its id when the first key is made. Changing it to another user replaces the resource. */
  adminUsername?: pulumi.Input<string>;
  /** Free-text note of both keys in the portal. Updated in place. @default "" */
  note?: pulumi.Input<string>;
  /** `"lmv1"` for access id/key pairs, or `"bearer"`. Changing it replaces the resource. @default "lmv1" */
  type?: pulumi.Input<ApiTokenType>;
  /** Arbitrary strings; any change rotates (an in-place update): a new current key, the old one becomes the previous key. */
  rotationTriggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Rotate at the first `up` after the current key is this many days old (`preview` shows it). Never by age when absent. */
  rotateAfterDays?: pulumi.Input<number>;
  /** The previous key lives at least this many hours after the rotation that made it previous. @default 24 */
  overlapHours?: pulumi.Input<number>;
  /**
   * The previous key is retired only once LogicMonitor shows it unused this many minutes (its
   * `lastUsedOn` zero or at least this old); 0: its use is not consulted. @default 60
   */
  retireWhenUnusedForMinutes?: pulumi.Input<number>;
}

/**
 * Two LogicMonitor API tokens of one owner that rotate without downtime: the current key and,
 * after a rotation, the previous one. A rotation makes a new current key and keeps the old one as
 * the previous key; the previous key is retired at a later `up`, once its overlap is over and
 * LogicMonitor shows it unused. Consumers use `accessId`/`accessKey` and fall back to
 * `previousAccessId`/`previousAccessKey`. Both keys are secrets in state and in outputs.
 *
 * @example
 * const token = new RotatingApiToken("reporting", { adminId: 32, note: "reporting export", rotateAfterDays: 30 });
 * export const accessId = token.accessId;
 * export const accessKey = token.accessKey; // [secret]
 * export const previousAccessKey = token.previousAccessKey; // [secret]
 */
export class RotatingApiToken extends pulumi.dynamic.Resource {
  /** The owner's admin id (resolved when the input was `adminUsername`). */
  declare readonly adminId: pulumi.Output<number>;
  declare readonly adminUsername: pulumi.Output<string | undefined>;
  /** The owner's username as LogicMonitor reports it. */
  declare readonly adminName: pulumi.Output<string>;
  declare readonly note: pulumi.Output<string>;
  declare readonly type: pulumi.Output<ApiTokenType>;
  declare readonly rotationTriggers: pulumi.Output<Record<string, string>>;
  declare readonly rotateAfterDays: pulumi.Output<number | undefined>;
  declare readonly overlapHours: pulumi.Output<number>;
  declare readonly retireWhenUnusedForMinutes: pulumi.Output<number>;
  /** The portal both keys live in (normalized REST base URL). */
  declare readonly portal: pulumi.Output<string>;
  /**
   * The current key's token id. The current key's outputs are absent only between a `refresh`
   * that found it deleted outside Pulumi and the next `up`, which makes a new one.
   */
  declare readonly tokenId: pulumi.Output<number>;
  /** The current key's access id (for Bearer tokens, LogicMonitor's id of it). */
  declare readonly accessId: pulumi.Output<string>;
  /** The current key's secret half (for Bearer tokens, the token itself). Secret. */
  declare readonly accessKey: pulumi.Output<string>;
  /** When the current key was made, epoch seconds. */
  declare readonly createdOn: pulumi.Output<number>;
  /** The current key's last use, epoch seconds (0 if never used). */
  declare readonly lastUsedOn: pulumi.Output<number>;
  declare readonly status: pulumi.Output<ApiTokenStatus>;
  /** The previous key's token id; absent when there is none. */
  declare readonly previousTokenId: pulumi.Output<number | undefined>;
  declare readonly previousAccessId: pulumi.Output<string | undefined>;
  /** Secret; absent when there is no previous key. */
  declare readonly previousAccessKey: pulumi.Output<string | undefined>;
  /** The previous key's last use, epoch seconds (0 if never used), as of the last `up` or `refresh`. */
  declare readonly previousLastUsedOn: pulumi.Output<number | undefined>;
  declare readonly previousStatus: pulumi.Output<ApiTokenStatus | undefined>;
  /** When the current key became current, epoch seconds; the previous key's overlap counts from here. */
  declare readonly rotatedOn: pulumi.Output<number>;

  /** The type token: module `logicmonitor`, type `RotatingApiToken`. */
  static readonly TYPE = "pulumi-nodejs:dynamic/logicmonitor:RotatingApiToken";

  constructor(name: string, args: RotatingApiTokenArgs, opts?: pulumi.CustomResourceOptions) {
    if (opts?.import !== undefined) {
      // The engine imports a dynamic resource without its provider and fails far from here; and a
      // rotating token is made by Pulumi in any case.
      throw new pulumi.RunError(
        `RotatingApiToken "${name}": a rotating token cannot be imported: it is made by Pulumi. Remove the import option; ` +
          `to take an existing token under management, use ApiToken with existingTokenId and existingAccessId.`,
      );
    }
    const props: Record<string, unknown> = {
      adminId: args.adminId,
      adminUsername: args.adminUsername,
      note: args.note,
      type: args.type,
      rotationTriggers: args.rotationTriggers,
      rotateAfterDays: args.rotateAfterDays,
      overlapHours: args.overlapHours,
      retireWhenUnusedForMinutes: args.retireWhenUnusedForMinutes,
      ownerUrn: urnOf(name, opts?.parent),
      adminName: undefined /*out*/,
      portal: undefined /*out*/,
      tokenId: undefined /*out*/,
      accessId: undefined /*out*/,
      accessKey: undefined /*out*/,
      createdOn: undefined /*out*/,
      lastUsedOn: undefined /*out*/,
      status: undefined /*out*/,
      previousTokenId: undefined /*out*/,
      previousAccessId: undefined /*out*/,
      previousAccessKey: undefined /*out*/,
      previousLastUsedOn: undefined /*out*/,
      previousStatus: undefined /*out*/,
      rotatedOn: undefined /*out*/,
    };
    const secretOpts = pulumi.mergeOptions(opts, { additionalSecretOutputs: ["accessKey", "previousAccessKey"] });
    super(providerShim, name, props, secretOpts, "logicmonitor", "RotatingApiToken");
  }
}

/** The URN this resource will have, as a plain promise (an Output of `parent.urn` would be a cycle). */
function urnOf(name: string, parent: pulumi.Resource | undefined): Promise<string> {
  const urn = pulumi.createUrn(name, RotatingApiToken.TYPE, parent);
  return new Promise((resolve) => {
    urn.apply((value) => {
      resolve(value);
      return value;
    });
  });
}
