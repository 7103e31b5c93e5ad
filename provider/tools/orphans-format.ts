/**
 * The text report of `lm-apitoken orphans`: first what the given states say about the searched
 * portal when they cannot vouch for it, then one section per kind of token, advice to delete (or
 * adopt) only for tokens this provider made for a stack given for this portal. Each token is shown
 * with its evidence: id, owner, kind, access id, created, last used, and for the provider's the
 * mark (with the attempt id when it has one) and whether its resource is in a given state. Pure;
 * no secrets (keys are never in the report's records).
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
  const warnings = portalWarnings(report);
  if (warnings.length > 0) lines.push(...warnings, "");
  if (report.orphans.length === 0) {
    lines.push("No orphans made by this provider: every token it made for the given stacks is referenced by their state.");
  } else {
    lines.push(`Made by this provider, referenced by no given state (${report.orphans.length}):`);
    for (const orphan of report.orphans) lines.push(`  ${providerLine(orphan)}`, `      ${whereItBelongs(orphan)}`);
    if (options.deletions === undefined) {
      lines.push(
        "  For each, after checking that nobody holds its key: delete it (in the portal, Settings → Users and Roles → the user → API Tokens; " +
          "or run again with --token <token> --delete, which deletes it only if it was never used), or keep it under Pulumi by setting " +
          "existingTokenId: <token> and existingAccessId: <its access id> on its resource (it then has no accessKey output). See docs/RECOVERY.md.",
      );
    }
  }
  if (options.deletions !== undefined) lines.push("", ...deletionLines(options.deletions));
  if (report.held.length > 0) {
    lines.push("", `Held by a given state (${report.held.length}): left alone.`, ...report.held.map((held) => `  ${heldLine(held)}`));
  }
  if (report.otherStacks.length > 0) {
    const stacks = [...new Set(report.otherStacks.map((made) => `${made.mark.project}/${made.mark.stack}`))].sort();
    const given = new Map(report.givenStacks.map((entry) => [entry.stack, entry.portals]));
    const notGiven = stacks.filter((stack) => !given.has(stack));
    lines.push(
      "",
      `Made by this provider for stacks whose state was not given for this portal (${report.otherStacks.length}): left alone.`,
      ...report.otherStacks.map((made) => `  ${providerLine(made)}`),
      ...stacks
        .filter((stack) => given.has(stack))
        .map(
          (stack) =>
            `  The state of ${stack} records ${(given.get(stack) ?? []).join(", ") || "no portal"}, not ${report.searchedPortal}: ` +
            `its tokens here may be a same-named stack's.`,
        ),
      ...(notGiven.length > 0 ? [`  To check them, pass the state of ${notGiven.join(", ")} too (--state <file>).`] : []),
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

/**
 * What the given states say about the searched portal, when they cannot vouch for it: no state
 * records it (its tokens are other stacks'), or states record no portal at all (judged, never
 * deleted). Empty when every given stack's state records the searched portal.
 */
export function portalWarnings(report: OrphanReport): string[] {
  const searched = report.searchedPortal;
  const recorded = [...new Set(report.givenStacks.flatMap((entry) => entry.portals))].sort();
  const withoutPortal = report.givenStacks.filter((entry) => entry.portals.length === 0).map((entry) => entry.stack);
  if (recorded.length === 0) {
    return [
      `The given states record no portal (written before portals were recorded, or holding no token): their tokens are judged as if made in ` +
        `the searched portal ${searched}, which the states cannot confirm. --delete refuses until 'pulumi refresh' of ` +
        `${withoutPortal.length > 0 ? withoutPortal.join(", ") : "those stacks"} records their portal (a refresh that finds a token records it).`,
    ];
  }
  if (!recorded.includes(searched)) {
    return [
      `The given states record ${recorded.join(", ")}; this command searched ${searched} (LM_BASE_URL or LM_COMPANY), which no given state records. ` +
        `Every token this provider made here that no given state holds is listed as made for a stack whose state was not given for this portal, ` +
        `and --delete deletes nothing here. To judge the states' tokens, point LM_BASE_URL (or LM_COMPANY and LM_DOMAIN) at the portal they record.`,
    ];
  }
  if (withoutPortal.length > 0) {
    return [
      `The state of ${withoutPortal.join(", ")} records no portal (written before portals were recorded, or holding no token): its tokens here are judged ` +
        `as if made in ${searched}, and --delete keeps them until 'pulumi refresh' of that stack records its portal.`,
    ];
  }
  return [];
}

function tokenLine(token: ListedToken): string {
  const used = token.lastUsedOn === 0 ? "never used" : `last used ${isoTime(token.lastUsedOn)}`;
  return (
    `token ${token.id}  admin ${token.adminId} (${token.adminName})  ${token.type}  accessId ${token.accessId}  ` +
    `created ${isoTime(token.createdOn)}  ${used}`
  );
}

/** `<project>/<stack>/<name> #<hash>[.<attempt>][ key <n>]`. */
function markLabel(mark: OwnershipMark): string {
  const attempt = mark.attempt === undefined ? "" : `.${mark.attempt}`;
  const key = mark.key === undefined ? "" : ` key ${mark.key}`;
  return `${mark.project}/${mark.stack}/${mark.name} #${mark.hash}${attempt}${key}`;
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
