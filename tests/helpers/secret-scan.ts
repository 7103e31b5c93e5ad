/**
 * Looks for secret values (access keys, Bearer tokens, the provider's own credentials) in text the
 * user or a log can see. Ciphertext in exported state is skipped: it is the one place secrets belong.
 */

/** One secret found somewhere it must not be. */
export interface SecretHit {
  /** Where it was found, e.g. `stack export` or `pulumi up stderr`. */
  where: string;
  /** The first 4 characters of the secret, enough to tell which without revealing it. */
  secretPrefix: string;
}

/** Secrets shorter than this are not searched for (they would match by chance). */
const MIN_SECRET_LENGTH = 12;

/** Removes the `ciphertext` values of Pulumi secrets from exported state. */
export function withoutCiphertext(text: string): string {
  return text.replace(/"ciphertext":\s*"[^"]*"/g, '"ciphertext":""');
}

/**
 * Lines of the engine's and the Node SDK's own verbose logging (`--logtostderr -v=9`) that print
 * property values in plain text, secrets included: the engine's RPC marshaling traces and the SDK's
 * RegisterResource debug line. No provider can change them (docs/RELIABILITY.md, "What the engine writes at high verbosity").
 * Every other line counts as a leak.
 */
const ENGINE_VERBOSE_LINE =
  /"msg":"(?:Marshaling property for RPC|Unmarshaling property for RPC|RegisterResource RPC finished|eventSink::Debug\(<\{%reset%\}>RegisterResource RPC finished)/;

/** What {@link findSecrets} found. */
export interface SecretScan {
  /** Secrets in places the provider or the user controls: must be none. */
  hits: SecretHit[];
  /** Secrets only in the engine's own verbose trace lines ({@link ENGINE_VERBOSE_LINE}). */
  engineVerboseHits: SecretHit[];
}

/** Every place any of `secrets` occurs in `texts` (at most one hit per secret and place). */
export function findSecrets(texts: { where: string; text: string }[], secrets: Iterable<string>): SecretScan {
  const wanted = [...new Set(secrets)].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  const scan: SecretScan = { hits: [], engineVerboseHits: [] };
  for (const { where, text } of texts) {
    const lines = withoutCiphertext(text).split("\n");
    for (const secret of wanted) {
      // JSON output escapes some characters of a key; look for both spellings.
      const escaped = JSON.stringify(secret).slice(1, -1);
      const found = lines.filter((line) => line.includes(secret) || line.includes(escaped));
      if (found.length === 0) continue;
      const hit = { where, secretPrefix: secret.slice(0, 4) };
      if (found.every((line) => ENGINE_VERBOSE_LINE.test(line))) scan.engineVerboseHits.push(hit);
      else scan.hits.push(hit);
    }
  }
  return scan;
}

/** A line of CLI output that holds a secret: where it is, never what it says. */
export interface SecretLine {
  /** 1-based line number in the output. */
  line: number;
  /**
   * The `-v` level of the log line (its `"v"` field with `--logtostderr`); 0 for a line that is
   * not a verbose log line (it shows without `-v`).
   */
  level: number;
}

/** Every line of `text` that holds `secret` (or its JSON-escaped spelling). */
export function linesHolding(text: string, secret: string): SecretLine[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  const found: SecretLine[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.includes(secret) || line.includes(escaped)) found.push({ line: index + 1, level: logLevel(line) });
  });
  return found;
}

/** The `"v"` field of a JSON log line (`--logtostderr`), else 0. */
function logLevel(line: string): number {
  if (!line.startsWith("{")) return 0;
  try {
    const v = (JSON.parse(line) as { v?: unknown }).v;
    return typeof v === "number" ? v : 0;
  } catch {
    return 0;
  }
}
