import { setTimeout as sleep } from "node:timers/promises";

/** Timed waits that end early when the request or the emulator is gone: no timer outlives its reason. */

/** Waits `ms`; resolves true when the time passed, false when `signal` ended the wait first. */
export async function waited(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch (error) {
    if (signal.aborted) return false;
    throw error;
  }
}
