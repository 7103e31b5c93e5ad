import type { ApiTokenRecord } from "../../../provider/client/types";
import { formatMark, markOf, markedNote, sameOwner, splitNote } from "../../../provider/core/ownership";
import { classifyTokens, stateReferences } from "../../../provider/tools/orphans";
import { formatOrphanReport } from "../../../provider/tools/orphans-format";
import type { OwnCredential } from "../../../provider/tools/own-credential";

/**
 * Which listed tokens the orphan finder takes for held by a given state: by what the state says
 * (ids, token ids and access ids of any resource), whatever the resource's type or protection.
 */

const OWN: OwnCredential = { kind: "lmv1", accessId: "runner-access-id" };
const PROJECT = "lm-apitoken-yaml";
const STACK = "dev";

/** The URN Pulumi gives resource `name` of type `type` in the test stack. */
function urnOf(type: string, name: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

/** A `pulumi stack export` of the test stack with these resources (after its Stack resource). */
function exportOf(resources: Record<string, unknown>[]): unknown {
  return {
    version: 3,
    deployment: {
      manifest: {},
      resources: [{ type: "pulumi:pulumi:Stack", urn: urnOf("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`) }, ...resources],
    },
  };
}

/** A token as listed for admin 32, carrying `urn`'s mark (or no mark). */
function listed(id: number, urn: string | undefined, fields: Partial<ApiTokenRecord> = {}): ApiTokenRecord {
  return {
    id,
    adminId: 32,
    adminName: "jdoe",
    accessId: `access-${id}`,
    status: 2,
    note: markedNote("CI deploys", urn === undefined ? undefined : markOf(urn)),
    createdBy: "jdoe",
    createdOn: 1_700_000_000,
    lastUsedOn: 0,
    roles: ["administrator"],
    type: "lmv1",
    ...fields,
  };
}

/** The ids the finder reports as orphans (the only tokens `--delete` may delete). */
function orphanIds(listedTokens: ApiTokenRecord[], states: unknown[]): number[] {
  return classifyTokens(listedTokens, stateReferences(states), OWN).orphans.map((orphan) => orphan.token.id);
}

describe("classifyTokens: held by a given state, whatever the resource's type", () => {
  it("the plugin face's logicmonitor:index:ApiToken (YAML, Python, /plugin TypeScript) holds its token", () => {
    const urn = urnOf("logicmonitor:index:ApiToken", "ci-bot");
    const state = exportOf([
      { urn, type: "logicmonitor:index:ApiToken", id: "32/1001", inputs: { adminId: 32, ownerUrn: urn }, outputs: { tokenId: 1001, accessId: "access-1001", ownerUrn: urn } },
    ]);
    const report = classifyTokens([listed(1001, urn), listed(1002, urn)], stateReferences([state]), OWN);
    expect(report.orphans.map((orphan) => orphan.token.id)).toEqual([1002]);
    expect(report.orphans[0]?.resourceHolds).toEqual([1001]);
  });

  it("a future type (logicmonitor:index:RotatingApiToken) holds its current and its previous token", () => {
    const urn = urnOf("logicmonitor:index:RotatingApiToken", "rotating");
    const state = exportOf([
      {
        urn,
        type: "logicmonitor:index:RotatingApiToken",
        id: "rotating-7f3e",
        inputs: { adminId: 32 },
        outputs: { tokenId: 2002, accessId: "access-2002", previousTokenId: 2001, previousAccessId: "access-2001" },
      },
    ]);
    expect(orphanIds([listed(2001, urn), listed(2002, urn), listed(2003, urn)], [state])).toEqual([2003]);
  });

  it("a protected resource holds its token (on either face)", () => {
    const plugin = urnOf("logicmonitor:index:ApiToken", "protected-bot");
    const dynamic = urnOf("pulumi-nodejs:dynamic/logicmonitor:ApiToken", "protected-dyn");
    const state = exportOf([
      { urn: plugin, type: "logicmonitor:index:ApiToken", id: "32/3001", protect: true, outputs: { tokenId: 3001, accessId: "access-3001" } },
      { urn: dynamic, type: "pulumi-nodejs:dynamic/logicmonitor:ApiToken", id: "32/3002", protect: true, outputs: { tokenId: 3002 } },
    ]);
    expect(orphanIds([listed(3001, plugin), listed(3002, dynamic)], [state])).toEqual([]);
  });

  it("a token referenced only by its access id is held (the state's id may be another portal's)", () => {
    const urn = urnOf("logicmonitor:index:ApiToken", "moved");
    const consumer = urnOf("my:index:Consumer", "reads-the-token");
    const state = exportOf([
      // The state's id and tokenId name another token; the access id is this one's.
      { urn, type: "logicmonitor:index:ApiToken", id: "32/9999", outputs: { tokenId: 9999, accessId: "access-4001" } },
      // Any resource that passes an access id on holds that token too.
      { urn: consumer, type: "my:index:Consumer", id: "c-1", inputs: { accessId: "access-4002" }, outputs: {} },
    ]);
    expect(orphanIds([listed(4001, urn), listed(4002, urn), listed(4003, urn)], [state])).toEqual([4003]);
  });

  it("existingTokenId of any type holds the adopted token, even as a numeric string", () => {
    const urn = urnOf("logicmonitor:index:ApiToken", "adopted");
    const state = exportOf([{ urn, type: "logicmonitor:index:ApiToken", id: "", inputs: { existingTokenId: "5001" }, outputs: {} }]);
    expect(orphanIds([listed(5001, urn), listed(5002, urn)], [state])).toEqual([5002]);
  });

  it("the token of a resource whose create is pending is held when the pending operation names it", () => {
    const urn = urnOf("logicmonitor:index:ApiToken", "pending");
    const state = {
      deployment: {
        resources: [{ type: "pulumi:pulumi:Stack", urn: urnOf("pulumi:pulumi:Stack", "s") }],
        pending_operations: [{ type: "updating", resource: { urn, type: "logicmonitor:index:ApiToken", id: "32/6001", outputs: { accessId: "access-6001" } } }],
      },
    };
    expect(orphanIds([listed(6001, urn), listed(6002, urn)], [state])).toEqual([6002]);
  });
});

describe("classifyTokens: what the report says about each token", () => {
  const urn = urnOf("logicmonitor:index:ApiToken", "ci-bot");
  const state = exportOf([
    { urn, type: "logicmonitor:index:ApiToken", id: "32/1001", outputs: { tokenId: 1001, accessId: "access-1001", ownerUrn: urn } },
    // examples/yaml exports the token's id and access id as stack outputs: the Stack holds it too.
    { urn: urnOf("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`), type: "pulumi:pulumi:Stack", outputs: { tokenId: 1001, accessId: "access-1001" } },
  ]);
  const attempt = "5d0e7a41b2c9";
  const attemptNote = `CI deploys ${formatMark({ ...markOf(urn)!, attempt })}`;

  it("lists the held tokens with every resource that references them", () => {
    const report = classifyTokens([listed(1001, urn), listed(1003, undefined, { accessId: "access-1001" })], stateReferences([state]), OWN);
    expect(report.orphans).toEqual([]);
    expect(report.held.map((held) => [held.token.id, held.heldBy])).toEqual([
      [1001, [urn, urnOf("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`)]],
      [1003, [urn, urnOf("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`)]],
    ]);
    expect(report.held[0]?.mark).toEqual(markOf(urn));
    expect(report.held[1]?.mark).toBeUndefined();
  });

  it("reads a mark's attempt id, shows it, and still finds the resource it belongs to", () => {
    expect(splitNote(attemptNote).mark).toEqual({ ...markOf(urn), attempt });
    expect(sameOwner(splitNote(attemptNote).mark, markOf(urn))).toBe(true);
    const report = classifyTokens([listed(1001, urn), listed(1002, undefined, { note: attemptNote, lastUsedOn: 1_700_000_500 })], stateReferences([state]), OWN);
    expect(report.orphans).toEqual([expect.objectContaining({ mark: { ...markOf(urn), attempt }, resourceInState: true, resourceHolds: [1001] })]);
    const text = formatOrphanReport(report, { all: false });
    const hash = markOf(urn)?.hash ?? "";
    expect(text).toContain(
      `token 1002  admin 32 (jdoe)  lmv1  accessId access-1002  created 2023-11-14T22:13:20.000Z  last used 2023-11-14T22:21:40.000Z  for ${PROJECT}/${STACK}/ci-bot #${hash}.${attempt}  note "CI deploys"`,
    );
    expect(text).toContain(`${PROJECT}/${STACK}/ci-bot is in the state and holds token 1001: this one is a leftover`);
    expect(text).toMatch(new RegExp(`Held by a given state \\(1\\): left alone\\.\\n {2}token 1001  admin 32 \\(jdoe\\) .*never used  for ${PROJECT}/${STACK}/ci-bot #${hash}  held by ${urn.replace(/\$/g, "\\$")}`));
  });

  it("a leftover of a resource in no given state says so", () => {
    const gone = urnOf("logicmonitor:index:ApiToken", "gone-bot");
    const report = classifyTokens([listed(1005, gone)], stateReferences([state]), OWN);
    expect(report.orphans).toEqual([expect.objectContaining({ resourceInState: false, resourceHolds: [] })]);
    expect(formatOrphanReport(report, { all: false })).toContain(`${PROJECT}/${STACK}/gone-bot is in no given state`);
  });

  it("with tokenIds reports only those, names the ones not listed, and still recognises the credential", () => {
    const credential = listed(1009, urn, { accessId: OWN.kind === "lmv1" ? OWN.accessId : "" });
    const report = classifyTokens([listed(1001, urn), listed(1002, urn), listed(1004, urn), credential], stateReferences([state]), OWN, {
      tokenIds: [1004, 1001, 7777, 1009],
    });
    expect(report.orphans.map((orphan) => orphan.token.id)).toEqual([1004]);
    expect(report.held.map((held) => held.token.id)).toEqual([1001]);
    expect(report.ownCredentialIds).toEqual([1009]);
    expect(report.missingTokenIds).toEqual([7777]);
    expect(formatOrphanReport(report, { all: false })).toContain("Not found among the searched admins' tokens: token 7777.");
  });
});

describe("stateReferences: token ids and access ids of every resource", () => {
  it("takes ids, token ids and access ids at any depth, secrets shown with --show-secrets, and ownerUrn marks", () => {
    const urn = urnOf("my:index:Team$logicmonitor:index:ApiToken", "nested");
    const owner = urnOf("logicmonitor:index:ApiToken", "old-name");
    const references = stateReferences([
      exportOf([
        {
          urn,
          type: "logicmonitor:index:ApiToken",
          id: "131/8001",
          inputs: { ownerUrn: owner, settings: [{ previousTokenId: 8000 }] },
          outputs: {
            existingTokenId: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: "8002" },
            accessId: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: "\"secret-access\"" },
            previousAccessId: "",
            tokenId: -3,
          },
        },
      ]),
    ]);
    expect([...references.tokenIds].sort()).toEqual([8000, 8001, 8002]);
    expect([...references.accessIds]).toEqual(["secret-access"]);
    const marks = references.resources.filter((resource) => resource.urn === urn);
    expect(marks.map((resource) => resource.mark)).toEqual([markOf(urn), markOf(owner)]);
    expect(marks.every((resource) => resource.tokenIds.length === 3)).toBe(true);
  });
});
