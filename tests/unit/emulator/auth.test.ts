import { LMV1_MAX_SKEW_MS, verifyLmv1, type Lmv1VerificationInput } from "../../../provider/emulator/auth";

/** The reference's LMv1 vectors (section 4.3), checked by the emulator's verifier. */
const TEST_ACCESS_ID = "AbCdEfGhIjKlMnOpQrSt";
const TEST_ACCESS_KEY = "Test-Key_0123456789+abcdefghij=KLMNOP{}[";
const FIXED_NOW = 1700000000000;
const POST_BODY = '{"note":"pulumi-managed","status":2}';

function input(method: string, resourcePath: string, body: string, signature: string, overrides: Partial<Lmv1VerificationInput> = {}): Lmv1VerificationInput {
  return {
    authorization: `LMv1 ${TEST_ACCESS_ID}:${signature}:${FIXED_NOW}`,
    method,
    body,
    resourcePath,
    nowMs: FIXED_NOW,
    findAccessKey: (accessId) => (accessId === TEST_ACCESS_ID ? TEST_ACCESS_KEY : undefined),
    ...overrides,
  };
}

describe("verifyLmv1", () => {
  it.each([
    ["GET", "/setting/admins/42/apitokens", "", "OGJlMWNhYTUyN2FiMTg2MTVmZjdmNmFjY2M2ZGJlMmRkOTk4MTg1MzNkMTY5YTM1YzI2MzkwMTdiNDEzZDc2Zg=="],
    ["POST", "/setting/admins/42/apitokens", POST_BODY, "NzUwNDZiNzkyNmIxMmZjNTA1MDJiNDhjMTJkYTEwMmU5OGJmZGI2ODQwZmExODNhODU0YzcxMDU4NGEwZTc1NA=="],
    ["PUT", "/setting/admins/42/apitokens/7", '{"note":"rotated","status":1}', "YTYxZDYzZTVhZTgxNjBjN2VhMmRlYjZlZTE3Y2NmNTAxMjRlYWM2YzEyMmQ3MDUyZmNlOWQwMDFkYTk5Y2YxMQ=="],
    ["DELETE", "/setting/admins/42/apitokens/7", "", "YWFlYzE5NDQxOTM0NGFkN2NiMjQ0YjQ1ZDFmZTI5OTQxZmNjMjBhOTk1NDIyMzRlY2JjMTg3MDZmZmQ2NmM2YQ=="],
    ["GET", "/setting/admins", "", "MWI1Y2JmZTViYmViZDllNDkxODNmMmExODg0Nzc0Y2YxOWU1MWEzNGJkMDFmMDRiZDQ0OTdkNjQyOGZhYWQ0YQ=="],
  ])("accepts vector %s %s", (method, path, body, signature) => {
    expect(verifyLmv1(input(method, path, body, signature))).toEqual({ ok: true, accessId: TEST_ACCESS_ID });
  });

  it.each([
    ["the /santaba/rest prefix in the signed path", "YjYzYTRhZmQ4NDMzMjA1NjU2Mzk0MmRiZjMwMGY5NDJmOGI1NDBkN2Y5OTU2YjljOTNiZDM0ZDk3OTU5YzFiNg=="],
    ["base64 of the raw digest", "dQRreSaxL8UFArSMEtoQLpi/22hA+hg6hUxxBYSg51Q="],
    ["the query string in the signed path", "Yzg5ODVkZDcxMzQ5OTkxZjhhMDczMjQzMDIzOGE2OTkwMjg0MjhkMDFlMmNjNzEzYjY3NGVkMDdjNjliMmRiMg=="],
    ["upper-case hex", "NzUwNDZCNzkyNkIxMkZDNTA1MDJCNDhDMTJEQTEwMkU5OEJGREI2ODQwRkExODNBODU0QzcxMDU4NEEwRTc1NA=="],
  ])("rejects vector 2 signed with %s", (_mistake, signature) => {
    expect(verifyLmv1(input("POST", "/setting/admins/42/apitokens", POST_BODY, signature))).toEqual({ ok: false, reason: "bad-signature" });
  });

  const vector2 = "NzUwNDZiNzkyNmIxMmZjNTA1MDJiNDhjMTJkYTEwMmU5OGJmZGI2ODQwZmExODNhODU0YzcxMDU4NGEwZTc1NA==";

  it("rejects a body that differs from the signed one by one space", () => {
    const spaced = '{"note": "pulumi-managed","status":2}';
    expect(verifyLmv1(input("POST", "/setting/admins/42/apitokens", spaced, vector2))).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("accepts a timestamp exactly 30 minutes away and rejects one a millisecond beyond", () => {
    const path = "/setting/admins/42/apitokens";
    expect(verifyLmv1(input("POST", path, POST_BODY, vector2, { nowMs: FIXED_NOW + LMV1_MAX_SKEW_MS })).ok).toBe(true);
    expect(verifyLmv1(input("POST", path, POST_BODY, vector2, { nowMs: FIXED_NOW - LMV1_MAX_SKEW_MS - 1 }))).toEqual({ ok: false, reason: "clock-skew" });
    expect(verifyLmv1(input("POST", path, POST_BODY, vector2, { nowMs: FIXED_NOW + LMV1_MAX_SKEW_MS + 1 }))).toEqual({ ok: false, reason: "clock-skew" });
  });

  it("rejects an unknown access id", () => {
    const result = verifyLmv1(input("POST", "/setting/admins/42/apitokens", POST_BODY, vector2, { findAccessKey: () => undefined }));
    expect(result).toEqual({ ok: false, reason: "unknown-access-id" });
  });

  it.each([
    ["no header", ""],
    ["another scheme", `Basic ${TEST_ACCESS_ID}`],
    ["a missing epoch", `LMv1 ${TEST_ACCESS_ID}:${vector2}`],
    ["epoch in seconds with a letter", `LMv1 ${TEST_ACCESS_ID}:${vector2}:17e11`],
  ])("rejects a malformed header (%s)", (_case, authorization) => {
    expect(verifyLmv1(input("POST", "/setting/admins/42/apitokens", POST_BODY, vector2, { authorization }))).toEqual({ ok: false, reason: "malformed" });
  });
});
