import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { ApiToken } from "pulumi-logicmonitor-apitoken";

const config = new pulumi.Config();
const portal = new pulumi.Config("logicmonitor");
const adminId = config.getNumber("adminId") ?? 32;

const token = new ApiToken("monitoring-agent", {
  adminId,
  note: "monitoring agent",
  status: config.get("status") === "disabled" ? "disabled" : "enabled",
});

// Prove the new token works: a signed API call made *with the new token*. The credentials reach
// the script through its environment (a secret in state), never its arguments, which the
// engine would display. Any change to the token (a new key, a status change) re-runs the check.
const verify = new command.local.Command(
  "verify-token",
  {
    create: `node "${path.join(__dirname, "verify-token.js")}"`,
    environment: {
      VERIFY_ADMIN_ID: String(adminId),
      VERIFY_ACCESS_ID: token.accessId,
      VERIFY_ACCESS_KEY: pulumi.secret(token.accessKey.apply((key) => key ?? "")),
      // Where the portal is: stack config if set, else the LM_* variables the provider reads too.
      VERIFY_BASE_URL: portal.get("baseUrl") ?? process.env["LM_BASE_URL"] ?? "",
      VERIFY_COMPANY: portal.get("company") ?? process.env["LM_COMPANY"] ?? "",
    },
    triggers: [token.accessId, token.status],
  },
  { dependsOn: [token] },
);

export const tokenId = token.tokenId;
export const accessId = token.accessId;
export const accessKey = token.accessKey;
export const verification = verify.stdout;
