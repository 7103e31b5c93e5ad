/**
 * The reliability oracle's comparisons: which tokens the stack's state manages, and how that
 * matches what the portal holds. Pure functions over `pulumi stack export` and the emulator's list.
 */
import type { PortalToken } from "./control";

/** Pulumi's marker for a secret value in exported state. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** One `ApiToken` resource as the exported state records it. */
export interface StateToken {
  urn: string;
  /** From the resource id `"<adminId>/<tokenId>"`. */
  tokenId: number;
  adminId: number;
  /** `accessKey` is present and stored as a secret. */
  keyIsSecret: boolean;
  /** Adopted with `existingTokenId` (such a token has no key by design). */
  adopted: boolean;
}

interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

interface ExportedState {
  deployment?: { resources?: ExportedResource[]; pending_operations?: unknown[] };
}

/** The `ApiToken` resources of an exported stack. */
export function stateTokens(exportText: string): StateToken[] {
  const state = JSON.parse(exportText) as ExportedState;
  return (state.deployment?.resources ?? [])
    .filter((resource) => resource.type.endsWith("logicmonitor:ApiToken") && resource.id)
    .map((resource) => {
      const [adminId, tokenId] = (resource.id ?? "").split("/").map(Number);
      const key = resource.outputs?.["accessKey"] as Record<string, unknown> | undefined;
      return {
        urn: resource.urn,
        tokenId: tokenId ?? NaN,
        adminId: adminId ?? NaN,
        keyIsSecret: typeof key === "object" && key !== null && key[SECRET_SIG_KEY] === SECRET_SIG && typeof key["ciphertext"] === "string",
        adopted: resource.outputs?.["existingTokenId"] !== undefined,
      };
    });
}

/** Pending operations (interrupted creates, updates, deletes) in an exported stack. */
export function pendingOperations(exportText: string): number {
  return ((JSON.parse(exportText) as ExportedState).deployment?.pending_operations ?? []).length;
}

/** How state and portal compare. Every list is empty when they match one to one. */
export interface OracleComparison {
  /** Tokens in state. */
  managed: number;
  /** Portal tokens no resource references. */
  orphans: number[];
  /** Tokens in state that the portal no longer has. */
  missing: number[];
  /** Token ids referenced by more than one resource. */
  sharedIds: number[];
  /** Extra portal tokens with the same owner and note as another (each resource has a unique note). */
  duplicates: number;
  /** URNs of managed, non-adopted tokens whose `accessKey` is not a secret in state. */
  missingKeys: string[];
}

/**
 * Compares state with the portal's tokens, leaving out `ignoredIds` (the root token, and tokens a
 * scenario made as provider credentials).
 */
export function compareStateWithPortal(state: StateToken[], portal: PortalToken[], ignoredIds: ReadonlySet<number>): OracleComparison {
  const inPortal = portal.filter((token) => !ignoredIds.has(token.id));
  const portalIds = new Set(inPortal.map((token) => token.id));
  const stateIds = state.map((token) => token.tokenId);
  const seen = new Set<number>();
  const sharedIds = new Set<number>();
  for (const id of stateIds) (seen.has(id) ? sharedIds : seen).add(id);
  const byNote = new Map<string, number>();
  for (const token of inPortal) byNote.set(`${token.adminId}\u0000${token.note}`, (byNote.get(`${token.adminId}\u0000${token.note}`) ?? 0) + 1);
  return {
    managed: state.length,
    orphans: [...portalIds].filter((id) => !seen.has(id)).sort((a, b) => a - b),
    missing: [...seen].filter((id) => !portalIds.has(id)).sort((a, b) => a - b),
    sharedIds: [...sharedIds],
    duplicates: [...byNote.values()].reduce((sum, count) => sum + count - 1, 0),
    missingKeys: state.filter((token) => !token.adopted && !token.keyIsSecret).map((token) => token.urn),
  };
}
