/**
 * `pulumi-resource-logicmonitor`: the LogicMonitor resource provider plugin. The engine runs it,
 * reads the port from its first line of stdout and talks gRPC to it; `--version` prints the
 * version. Anything else it has to say goes to stderr, which the engine shows.
 */
import { pluginVersion } from "./plugin-version";
import { servePlugin } from "./serve";

/** Runs the plugin with the given command-line arguments. */
export async function main(args: readonly string[]): Promise<void> {
  if (args[0] === "--version" || args[0] === "-version") {
    process.stdout.write(`${pluginVersion()}\n`);
    return;
  }
  const running = await servePlugin();
  process.stdout.write(`${running.port}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`pulumi-resource-logicmonitor: fatal: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
