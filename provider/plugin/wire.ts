/**
 * The gRPC library and the generated Pulumi protocol stubs, loaded from the installed
 * `@pulumi/pulumi` (this package's peer dependency), so that the plugin speaks exactly the
 * protocol version of the SDK beside it and adds no dependency of its own.
 *
 * `@grpc/grpc-js` and `google-protobuf` are dependencies of `@pulumi/pulumi`, not of this package:
 * they are resolved from its folder, as its own stubs resolve them, rather than relying on npm
 * hoisting them next to this package.
 */
import { createRequire } from "node:module";
import type * as grpcModule from "@grpc/grpc-js";
import type * as structModule from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyModule from "google-protobuf/google/protobuf/empty_pb";
import type * as anyModule from "google-protobuf/google/protobuf/any_pb";
import type * as providerProtoModule from "@pulumi/pulumi/proto/provider_pb";
import type * as providerGrpcModule from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as pluginProtoModule from "@pulumi/pulumi/proto/plugin_pb";
import type * as statusProtoModule from "@pulumi/pulumi/proto/status_pb";
import type * as engineProtoModule from "@pulumi/pulumi/proto/engine_pb";
import type * as engineGrpcModule from "@pulumi/pulumi/proto/engine_grpc_pb";

const fromPulumiSdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));

/** `@grpc/grpc-js`, as `@pulumi/pulumi` resolves it. */
export const grpc = fromPulumiSdk("@grpc/grpc-js") as typeof grpcModule;
/** `google.protobuf.Struct` and friends. */
export const structProto = fromPulumiSdk("google-protobuf/google/protobuf/struct_pb") as typeof structModule;
/** `google.protobuf.Empty`. */
export const emptyProto = fromPulumiSdk("google-protobuf/google/protobuf/empty_pb") as typeof emptyModule;
/** `google.protobuf.Any`. */
export const anyProto = fromPulumiSdk("google-protobuf/google/protobuf/any_pb") as typeof anyModule;
/** Pulumi's `pulumirpc` provider messages. */
export const providerProto = fromPulumiSdk("./proto/provider_pb") as typeof providerProtoModule;
/** Pulumi's `pulumirpc.ResourceProvider` service definition. */
export const providerGrpc = fromPulumiSdk("./proto/provider_grpc_pb") as typeof providerGrpcModule;
/** Pulumi's `pulumirpc` plugin messages (`PluginInfo`). */
export const pluginProto = fromPulumiSdk("./proto/plugin_pb") as typeof pluginProtoModule;
/** `google.rpc.Status`, which carries structured error details. */
export const statusProto = fromPulumiSdk("./proto/status_pb") as typeof statusProtoModule;

/** Pulumi's `pulumirpc` engine messages (`LogRequest`, `LogSeverity`). */
export const engineProto = fromPulumiSdk("./proto/engine_pb") as typeof engineProtoModule;
/** Pulumi's `pulumirpc.Engine` service client (the engine's log). */
export const engineGrpc = fromPulumiSdk("./proto/engine_grpc_pb") as typeof engineGrpcModule;

/** A plain JavaScript object as a `google.protobuf.Struct`. */
export function toStruct(values: Record<string, unknown>): structModule.Struct {
  return structProto.Struct.fromJavaScript(values as Parameters<typeof structProto.Struct.fromJavaScript>[0]);
}

/** A `google.protobuf.Struct` (or its absence) as a plain JavaScript object. */
export function fromStruct(struct: structModule.Struct | undefined): Record<string, unknown> {
  return struct ? (struct.toJavaScript() as Record<string, unknown>) : {};
}
