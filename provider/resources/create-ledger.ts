/**
 * What one provider process knows about the tokens its resources own, so that the look after a
 * failed create never mistakes a sibling resource's token (same owner, same note, created moments
 * ago in the same `pulumi up`) for one its own failed attempt made.
 *
 * Runtime code: one ledger per provider instance, never module-level state.
 */
export class CreateLedger {
  private readonly known = new Set<number>();
  private readonly inFlight = new Map<string, Set<Promise<unknown>>>();

  /** The key under which creates that could be confused with each other are tracked. */
  static keyOf(adminId: number, type: string, note: string): string {
    return JSON.stringify([adminId, type, note]);
  }

  /** Records a token that belongs to a resource: created here, adopted, or seen in state. */
  remember(tokenId: number | undefined): void {
    if (tokenId !== undefined) this.known.add(tokenId);
  }

  /** True when the token belongs to a resource this process knows of. */
  isKnown(tokenId: number): boolean {
    return this.known.has(tokenId);
  }

  /** Awaits a create request, tracked under `key` while it runs; remembers the token it returns. */
  async track<T extends { id: number }>(key: string, create: Promise<T>): Promise<T> {
    let running = this.inFlight.get(key);
    if (!running) this.inFlight.set(key, (running = new Set()));
    running.add(create);
    try {
      const token = await create;
      this.known.add(token.id);
      return token;
    } finally {
      running.delete(create);
      if (running.size === 0 && this.inFlight.get(key) === running) this.inFlight.delete(key);
    }
  }

  /** Resolves once no create under `key` is running, so every token they made is remembered. */
  async settle(key: string): Promise<void> {
    for (let running = this.inFlight.get(key); running && running.size > 0; running = this.inFlight.get(key)) {
      await Promise.allSettled([...running]);
    }
  }
}
