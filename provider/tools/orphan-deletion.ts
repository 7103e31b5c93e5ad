/**
 * `lm-apitoken orphans --token <id> --delete`: deletes the tokens a person named after checking
 * them, when the states confirm they are orphans, and nothing else. Never a bulk delete: "never
 * used" does not prove that nobody holds a key (a `retainOnDelete` token, a renamed stack's token,
 * a same-named stack's in another backend, a key handed out but not used yet). A token is deleted
 * only when all of these hold:
 *
 * - its id was named (`tokenIds`);
 * - it carries this provider's ownership mark, for a stack whose state was given (an
 *   {@link OrphanReport} `orphans` entry; never a token without a mark, of another stack, or the
 *   credential the command runs with);
 * - that stack's state records the portal the client deletes in (checked here, from the client's
 *   base URL, whatever the report says): a state that records another portal, or none (written
 *   before portals were recorded), cannot say the token is its own;
 * - no resource of any given state references it, by id or by access id, whatever the resource's
 *   type or protection (checked again here, whatever the report says);
 * - it has never been used (`lastUsedOn` 0): its key was only ever in a lost answer;
 * - its stack's state has no pending operations (no `pulumi up` running or killed mid-create);
 * - listed again just before the delete, it is unchanged (same owner, access id and note, still
 *   never used).
 */
import type { LogicMonitorClient } from "../client/client";
import { normalizePortal } from "../core/token-identity";
import type { OrphanReport, ProviderMadeToken } from "./orphans";
import { isHeld, portalsOfStack, type StateReferences } from "./state-references";

/** What `--delete` did with one orphan. */
export interface DeletionOutcome {
  orphan: ProviderMadeToken;
  result: "deleted" | "skipped" | "gone" | "failed";
  /** Why it was skipped, or what failed (no secrets: the client's error text). */
  reason?: string;
}

/**
 * Deletes the report's orphans among `tokenIds` as described in this module's comment, one at a
 * time; orphans not named are not touched.
 */
export async function deleteNamedOrphans(
  client: LogicMonitorClient,
  report: OrphanReport,
  references: StateReferences,
  tokenIds: readonly number[],
): Promise<DeletionOutcome[]> {
  const outcomes: DeletionOutcome[] = [];
  const portal = normalizePortal(client.baseUrl);
  for (const orphan of report.orphans.filter((candidate) => tokenIds.includes(candidate.token.id))) {
    const skip = reasonToKeep(orphan, references, portal);
    if (skip !== undefined) {
      outcomes.push({ orphan, result: "skipped", reason: skip });
      continue;
    }
    const { adminId, id } = orphan.token;
    try {
      const now = await client.findApiToken(adminId, id);
      if (now === undefined) {
        outcomes.push({ orphan, result: "gone" });
        continue;
      }
      if (now.note !== orphan.token.note || now.accessId !== orphan.token.accessId || now.adminId !== adminId || now.lastUsedOn !== 0) {
        outcomes.push({ orphan, result: "skipped", reason: "it changed since it was listed (note, access id or last use): run the command again" });
        continue;
      }
      await client.deleteApiToken(adminId, id);
      outcomes.push({ orphan, result: "deleted" });
    } catch (error) {
      outcomes.push({ orphan, result: "failed", reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}

function reasonToKeep(orphan: ProviderMadeToken, references: StateReferences, portal: string): string | undefined {
  if (isHeld(references, orphan.token)) {
    return "a given state references it (by id or access id): it is a resource's token";
  }
  const stack = `${orphan.mark.project}/${orphan.mark.stack}`;
  const portals = portalsOfStack(references, stack);
  if (portals.length === 0) {
    return (
      `the state of ${stack} records no portal (written before portals were recorded, or holding no token), so it cannot say this token in ${portal} is its own: ` +
      `run 'pulumi refresh' on ${stack} (a refresh that finds a token records its portal), export the state again and retry`
    );
  }
  if (!portals.includes(portal)) {
    return `the state of ${stack} records ${portals.join(", ")}, not ${portal}, where this token is: a same-named stack in this portal may hold it`;
  }
  if (orphan.token.lastUsedOn !== 0) {
    return "it has been used: someone may rely on its key; delete it by hand once you know it is not needed";
  }
  if (references.pendingStacks.has(stack)) {
    return (
      `the state of ${stack} has pending operations (a 'pulumi up' running, or killed): when no run is going on, ` +
      `run 'pulumi cancel --yes' and 'pulumi refresh --clear-pending-creates --yes', export the state again and retry`
    );
  }
  return undefined;
}
