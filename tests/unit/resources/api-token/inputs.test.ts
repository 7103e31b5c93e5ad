import { checkApiTokenInputs, UNKNOWN_VALUE } from "../../../../provider/resources/api-token/inputs";

describe("checkApiTokenInputs", () => {
  it("applies the defaults: empty note, enabled, lmv1, no keepers", () => {
    const { inputs, failures } = checkApiTokenInputs({ adminId: 32 });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ adminId: 32, note: "", status: "enabled", type: "lmv1", keepers: {} });
  });

  it.each([
    [2, "enabled"],
    [1, "disabled"],
    ["2", "enabled"],
    ["1", "disabled"],
    ["enabled", "enabled"],
    ["disabled", "disabled"],
  ])("normalises status %p to %p", (status, expected) => {
    const { inputs, failures } = checkApiTokenInputs({ adminId: 32, status });
    expect(failures).toEqual([]);
    expect(inputs.status).toBe(expected);
  });

  it("accepts an adminUsername instead of an adminId, trimmed", () => {
    const { inputs, failures } = checkApiTokenInputs({ adminUsername: " jdoe " });
    expect(failures).toEqual([]);
    expect(inputs.adminUsername).toBe("jdoe");
    expect(inputs.adminId).toBeUndefined();
  });

  it("accepts a numeric string id from config", () => {
    expect(checkApiTokenInputs({ adminId: "131" }).inputs.adminId).toBe(131);
  });

  // Each bad input yields a failure that names the property and says what to write instead.
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["adminId as a word", { adminId: "thirty-two" }, "adminId", /positive whole number/],
    ["adminId zero", { adminId: 0 }, "adminId", /positive whole number/],
    ["adminId negative", { adminId: -5 }, "adminId", /positive whole number/],
    ["adminId fractional", { adminId: 3.5 }, "adminId", /positive whole number/],
    ["adminId beyond int32", { adminId: 2 ** 31 }, "adminId", /positive whole number/],
    ["adminId as an object", { adminId: { id: 32 } }, "adminId", /positive whole number/],
    ["both owners", { adminId: 32, adminUsername: "jdoe" }, "adminId", /either adminId or adminUsername, not both/],
    ["no owner", { note: "x" }, "adminId", /set adminId .* or adminUsername/],
    ["empty adminUsername", { adminUsername: "  " }, "adminUsername", /non-empty LogicMonitor username/],
    ["adminUsername as a number", { adminUsername: 32 }, "adminUsername", /non-empty LogicMonitor username/],
    ["unknown status word", { adminId: 32, status: "active" }, "status", /"enabled" or "disabled"/],
    ["status 3", { adminId: 32, status: 3 }, "status", /"enabled" or "disabled"/],
    ["status as boolean", { adminId: 32, status: true }, "status", /"enabled" or "disabled"/],
    ["unknown type", { adminId: 32, type: "oauth" }, "type", /"lmv1" .* or "bearer"/],
    ["type in capitals", { adminId: 32, type: "LMv1" }, "type", /"lmv1"/],
    ["note as a number", { adminId: 32, note: 42 }, "note", /note must be a string/],
    ["note as null", { adminId: 32, note: null }, "note", /note must be a string/],
    ["keepers as a string", { adminId: 32, keepers: "2026" }, "keepers", /map of strings/],
    ["keepers as an array", { adminId: 32, keepers: ["a"] }, "keepers", /map of strings/],
    ["a non-string keeper", { adminId: 32, keepers: { rotation: 2026 } }, "keepers.rotation", /String\(\.\.\.\)/],
    ["existingTokenId negative", { adminId: 32, existingTokenId: -1 }, "existingTokenId", /positive whole number/],
    ["existingTokenId as a word", { adminId: 32, existingTokenId: "latest" }, "existingTokenId", /positive whole number/],
  ])("rejects %s", (_name, raw, property, reason) => {
    const { failures } = checkApiTokenInputs(raw);
    expect(failures).toEqual(expect.arrayContaining([expect.objectContaining({ property })]));
    const failure = failures.find((f) => f.property === property);
    expect(failure?.reason).toMatch(reason);
  });

  it("lets values that are unknown during preview through without failures", () => {
    const { inputs, failures } = checkApiTokenInputs({
      adminId: UNKNOWN_VALUE,
      note: UNKNOWN_VALUE,
      status: UNKNOWN_VALUE,
      type: UNKNOWN_VALUE,
      keepers: UNKNOWN_VALUE,
      existingTokenId: UNKNOWN_VALUE,
    });
    expect(failures).toEqual([]);
    expect(inputs.adminId).toBe(UNKNOWN_VALUE);
    expect(inputs.keepers).toBe(UNKNOWN_VALUE);
  });

  it("keeps a keeper named __proto__ (found by the property test; it used to vanish, so changing it replaced nothing)", () => {
    const keepers = JSON.parse('{"__proto__":"2026-11","rotation":"q4"}') as Record<string, string>;
    const { inputs, failures } = checkApiTokenInputs({ adminId: 32, keepers });
    expect(failures).toEqual([]);
    expect(Object.entries(inputs.keepers)).toEqual([
      ["__proto__", "2026-11"],
      ["rotation", "q4"],
    ]);
  });
});
