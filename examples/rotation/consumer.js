// The consumer side of a rotating token: it is given both keys (the stack outputs, as
// `pulumi stack output --json --show-secrets` prints them, on stdin), tries the current key and
// falls back to the previous one. A real consumer (a CI job, an exporter) does the same with the
// keys it reads from its secret store. Never prints a key.
//
//   pulumi stack output --json --show-secrets | node consumer.js
//
// The portal comes from the same variables the provider reads (LM_BASE_URL, or LM_COMPANY and
// LM_DOMAIN). Exits 1 when neither key works.
"use strict";
const { LogicMonitorClient, isUnauthorized } = require("pulumi-logicmonitor-apitoken");

/** Reads all of stdin. */
async function stdin() {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

/** One signed request with a key: reads the owner (what the real job would do with its key). */
async function useKey(accessId, accessKey, adminId) {
  const client = new LogicMonitorClient({
    baseUrl: process.env.LM_BASE_URL || undefined,
    company: process.env.LM_COMPANY || undefined,
    domain: process.env.LM_DOMAIN || undefined,
    accessId,
    accessKey,
    retry: { maxRetries: 0 },
  });
  return client.getAdmin(adminId);
}

async function main() {
  const outputs = JSON.parse(await stdin());
  const adminId = Number(outputs.adminId ?? 32);
  const keys = [
    { which: "current", accessId: outputs.accessId, accessKey: outputs.accessKey },
    { which: "previous", accessId: outputs.previousAccessId, accessKey: outputs.previousAccessKey },
  ].filter((key) => key.accessId && key.accessKey);
  for (const key of keys) {
    try {
      const admin = await useKey(key.accessId, key.accessKey, adminId);
      process.stdout.write(`${key.which} key (access id ${key.accessId}) works: it reads admin ${adminId} (${admin ? admin.username : "not found"})\n`);
      return;
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
      process.stdout.write(`${key.which} key (access id ${key.accessId}) is refused (401): ${keys.length > 1 && key.which === "current" ? "falling back to the previous key" : "no key left"}\n`);
    }
  }
  process.stderr.write("no key works: run 'pulumi up' (a key deleted or disabled by hand is put back), then try again\n");
  process.exit(1);
}

main().catch((error) => {
  process.stderr.write(`consumer failed: ${error.message}\n`);
  process.exit(1);
});
