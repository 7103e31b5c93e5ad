/**
 * Waiting on an event the test can only observe by asking (the emulator's log, its state): asks
 * until `check` holds. There is no deadline of its own; jest's test timeout ends a wait that never
 * comes. `pollMs` spaces the questions out where each one is costly (a busy engine run).
 */
export async function until(check: () => Promise<boolean> | boolean, options: { pollMs?: number } = {}): Promise<void> {
  const pollMs = options.pollMs ?? 0;
  while (!(await check())) {
    await new Promise((resolve) => (pollMs > 0 ? setTimeout(resolve, pollMs) : setImmediate(resolve)));
  }
}
