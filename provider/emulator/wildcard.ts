/**
 * `*` wildcards of LogicMonitor filter values, matched in linear time: no regular expression, no
 * backtracking, so a value of many stars cannot stall the emulator.
 */

/** True when `text` matches `pattern`, where `*` stands for any run of characters (none included). Ignores case. */
export function matchesWildcard(pattern: string, text: string): boolean {
  const parts = pattern.toLowerCase().split("*");
  const subject = text.toLowerCase();
  const first = parts[0] ?? "";
  if (parts.length === 1) return subject === first;
  const last = parts[parts.length - 1] ?? "";
  if (subject.length < first.length + last.length || !subject.startsWith(first) || !subject.endsWith(last)) return false;
  // The pieces between stars, left to right, each at its leftmost place after the previous one:
  // taking the leftmost place never loses a match, so one pass decides.
  let position = first.length;
  const end = subject.length - last.length;
  for (const piece of parts.slice(1, -1)) {
    if (piece === "") continue;
    const found = subject.indexOf(piece, position);
    if (found < 0 || found + piece.length > end) return false;
    position = found + piece.length;
  }
  return true;
}
