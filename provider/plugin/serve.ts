/**
 * Starts the plugin's gRPC server the way the engine expects of a resource plugin: listen on
 * 127.0.0.1 on a free port and print that port, alone, as the first line of stdout.
 */
import type * as grpcTypes from "@grpc/grpc-js";
import { isProgressReport } from "../core/progress";
import { PortalSession, type PortalSessionOptions } from "../core/portal-session";
import { ApiTokenProvider } from "../resources/api-token/provider";
import { isPlanReport } from "../resources/rotating-api-token/plan";
import { RotatingApiTokenProvider } from "../resources/rotating-api-token/provider";
import { EngineLog } from "./engine-log";
import { createResourceProvider, type TokenLifecycle } from "./resource-provider";
import { pluginVersion } from "./plugin-version";
import { RequestScope, type UnaryService } from "./request-scope";
import { grpc, providerGrpc } from "./wire";

/** A running plugin server. */
export interface RunningPlugin {
  port: number;
  /** Stops accepting calls and ends the server. */
  close(): Promise<void>;
}

/** Options of {@link servePlugin}; the engine's launch passes only `engineAddress`. */
export interface ServePluginOptions {
  /**
   * The ApiToken lifecycle to serve, alone (tests); by default an `ApiTokenProvider` and a
   * `RotatingApiTokenProvider` over one session that reports to the engine.
   */
  lifecycle?: TokenLifecycle;
  /** Options of the default lifecycles' session (tests: `env`, `client`); its `report` is always the engine's log. */
  providerOptions?: Omit<PortalSessionOptions, "report">;
  version?: string;
  /** The engine's gRPC address, where the provider's reports go; without it they go to stderr. */
  engineAddress?: string;
}

/** Serves the ResourceProvider service on 127.0.0.1 and a free port. */
export async function servePlugin(options: ServePluginOptions = {}): Promise<RunningPlugin> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  const engineLog = new EngineLog(options.engineAddress);
  // Each answer waits until the messages of its request are out: the engine may end the run on it.
  const scope = new RequestScope(() => engineLog.settled());
  // Info for news of a slow run (rate-limit waits, retries) and for what an update plans or did
  // as asked (a rotation); a warning for anything the provider did on its own (a deletion) or that
  // a person should check (a leftover named, a key kept because it is in use, a failed look).
  const report = (message: string) =>
    engineLog.log(isProgressReport(message) || isPlanReport(message) ? "info" : "warning", message, scope.urn());
  let lifecycles: TokenLifecycle | { apiToken: TokenLifecycle; rotatingApiToken: TokenLifecycle };
  if (options.lifecycle) lifecycles = options.lifecycle;
  else {
    const session = new PortalSession({ ...options.providerOptions, report });
    lifecycles = { apiToken: new ApiTokenProvider({ session }), rotatingApiToken: new RotatingApiTokenProvider({ session }) };
  }
  const service = createResourceProvider(lifecycles, {
    version: options.version ?? pluginVersion(),
    inform: (message) => engineLog.log("info", message, scope.urn()),
  });
  // Methods left out (Construct, Call, Invoke, …) answer UNIMPLEMENTED.
  server.addService(providerGrpc.ResourceProviderService, scope.wrap(service as UnaryService) as grpcTypes.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => {
          engineLog.close();
          resolve();
        });
      }),
  };
}
