import * as pulumi from "@pulumi/pulumi";
import { ApiToken, type ApiTokenArgs } from "pulumi-logicmonitor-apitoken";

// Two shapes, chosen by stack config:
//   args   (JSON object): one token "raw" with exactly these arguments, unchecked (bad-input tests);
//   count  (number, default 1), admins (comma-separated ids, default "32"), types (comma-separated,
//          default "lmv1"), notePrefix, rotation: tokens token-0 … token-(count-1), spread over the
//          admins and types, each with a unique note; retainOnDelete ("true"): each kept on delete.
const config = new pulumi.Config();
const raw = config.getObject<unknown>("args");

if (raw !== undefined) {
  new ApiToken("raw", raw as ApiTokenArgs);
} else {
  const count = config.getNumber("count") ?? 1;
  const admins = (config.get("admins") ?? "32").split(",").map(Number);
  const types = (config.get("types") ?? "lmv1").split(",") as ("lmv1" | "bearer")[];
  const prefix = config.get("notePrefix") ?? "reliability";
  const rotation = config.get("rotation");
  const options = config.getBoolean("retainOnDelete") ? { retainOnDelete: true } : {};
  for (let i = 0; i < count; i++) {
    const args: ApiTokenArgs = {
      adminId: admins[i % admins.length],
      note: `${prefix} #${i}`,
      type: types[i % types.length],
      ...(rotation === undefined ? {} : { keepers: { rotation } }),
    };
    new ApiToken(`token-${i}`, args, options);
  }
}
