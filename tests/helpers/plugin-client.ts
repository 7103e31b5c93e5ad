import type { ServiceError } from "@grpc/grpc-js";
import type { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import type * as provider_pb from "@pulumi/pulumi/proto/provider_pb";
import type { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { emptyProto, fromStruct, grpc, providerGrpc, providerProto, statusProto, toStruct } from "../../provider/plugin/wire";

/**
 * A gRPC client of a running pulumi-resource-logicmonitor, speaking to it as the engine does,
 * with promise-returning calls and Structs converted to plain objects.
 */
export function pluginClient(port: number) {
  const client: ResourceProviderClient = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = <Req, Res>(method: (request: Req, callback: (error: ServiceError | null, response: Res) => void) => unknown, request: Req) =>
    new Promise<Res>((resolve, reject) => {
      method.call(client, request, (error, response) => (error ? reject(error) : resolve(response)));
    });
  return {
    raw: client,
    close: () => client.close(),
    configure: (variables: Record<string, string>, args?: Record<string, unknown>) => {
      const request = new providerProto.ConfigureRequest().setAcceptsecrets(true);
      for (const [key, value] of Object.entries(variables)) request.getVariablesMap().set(key, value);
      if (args) request.setArgs(toStruct(args));
      return call<provider_pb.ConfigureRequest, provider_pb.ConfigureResponse>(client.configure, request);
    },
    checkConfig: async (news: Record<string, unknown>) => {
      const response = await call<provider_pb.CheckRequest, provider_pb.CheckResponse>(
        client.checkConfig,
        new providerProto.CheckRequest().setUrn("urn:pulumi:dev::p::pulumi:providers:logicmonitor::default").setNews(toStruct(news)),
      );
      return { inputs: fromStruct(response.getInputs()), failures: response.getFailuresList().map((f) => f.toObject()) };
    },
    diffConfig: async (olds: Record<string, unknown>, news: Record<string, unknown>) =>
      (await call<provider_pb.DiffRequest, provider_pb.DiffResponse>(
        client.diffConfig,
        new providerProto.DiffRequest().setOlds(toStruct(olds)).setNews(toStruct(news)),
      )).toObject(),
    check: async (urn: string, news: Record<string, unknown>, olds: Record<string, unknown> = {}) => {
      const response = await call<provider_pb.CheckRequest, provider_pb.CheckResponse>(
        client.check,
        new providerProto.CheckRequest().setUrn(urn).setType(typeOf(urn)).setOlds(toStruct(olds)).setNews(toStruct(news)),
      );
      return { inputs: fromStruct(response.getInputs()), failures: response.getFailuresList().map((f) => f.toObject()) };
    },
    diff: async (urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => {
      const response = await call<provider_pb.DiffRequest, provider_pb.DiffResponse>(
        client.diff,
        new providerProto.DiffRequest().setUrn(urn).setType(typeOf(urn)).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news)),
      );
      const detailed: Record<string, string> = {};
      response.getDetaileddiffMap().forEach((entry, key) => {
        detailed[key] = nameOf(providerProto.PropertyDiff.Kind, entry.getKind());
      });
      return {
        changes: nameOf(providerProto.DiffResponse.DiffChanges, response.getChanges()),
        replaces: response.getReplacesList(),
        diffs: response.getDiffsList(),
        deleteBeforeReplace: response.getDeletebeforereplace(),
        hasDetailedDiff: response.getHasdetaileddiff(),
        detailed,
      };
    },
    create: async (urn: string, properties: Record<string, unknown>, timeout = 0) => {
      const response = await call<provider_pb.CreateRequest, provider_pb.CreateResponse>(
        client.create,
        new providerProto.CreateRequest().setUrn(urn).setType(typeOf(urn)).setProperties(toStruct(properties)).setTimeout(timeout),
      );
      return { id: response.getId(), properties: fromStruct(response.getProperties()) };
    },
    read: async (urn: string, id: string, properties: Record<string, unknown> = {}, inputs: Record<string, unknown> = {}) => {
      const response = await call<provider_pb.ReadRequest, provider_pb.ReadResponse>(
        client.read,
        new providerProto.ReadRequest().setUrn(urn).setType(typeOf(urn)).setId(id).setProperties(toStruct(properties)).setInputs(toStruct(inputs)),
      );
      return { id: response.getId(), properties: fromStruct(response.getProperties()), inputs: fromStruct(response.getInputs()) };
    },
    update: async (urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>, timeout = 0) => {
      const response = await call<provider_pb.UpdateRequest, provider_pb.UpdateResponse>(
        client.update,
        new providerProto.UpdateRequest().setUrn(urn).setType(typeOf(urn)).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news)).setTimeout(timeout),
      );
      return { properties: fromStruct(response.getProperties()) };
    },
    delete: (urn: string, id: string, properties: Record<string, unknown>, timeout = 0) =>
      call<provider_pb.DeleteRequest, unknown>(
        client.delete,
        new providerProto.DeleteRequest().setUrn(urn).setType(typeOf(urn)).setId(id).setProperties(toStruct(properties)).setTimeout(timeout),
      ),
    getSchema: async () =>
      JSON.parse((await call<provider_pb.GetSchemaRequest, provider_pb.GetSchemaResponse>(client.getSchema, new providerProto.GetSchemaRequest())).getSchema()) as Record<string, unknown>,
    getPluginInfo: async () => (await call<Empty, PluginInfo>(client.getPluginInfo, new emptyProto.Empty())).getVersion(),
  };
}

/** The type token in a URN (`urn:pulumi:stack::project::type::name`). */
export function typeOf(urn: string): string {
  return urn.split("::")[2] ?? "";
}

/** The `ErrorResourceInitFailed` details of a gRPC error, if it carries them. */
export function initFailedDetails(error: ServiceError) {
  const bin = error.metadata?.get("grpc-status-details-bin")[0];
  if (!bin) return undefined;
  const status = statusProto.Status.deserializeBinary(new Uint8Array(bin as Buffer));
  const any = status.getDetailsList().find((detail) => detail.getTypeName() === "pulumirpc.ErrorResourceInitFailed");
  if (!any) return undefined;
  const detail = providerProto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
  return {
    id: detail.getId(),
    properties: fromStruct(detail.getProperties()),
    inputs: fromStruct(detail.getInputs()),
    reasons: detail.getReasonsList(),
  };
}

/** The name of a generated protobuf enum value (the generated enums have no reverse mapping). */
function nameOf(values: object, value: number): string {
  return Object.entries(values).find(([, candidate]) => candidate === value)?.[0] ?? String(value);
}
