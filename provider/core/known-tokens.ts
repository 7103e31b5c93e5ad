/**
 * The token ids one provider process knows belong to resources: recorded in state (seen by
 * diff, read, update or delete), created, or adopted. A token carrying a resource's ownership
 * mark that this set holds (such as the old token of a resource being replaced) is never taken
 * for a leftover of a failed create.
 *
 * Runtime code: one per provider instance, never module-level state.
 */
export class KnownTokens {
  private readonly ids = new Set<number>();

  /** Records a token that belongs to a resource. */
  remember(tokenId: number | undefined): void {
    if (tokenId !== undefined) this.ids.add(tokenId);
  }

  /** True when the token belongs to a resource this process knows of. */
  has(tokenId: number): boolean {
    return this.ids.has(tokenId);
  }
}
