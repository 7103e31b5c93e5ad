import { checkBindHost, controlTokenAccepted, isLoopbackHost } from "../../../provider/emulator/exposure";

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "::ffff:127.0.0.1"])("%s is loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(["0.0.0.0", "::", "10.0.0.5", "192.168.1.10", "example.test", "128.0.0.1", "::ffff:10.0.0.1"])("%s is not", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("checkBindHost", () => {
  it("lets loopback through silently", () => {
    expect(checkBindHost("127.0.0.1", false, false)).toEqual({});
  });

  it("refuses another interface unless allowed, naming the way out", () => {
    expect(() => checkBindHost("0.0.0.0", false, true)).toThrow(/refusing to listen on 0\.0\.0\.0.*allowRemote: true \(--allow-remote\)/);
  });

  it("warns when allowed, louder without a control token", () => {
    expect(checkBindHost("0.0.0.0", true, false).warning).toMatch(/no control token: anyone who reaches it can mint administrator keys/);
    expect(checkBindHost("0.0.0.0", true, true).warning).toMatch(/control endpoints need the control token/);
  });
});

describe("controlTokenAccepted", () => {
  it("accepts anything when no token is set", () => {
    expect(controlTokenAccepted(undefined, undefined)).toBe(true);
  });

  it.each<[string | string[] | undefined, boolean]>([
    ["s3cret-s3cret-s3cret", true],
    [["s3cret-s3cret-s3cret"], true],
    ["s3cret-s3cret-s3creT", false],
    ["s3cret", false],
    [undefined, false],
  ])("with a token set, %j is %s", (sent, expected) => {
    expect(controlTokenAccepted("s3cret-s3cret-s3cret", sent)).toBe(expected);
  });
});
