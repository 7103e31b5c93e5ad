import { parseCliArgs } from "../../../provider/emulator/cli";

describe("parseCliArgs", () => {
  it("reads every flag, with values after a space or an '='", () => {
    expect(
      parseCliArgs([
        "--port", "0", "--host=127.0.0.1", "--access-id", "AbCdEfGhIjKlMnOpQrSt", "--access-key", "k{ey}",
        "--persist", "/tmp/x.json", "--latency-ms", "5", "--rate-limit", "POST=10/60", "--rate-limit=get=100/1.5",
        "--seed", "7", "--clock-offset-ms", "-5000",
      ]),
    ).toEqual({
      port: 0,
      host: "127.0.0.1",
      accessId: "AbCdEfGhIjKlMnOpQrSt",
      accessKey: "k{ey}",
      persistFile: "/tmp/x.json",
      latencyMs: 5,
      rateLimits: { POST: { limit: 10, windowSeconds: 60 }, GET: { limit: 100, windowSeconds: 1.5 } },
      seed: 7,
      clockOffsetMs: -5000,
    });
  });

  it.each([
    [["--port", "http"], /--port/],
    [["--port"], /--port needs a value/],
    [["--latency-ms", "-1"], /--latency-ms/],
    [["--rate-limit", "POST=10"], /--rate-limit/],
    [["--rate-limit", "FETCH=1/1"], /--rate-limit/],
    [["--colour", "red"], /--colour/],
    [["--access-id", "x"], /--access-key/],
    [["--latency-ms", "600001"], /--latency-ms must be an integer from 0 to 600000, got 600001/],
    [["--clock-offset-ms", "1e300"], /--clock-offset-ms must be an integer from -1000000000000 to 1000000000000/],
    [["--rate-limit", "POST=10/0"], /--rate-limit POST windowSeconds must be a number from 0.001 to 86400, got 0/],
    [["--rate-limit", "POST=10/86401"], /--rate-limit POST windowSeconds/],
    [["--rate-limit", "get=1000001/60"], /--rate-limit GET limit must be an integer from 0 to 1000000/],
  ])("rejects %j naming the flag", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it("reads --allow-remote and --control-token, or the token from LM_EMULATOR_CONTROL_TOKEN", () => {
    expect(parseCliArgs(["--host", "0.0.0.0", "--allow-remote", "--control-token", "0123456789abcdef"])).toEqual({
      host: "0.0.0.0",
      allowRemote: true,
      controlToken: "0123456789abcdef",
    });
    expect(parseCliArgs([], { LM_EMULATOR_CONTROL_TOKEN: "from-the-environment" })).toEqual({ controlToken: "from-the-environment" });
    expect(() => parseCliArgs(["--control-token", "short"])).toThrow(/--control-token needs at least 16 characters/);
    expect(() => parseCliArgs(["--allow-remote=yes"])).toThrow(/--allow-remote takes no value/);
  });
});
