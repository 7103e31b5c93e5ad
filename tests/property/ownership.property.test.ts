import fc from "fast-check";
import { parseResourceId } from "../../provider/resources/api-token/provider";
import { declaredNote, markedNote, markOf, sameOwner, splitNote } from "../../provider/core/ownership";

/**
 * Ownership marks under arbitrary notes and names: the declared note always comes back exactly,
 * a mark is only ever this resource's own, and resource ids are read exactly or not at all.
 */

const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/);
const urn = fc
  .record({ stack: name, project: name, parents: fc.array(name, { maxLength: 2 }), resource: fc.string({ minLength: 1, maxLength: 30 }) })
  .filter(({ resource }) => !resource.includes("::"))
  .map(({ stack, project, parents, resource }) => {
    const types = [...parents.map((p) => `my:index:${p}`), "pulumi-nodejs:dynamic/logicmonitor:ApiToken"].join("$");
    return `urn:pulumi:${stack}::${project}::${types}::${resource}`;
  });

describe("ownership marks (property-based)", () => {
  it("any declared note round-trips through the portal's note", () => {
    fc.assert(
      fc.property(fc.string(), urn, (note, resourceUrn) => {
        const mark = markOf(resourceUrn);
        expect(mark).toBeDefined();
        const portal = markedNote(note, mark);
        expect(declaredNote(portal, mark)).toBe(note);
        expect(sameOwner(splitNote(portal).mark, mark)).toBe(true);
      }),
    );
  });

  it("a token marked for one resource is never another resource's", () => {
    fc.assert(
      fc.property(fc.string(), urn, urn, (note, mine, theirs) => {
        fc.pre(mine !== theirs);
        const portal = markedNote(note, markOf(theirs));
        expect(sameOwner(splitNote(portal).mark, markOf(mine))).toBe(false);
        expect(declaredNote(portal, markOf(mine))).toBe(portal); // shows as drift, never stripped
      }),
    );
  });

  it("a note without a mark never yields one that matches", () => {
    fc.assert(
      fc.property(fc.string(), urn, (note, resourceUrn) => {
        fc.pre(!note.includes("[managed by Pulumi: "));
        expect(sameOwner(splitNote(note).mark, markOf(resourceUrn))).toBe(false);
      }),
    );
  });
});

describe("resource ids (property-based)", () => {
  it("reads LogicMonitor ids exactly, and anything else not at all", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer(), fc.double()), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (admin, token) => {
        const parsed = parseResourceId(`${admin}/${token}`);
        if (Number.isInteger(admin) && admin >= 1 && admin <= 2 ** 31 - 1) expect(parsed).toEqual({ adminId: admin, tokenId: token });
        else expect(parsed).toBeUndefined();
      }),
    );
  });
});
