import * as pulumi from "@pulumi/pulumi";
import { ApiToken } from "pulumi-logicmonitor-apitoken";

// Which user owns the token, and its note. Both can be set per stack:
//   pulumi config set adminId 32
//   pulumi config set note "CI deploys"
const config = new pulumi.Config();

const token = new ApiToken("ci-bot", {
  adminId: config.getNumber("adminId") ?? 32,
  note: config.get("note") ?? "CI deploys",
  status: config.get("status") === "disabled" ? "disabled" : "enabled",
});

export const tokenId = token.tokenId;
export const adminName = token.adminName;
export const accessId = token.accessId;
/** Shown as [secret]; see it with `pulumi stack output accessKey --show-secrets`. */
export const accessKey = token.accessKey;
