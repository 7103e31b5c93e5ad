/** A manual clock for retry and rate-limit tests: `sleep` records and waits for `advance`. */
export class FakeClock {
  /** Every duration passed to {@link sleep}, in call order. */
  readonly sleeps: number[] = [];
  private timers: { at: number; resolve: () => void }[] = [];

  constructor(public time = 1_700_000_000_000) {}

  readonly now = (): number => this.time;

  readonly sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise((resolve) => this.timers.push({ at: this.time + ms, resolve }));
  };

  /** Number of sleeps not yet woken. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward, waking sleepers in time order and letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.at - b.at)[0];
      if (!next || next.at > target) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = Math.max(this.time, next.at);
      next.resolve();
      await settle();
    }
    this.time = target;
    await settle();
  }
}

/** Lets every queued promise callback run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
