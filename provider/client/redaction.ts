/**
 * Keeping secrets out of error text. A server's error message is shown to people (Pulumi prints
 * it), and a proxy or the portal may echo what it received: an Authorization header, a key, a
 * signature. Patterns catch the header shapes; {@link SecretValues} removes every secret this
 * process knows by value, wherever and however it appears.
 */

/** Values shorter than this are not redacted by value: they would match ordinary words. */
const MIN_SECRET_LENGTH = 8;

/** How long a server's message may be once shortened. */
const MAX_MESSAGE_LENGTH = 300;

/**
 * The secrets one client knows: its own key or Bearer token, the signatures it sent, and every
 * key it received in a create response. Instance state; never module-level.
 */
export class SecretValues {
  private readonly values = new Set<string>();
  /** Signatures are many and short-lived: keep only the most recent ones. */
  private readonly signatures: string[] = [];

  /** Adds a secret; short or empty values are ignored. */
  add(value: string | undefined): void {
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH) this.values.add(value);
  }

  /** Adds a signature the client just sent, keeping the last `keep`. */
  addSignature(signature: string, keep = 64): void {
    if (signature.length < MIN_SECRET_LENGTH) return;
    this.signatures.push(signature);
    if (this.signatures.length > keep) this.signatures.shift();
  }

  /** Every known secret, longest first (so a secret that contains another is removed whole). */
  all(): string[] {
    return [...this.values, ...this.signatures].sort((a, b) => b.length - a.length);
  }
}

/**
 * Shortens a server's error text to one line and removes credentials: the shapes of an LMv1 or
 * Bearer Authorization header, and every value in `secrets` (also base64url- and URL-encoded).
 */
export function scrubServerMessage(text: string, secrets: SecretValues | readonly string[] = []): string {
  let scrubbed = text;
  const values = Array.isArray(secrets) ? [...secrets] : (secrets as SecretValues).all();
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([value, encodeURIComponent(value), value.replace(/\+/g, "-").replace(/\//g, "_")])) {
      scrubbed = scrubbed.split(form).join("[REDACTED]");
    }
  }
  const oneLine = scrubbed
    .replace(/LMv1\s+[^\s:]+:[^\s:]+:\d+/g, "LMv1 [REDACTED]")
    .replace(/Bearer\s+\S+/gi, "Bearer [REDACTED]")
    .replace(/\s+/g, " ")
    .trim();
  return oneLine.length > MAX_MESSAGE_LENGTH ? `${oneLine.slice(0, MAX_MESSAGE_LENGTH - 3)}...` : oneLine;
}
