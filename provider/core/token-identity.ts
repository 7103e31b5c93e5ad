/**
 * A token's identity: its portal, its id and its access id.
 *
 * Token ids are numbered per portal, so two portals hand out the same ids: an id alone names a
 * token only together with its portal. State records the portal (in the normalized form of
 * {@link normalizePortal}) and the token's access id, which LogicMonitor makes unique and never
 * changes. Before the provider reads, updates or deletes a token, it checks that the token listed
 * at that id in the configured portal has the access id the stack holds ({@link verifyIdentity});
 * the portal's address may change (company and domain → a base URL, a proxy) because the access
 * ids stay the same.
 *
 * "Gone" is believed only where the stack's token lived: a token missing from the configured
 * portal counts as deleted only when that portal is the one the stack recorded. Anywhere else
 * (another portal, or a state that recorded none) the missing token may be alive in the stack's
 * own portal, so the operation fails and changes nothing.
 *
 * Pure functions; no API calls.
 */
import type { ApiTokenRecord } from "../client/types";

/** Fewest visible characters of a masked Bearer value that may identify a token. */
export const MIN_VISIBLE_BEARER_CHARS = 12;

/**
 * True when a Bearer value as LogicMonitor lists it (leading characters visible, the rest `*`;
 * or whole) is `value`: the visible part, at least {@link MIN_VISIBLE_BEARER_CHARS} long, starts it.
 */
export function maskedValueMatches(listed: string | undefined, value: string | undefined): boolean {
  if (listed === undefined || value === undefined || value === "") return false;
  const visible = listed.replace(/\*+$/, "");
  if (visible === listed) return visible === value;
  return visible.length >= MIN_VISIBLE_BEARER_CHARS && value.startsWith(visible);
}

/** What the stack holds about a token. */
export interface HeldToken {
  adminId: number;
  tokenId: number;
  /** The access id recorded in state. */
  accessId: string | undefined;
  /** The key recorded in state (secret), used only for a Bearer token listed without an access id. */
  accessKey?: string | undefined;
  /** The normalized portal recorded in state; absent in states written before portals were recorded. */
  portal: string | undefined;
}

/** What the configured portal answered for the held token's id. */
export type IdentityVerdict =
  /** The listed token is the held one. */
  | { kind: "same"; token: ApiTokenRecord }
  /** LogicMonitor has no token at that id in the portal the stack recorded: deleted. */
  | { kind: "gone" };

/**
 * The one form of a portal's REST base URL: lower-case scheme and host, no default port, no
 * trailing slash (`https://acme.logicmonitor.com/santaba/rest`).
 */
export function normalizePortal(baseUrl: string): string {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`.replace(/^[a-z]+:\/\/[^/]+/i, (origin) => origin.toLowerCase());
}

/** A token the provider may not act on: the message names what the stack holds, what the portal said, and what to do. */
export class TokenIdentityError extends Error {
  override readonly name = "TokenIdentityError";
}

/**
 * Checks the token listed at the held id (`listed`, undefined when the portal lists none there)
 * against what the stack holds.
 *
 * @param verb what the caller was about to do, for the message ("refresh", "update", "delete").
 * @param portal the configured portal, normalized.
 * @throws TokenIdentityError when the listed token is another token, or when a missing token
 *   cannot be believed gone (the configured portal is not the one the stack recorded).
 */
export function verifyIdentity(verb: string, held: HeldToken, listed: ApiTokenRecord | undefined, portal: string): IdentityVerdict {
  const which = `token ${held.tokenId} of admin ${held.adminId}`;
  const heldPart = `The stack holds ${which} with access id ${held.accessId || "(not recorded)"}, made in ${held.portal ?? "a portal the state does not record (written by an older version)"}.`;
  if (listed === undefined) {
    if (held.portal !== undefined && held.portal === portal) return { kind: "gone" };
    throw new TokenIdentityError(
      `cannot ${verb} LogicMonitor API ${which}: the configured portal ${portal} has no token ${held.tokenId}. ${heldPart} ` +
        `A token missing from another portal may be alive in its own, so nothing was changed, in state or in any portal. ` +
        (held.portal !== undefined
          ? `Point the stack at ${held.portal} (logicmonitor:baseUrl, or logicmonitor:company and logicmonitor:domain; LM_BASE_URL or LM_COMPANY) and run the command again. `
          : `Point the stack at the portal its tokens were made in and run the command again (any token found there records the portal in state). `) +
        `If you have checked in that portal that the token is gone, remove it from the stack with 'pulumi state delete <urn>'.`,
    );
  }
  if (held.accessId !== undefined && held.accessId !== "" && listed.accessId === held.accessId) return { kind: "same", token: listed };
  // A Bearer token listed without an access id: its masked value is the only evidence.
  if ((held.accessId ?? "") === "" && listed.accessId === "" && listed.type === "bearer" && maskedValueMatches(listed.accessKey, held.accessKey)) {
    return { kind: "same", token: listed };
  }
  if ((held.accessId ?? "") === "" || listed.accessId === "") {
    throw new TokenIdentityError(
      `cannot ${verb} LogicMonitor API ${which}: ${(held.accessId ?? "") === "" ? "the stack records no access id for it" : "the portal lists it without an access id"}, ` +
        `so nothing proves the token at that id in ${portal} is the stack's. ${heldPart} Nothing was changed, in state or in any portal. ` +
        `Check the token in the portal; if it is the stack's, adopt it again (existingTokenId and existingAccessId), or remove it from the stack with 'pulumi state delete <urn>'.`,
    );
  }
  throw new TokenIdentityError(
    `cannot ${verb} LogicMonitor API ${which}: the configured portal ${portal} lists token ${held.tokenId} with access id ${listed.accessId}, ` +
      `another token than the stack's. ${heldPart} Nothing was changed, in state or in any portal. ` +
      `The stack is most likely pointed at another portal (a copied configuration, staging instead of production): ` +
      `set logicmonitor:baseUrl or logicmonitor:company${held.portal !== undefined ? ` back to ${held.portal}` : " back to the stack's portal"} and run the command again.`,
  );
}
