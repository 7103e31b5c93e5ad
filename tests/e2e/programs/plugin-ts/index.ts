import * as pulumi from "@pulumi/pulumi";
import { ApiToken as DynamicApiToken } from "pulumi-logicmonitor-apitoken";
import { ApiToken, DYNAMIC_API_TOKEN_TYPE } from "pulumi-logicmonitor-apitoken/plugin";

// `face` picks what the program declares:
//   none     nothing (a stack to `pulumi import` into)
//   imported the token `legacy` as `pulumi import` recorded it (adminId, note, type from config)
//   dynamic  `ci-bot` as the dynamic ApiToken
//   plugin   `ci-bot` as the plugin face's ApiToken, aliased from the dynamic type (migration)
const config = new pulumi.Config();
const face = config.require("face");
const note = config.get("note") ?? "CI deploys";

let token: { tokenId: pulumi.Output<number>; accessKey: pulumi.Output<string | undefined> } | undefined;
if (face === "imported") {
  token = new ApiToken("legacy", {
    adminId: config.requireNumber("adminId"),
    note: config.require("note"),
    type: config.require("type") as "lmv1" | "bearer",
  });
} else if (face === "dynamic") {
  token = new DynamicApiToken("ci-bot", { adminId: 32, note });
} else if (face === "plugin") {
  token = new ApiToken("ci-bot", { adminId: 32, note }, { aliases: [{ type: DYNAMIC_API_TOKEN_TYPE }] });
}

export const tokenId = token?.tokenId;
export const accessKey = token?.accessKey;
