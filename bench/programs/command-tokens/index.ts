import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";

// What users do without a provider: one local.Command per token, each running a script that signs
// and POSTs one request. The script reads LM_BASE_URL, LM_ACCESS_ID and LM_ACCESS_KEY from the
// environment the command plugin inherits, so no credential lands in the command's inputs or state.
const config = new pulumi.Config();
const count = config.requireNumber("count");
const adminIds = config.require("adminIds").split(",").map(Number);
const script = config.require("script");

for (let i = 0; i < count; i += 1) {
  const adminId = adminIds[i % adminIds.length] ?? 1;
  new command.local.Command(`token-${i}`, {
    create: `node "${script}" --admins ${adminId} --count 1 --first ${i}`,
  });
}
