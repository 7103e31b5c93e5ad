import * as pulumi from "@pulumi/pulumi";
import { ApiToken, RotatingApiToken } from "pulumi-logicmonitor-apitoken";

// `count` RotatingApiTokens and `apiTokens` ApiTokens, owned round-robin by the admins in
// `adminIds`. `rotation` rotates every RotatingApiToken; `rotateFirst` only the first one.
const config = new pulumi.Config();
const count = config.requireNumber("count");
const apiTokens = config.getNumber("apiTokens") ?? 0;
const adminIds = config.require("adminIds").split(",").map(Number);

for (let i = 0; i < count; i += 1) {
  new RotatingApiToken(`rotating-${i}`, {
    adminId: adminIds[i % adminIds.length] ?? 1,
    note: `bench rotating token ${i}`,
    rotationTriggers: { all: config.get("rotation") ?? "initial", one: i === 0 ? (config.get("rotateFirst") ?? "initial") : "initial" },
  });
}
for (let i = 0; i < apiTokens; i += 1) {
  new ApiToken(`token-${i}`, { adminId: adminIds[i % adminIds.length] ?? 1, note: `bench token ${i}` });
}
