/**
 * `lm-apitoken orphans --delete`: deletes the orphans that are safe to delete without a person,
 * and nothing else. A token is deleted only when all of these hold:
 *
 * - it carries this provider's ownership mark, for a stack whose state was given (an
 *   {@link OrphanReport} `orphans` entry; never a token without a mark, of another stack, or the
 *   credential the command runs with);
 * - no resource of any given state references it, by id or by access id, whatever the resource's
 *   type or protection (checked again here, whatever the report says);
 * - it has never been used (`lastUsedOn` 0): its key was only ever in a lost answer;
 * - its stack's state has no pending operations (no `pulumi up` running or killed mid-create);
 * - listed again just before the delete, it is unchanged (same owner, access id and note, still
 *   never used).
 */
import type { LogicMonitorClient } from "../client/client";
import type { OrphanReport, ProviderMadeToken } from "./orphans";
import { isHeld, type StateReferences } from "./state-references";

/** What `--delete` did with one orphan. */
export interface DeletionOutcome {
  orphan: ProviderMadeToken;
  result: "deleted" | "skipped" | "gone" | "failed";
  /** Why it was skipped, or what failed (no secrets: the client's error text). */
  reason?: string;
}

/** Deletes the report's never-used orphans as described in this module's comment, one at a time. */
export async function deleteNeverUsedOrphans(
  client: LogicMonitorClient,
  report: OrphanReport,
  references: StateReferences,
): Promise<DeletionOutcome[]> {
  const outcomes: DeletionOutcome[] = [];
  for (const orphan of report.orphans) {
    const skip = reasonToKeep(orphan, references);
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

function reasonToKeep(orphan: ProviderMadeToken, references: StateReferences): string | undefined {
  if (isHeld(references, orphan.token)) {
    return "a given state references it (by id or access id): it is a resource's token";
  }
  if (orphan.token.lastUsedOn !== 0) {
    return "it has been used: someone may rely on its key; delete it by hand once you know it is not needed";
  }
  const stack = `${orphan.mark.project}/${orphan.mark.stack}`;
  if (references.pendingStacks.has(stack)) {
    return (
      `the state of ${stack} has pending operations (a 'pulumi up' running, or killed): when no run is going on, ` +
      `run 'pulumi cancel --yes' and 'pulumi refresh --clear-pending-creates --yes', export the state again and retry`
    );
  }
  return undefined;
}
