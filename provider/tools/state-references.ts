/**
 * What given Pulumi stack states say about API tokens: which tokens they hold, which stacks they
 * are, and which resources (by ownership mark) hold what. Read from `pulumi stack export` JSON or a
 * state file's checkpoint. Pure; no API calls.
 *
 * Resources are not recognised by their type: every resource of every type (either face of this
 * package, a type added later, a component or another provider's resource that passes a token on)
 * holds every token it references, by
 * - its id `<adminId>/<tokenId>`;
 * - a token id in {@link TOKEN_ID_PROPERTIES} or an access id in {@link ACCESS_ID_PROPERTIES},
 *   at any depth of its inputs or outputs (secrets only when exported with `--show-secrets`).
 * Resources in pending operations count too. Taking too much for held only makes the orphan
 * finder keep more tokens.
 */
import { markOf, sameOwner, type OwnershipMark } from "../core/ownership";

/** Properties whose value (a number, or a string of digits) is a token id, in inputs or outputs of any resource. */
export const TOKEN_ID_PROPERTIES: readonly string[] = ["tokenId", "existingTokenId", "previousTokenId"];

/** Properties whose string value is a token's access id, in inputs or outputs of any resource. */
export const ACCESS_ID_PROPERTIES: readonly string[] = ["accessId", "previousAccessId"];

/** Pulumi's marker key of a secret value in exported state (its `plaintext` is JSON with `--show-secrets`). */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** A resource of a given state, under one mark: its URN's, or its `ownerUrn`'s when that differs. */
export interface StateTokenResource {
  /** The resource's URN (for the report). */
  urn: string;
  /** The mark its tokens carry (from its URN, or its `ownerUrn`). */
  mark: OwnershipMark;
  /** Token ids it references (empty, e.g., while its create is pending). */
  tokenIds: number[];
  /** Access ids it references. */
  accessIds: string[];
}

/** Everything the orphan finder needs from the given states. */
export interface StateReferences {
  /** Token ids some resource of some state references. */
  tokenIds: Set<number>;
  /** Access ids some resource of some state references. */
  accessIds: Set<string>;
  /** `<project>/<stack>` of every given state: only these stacks' tokens can be judged. */
  stacks: Set<string>;
  /** Every resource of the given states that has a URN, with what it references. */
  resources: StateTokenResource[];
  /** `<project>/<stack>` of states with pending operations (a run in progress, or killed). */
  pendingStacks: Set<string>;
}

interface ExportedResource {
  urn?: unknown;
  id?: unknown;
  outputs?: unknown;
  inputs?: unknown;
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
  const references: StateReferences = { tokenIds: new Set(), accessIds: new Set(), stacks: new Set(), resources: [], pendingStacks: new Set() };
  for (const state of states) {
    const deployment = deploymentOf(state);
    const pending = Array.isArray(deployment.pending_operations) ? (deployment.pending_operations as unknown[]) : [];
    const resources = [
      ...(Array.isArray(deployment.resources) ? (deployment.resources as unknown[]) : []),
      ...pending.map((operation) => (isObject(operation) ? operation["resource"] : undefined)),
    ].filter(isObject) as ExportedResource[];
    const stacksOfState = new Set<string>();
    for (const resource of resources) {
      const stack = typeof resource.urn === "string" ? stackOfUrn(resource.urn) : undefined;
      if (stack !== undefined) stacksOfState.add(stack);
      const held = referencesOf(resource);
      for (const id of held.tokenIds) references.tokenIds.add(id);
      for (const accessId of held.accessIds) references.accessIds.add(accessId);
      if (typeof resource.urn !== "string") continue;
      for (const urn of [resource.urn, ownerUrnOf(resource.inputs), ownerUrnOf(resource.outputs)]) {
        const mark = urn === undefined ? undefined : markOf(urn);
        const known = references.resources.find((entry) => entry.urn === resource.urn && sameOwner(entry.mark, mark));
        if (mark && known === undefined) references.resources.push({ urn: resource.urn, mark, ...held });
        else if (known) mergeInto(known, held);
      }
    }
    for (const stack of stacksOfState) references.stacks.add(stack);
    if (pending.length > 0) {
      for (const stack of stacksOfState) references.pendingStacks.add(stack);
    }
  }
  return references;
}

