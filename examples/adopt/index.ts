import * as pulumi from "@pulumi/pulumi";
import { ApiToken } from "pulumi-logicmonitor-apitoken";

// `pulumi import` cannot work for dynamic resources; `existingTokenId` is the way to adopt:
//   pulumi config set adminId 32
//   pulumi config set existingTokenId 17
// The first `pulumi up` takes the token under management (and sets its note and status to what
// is declared here); `pulumi destroy` deletes it like any other managed token.
const config = new pulumi.Config();

const token = new ApiToken("legacy-integration", {
  adminId: config.requireNumber("adminId"),
  existingTokenId: config.requireNumber("existingTokenId"),
  note: config.get("note") ?? "legacy integration",
});

export const tokenId = token.tokenId;
export const accessId = token.accessId;
// An adopted token has no accessKey output: LogicMonitor shows a key only when it is created.
