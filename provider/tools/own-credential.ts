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
import { isSigningCredential, type SigningCredential } from "../core/token-claims";
import { MIN_VISIBLE_BEARER_CHARS } from "../core/token-identity";

export { MIN_VISIBLE_BEARER_CHARS };

/** The credential a tool authenticates with, as resolved by `resolveClientOptions`. */
export type OwnCredential = SigningCredential;

/** True when `token` (as listed) is the credential `own` (the provider's own check: core/token-claims.ts). */
export const isOwnCredential = isSigningCredential;
