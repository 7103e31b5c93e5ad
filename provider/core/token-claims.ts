/**
 * Taking an existing token under management (adoption with `existingTokenId`, `pulumi import` on
 * the plugin face): what makes a claim proven, and what makes it refused. Pure; no API calls.
 *
 * A claim names the token by id AND access id (ids are numbered per portal; the access id proves
 * which token is meant). It is refused, changing nothing, when the token is
 * - the credential the provider itself signs with (destroying the resource would cut off the
 *   provider and everything else that uses it), or
 * - managed by another resource: its note ends with the ownership mark of another project, stack
 *   or resource name (two stacks holding one credential fight over its note, and the first
 *   `destroy` deletes the other's key). A mark with this resource's names but another URN hash is
 *   the same resource under another type or parent (a move between the dynamic and plugin faces)
 *   and may be claimed.
 */
import type { ApiTokenRecord } from "../client/types";
import { formatMark, splitNote, type OwnershipMark } from "./ownership";
import { maskedValueMatches } from "./token-identity";

/** The credential the provider signs with; a Bearer value stays in process, never in a message. */
export type SigningCredential = { kind: "lmv1"; accessId: string } | { kind: "bearer"; token: string };

/** True when `token` (as listed) is the credential the provider signs with. */
export function isSigningCredential(token: Pick<ApiTokenRecord, "type" | "accessId" | "accessKey">, own: SigningCredential): boolean {
  if (own.kind === "lmv1") return token.type === "lmv1" && token.accessId === own.accessId;
  return token.type === "bearer" && maskedValueMatches(token.accessKey, own.token);
}

/**
 * Throws when `token` may not be claimed by the resource with `mark` (see the module comment).
 * @param what names the claim for messages, e.g. `existingTokenId 1001` or `import of 32/1001`.
 */
export function refuseUnclaimable(what: string, token: ApiTokenRecord, mark: OwnershipMark | undefined, own: SigningCredential): void {
  if (isSigningCredential(token, own)) {
    throw new Error(
      `${what}: token ${token.id} of admin ${token.adminId} is the credential this provider signs with ` +
        `(logicmonitor:accessId / LM_ACCESS_ID, or the Bearer token). Managing it would let 'pulumi destroy' delete the key the provider ` +
        `and its other users depend on. Nothing was changed. Adopt another token, or sign with another credential.`,
    );
  }
  const theirs = splitNote(token.note).mark;
  if (theirs === undefined) return;
  const sameNames = mark !== undefined && theirs.project === mark.project && theirs.stack === mark.stack && theirs.name === mark.name;
  if (sameNames) return;
  throw new Error(
    `${what}: token ${token.id} of admin ${token.adminId} is managed by another resource: its note ends with ${formatMark(theirs)} ` +
      `(project ${theirs.project}, stack ${theirs.stack}, resource ${theirs.name}). Two stacks holding one credential fight over its note, ` +
      `and the first 'pulumi destroy' deletes the other's key. Nothing was changed. If that stack no longer holds it ` +
      `('pulumi state delete <urn>' there, or it was destroyed with retainOnDelete), remove the mark from the token's note in the portal, then claim it again.`,
  );
}
