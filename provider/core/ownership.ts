/**
 * Ownership marks: how the provider proves that a token in the portal is a given resource's own.
 *
 * Every token the provider creates carries, at the end of its note, a mark naming the resource
 * that made it and a hash of that resource's URN:
 *
 *   `CI deploys [managed by Pulumi: quickstart/dev/ci-bot #3f9a2c81.5d0e7a41b2c9]`
 *
 * The part after the dot is the id of the create attempt that made the token: random, unique to
 * each attempt, known only to the process that made it. It is the only proof the provider accepts
 * that a token nobody holds is one its own create made (the look after a lost answer deletes
 * exactly the tokens carrying the attempt ids of its own failed attempts). Names and URN hash say
 * which resource a token is for; they are not proof that a given run made it: a renamed stack, a
 * retained token, a stack of the same name in another backend and a hand-copied note all carry them.
 * Marks written before attempt ids existed have none.
 *
 * People in the portal see which stack and resource manage the token. The provider strips the
 * mark before it compares notes, so `note` in state and in diffs is the declared note. After a
 * create whose answer was lost, the mark (and not the owner, note or time) tells the provider
 * which tokens its failed attempts made (by attempt id); no other token is ever deleted on the
 * strength of a mark.
 *
 * Pure functions; no API calls.
 */
import { createHash } from "node:crypto";

/** What a mark says: the resource's project, stack and name, and a hash of its full URN. */
export interface OwnershipMark {
  project: string;
  stack: string;
  name: string;
  /** The first 8 hex digits of the URN's SHA-256: tells apart resources of the same name under different parents. */
  hash: string;
  /** The id of the create attempt that made the token (12 hex digits); absent in marks written by updates or by older versions. */
  attempt?: string;
}

/** Length of an attempt id in hex digits. */
export const ATTEMPT_ID_HEX_DIGITS = 12;

const MARK_PATTERN = /(?:^| )\[managed by Pulumi: ([^\]\s/]+)\/([^\]\s/]+)\/([^\]]+) #([0-9a-f]{8})(?:\.([0-9a-f]{12}))?\]$/;

/**
 * Reads a resource URN (`urn:pulumi:<stack>::<project>::<type chain>::<name>`).
 * @returns `undefined` when `urn` is not a Pulumi URN.
 */
export function markOf(urn: string): OwnershipMark | undefined {
  const match = /^urn:pulumi:([^:]+)::([^:]+)::([^:]+(?::[^:]+)*)::(.+)$/.exec(urn);
  if (!match) return undefined;
  const [, stack, project, , name] = match;
  if (stack === undefined || project === undefined || name === undefined) return undefined;
  // The words are for people; the hash is the proof. A "]" would end the mark early, so it is shown as ")".
  return { project, stack, name: name.replace(/\]/g, ")"), hash: createHash("sha256").update(urn).digest("hex").slice(0, 8) };
}

/** The mark as it appears in the portal. */
export function formatMark(mark: OwnershipMark): string {
  const attempt = mark.attempt === undefined ? "" : `.${mark.attempt}`;
  return `[managed by Pulumi: ${mark.project}/${mark.stack}/${mark.name} #${mark.hash}${attempt}]`;
}

/** The mark of one create attempt: `mark` carrying `attempt`. */
export function withAttempt(mark: OwnershipMark, attempt: string): OwnershipMark {
  if (!new RegExp(`^[0-9a-f]{${ATTEMPT_ID_HEX_DIGITS}}$`).test(attempt)) {
    throw new Error(`an attempt id is ${ATTEMPT_ID_HEX_DIGITS} lower-case hex digits, not ${JSON.stringify(attempt)}`);
  }
  return { ...mark, attempt };
}

/** The note to send: the declared note followed by the mark (a space between, when the note is not empty). */
export function markedNote(note: string, mark: OwnershipMark | undefined): string {
  if (!mark) return note;
  return note === "" ? formatMark(mark) : `${note} ${formatMark(mark)}`;
}

/** Splits a note from the portal into the declared part and the mark it ends with, if any. */
export function splitNote(portalNote: string): { note: string; mark?: OwnershipMark } {
  const match = MARK_PATTERN.exec(portalNote);
  if (!match) return { note: portalNote };
  const [whole, project, stack, name, hash, attempt] = match;
  if (whole === undefined || project === undefined || stack === undefined || name === undefined || hash === undefined) {
    return { note: portalNote };
  }
  const mark: OwnershipMark = attempt === undefined ? { project, stack, name, hash } : { project, stack, name, hash, attempt };
  return { note: portalNote.slice(0, portalNote.length - whole.length), mark };
}

/** True when both marks name the same resource (same URN hash and the same names); attempt ids are not compared. */
export function sameOwner(a: OwnershipMark | undefined, b: OwnershipMark | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.hash === b.hash &&
    a.project === b.project &&
    a.stack === b.stack &&
    a.name === b.name
  );
}

/**
 * The declared note of a token in the portal, as the resource with `mark` sees it: its own mark is
 * removed; any other mark (or a note edited by hand) stays, so it shows as drift and `up` puts the
 * resource's note and mark back.
 */
export function declaredNote(portalNote: string, mark: OwnershipMark | undefined): string {
  const split = splitNote(portalNote);
  return mark !== undefined && sameOwner(split.mark, mark) ? split.note : portalNote;
}
