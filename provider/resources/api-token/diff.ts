import { isUnknown, type ApiTokenInputs, type ApiTokenOutputs } from "./inputs";

/**
 * Which input changes update a token in place and which replace it. Pure; no API calls.
 *
 * LogicMonitor can change a token's `note` and `status` (and so its ownership mark); everything else (owner, type, keepers,
 * adoption) needs a new token. Replacement is create-before-delete (the engine's default), so a
 * rotation never leaves a gap. `__provider` is never compared: a new package version alone must
 * not show up as a change.
 */

/** The result of comparing stored outputs with new inputs. */
export interface ApiTokenDiff {
  /** Properties whose change is applied with an in-place update. */
  updates: string[];
  /** Properties whose change needs a new token. */
  replaces: string[];
}

function sameKeepers(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const left = a ?? {};
  const right = b ?? {};
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => left[key] === right[key]);
}

/** The owner changed if the new inputs name an owner other than the one the token has. */
function ownerChanges(olds: Partial<ApiTokenOutputs>, news: ApiTokenInputs): string[] {
  if (news.adminId !== undefined) {
    if (isUnknown(news.adminId)) return ["adminId"];
    return news.adminId === olds.adminId ? [] : ["adminId"];
  }
  if (news.adminUsername !== undefined) {
    if (isUnknown(news.adminUsername)) return ["adminUsername"];
    // Moving from adminId to the username of the same owner is not a change.
    const current = olds.adminUsername ?? olds.adminName;
    return news.adminUsername === current ? [] : ["adminUsername"];
  }
  return [];
}

/**
 * Adoption replaces only when it names a token other than the one already managed. Adopting the
 * managed token, or dropping `existingTokenId` after adoption, keeps the token: a replacement
 * would delete the very token it had just adopted.
 */
function adoptsAnotherToken(olds: Partial<ApiTokenOutputs>, news: ApiTokenInputs): boolean {
  if (news.existingTokenId === undefined) return false;
  if (isUnknown(news.existingTokenId)) return true;
  return news.existingTokenId !== olds.tokenId;
}

/** Compares stored outputs (`olds`) with checked new inputs (`news`). */
export function diffApiToken(olds: Partial<ApiTokenOutputs>, news: ApiTokenInputs): ApiTokenDiff {
  const replaces = ownerChanges(olds, news);
  if ((news.type ?? "lmv1") !== (olds.type ?? "lmv1")) replaces.push("type");
  if (isUnknown(news.keepers) || !sameKeepers(olds.keepers, news.keepers)) replaces.push("keepers");
  if (adoptsAnotherToken(olds, news)) replaces.push("existingTokenId");
  // Naming another access id than the managed token's names another token (adopting it is a create, which checks it).
  if (news.existingAccessId !== undefined && (isUnknown(news.existingAccessId) || news.existingAccessId !== olds.accessId)) {
    replaces.push("existingAccessId");
  }
  const updates: string[] = [];
  if ((news.note ?? "") !== (olds.note ?? "")) updates.push("note");
  if ((news.status ?? "enabled") !== (olds.status ?? "enabled")) updates.push("status");
  // A new owner URN (a renamed stack or resource), or a token whose mark is missing (made before
  // marks, or removed in the portal): the update writes the mark into the note.
  if (news.ownerUrn !== undefined && !isUnknown(news.ownerUrn) && news.ownerUrn !== olds.ownerUrn) updates.push("ownerUrn");
  return { updates, replaces };
}