/** True when some given state references the token, by its id or by its access id. */
export function isHeld(references: StateReferences, token: { id: number; accessId: string }): boolean {
  return references.tokenIds.has(token.id) || (token.accessId !== "" && references.accessIds.has(token.accessId));
}

/** URNs of the resources that reference the token (by id or access id), each once, sorted. */
export function holdersOf(references: StateReferences, token: { id: number; accessId: string }): string[] {
  const urns = references.resources
    .filter((resource) => resource.tokenIds.includes(token.id) || (token.accessId !== "" && resource.accessIds.includes(token.accessId)))
    .map((resource) => resource.urn);
  return [...new Set(urns)].sort();
}

/** The token ids that stack states reference (see this module's comment). */
export function referencedTokenIds(states: unknown[]): Set<number> {
  return stateReferences(states).tokenIds;
}

/** `<project>/<stack>` of a URN (`urn:pulumi:<stack>::<project>::…`). */
export function stackOfUrn(urn: string): string | undefined {
  const match = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return match ? `${match[2]}/${match[1]}` : undefined;
}

/** The token ids and access ids one resource references. */
function referencesOf(resource: ExportedResource): { tokenIds: number[]; accessIds: string[] } {
  const found = { tokenIds: [] as number[], accessIds: [] as string[] };
  const match = typeof resource.id === "string" ? /^\d{1,10}\/(\d{1,10})$/.exec(resource.id) : null;
  if (match?.[1] !== undefined) found.tokenIds.push(Number(match[1]));
  collect(resource.inputs, found);
  collect(resource.outputs, found);
  return { tokenIds: [...new Set(found.tokenIds)], accessIds: [...new Set(found.accessIds)] };
}

/** Walks a property value, taking the token ids and access ids under the properties named above. */
function collect(value: unknown, found: { tokenIds: number[]; accessIds: string[] }, depth = 0): void {
  if (depth > 64) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, found, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, raw] of Object.entries(value)) {
    const property = revealed(raw);
    if (TOKEN_ID_PROPERTIES.includes(key)) {
      const id = tokenIdOf(property);
      if (id !== undefined) found.tokenIds.push(id);
    } else if (ACCESS_ID_PROPERTIES.includes(key) && typeof property === "string" && property !== "") {
      found.accessIds.push(property);
    }
    collect(property, found, depth + 1);
  }
}

/** A secret's value when the export shows it (`--show-secrets`); any other value as it is. */
function revealed(value: unknown): unknown {
  if (!isObject(value) || !(SECRET_SIGNATURE in value) || typeof value["plaintext"] !== "string") return value;
  try {
    return JSON.parse(value["plaintext"]) as unknown;
  } catch {
    return value["plaintext"];
  }
}

function tokenIdOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === "string" && /^[1-9]\d{0,14}$/.test(value)) return Number(value);
  return undefined;
}

function ownerUrnOf(props: unknown): string | undefined {
  const urn = isObject(props) ? revealed(props["ownerUrn"]) : undefined;
  return typeof urn === "string" ? urn : undefined;
}

function mergeInto(entry: StateTokenResource, held: { tokenIds: number[]; accessIds: string[] }): void {
  for (const id of held.tokenIds) if (!entry.tokenIds.includes(id)) entry.tokenIds.push(id);
  for (const accessId of held.accessIds) if (!entry.accessIds.includes(accessId)) entry.accessIds.push(accessId);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deploymentOf(state: unknown): Deployment {
  const root = (state ?? {}) as { deployment?: unknown; checkpoint?: { latest?: unknown } };
  const deployment = root.deployment ?? root.checkpoint?.latest;
  if (typeof deployment !== "object" || deployment === null) {
    throw new Error("not Pulumi state: expected the output of 'pulumi stack export' (an object with 'deployment')");
  }
  return deployment as Deployment;
}
