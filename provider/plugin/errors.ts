/**
 * Errors the plugin returns over gRPC. A lifecycle error that carries `id` and `properties` is a
 * partial failure: LogicMonitor changed (a token exists) but the operation could not finish. The
 * engine must still record the resource, so it goes back as `ErrorResourceInitFailed` details
 * rather than a plain error, and the token stays tracked.
 */
import type { ServiceError } from "@grpc/grpc-js";
import { anyProto, grpc, providerProto, statusProto, toStruct } from "./wire";
import type { PropertyMap } from "./property-values";

/** A lifecycle error for a resource that exists although the operation failed. */
export interface PartialFailure extends Error {
  id: string;
  properties: PropertyMap;
  reasons?: string[];
}

/** True for a lifecycle error that carries the id and properties of a resource that exists. */
export function isPartialFailure(error: unknown): error is PartialFailure {
  return (
    error instanceof Error &&
    typeof (error as Partial<PartialFailure>).id === "string" &&
    (error as Partial<PartialFailure>).id !== "" &&
    typeof (error as Partial<PartialFailure>).properties === "object"
  );
}

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A plain gRPC error with a message for the user. */
export function grpcError(code: number, message: string): Partial<ServiceError> {
  return { code, details: message, message };
}

/**
 * A partial failure as the engine understands it: code UNKNOWN with `ErrorResourceInitFailed`
 * in the status details (the `grpc-status-details-bin` trailer), holding the id, the properties
 * to record (secrets already wrapped) and the inputs.
 */
export function initFailedError(
  message: string,
  id: string,
  properties: PropertyMap,
  inputs: PropertyMap,
  reasons: string[],
): Partial<ServiceError> {
  const detail = new providerProto.ErrorResourceInitFailed();
  detail.setId(id);
  detail.setProperties(toStruct(properties));
  detail.setInputs(toStruct(inputs));
  detail.setReasonsList(reasons.length > 0 ? reasons : [message]);
  const packed = new anyProto.Any();
  packed.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const status = new statusProto.Status();
  status.setCode(grpc.status.UNKNOWN);
  status.setMessage(message);
  status.addDetails(packed);
  const metadata = new grpc.Metadata();
  metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return { code: grpc.status.UNKNOWN, details: message, message, metadata };
}
