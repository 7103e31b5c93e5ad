import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";

const config = new pulumi.Config();
const markerPath = config.require("markerPath");
const hello = new command.local.Command("hello", {
  create: `printf '%s' "$GREETING" > "$MARKER" && printf 'hello %s' "$GREETING"`,
  delete: `rm -f "$MARKER"`,
  environment: { GREETING: "from-command", MARKER: markerPath },
});
export const stdout = hello.stdout;
