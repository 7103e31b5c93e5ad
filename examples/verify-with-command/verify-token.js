// Makes one signed LogicMonitor API call with the token under test (from the environment) and
// exits non-zero if the portal rejects it. Never prints the key.
"use strict";
const { LogicMonitorClient } = require("pulumi-logicmonitor-apitoken");

async function main() {
  const env = process.env;
  const client = new LogicMonitorClient({
    baseUrl: env.VERIFY_BASE_URL || undefined,
    company: env.VERIFY_COMPANY || undefined,
    accessId: env.VERIFY_ACCESS_ID,
    accessKey: env.VERIFY_ACCESS_KEY,
    retry: { maxRetries: 0 },
  });
  const adminId = Number(env.VERIFY_ADMIN_ID);
  const tokens = await client.listApiTokens(adminId, { type: "lmv1" });
  process.stdout.write(`token ${env.VERIFY_ACCESS_ID} works: it lists ${tokens.length} token(s) of admin ${adminId}`);
}

main().catch((error) => {
  process.stderr.write(`token ${process.env.VERIFY_ACCESS_ID} does not work: ${error.message}\n`);
  process.exit(1);
});
