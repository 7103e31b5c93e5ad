import * as pulumi from "@pulumi/pulumi";
import { RotatingApiToken } from "pulumi-logicmonitor-apitoken";

// Two keys of one owner that rotate without downtime (the dynamic face). Set per stack:
//   pulumi config set adminId 32           the owner
//   pulumi config set rotation 2026-Q4     any change rotates now
//   pulumi config set rotateAfterDays 90   rotates at the first `up` after the key is that old
const config = new pulumi.Config();

const token = new RotatingApiToken("reporting", {
  adminId: config.getNumber("adminId") ?? 32,
  note: "reporting export",
  rotationTriggers: { rotation: config.get("rotation") ?? "initial" },
  rotateAfterDays: config.getNumber("rotateAfterDays") ?? 90,
  overlapHours: config.getNumber("overlapHours") ?? 24,
});

// What the consumer gets (consumer.js): the current key, and the previous one while it lives.
// Both keys are secrets; 0 and "" stand for "no previous key".
export const adminId = token.adminId;
export const tokenId = token.tokenId;
export const accessId = token.accessId;
export const accessKey = token.accessKey;
export const previousTokenId = token.previousTokenId.apply((id) => id ?? 0);
export const previousAccessId = token.previousAccessId.apply((id) => id ?? "");
export const previousAccessKey = token.previousAccessKey.apply((key) => key ?? "");
