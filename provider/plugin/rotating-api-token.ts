import * as pulumi from "@pulumi/pulumi";
import type { ApiTokenStatus, ApiTokenType } from "../core/inputs";
import type { RotatingApiTokenArgs } from "../resources/rotating-api-token/dynamic-resource";
import { ROTATING_API_TOKEN_TYPE } from "./schema";

/**
 * Deployment-time code: the plugin face's RotatingApiToken class for TypeScript programs. Same
 * arguments and outputs as the dynamic `RotatingApiToken`, served by the
 * `pulumi-resource-logicmonitor` plugin (type `logicmonitor:index:RotatingApiToken`).
 */

/** The dynamic face's type token, for aliases when a stack moves to the plugin face. */
export const DYNAMIC_ROTATING_API_TOKEN_TYPE = "pulumi-nodejs:dynamic/logicmonitor:RotatingApiToken";

export type { RotatingApiTokenArgs };

/**
 * Two LogicMonitor API tokens of one owner that rotate without downtime (current and previous),
 * managed by the `pulumi-resource-logicmonitor` plugin. See docs/ROTATION.md.
 *
 * @example
 * import { RotatingApiToken } from "pulumi-logicmonitor-apitoken/plugin";
 * const token = new RotatingApiToken("reporting", { adminId: 32, rotateAfterDays: 30 });
 * export const accessKey = token.accessKey; // [secret]
 * export const previousAccessKey = token.previousAccessKey; // [secret]
 */
export class RotatingApiToken extends pulumi.CustomResource {
  declare readonly adminId: pulumi.Output<number>;
  declare readonly adminUsername: pulumi.Output<string | undefined>;
  declare readonly adminName: pulumi.Output<string>;
  declare readonly note: pulumi.Output<string>;
  declare readonly type: pulumi.Output<ApiTokenType>;
  declare readonly rotationTriggers: pulumi.Output<Record<string, string>>;
  declare readonly rotateAfterDays: pulumi.Output<number | undefined>;
  declare readonly overlapHours: pulumi.Output<number>;
  declare readonly retireWhenUnusedForMinutes: pulumi.Output<number>;
  declare readonly portal: pulumi.Output<string>;
  declare readonly tokenId: pulumi.Output<number>;
  declare readonly accessId: pulumi.Output<string>;
  /** Secret. */
  declare readonly accessKey: pulumi.Output<string>;
  declare readonly createdOn: pulumi.Output<number>;
  declare readonly lastUsedOn: pulumi.Output<number>;
  declare readonly status: pulumi.Output<ApiTokenStatus>;
  declare readonly previousTokenId: pulumi.Output<number | undefined>;
  declare readonly previousAccessId: pulumi.Output<string | undefined>;
  /** Secret; absent when there is no previous key. */
  declare readonly previousAccessKey: pulumi.Output<string | undefined>;
  declare readonly previousLastUsedOn: pulumi.Output<number | undefined>;
  declare readonly previousStatus: pulumi.Output<ApiTokenStatus | undefined>;
  declare readonly rotatedOn: pulumi.Output<number>;

  /** The type token: `logicmonitor:index:RotatingApiToken`. */
  static readonly TYPE = ROTATING_API_TOKEN_TYPE;

  /** True if `obj` is an instance of this class (also across copies of this package). */
  static override isInstance(obj: unknown): obj is RotatingApiToken {
    return pulumi.CustomResource.isInstance(obj) && (obj as unknown as { __pulumiType?: string }).__pulumiType === ROTATING_API_TOKEN_TYPE;
  }

  constructor(name: string, args: RotatingApiTokenArgs, opts?: pulumi.CustomResourceOptions) {
    const props: pulumi.Inputs = {
      adminId: args.adminId,
      adminUsername: args.adminUsername,
      note: args.note,
      type: args.type,
      rotationTriggers: args.rotationTriggers,
      rotateAfterDays: args.rotateAfterDays,
      overlapHours: args.overlapHours,
      retireWhenUnusedForMinutes: args.retireWhenUnusedForMinutes,
      adminName: undefined,
      portal: undefined,
      tokenId: undefined,
      accessId: undefined,
      accessKey: undefined,
      createdOn: undefined,
      lastUsedOn: undefined,
      status: undefined,
      previousTokenId: undefined,
      previousAccessId: undefined,
      previousAccessKey: undefined,
      previousLastUsedOn: undefined,
      previousStatus: undefined,
      rotatedOn: undefined,
    };
    super(ROTATING_API_TOKEN_TYPE, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["accessKey", "previousAccessKey"] }));
  }
}
