import * as pulumi from "@pulumi/pulumi";
import { ApiToken } from "pulumi-logicmonitor-apitoken";

// `pulumi import` cannot work for dynamic resources; `existingTokenId` is the way to adopt:
//   pulumi config set adminId 32
//   pulumi config set existingTokenId 17
//   pulumi config set existingAccessId <the token's access id, as the portal shows it>
// Token ids are numbered per portal: the access id proves which token you mean, so a stack
// pointed at another portal never adopts that portal's token 17.
// The first `pulumi up` takes the token under management (and sets its note and status to what
// is declared here); `pulumi destroy` deletes it like any other managed token.
const config = new pulumi.Config();

const token = new ApiToken("legacy-integration", {
  adminId: config.requireNumber("adminId"),
  existingTokenId: config.requireNumber("existingTokenId"),
  existingAccessId: config.require("existingAccessId"),
  note: config.get("note") ?? "legacy integration",
});

export const tokenId = token.tokenId;
export const accessId = token.accessId;
// An adopted token has no accessKey output: LogicMonitor shows a key only when it is created.
