import type { ApiTokenRecord, TokenType } from "../client/types";

/**
 * Finds a token by id for the identity check before an update or a delete, with one list per
 * owner and type for the whole run (`pulumi destroy` of many tokens lists each owner once).
 *
 * A list taken earlier in the run still answers these checks: LogicMonitor never gives a token id
 * to another token, and a token's access id never changes, so a token listed once is that token
 * until it is deleted (and a DELETE of a deleted token is LogicMonitor's own "not found"). Only a
 * token missing from the list held (made after it was taken) makes a fresh list.
 *
 * Runtime code: lives on the provider instance, never at module level.
 */
export class TokenLookup {
  private readonly lists = new Map<string, Promise<ApiTokenRecord[]>>();

  /** @param fetchList lists one admin's tokens of one type (the client's list call). */
  constructor(private readonly fetchList: (adminId: number, type: TokenType) => Promise<ApiTokenRecord[]>) {}

  /** The token listed at `tokenId`, or undefined when a fresh list of the owner has none there. */
  async find(adminId: number, type: TokenType, tokenId: number): Promise<ApiTokenRecord | undefined> {
    const key = `${adminId}/${type}`;
    const held = this.lists.get(key);
    if (held) {
      const found = (await held).find((token) => token.id === tokenId);
      if (found) return found;
    }
    const fresh = this.fetchList(adminId, type);
    this.lists.set(key, fresh);
    fresh.catch(() => this.lists.get(key) === fresh && this.lists.delete(key));
    return (await fresh).find((token) => token.id === tokenId);
  }

  /** Forgets every list (new configuration: perhaps another portal). */
  clear(): void {
    this.lists.clear();
  }
}
