/**
 * The plugin face: a `pulumirpc.ResourceProvider` gRPC service over the same lifecycles the
 * dynamic face uses (`ApiTokenProvider`, `RotatingApiTokenProvider`), one per type token
 * (resource-types.ts). Every handler only translates: protobuf Structs with secret wrappers in,
 * the lifecycle's plain objects through, wrapped Structs out. No token logic lives here.
 *
 * Served directly over the generated stubs rather than `@pulumi/pulumi/provider`'s server, which
 * drops Configure's variables and never sends a detailed diff.
 */
import type * as grpcTypes from "@grpc/grpc-js";
import type * as provider_pb from "@pulumi/pulumi/proto/provider_pb";
import type { IResourceProviderServer } from "@pulumi/pulumi/proto/provider_grpc_pb";
import type { TokenLifecycle } from "../resources/lifecycle";
import { detailedDiff, type PropertyChange } from "./detailed-diff";
import { grpcError, initFailedError, isPartialFailure, messageOf } from "./errors";
import { checkConfig, configSource, diffConfig } from "./provider-config";
import { unwrapSecrets, wrapSecrets, type PropertyMap } from "./property-values";
import { resourceAdapters, type PluginLifecycles, type ResourceAdapter } from "./resource-types";
import { packageSchema } from "./schema";
import { emptyProto, fromStruct, grpc, pluginProto, providerProto, toStruct } from "./wire";

export type { TokenLifecycle };
export type { PluginLifecycles };

/** The input that carries the resource's URN to the lifecycle, which marks the tokens it owns with it. */
const OWNERSHIP_INPUT = "ownerUrn";

/**
 * Inputs the face supplies rather than the user (set in Check, Create and Update from the
 * request's URN). Not part of the schema; never shown as a change by themselves.
 */
export const FACE_SUPPLIED_INPUTS = [OWNERSHIP_INPUT];

const KIND: Record<PropertyChange, provider_pb.PropertyDiff.Kind> = {
  add: providerProto.PropertyDiff.Kind.ADD,
  "add-replace": providerProto.PropertyDiff.Kind.ADD_REPLACE,
  delete: providerProto.PropertyDiff.Kind.DELETE,
  "delete-replace": providerProto.PropertyDiff.Kind.DELETE_REPLACE,
  update: providerProto.PropertyDiff.Kind.UPDATE,
  "update-replace": providerProto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/** Options of {@link createResourceProvider}. */
export interface ResourceProviderOptions {
  /** The version GetPluginInfo and the schema report. */
  version: string;
  /** Tells the person about the resource of the current call (the engine's log); none by default. */
  inform?: (message: string) => void;
}

/**
 * Why a diff whose only change is the ownership mark updates the token, or undefined. After
 * `pulumi import` (or for a token made before marks) the state has no `ownerUrn`, and the first
 * `up` writes the mark into the token's note: an update in which no property of the program
 * changed (`ownerUrn` is the face's own input, left out of the detailed diff).
 */
function ownershipOnlyReason(olds: Record<string, unknown>, news: Record<string, unknown>, changes: Record<string, PropertyChange>, changed: boolean | undefined): string | undefined {
  if (changed !== true || Object.keys(changes).length > 0 || news[OWNERSHIP_INPUT] === olds[OWNERSHIP_INPUT]) return undefined;
  return olds[OWNERSHIP_INPUT] === undefined
    ? "updates once to write this resource's ownership mark into the token's note in LogicMonitor (an imported token, or one made before marks, has none); nothing else changes"
    : "updates once to rewrite the ownership mark in the token's note for this resource's new URN (an alias or a move); nothing else changes";
}

type Handler<Req, Res> = (request: Req) => Promise<Res>;

/** Wraps an async handler as a gRPC unary handler; thrown errors become gRPC errors. */
function unary<Req, Res>(handler: Handler<Req, Res>): grpcTypes.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    handler(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(toServiceError(error)),
    );
  };
}

function toServiceError(error: unknown): Partial<grpcTypes.ServiceError> {
  const candidate = error as Partial<grpcTypes.ServiceError> | null;
  if (typeof candidate === "object" && candidate !== null && typeof candidate.code === "number" && typeof candidate.details === "string") {
    return candidate; // already a gRPC error (grpcError, initFailedError)
  }
  return grpcError(grpc.status.UNKNOWN, messageOf(error));
}

