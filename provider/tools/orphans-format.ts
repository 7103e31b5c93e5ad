/**
 * The text report of `lm-apitoken orphans`: one section per kind of token, advice to delete (or
 * adopt) only for tokens this provider made for a given stack. Each token is shown with its
 * evidence: id, owner, kind, access id, created, last used, and for the provider's the mark (with
 * the attempt id when it has one) and whether its resource is in a given state. Pure; no secrets
 * (keys are never in the report's records).
 */
import type { DeletionOutcome } from "./orphan-deletion";
import type { OwnershipMark } from "../core/ownership";
import type { HeldToken, ListedToken, OrphanReport, ProviderMadeToken } from "./orphans";

/** What the text shows beyond the orphans. */
export interface FormatOptions {
  /** List the tokens without this provider's mark (else only count them). */
  all: boolean;
  /** What `--delete` did, when it ran. */
  deletions?: DeletionOutcome[];
}

/** The report for people. */
export function formatOrphanReport(report: OrphanReport, options: FormatOptions): string {
  const lines: string[] = [];
  if (report.orphans.length === 0) {
    lines.push("No orphans made by this provider: every token it made for the given stacks is referenced by their state.");
  } else {
    lines.push(`Made by this provider, referenced by no given state (${report.orphans.length}):`);
    for (const orphan of report.orphans) lines.push(`  ${providerLine(orphan)}`, `      ${whereItBelongs(orphan)}`);
    if (options.deletions === undefined) {
      lines.push(
        "  For each: delete it (in the portal, Settings → Users and Roles → the user → API Tokens; or run again with " +
          "--delete, which deletes those never used), or keep it under Pulumi by setting existingTokenId: <token> and existingAccessId: <its access id> on " +
          "its resource (it then has no accessKey output). See docs/RECOVERY.md.",
      );
    }
  }
  if (options.deletions !== undefined) lines.push("", ...deletionLines(options.deletions));
  if (report.held.length > 0) {
    lines.push("", `Held by a given state (${report.held.length}): left alone.`, ...report.held.map((held) => `  ${heldLine(held)}`));
  }
  if (report.otherStacks.length > 0) {
    const stacks = [...new Set(report.otherStacks.map((made) => `${made.mark.project}/${made.mark.stack}`))].sort();
    lines.push(
      "",
      `Made by this provider for stacks whose state was not given (${report.otherStacks.length}): left alone.`,
      ...report.otherStacks.map((made) => `  ${providerLine(made)}`),
      `  To check them, pass the state of ${stacks.join(", ")} too (--state <file>).`,
    );
  }
  if (report.foreign.length > 0) {
    lines.push("");
    if (options.all) {
      lines.push(
        `Not made by this provider (no ownership mark; made by people or other tools) (${report.foreign.length}): left alone.`,
        ...report.foreign.map(({ token }) => `  ${tokenLine(token)}  note ${JSON.stringify(token.note)}`),
      );
    } else {
      lines.push(`${report.foreign.length} token(s) not made by this provider (no ownership mark): left alone (--all lists them).`);
    }
  }
  if (report.missingTokenIds.length > 0) {
    lines.push("", `Not found among the searched admins' tokens: ${report.missingTokenIds.map((id) => `token ${id}`).join(", ")}.`);
  }
  lines.push("", ownCredentialLine(report));
  return lines.join("\n");
}

function tokenLine(token: ListedToken): string {
  const used = token.lastUsedOn === 0 ? "never used" : `last used ${isoTime(token.lastUsedOn)}`;
  return (
    `token ${token.id}  admin ${token.adminId} (${token.adminName})  ${token.type}  accessId ${token.accessId}  ` +
    `created ${isoTime(token.createdOn)}  ${used}`
  );
}

/** `<project>/<stack>/<name> #<hash>[.<attempt>]`. */
function markLabel(mark: OwnershipMark): string {
  return `${mark.project}/${mark.stack}/${mark.name} #${mark.hash}${mark.attempt === undefined ? "" : `.${mark.attempt}`}`;
}

function providerLine(made: ProviderMadeToken): string {
  return `${tokenLine(made.token)}  for ${markLabel(made.mark)}  note ${JSON.stringify(made.declaredNote)}`;
}

function heldLine(held: HeldToken): string {
  const mark = held.mark === undefined ? "" : `  for ${markLabel(held.mark)}`;
  return `${tokenLine(held.token)}${mark}  held by ${held.heldBy.join(", ")}`;
}

function whereItBelongs(orphan: ProviderMadeToken): string {
  const resource = `${orphan.mark.project}/${orphan.mark.stack}/${orphan.mark.name}`;
  if (!orphan.resourceInState) {
    return `${resource} is in no given state (destroyed, renamed, or its create was never recorded)`;
  }
  if (orphan.resourceHolds.length === 0) {
    return `${resource} is in the state and holds no token (its create may not have finished): this one is a leftover`;
  }
  return `${resource} is in the state and holds token ${orphan.resourceHolds.join(", ")}: this one is a leftover`;
}

function deletionLines(deletions: DeletionOutcome[]): string[] {
  if (deletions.length === 0) return ["--delete: nothing to delete."];
  return deletions.map(({ orphan, result, reason }) => {
    const id = `token ${orphan.token.id} (admin ${orphan.token.adminId})`;
    switch (result) {
      case "deleted":
        return `--delete: deleted ${id}.`;
      case "gone":
        return `--delete: ${id} was already gone.`;
      case "skipped":
        return `--delete: kept ${id}: ${reason ?? ""}`;
      case "failed":
        return `--delete: could not delete ${id}: ${reason ?? ""}`;
    }
  });
}

function ownCredentialLine(report: OrphanReport): string {
  const kind = report.ownCredentialKind === "bearer" ? "Bearer token" : "LMv1 token";
  if (report.ownCredentialIds.length > 0) {
    return `The ${kind} this command runs with (token ${report.ownCredentialIds.join(", ")}) is not listed.`;
  }
  return `The ${kind} this command runs with is not among the searched admins' tokens.`;
}

function isoTime(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  return Number.isNaN(date.getTime()) ? String(epochSeconds) : date.toISOString();
}
