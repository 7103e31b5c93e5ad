import { listPage } from "../../../provider/emulator/listing";
import { matchesFilter, parseFilter } from "../../../provider/emulator/filter";

const TOKENS = [
  { id: 5, adminId: 32, accessId: "AAAA1111BBBB2222CCCC", note: "CI deploys (prod)", status: 2, roles: ["administrator"] },
  { id: 7, adminId: 131, accessId: "ZZZZ9999YYYY8888XXXX", note: "nightly", status: 1, roles: ["readonly"] },
  { id: 9, adminId: 32, accessId: "QQQQ5555RRRR6666SSSS", note: "", status: 2, roles: ["administrator"] },
  { id: 11, adminId: 32, accessId: "KKKK5555RRRR6666SSSS", note: 'say "hi"', status: 2, roles: ["administrator"] },
  { id: 12, adminId: 32, accessId: "LLLL5555RRRR6666SSSS", note: "back\\slash", status: 2, roles: ["administrator"] },
];
const PROPERTIES = ["id", "adminId", "accessId", "note", "status", "roles"];

function ids(filter: string): number[] {
  const parsed = parseFilter(filter);
  return TOKENS.filter((token) => matchesFilter(token, parsed, PROPERTIES)).map((token) => token.id);
}

describe("filter", () => {
  it.each<[string, number[]]>([
    ["id:7", [7]],
    ['accessId:"AAAA1111BBBB2222CCCC"', [5]],
    ["accessId:AAAA1111BBBB2222CCCC", [5]],
    ['note:"CI*"', [5]],
    ['note:"*prod)"', [5]],
    ['note:"ci deploys (prod)"', [5]],
    ['note:""', [9]],
    ["adminId:32,status:2", [5, 9, 11, 12]],
    ["adminId:32,status:1", []],
    ["id:5||id:7", [5, 7]],
    ['note:"nightly"|"CI*"', [5, 7]],
    ["status!:2", [7]],
    ["id>5", [7, 9, 11, 12]],
    ["id>:7", [7, 9, 11, 12]],
    ["id<:7", [5, 7]],
    ["note~deploy", [5]],
    ["note!~deploy", [7, 9, 11, 12]],
    ['roles:"readonly"', [7]],
    ['note:"a,b"', []],
    ['note:"say \\"hi\\""', [11]],
    ['note:"back\\\\slash"', [12]],
    ['note:"say \\"hi\\""|"nightly"', [7, 11]],
    ['note:"a\\",b",id:11', []],
    ['note:"*\\\\*"', [12]],
  ])("%s selects %j", (filter, expected) => {
    expect(ids(filter)).toEqual(expected);
  });

  it("rejects an unknown property with 400", () => {
    expect(() => ids('colour:"red"')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("rejects a condition without an operator with 400", () => {
    expect(() => parseFilter("justtext")).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe("listPage", () => {
  const many = Array.from({ length: 120 }, (_, i) => ({ id: 120 - i, note: `n${120 - i}` }));

  it("sorts by id ascending and defaults to 50 items", () => {
    const page = listPage(many, new URLSearchParams(), ["id", "note"]);
    expect(page.total).toBe(120);
    expect(page.items.map((item) => item["id"])).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(page.searchId).toBeNull();
  });

  it("pages with size and offset", () => {
    const page = listPage(many, new URLSearchParams("size=30&offset=100"), ["id", "note"]);
    expect(page.items.map((item) => item["id"])).toEqual(Array.from({ length: 20 }, (_, i) => i + 101));
  });

  it("projects fields and sorts descending on request (a '+' decoded as a space too)", () => {
    expect(listPage(many, new URLSearchParams("sort=-id&size=2&fields=id"), ["id"]).items).toEqual([{ id: 120 }, { id: 119 }]);
    expect(listPage(many, new URLSearchParams("sort=+id&size=1"), ["id"]).items).toEqual([{ id: 1, note: "n1" }]);
  });

  it.each(["size=1001", "size=abc", "offset=-1", "size=-2"])("rejects %s with 400", (query) => {
    expect(() => listPage(many, new URLSearchParams(query), ["id"])).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("accepts size=1000", () => {
    expect(listPage(many, new URLSearchParams("size=1000"), ["id"]).items).toHaveLength(120);
  });
});
