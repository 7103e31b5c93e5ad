import { diffApiToken } from "../../../../provider/resources/api-token/diff";
import { checkApiTokenInputs } from "../../../../provider/resources/api-token/inputs";
import { parseResourceId } from "../../../../provider/resources/api-token/provider";
import { declaredNote, formatMark, markedNote, markOf, sameOwner, splitNote } from "../../../../provider/core/ownership";

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/logicmonitor:ApiToken::ci-bot";
const NESTED = "urn:pulumi:dev::proj::my:Team$pulumi-nodejs:dynamic/logicmonitor:ApiToken::ci-bot";

describe("ownership marks", () => {
  it("names project, stack and resource, and hashes the whole URN", () => {
    const mark = markOf(URN);
    expect(mark).toMatchObject({ project: "proj", stack: "dev", name: "ci-bot" });
    expect(mark?.hash).toMatch(/^[0-9a-f]{8}$/);
    expect(formatMark(mark!)).toBe(`[managed by Pulumi: proj/dev/ci-bot #${mark?.hash}]`);
    // Same name under another parent: same words, another hash, so not the same owner.
    expect(markOf(NESTED)?.name).toBe("ci-bot");
    expect(sameOwner(markOf(URN), markOf(NESTED))).toBe(false);
  });

  it("rejects what is not a Pulumi URN", () => {
    expect(markOf("ci-bot")).toBeUndefined();
    expect(markOf("urn:pulumi:dev::proj")).toBeUndefined();
  });

  it.each(["", "CI deploys", "note with [brackets] and #hash", "[managed by Pulumi: a/b/c #0000000]"])(
    "round-trips the declared note %p",
    (note) => {
      const mark = markOf(URN);
      const portal = markedNote(note, mark);
      expect(splitNote(portal)).toEqual({ note, mark });
      expect(declaredNote(portal, mark)).toBe(note);
    },
  );

  it("keeps a note whose mark is another resource's, or missing, as it is (so it shows as drift)", () => {
    const other = markedNote("CI deploys", markOf(NESTED));
    expect(declaredNote(other, markOf(URN))).toBe(other);
    expect(declaredNote("CI deploys", markOf(URN))).toBe("CI deploys");
  });
});

describe("ownerUrn in inputs and diffs", () => {
  it("accepts a URN and refuses anything else", () => {
    expect(checkApiTokenInputs({ adminId: 32, ownerUrn: URN }).inputs.ownerUrn).toBe(URN);
    expect(checkApiTokenInputs({ adminId: 32, ownerUrn: "me" }).failures).toEqual([
      { property: "ownerUrn", reason: expect.stringMatching(/set by ApiToken to the resource's URN/) },
    ]);
  });

  it("a new or missing mark is an in-place update, never a replacement", () => {
    const olds = { adminId: 32, note: "n", status: "enabled" as const, type: "lmv1" as const, keepers: {} };
    expect(diffApiToken(olds, { ...olds, ownerUrn: URN })).toEqual({ updates: ["ownerUrn"], replaces: [] });
    expect(diffApiToken({ ...olds, ownerUrn: URN }, { ...olds, ownerUrn: URN })).toEqual({ updates: [], replaces: [] });
  });
});

describe("parseResourceId", () => {
  it.each(["9007199254740993/1", "1e21/2", "0/1", "1/0", "-1/2", "32/2147483648", "32/ 7", "32/7/1"])("refuses %p", (id) => {
    expect(parseResourceId(id)).toBeUndefined();
  });
  it("reads LogicMonitor ids exactly", () => {
    expect(parseResourceId("32/2147483647")).toEqual({ adminId: 32, tokenId: 2147483647 });
  });
});
