/**
 * Starts the plugin's gRPC server the way the engine expects of a resource plugin: listen on
 * 127.0.0.1 on a free port and print that port, alone, as the first line of stdout.
 */
import type * as grpcTypes from "@grpc/grpc-js";
import { ApiTokenProvider } from "../resources/api-token-provider";
import { createResourceProvider, type TokenLifecycle } from "./resource-provider";
import { pluginVersion } from "./plugin-version";
import { grpc, providerGrpc } from "./wire";

/** A running plugin server. */
export interface RunningPlugin {
  port: number;
  /** Stops accepting calls and ends the server. */
  close(): Promise<void>;
}

/** Options of {@link servePlugin}; the engine's launch passes none. */
export interface ServePluginOptions {
  /** The lifecycle to serve; a new `ApiTokenProvider` by default. */
  lifecycle?: TokenLifecycle;
  version?: string;
}

/** Serves the ResourceProvider service on 127.0.0.1 and a free port. */
export async function servePlugin(options: ServePluginOptions = {}): Promise<RunningPlugin> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  const service = createResourceProvider(options.lifecycle ?? new ApiTokenProvider(), {
    version: options.version ?? pluginVersion(),
  });
  // Methods left out (Construct, Call, Invoke, …) answer UNIMPLEMENTED.
  server.addService(providerGrpc.ResourceProviderService, service as grpcTypes.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
