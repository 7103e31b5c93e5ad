/** Awaits a promise that must reject and resolves to what it rejected with; throws if it fulfils. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}
