/**
 * What given Pulumi stack states say about API tokens: which token ids they reference, which
 * stacks they are, and which `ApiToken` resources (by ownership mark) they hold. Read from
 * `pulumi stack export` JSON or a state file's checkpoint. Pure; no API calls.
 */
import { markOf, sameOwner, type OwnershipMark } from "../resources/ownership";

/** The type token of `ApiToken` resources in state ends with this. */
const API_TOKEN_TYPE_SUFFIX = "logicmonitor:ApiToken";

/** An `ApiToken` resource found in a state. */
export interface StateTokenResource {
  /** The mark its tokens carry (from its URN, or its `ownerUrn`). */
  mark: OwnershipMark;
  /** The token it holds (from its id `<adminId>/<tokenId>` or `existingTokenId`); absent while its create is pending. */
  tokenIds: number[];
}

/** Everything the orphan finder needs from the given states. */
export interface StateReferences {
  /** Token ids some state references (resource ids and `existingTokenId`). */
  tokenIds: Set<number>;
  /** `<project>/<stack>` of every given state: only these stacks' tokens can be judged. */
  stacks: Set<string>;
  /** Every `ApiToken` resource of the given states. */
  resources: StateTokenResource[];
  /** `<project>/<stack>` of states with pending operations (a run in progress, or killed). */
  pendingStacks: Set<string>;
}

interface ExportedResource {
  urn?: unknown;
  type?: unknown;
  id?: unknown;
  outputs?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
}

interface Deployment {
  resources?: unknown;
  pending_operations?: unknown;
}

/**
 * Reads what the states reference. Accepts `pulumi stack export` JSON (`{deployment: …}`) or a
 * state file's checkpoint (`{checkpoint: {latest: …}}`).
 * @throws Error when a value is not Pulumi state.
 */
export function stateReferences(states: unknown[]): StateReferences {
  const references: StateReferences = { tokenIds: new Set(), stacks: new Set(), resources: [], pendingStacks: new Set() };
  for (const state of states) {
    const deployment = deploymentOf(state);
    const resources = Array.isArray(deployment.resources) ? (deployment.resources as ExportedResource[]) : [];
    const stacksOfState = new Set<string>();
    for (const resource of resources) {
      const stack = typeof resource.urn === "string" ? stackOfUrn(resource.urn) : undefined;
      if (stack !== undefined) stacksOfState.add(stack);
      if (typeof resource.type !== "string" || !resource.type.endsWith(API_TOKEN_TYPE_SUFFIX)) continue;
      const tokenIds = tokenIdsOf(resource);
      for (const id of tokenIds) references.tokenIds.add(id);
      for (const urn of [resource.urn, resource.outputs?.["ownerUrn"], resource.inputs?.["ownerUrn"]]) {
        const mark = typeof urn === "string" ? markOf(urn) : undefined;
        if (mark && !references.resources.some((known) => sameOwner(known.mark, mark) && sameIds(known.tokenIds, tokenIds))) {
          references.resources.push({ mark, tokenIds });
        }
      }
    }
    for (const stack of stacksOfState) references.stacks.add(stack);
    if (Array.isArray(deployment.pending_operations) && deployment.pending_operations.length > 0) {
      for (const stack of stacksOfState) references.pendingStacks.add(stack);
    }
  }
  return references;
}

/** The token ids that stack states reference: the resource ids and `existingTokenId` of every `ApiToken`. */
export function referencedTokenIds(states: unknown[]): Set<number> {
  return stateReferences(states).tokenIds;
}

/** `<project>/<stack>` of a URN (`urn:pulumi:<stack>::<project>::…`). */
export function stackOfUrn(urn: string): string | undefined {
  const match = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return match ? `${match[2]}/${match[1]}` : undefined;
}

function tokenIdsOf(resource: ExportedResource): number[] {
  const ids: number[] = [];
  const match = typeof resource.id === "string" ? /^\d{1,10}\/(\d{1,10})$/.exec(resource.id) : null;
  if (match?.[1] !== undefined) ids.push(Number(match[1]));
  for (const props of [resource.outputs, resource.inputs]) {
    const adopted = props?.["existingTokenId"];
    if (typeof adopted === "number" && Number.isSafeInteger(adopted) && !ids.includes(adopted)) ids.push(adopted);
  }
  return ids;
}

function sameIds(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

function deploymentOf(state: unknown): Deployment {
  const root = (state ?? {}) as { deployment?: unknown; checkpoint?: { latest?: unknown } };
  const deployment = root.deployment ?? root.checkpoint?.latest;
  if (typeof deployment !== "object" || deployment === null) {
    throw new Error("not Pulumi state: expected the output of 'pulumi stack export' (an object with 'deployment')");
  }
  return deployment as Deployment;
}