/** The adapter of the request's resource type (from `type`, or the URN's last type); unknown types are refused. */
function adapterOf(adapters: ReadonlyMap<string, ResourceAdapter>, type: string, urn: string): ResourceAdapter {
  const actual = type || urn.split("::")[2]?.split("$").pop() || "";
  const adapter = adapters.get(actual);
  if (!adapter) {
    throw grpcError(
      grpc.status.INVALID_ARGUMENT,
      `unknown resource type '${actual}': pulumi-resource-logicmonitor implements ${[...adapters.keys()].join(" and ")}`,
    );
  }
  return adapter;
}

/** A lifecycle's partial failure as the engine's `ErrorResourceInitFailed`; any other error as it is. */
function asInitFailed(error: unknown, secretKeys: Iterable<string>, inputs: PropertyMap, inputSecrets: Iterable<string>): unknown {
  if (!isPartialFailure(error)) return error;
  return initFailedError(
    error.message,
    error.id,
    wrapSecrets(stripDynamicOnly(error.properties), [...secretKeys]),
    wrapSecrets(inputs, [...inputSecrets]),
    error.reasons ?? [],
  );
}

/**
 * Runs an operation that is safe to abandon under the resource's `customTimeouts` (`timeout`
 * seconds; 0 means none): the gRPC call fails when the time is up, while the request already sent
 * finishes on its own. Creates are never abandoned: a create that LogicMonitor completes after the
 * engine gave up would be a token no state records.
 */
function withTimeout<T>(operation: Promise<T>, seconds: number, what: string): Promise<T> {
  if (!(seconds > 0)) return operation;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        grpcError(
          grpc.status.DEADLINE_EXCEEDED,
          `${what} did not finish within its custom timeout of ${seconds} s; the request may still complete in LogicMonitor: ` +
            `run 'pulumi refresh' to see the token's state, then 'pulumi up' again (raise customTimeouts if the portal is slow).`,
        ),
      );
    }, seconds * 1000);
    operation.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function withOwnership(values: PropertyMap, urn: string): PropertyMap {
  return { ...values, [OWNERSHIP_INPUT]: urn };
}

/**
 * The gRPC service implementation for one provider instance (one plugin process), over one
 * lifecycle per resource type, which share one session (client, rate-limit gate, create ledger).
 * A single lifecycle serves `ApiToken` only.
 */
