import fc from "fast-check";
import { checkApiTokenInputs } from "../../provider/resources/api-token/inputs";

/**
 * `check` (checkApiTokenInputs) under arbitrary input: it never throws, every failure names a
 * property of the input and explains itself, and whatever passes is a valid, normalised input.
 */

const PROPERTIES = ["adminId", "adminUsername", "note", "status", "type", "keepers", "existingTokenId"] as const;

/** Plausible and implausible values mixed, so both valid and invalid inputs come up often. */
const anyValue = fc.oneof(
  fc.anything(),
  fc.integer({ min: -5, max: 2 ** 33 }),
  fc.double(),
  fc.constantFrom("enabled", "disabled", "lmv1", "bearer", "1", "2", "32", " 32 ", "", "jdoe", 1, 2, 32, null, true),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer())),
  fc.string(),
);

const rawInputs = fc.record(Object.fromEntries(PROPERTIES.map((p) => [p, anyValue])) as Record<(typeof PROPERTIES)[number], fc.Arbitrary<unknown>>, {
  requiredKeys: [],
});

describe("check (property-based)", () => {
  it("never throws; failures name an input property and say what to set; passing inputs are valid and normalised", () => {
    fc.assert(
      fc.property(rawInputs, (raw) => {
        const { inputs, failures } = checkApiTokenInputs(raw as Record<string, unknown>);
        for (const failure of failures) {
          expect(PROPERTIES.some((p) => failure.property === p || failure.property.startsWith("keepers."))).toBe(true);
          expect(failure.reason).toContain(failure.property.startsWith("keepers.") ? failure.property : failure.property === "adminId" ? "admin" : failure.property);
        }
        if (failures.length > 0) return;
        expect((inputs.adminId === undefined) !== (inputs.adminUsername === undefined)).toBe(true);
        if (inputs.adminId !== undefined) expect(Number.isInteger(inputs.adminId) && inputs.adminId > 0 && inputs.adminId < 2 ** 31).toBe(true);
        if (inputs.adminUsername !== undefined) expect(inputs.adminUsername.trim()).toBe(inputs.adminUsername);
        if (inputs.existingTokenId !== undefined) expect(Number.isInteger(inputs.existingTokenId) && inputs.existingTokenId > 0).toBe(true);
        expect(["enabled", "disabled"]).toContain(inputs.status);
        expect(["lmv1", "bearer"]).toContain(inputs.type);
        expect(typeof inputs.note).toBe("string");
        expect(Object.values(inputs.keepers).every((v) => typeof v === "string")).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts every valid input unchanged apart from normalisation", () => {
    const owner = fc.oneof(
      fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((adminId) => ({ adminId })),
      fc.string({ minLength: 1 }).filter((u) => u.trim() === u && u !== "").map((adminUsername) => ({ adminUsername })),
    );
    fc.assert(
      fc.property(
        owner,
        fc.string(),
        fc.constantFrom("enabled", "disabled", 1, 2),
        fc.constantFrom("lmv1", "bearer"),
        fc.dictionary(fc.string(), fc.string()),
        (who, note, status, type, keepers) => {
          const { inputs, failures } = checkApiTokenInputs({ ...who, note, status, type, keepers });
          expect(failures).toEqual([]);
          expect(inputs).toEqual({ ...who, note, status: status === 1 ? "disabled" : status === 2 ? "enabled" : status, type, keepers });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
