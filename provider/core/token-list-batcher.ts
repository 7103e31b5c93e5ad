import type { ApiTokenRecord, TokenType } from "../client/types";

/**
 * Shares one list request among the many reads of one admin's tokens that happen at about the
 * same time. `pulumi refresh` reads every token, and LogicMonitor's rate limits are per account:
 * listing an admin's tokens once instead of once per token keeps a refresh cheap.
 *
 * A list is shared while it is in flight and for `freshForMs` after it arrives; any write through
 * the provider {@link TokenListBatcher.invalidate | invalidates} that admin's entry, so a read
 * never sees a list older than the provider's own changes.
 *
 * Runtime code: lives on the provider instance (one per plugin process), never at module level.
 */
export class TokenListBatcher {
  private readonly entries = new Map<string, { at: number; list: Promise<ApiTokenRecord[]> }>();

  /**
   * @param fetchList lists one admin's tokens of one type (the client's list call).
   * @param now the clock, injectable for tests.
   * @param freshForMs how long a finished list keeps answering reads.
   */
  constructor(
    private readonly fetchList: (adminId: number, type: TokenType) => Promise<ApiTokenRecord[]>,
    private readonly now: () => number = Date.now,
    private readonly freshForMs = 2_000,
  ) {}

  /** Finds one token, sharing the admin's list with concurrent reads. */
  async find(adminId: number, type: TokenType, tokenId: number): Promise<ApiTokenRecord | undefined> {
    const list = await this.list(adminId, type);
    return list.find((token) => token.id === tokenId);
  }

  /** Lists an admin's tokens of one type, sharing in-flight and fresh results. */
  list(adminId: number, type: TokenType): Promise<ApiTokenRecord[]> {
    const key = `${adminId}/${type}`;
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.at < this.freshForMs) return entry.list;
    const list = this.fetchList(adminId, type);
    const fresh = { at: Number.POSITIVE_INFINITY, list };
    this.entries.set(key, fresh);
    list.then(
      () => (fresh.at = this.now()),
      () => this.entries.get(key) === fresh && this.entries.delete(key),
    );
    return list;
  }

  /** Forgets an admin's lists, after the provider changed one of its tokens. */
  invalidate(adminId: number): void {
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(`${adminId}/`)) this.entries.delete(key);
    }
  }
}