export function createResourceProvider(lifecycles: TokenLifecycle | PluginLifecycles, options: ResourceProviderOptions): Partial<IResourceProviderServer> {
  const schemaJson = JSON.stringify(packageSchema(options.version));
  const adapters = resourceAdapters("apiToken" in lifecycles ? lifecycles : { apiToken: lifecycles });
  const distinct = [...new Set([...adapters.values()].map((adapter) => adapter.lifecycle))];

  function checkResponse(inputs: PropertyMap, failures: { property: string; reason: string }[]): provider_pb.CheckResponse {
    const response = new providerProto.CheckResponse();
    response.setInputs(toStruct(inputs));
    response.setFailuresList(
      failures.map((failure) => new providerProto.CheckFailure().setProperty(failure.property).setReason(failure.reason)),
    );
    return response;
  }

  function diffResponse(changes: Record<string, PropertyChange>, replaces: string[], deleteBeforeReplace: boolean, changed: boolean): provider_pb.DiffResponse {
    const response = new providerProto.DiffResponse();
    response.setChanges(changed ? providerProto.DiffResponse.DiffChanges.DIFF_SOME : providerProto.DiffResponse.DiffChanges.DIFF_NONE);
    response.setReplacesList(replaces);
    response.setDeletebeforereplace(deleteBeforeReplace);
    response.setDiffsList(Object.keys(changes));
    const detailed = response.getDetaileddiffMap();
    for (const [name, change] of Object.entries(changes)) {
      detailed.set(name, new providerProto.PropertyDiff().setKind(KIND[change]).setInputdiff(false));
    }
    response.setHasdetaileddiff(true);
    return response;
  }

  return {
    // The engine's address (Handshake, Attach) is not needed here: the engine passes it as the
    // plugin's argument (main.ts), which is where the provider's reports go (engine-log.ts).
    handshake: unary(async () => {
      return new providerProto.ProviderHandshakeResponse()
        .setAcceptSecrets(true)
        .setAcceptResources(false)
        .setAcceptOutputs(false)
        .setSupportsAutonamingConfiguration(false);
    }),

    attach: unary(async () => new emptyProto.Empty()),

    getPluginInfo: unary(async () => new pluginProto.PluginInfo().setVersion(options.version)),

    getSchema: unary(async (request: provider_pb.GetSchemaRequest) => {
      if (request.getSubpackageName()) {
        throw grpcError(grpc.status.INVALID_ARGUMENT, `pulumi-resource-logicmonitor has no subpackage '${request.getSubpackageName()}'`);
      }
      return new providerProto.GetSchemaResponse().setSchema(schemaJson);
    }),

    checkConfig: unary(async (request: provider_pb.CheckRequest) => {
      const news = unwrapSecrets(fromStruct(request.getNews()));
      const { inputs, failures } = checkConfig(news.values, news.secretKeys);
      return checkResponse(inputs, failures);
    }),

    diffConfig: unary(async (request: provider_pb.DiffRequest) => {
      const olds = unwrapSecrets(fromStruct(request.getOlds())).values;
      const news = unwrapSecrets(fromStruct(request.getNews())).values;
      const { updates, replaces } = diffConfig(olds, news);
      const changes: Record<string, PropertyChange> = {};
      for (const name of updates) changes[name] = "update";
      for (const name of replaces) changes[name] = "update-replace";
      return diffResponse(changes, replaces, false, updates.length + replaces.length > 0);
    }),

    configure: unary(async (request: provider_pb.ConfigureRequest) => {
      const variables = new Map<string, string>(request.getVariablesMap().toArray());
      const args = request.hasArgs() ? unwrapSecrets(fromStruct(request.getArgs())).values : undefined;
      for (const lifecycle of distinct) await lifecycle.configure({ config: configSource(variables, args) });
      return new providerProto.ConfigureResponse()
        .setAcceptsecrets(true)
        .setSupportspreview(false)
        .setAcceptresources(false)
        .setAcceptoutputs(false);
    }),

    check: unary(async (request: provider_pb.CheckRequest) => {
      const { lifecycle } = adapterOf(adapters, request.getType(), request.getUrn());
      const olds = unwrapSecrets(fromStruct(request.getOlds()));
      const news = unwrapSecrets(fromStruct(request.getNews()));
      const checked = await lifecycle.check(olds.values, withOwnership(news.values, request.getUrn()));
      return checkResponse(wrapSecrets(checked.inputs as unknown as PropertyMap, news.secretKeys), checked.failures ?? []);
    }),

    diff: unary(async (request: provider_pb.DiffRequest) => {
      const { lifecycle, inputNames } = adapterOf(adapters, request.getType(), request.getUrn());
      const olds = unwrapSecrets(fromStruct(request.getOlds())).values;
      const news = unwrapSecrets(fromStruct(request.getNews())).values;
      const result = await lifecycle.diff(request.getId(), olds as never, news as never);
      const changes = detailedDiff(olds, news, inputNames, result);
      const reason = ownershipOnlyReason(olds, news, changes, result.changes);
      if (reason) options.inform?.(reason);
      const replaces = result.replaces ?? [];
      return diffResponse(changes, replaces, result.deleteBeforeReplace ?? false, result.changes ?? Object.keys(changes).length > 0);
    }),

    create: unary(async (request: provider_pb.CreateRequest) => {
      const { lifecycle, secretOutputs } = adapterOf(adapters, request.getType(), request.getUrn());
      const inputs = unwrapSecrets(fromStruct(request.getProperties()));
      const secretKeys = [...inputs.secretKeys, ...secretOutputs];
      if (request.getPreview()) {
        return new providerProto.CreateResponse().setId("").setProperties(toStruct(wrapSecrets(inputs.values, secretKeys)));
      }
      // Never abandoned under customTimeouts.create: see withTimeout.
      try {
        const created = await lifecycle.create(withOwnership(inputs.values, request.getUrn()) as never);
        return new providerProto.CreateResponse()
          .setId(created.id)
          .setProperties(toStruct(wrapSecrets(created.outs as unknown as PropertyMap, secretKeys)));
      } catch (error) {
        throw asInitFailed(error, secretKeys, inputs.values, inputs.secretKeys);
      }
    }),

    read: unary(async (request: provider_pb.ReadRequest) => {
      const { lifecycle, secretOutputs, importable, what } = adapterOf(adapters, request.getType(), request.getUrn());
      const props = unwrapSecrets(fromStruct(request.getProperties()));
      const oldInputs = unwrapSecrets(fromStruct(request.getInputs()));
      const importing = Object.keys(props.values).length === 0;
      if (importing && !importable) {
        throw grpcError(
          grpc.status.INVALID_ARGUMENT,
          `${what} '${request.getId()}' cannot be imported: it is made by Pulumi. To take an existing token under management, import it as logicmonitor:index:ApiToken.`,
        );
      }
      const read = async () => {
        if (!importing) return lifecycle.read(request.getId(), props.values as never);
        // `pulumi import` knows only the id, not the token's type, and LogicMonitor lists Bearer
        // tokens apart from LMv1 ones: ask the lifecycle for each type. The resource's URN lets it
        // recognise a token this very resource made (its own ownership mark).
        const wanted = typeof oldInputs.values["type"] === "string" ? [oldInputs.values["type"]] : ["lmv1", "bearer"];
        let found: Awaited<ReturnType<TokenLifecycle["read"]>> = { id: "" };
        for (const type of wanted) {
          found = await lifecycle.read(request.getId(), withOwnership({ type }, request.getUrn()) as never);
          if (found.id) break;
        }
        return found;
      };
      const result = await withTimeout(read(), request.getTimeout(), `reading ${what} ${request.getId()}`);
      const response = new providerProto.ReadResponse().setId(result.id ?? "");
      if (!result.id) return response; // gone: the engine drops it from state
      const secretKeys = [...props.secretKeys, ...secretOutputs];
      response.setProperties(toStruct(wrapSecrets(stripDynamicOnly((result.props ?? {}) as PropertyMap), secretKeys)));
      if (result.inputs) {
        const inputs = stripDynamicOnly(result.inputs as unknown as PropertyMap);
        response.setInputs(toStruct(wrapSecrets(inputs, oldInputs.secretKeys)));
      }
      return response;
    }),

    update: unary(async (request: provider_pb.UpdateRequest) => {
      const { lifecycle, secretOutputs, what } = adapterOf(adapters, request.getType(), request.getUrn());
      const olds = unwrapSecrets(fromStruct(request.getOlds()));
      const news = unwrapSecrets(fromStruct(request.getNews()));
      const secretKeys = [...olds.secretKeys, ...news.secretKeys, ...secretOutputs];
      if (request.getPreview()) {
        return new providerProto.UpdateResponse().setProperties(toStruct(wrapSecrets({ ...olds.values, ...news.values }, secretKeys)));
      }
      const newInputs = withOwnership(news.values, request.getUrn());
      const updated = await withTimeout(
        lifecycle.update(request.getId(), olds.values as never, newInputs as never),
        request.getTimeout(),
        `updating ${what} ${request.getId()}`,
      ).catch((error: unknown) => {
        throw asInitFailed(error, secretKeys, news.values, news.secretKeys);
      });
      return new providerProto.UpdateResponse().setProperties(toStruct(wrapSecrets(updated.outs as unknown as PropertyMap, secretKeys)));
    }),

    delete: unary(async (request: provider_pb.DeleteRequest) => {
      const { lifecycle, what } = adapterOf(adapters, request.getType(), request.getUrn());
      const props = unwrapSecrets(fromStruct(request.getProperties())).values;
      await withTimeout(lifecycle.delete(request.getId(), props as never), request.getTimeout(), `deleting ${what} ${request.getId()}`);
      return new emptyProto.Empty();
    }),

    cancel: unary(async () => new emptyProto.Empty()),
  };
}

/** Drops the dynamic face's `__provider` if a lifecycle result carries it (it never should here). */
function stripDynamicOnly(values: PropertyMap): PropertyMap {
  const { __provider: _dropped, ...rest } = values;
  return rest;
}
