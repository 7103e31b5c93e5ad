/**
 * Recognising, among listed tokens, the credential a tool runs with, so that it is never reported
 * as an orphan or deleted. Pure; no API calls.
 *
 * - LMv1: the listed token's `accessId` equals the credential's.
 * - Bearer: LogicMonitor lists Bearer tokens (with `type=bearer`) with `accessKey` masked, the
 *   leading characters visible and the rest replaced by `*` (docs/RECOVERY.md; the reference notes
 *   §1.2). A listed Bearer token is the credential when its visible part is a prefix of the
 *   credential's value (or equals it, if a portal shows the value whole). When several match, all
 *   are taken for it: leaving one more token alone is the safe side.
 */
import type { ApiTokenRecord } from "../client/types";

/** The credential a tool authenticates with, as resolved by `resolveClientOptions`. */
export type OwnCredential = { kind: "lmv1"; accessId: string } | { kind: "bearer"; token: string };

/** Fewest visible characters of a masked Bearer value that may identify a credential. */
export const MIN_VISIBLE_BEARER_CHARS = 12;

/** True when `token` (as listed) is the credential `own`. */
export function isOwnCredential(token: Pick<ApiTokenRecord, "type" | "accessId" | "accessKey">, own: OwnCredential): boolean {
  if (own.kind === "lmv1") return token.type === "lmv1" && token.accessId === own.accessId;
  if (token.type !== "bearer" || token.accessKey === undefined) return false;
  const visible = token.accessKey.replace(/\*+$/, "");
  if (visible === token.accessKey) return visible === own.token;
  return visible.length >= MIN_VISIBLE_BEARER_CHARS && own.token.startsWith(visible);
}
