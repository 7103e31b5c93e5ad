/**
 * Finding orphaned API tokens: tokens in the portal that no given stack state holds, told apart by
 * the ownership mark the provider puts at the end of every note it writes
 * (`provider/core/ownership.ts`). Used by `npx lm-apitoken orphans` (docs/RECOVERY.md).
 *
 * - **held**: some resource of some given state references the token, by id or by access id,
 *   whatever the resource's type or protection (`state-references.ts`): never an orphan.
 * - **orphans**: made by this provider for a resource of a stack whose state was given, and held
 *   by no given state (e.g. made by a `pulumi up` killed before it recorded them). The only
 *   tokens the finder advises deleting, and the only ones `--delete` may delete.
 * - **otherStacks**: made by this provider for a stack whose state was not given: they cannot be
 *   judged, so they are left alone.
 * - **foreign**: no ownership mark (made by people or other tools): left alone.
 *
 * The credential the search runs with is never reported, whatever its kind.
 */
import type { LogicMonitorClient } from "../client/client";
import type { ApiTokenRecord } from "../client/types";
import { sameOwner, splitNote, type OwnershipMark } from "../core/ownership";
import { isOwnCredential, type OwnCredential } from "./own-credential";
import { holdersOf, isHeld, type StateReferences } from "./state-references";

export { isHeld, referencedTokenIds, stateReferences } from "./state-references";

/** A listed token without its `accessKey` (never reported; for Bearer tokens it is a masked value). */
export type ListedToken = Omit<ApiTokenRecord, "accessKey">;

/** A token the provider made: the mark says for which resource. */
export interface ProviderMadeToken {
  token: ListedToken;
  /** The note without the mark. */
  declaredNote: string;
  mark: OwnershipMark;
  /** True when the mark's resource is in a given state. */
  resourceInState: boolean;
  /** Tokens the mark's resource holds in the given states (empty when it is in none, or holds none). */
  resourceHolds: number[];
}

/** A token some given state holds: never an orphan, never deleted. */
export interface HeldToken {
  token: ListedToken;
  /** The mark its note ends with, if any. */
  mark?: OwnershipMark;
  /** URNs of the resources that reference it (by id, token id or access id). */
  heldBy: string[];
}

/** A token without this provider's mark. */
export interface ForeignToken {
  token: ListedToken;
}

/** What the search found, each list sorted by token id. */
export interface OrphanReport {
  /** Made by this provider for a given stack, held by no given state. */
  orphans: ProviderMadeToken[];
  /** Held by a given state (by id or access id), whoever made them. */
  held: HeldToken[];
  /** Made by this provider for a stack whose state was not given. */
  otherStacks: ProviderMadeToken[];
  /** Not made by this provider (no ownership mark) and held by no given state. */
  foreign: ForeignToken[];
  /** Token ids asked for (`--token`) that the searched admins do not have. */
  missingTokenIds: number[];
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
  /** Only these tokens (`--token`); every listed token when absent. */
  tokenIds?: number[];
}

/** Lists the searched admins' tokens and sorts the unreferenced ones by who made them. */
export async function findOrphanTokens(client: LogicMonitorClient, search: OrphanSearch): Promise<OrphanReport> {
  const adminIds = search.adminIds ?? (await client.listAdmins()).map((admin) => admin.id);
  const listed: ApiTokenRecord[] = [];
  for (const adminId of adminIds) listed.push(...(await client.listApiTokens(adminId)));
  return classifyTokens(listed, search.references, search.ownCredential, search.tokenIds ? { tokenIds: search.tokenIds } : {});
}

/**
 * Sorts listed tokens into the report's kinds; with `tokenIds`, only those tokens (the credential
 * the search runs with is recognised among all of them). Pure; exported for tests.
 */
export function classifyTokens(
  listed: ApiTokenRecord[],
  references: StateReferences,
  own: OwnCredential,
  options: { tokenIds?: number[] } = {},
): OrphanReport {
  const report: OrphanReport = {
    orphans: [],
    held: [],
    otherStacks: [],
    foreign: [],
    missingTokenIds: [],
    ownCredentialIds: [],
    ownCredentialKind: own.kind,
  };
  const only = options.tokenIds === undefined ? undefined : new Set(options.tokenIds);
  for (const listedToken of [...listed].sort((a, b) => a.id - b.id)) {
    if (isOwnCredential(listedToken, own)) {
      report.ownCredentialIds.push(listedToken.id);
      continue;
    }
    if (only !== undefined && !only.has(listedToken.id)) continue;
    const { accessKey: _notReported, ...token } = listedToken;
    const { note, mark } = splitNote(token.note);
    if (isHeld(references, token)) {
      report.held.push({ token, ...(mark ? { mark } : {}), heldBy: holdersOf(references, token) });
      continue;
    }
    if (!mark) {
      report.foreign.push({ token });
      continue;
    }
    const owners = references.resources.filter((resource) => sameOwner(resource.mark, mark));
    const resourceHolds = [...new Set(owners.flatMap((resource) => resource.tokenIds))].sort((a, b) => a - b);
    const made: ProviderMadeToken = { token, declaredNote: note, mark, resourceInState: owners.length > 0, resourceHolds };
    if (references.stacks.has(`${mark.project}/${mark.stack}`)) report.orphans.push(made);
    else report.otherStacks.push(made);
  }
  const listedIds = new Set(listed.map((token) => token.id));
  report.missingTokenIds = [...(only ?? [])].filter((id) => !listedIds.has(id)).sort((a, b) => a - b);
  return report;
}
