import fc from "fast-check";
import { matchesWildcard } from "../../../provider/emulator/wildcard";

/** The regular expression a `*` pattern means, as a reference (fine for the short inputs generated here). */
function reference(pattern: string, text: string): boolean {
  const escaped = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, "is").test(text);
}

describe("matchesWildcard", () => {
  it.each<[string, string, boolean]>([
    ["jdoe", "jdoe", true],
    ["jdoe", "JDoe", true],
    ["jdoe", "jdoe2", false],
    ["j*", "jdoe", true],
    ["*doe", "jdoe", true],
    ["*", "", true],
    ["", "", true],
    ["", "a", false],
    ["a*b*c", "abc", true],
    ["a*b*c", "aXbYc", true],
    ["a*b*c", "acb", false],
    ["ab*ba", "aba", false],
    ["*aa*aa*", "aaaa", true],
    ["*aa*aa*", "aaa", false],
    ["a**b", "ab", true],
  ])("%j against %j is %s", (pattern, text, expected) => {
    expect(matchesWildcard(pattern, text)).toBe(expected);
  });

  it("decides 40 stars and a missing last letter on a long name (a regular expression would backtrack for ages)", () => {
    const pattern = "*".repeat(40) + "x";
    expect(matchesWildcard(pattern, "a".repeat(10_000))).toBe(false);
    expect(matchesWildcard(pattern, "a".repeat(10_000) + "x")).toBe(true);
    expect(matchesWildcard("a*".repeat(40) + "x", "a".repeat(10_000))).toBe(false);
  });

  it("agrees with the regular expression it replaces", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "A", "."), maxLength: 8 });
    const pattern = fc.string({ unit: fc.constantFrom("a", "b", "*", "."), maxLength: 6 });
    fc.assert(fc.property(pattern, text, (p, t) => matchesWildcard(p, t) === reference(p, t)), { numRuns: 2000 });
  });
});
