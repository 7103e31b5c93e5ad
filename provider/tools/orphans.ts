/**
 * Finding orphaned API tokens: tokens in the portal that no given stack state references, told
 * apart by the ownership mark the provider puts at the end of every note it writes
 * (`provider/resources/ownership.ts`). Used by `npx lm-apitoken orphans` (docs/RECOVERY.md).
 *
 * - **orphans**: made by this provider for a resource of a stack whose state was given, and
 *   referenced by no given state (e.g. made by a `pulumi up` killed before it recorded them).
 *   The only tokens the finder advises deleting, and the only ones `--delete` may delete.
 * - **otherStacks**: made by this provider for a stack whose state was not given: they cannot be
 *   judged, so they are left alone.
 * - **foreign**: no ownership mark (made by people or other tools): left alone.
 *
 * The credential the search runs with is never reported, whatever its kind.
 */
import type { LogicMonitorClient } from "../client/client";
import type { ApiTokenRecord } from "../client/types";
import { sameOwner, splitNote, type OwnershipMark } from "../resources/ownership";
import { isOwnCredential, type OwnCredential } from "./own-credential";
import type { StateReferences } from "./state-references";

export { referencedTokenIds, stateReferences } from "./state-references";

/** A listed token without its `accessKey` (never reported; for Bearer tokens it is a masked value). */
export type ListedToken = Omit<ApiTokenRecord, "accessKey">;

/** A token the provider made: the mark says for which resource. */
export interface ProviderMadeToken {
  token: ListedToken;
  /** The note without the mark. */
  declaredNote: string;
  mark: OwnershipMark;
  /** Tokens the mark's resource holds in the given states (empty when the resource is in none of them). */
  resourceHolds: number[];
}

/** A token without this provider's mark. */
export interface ForeignToken {
  token: ListedToken;
}

/** What the search found, each list sorted by token id. */
export interface OrphanReport {
  /** Made by this provider for a given stack, referenced by no given state. */
  orphans: ProviderMadeToken[];
  /** Made by this provider for a stack whose state was not given. */
  otherStacks: ProviderMadeToken[];
  /** Not made by this provider (no ownership mark) and referenced by no given state. */
  foreign: ForeignToken[];
  /** Ids of the tokens taken for the credential the search runs with (never in the lists above). */
  ownCredentialIds: number[];
  /** The credential's kind, for the report. */
  ownCredentialKind: OwnCredential["kind"];
}

/** What to search. */
export interface OrphanSearch {
  references: StateReferences;
  /** Only these admins' tokens; every admin of the portal when absent (needs "User Access: view"). */
  adminIds?: number[];
  /** The credential the search runs with: never reported. */
  ownCredential: OwnCredential;
}

/** Lists the searched admins' tokens and sorts the unreferenced ones by who made them. */
export async function findOrphanTokens(client: LogicMonitorClient, search: OrphanSearch): Promise<OrphanReport> {
  const adminIds = search.adminIds ?? (await client.listAdmins()).map((admin) => admin.id);
  const listed: ApiTokenRecord[] = [];
  for (const adminId of adminIds) listed.push(...(await client.listApiTokens(adminId)));
  return classifyTokens(listed, search.references, search.ownCredential);
}

/** Sorts listed tokens into the report's kinds. Pure; exported for tests. */
export function classifyTokens(listed: ApiTokenRecord[], references: StateReferences, own: OwnCredential): OrphanReport {
  const report: OrphanReport = { orphans: [], otherStacks: [], foreign: [], ownCredentialIds: [], ownCredentialKind: own.kind };
  for (const listedToken of [...listed].sort((a, b) => a.id - b.id)) {
    if (isOwnCredential(listedToken, own)) {
      report.ownCredentialIds.push(listedToken.id);
      continue;
    }
    const { accessKey: _notReported, ...token } = listedToken;
    if (references.tokenIds.has(token.id)) continue;
    const { note, mark } = splitNote(token.note);
    if (!mark) {
      report.foreign.push({ token });
      continue;
    }
    const resourceHolds = references.resources
      .filter((resource) => sameOwner(resource.mark, mark))
      .flatMap((resource) => resource.tokenIds);
    const made: ProviderMadeToken = { token, declaredNote: note, mark, resourceHolds };
    if (references.stacks.has(`${mark.project}/${mark.stack}`)) report.orphans.push(made);
    else report.otherStacks.push(made);
  }
  return report;
}
