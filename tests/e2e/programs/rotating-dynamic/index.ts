import * as pulumi from "@pulumi/pulumi";
import { RotatingApiToken } from "pulumi-logicmonitor-apitoken";

const config = new pulumi.Config();
const token = new RotatingApiToken("reporting", {
  adminId: 32,
  note: "rotation e2e",
  rotationTriggers: { rotation: config.get("rotation") ?? "initial" },
  rotateAfterDays: config.getNumber("rotateAfterDays"),
  overlapHours: config.getNumber("overlapHours"),
  retireWhenUnusedForMinutes: config.getNumber("retireWhenUnusedForMinutes"),
});

export const tokenId = token.tokenId;
export const accessId = token.accessId;
export const accessKey = token.accessKey;
export const previousTokenId = token.previousTokenId.apply((id) => id ?? 0);
export const previousAccessId = token.previousAccessId.apply((id) => id ?? "");
export const previousAccessKey = token.previousAccessKey.apply((key) => key ?? "");
