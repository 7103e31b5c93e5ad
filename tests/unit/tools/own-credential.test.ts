import { generateBearerToken, createRandomSource, maskBearerToken } from "../../../provider/emulator/credentials";
import { isOwnCredential } from "../../../provider/tools/own-credential";

describe("isOwnCredential", () => {
  const random = createRandomSource(7);
  const value = generateBearerToken(random);
  const other = generateBearerToken(random);

  it("recognises a Bearer credential by its masked listed value, and no other token", () => {
    const own = { kind: "bearer", token: value } as const;
    expect(isOwnCredential({ type: "bearer", accessId: "x", accessKey: maskBearerToken(value) }, own)).toBe(true);
    expect(isOwnCredential({ type: "bearer", accessId: "x", accessKey: maskBearerToken(other) }, own)).toBe(false);
    expect(isOwnCredential({ type: "bearer", accessId: "x", accessKey: value }, own)).toBe(true);
    expect(isOwnCredential({ type: "bearer", accessId: "x", accessKey: `${value}x` }, own)).toBe(false);
  });

  it("does not take a masked value with too few visible characters, or a token without one, for the credential", () => {
    const own = { kind: "bearer", token: value } as const;
    expect(isOwnCredential({ type: "bearer", accessId: "x", accessKey: `${value.slice(0, 4)}****` }, own)).toBe(false);
    expect(isOwnCredential({ type: "bearer", accessId: "x" }, own)).toBe(false);
    expect(isOwnCredential({ type: "lmv1", accessId: "x", accessKey: maskBearerToken(value) }, own)).toBe(false);
  });

  it("recognises an LMv1 credential by its access id, only among LMv1 tokens", () => {
    const own = { kind: "lmv1", accessId: "AbCdEfGhIjKlMnOpQrSt" } as const;
    expect(isOwnCredential({ type: "lmv1", accessId: "AbCdEfGhIjKlMnOpQrSt" }, own)).toBe(true);
    expect(isOwnCredential({ type: "lmv1", accessId: "AbCdEfGhIjKlMnOpQrSx" }, own)).toBe(false);
    expect(isOwnCredential({ type: "bearer", accessId: "AbCdEfGhIjKlMnOpQrSt" }, own)).toBe(false);
  });
});
