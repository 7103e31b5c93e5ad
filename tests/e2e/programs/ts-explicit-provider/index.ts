import * as pulumi from "@pulumi/pulumi";
import { ApiToken, Provider } from "pulumi-logicmonitor-apitoken/plugin";

// The portal and its credentials come from stack config; set the key with
// `pulumi config set --secret portalAccessKey …`.
const config = new pulumi.Config();
const portal = new Provider("portal", {
  baseUrl: config.require("portalUrl"),
  accessId: config.require("portalAccessId"),
  accessKey: config.requireSecret("portalAccessKey"),
});
const token = new ApiToken("ci-bot", { adminId: 32, note: config.get("note") ?? "through an explicit provider" }, { provider: portal });

export const tokenId = token.tokenId;
export const accessKey = token.accessKey;
