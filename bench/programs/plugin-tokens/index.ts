import * as pulumi from "@pulumi/pulumi";
import { ApiToken } from "pulumi-logicmonitor-apitoken/plugin";

// The api-tokens program through the plugin face: `count` tokens, owned round-robin by `adminIds`.
const config = new pulumi.Config();
const count = config.requireNumber("count");
const adminIds = config.require("adminIds").split(",").map(Number);

for (let i = 0; i < count; i += 1) {
  new ApiToken(`token-${i}`, { adminId: adminIds[i % adminIds.length] ?? 1, note: `bench token ${i}` });
}
