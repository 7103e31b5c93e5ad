/**
 * `pulumi-resource-logicmonitor`: the LogicMonitor resource provider plugin. The engine runs it
 * with its own gRPC address as the argument, reads the port from the plugin's first line of stdout
 * and talks gRPC to it; `--version` prints the version. What the provider tells the person running
 * Pulumi goes to the engine's log (engine-log.ts); the plugin exits when the engine is gone
 * (parent-watch.ts).
 */
import { exitWhenParentIsGone } from "./parent-watch";
import { pluginVersion } from "./plugin-version";
import { servePlugin } from "./serve";

/** Runs the plugin with the given command-line arguments. */
export async function main(args: readonly string[]): Promise<void> {
  if (args[0] === "--version" || args[0] === "-version") {
    process.stdout.write(`${pluginVersion()}\n`);
    return;
  }
  // Before anything slow: the parent is the engine only if it is still alive when looked at.
  exitWhenParentIsGone();
  const engineAddress = engineAddressOf(args);
  const running = await servePlugin(engineAddress === undefined ? {} : { engineAddress });
  process.stdout.write(`${running.port}\n`);
}

/**
 * The engine's address among the plugin's arguments, which the engine passes as
 * `[--logtostderr] [-v=<level>] [--tracing <endpoint>] <engine address>`.
 */
export function engineAddressOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--tracing") i++; // its value follows
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`pulumi-resource-logicmonitor: fatal: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
