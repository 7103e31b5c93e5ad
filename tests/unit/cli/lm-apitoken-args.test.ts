import { parseOrphansArgs } from "../../../provider/cli/lm-apitoken";

describe("lm-apitoken orphans arguments", () => {
  it("reads stdin when no --state is given", () => {
    expect(parseOrphansArgs([])).toEqual({ stateFiles: ["-"], adminIds: undefined, json: false, all: false, delete: false });
  });

  it("repeats --state and --admin, in order, and takes --json", () => {
    expect(parseOrphansArgs(["--state", "prod.json", "--admin", "32", "--state", "dev.json", "--admin=131", "--json"])).toEqual({
      stateFiles: ["prod.json", "dev.json"],
      adminIds: [32, 131],
      json: true,
      all: false,
      delete: false,
    });
  });

  it("repeats --token, in order", () => {
    expect(parseOrphansArgs(["--admin", "32", "--token", "1007", "--token=1008", "--delete"])).toMatchObject({ adminIds: [32], tokenIds: [1007, 1008], delete: true });
    expect(parseOrphansArgs([]).tokenIds).toBeUndefined();
  });

  it("takes --all and --delete", () => {
    expect(parseOrphansArgs(["--all", "--delete"])).toMatchObject({ all: true, delete: true, json: false });
  });

  it.each([
    [["--admin"], /--admin/],
    [["--admin", "0"], /--admin must be a positive integer admin id, not "0"/],
    [["--admin", "32x"], /not "32x"/],
    [["--token"], /--token/],
    [["--token", "0"], /--token must be a positive integer token id, not "0"/],
    [["--token", "32/1007"], /--token must be a positive integer token id, not "32\/1007"/],
    [["--stat", "x.json"], /Unknown option '--stat'/],
    [["extra.json"], /positional argument/],
    [["--json=yes"], /--json/],
    [["--delete=all"], /--delete/],
  ])("rejects %j, naming the flag", (argv, message) => {
    expect(() => parseOrphansArgs(argv)).toThrow(message);
  });
});
