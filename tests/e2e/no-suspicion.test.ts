import * as path from "node:path";
import { formatMark, markedNote, markOf } from "../../provider/core/ownership";
import { createTempProject } from "../../scripts/lib/temp-project";
import { apiRequest, asRecord } from "../helpers/emulator";
import { FACES, tokenUrn, type Face } from "../helpers/faces";
import { createExampleStack, emulatorEnv, EXAMPLES, type ExampleStack } from "../helpers/stack";
import { theHeldToken } from "../helpers/stack-state";

/**
 * Issue 16, "nothing is deleted on suspicion", through the real Pulumi CLI on both faces: a token
 * the resource does not hold is never deleted because it carries the resource's mark and was never
 * used. The mark is not a proof: a renamed stack, a token kept by `retainOnDelete`, the token
 * `up --replace` replaces, a stack of the same name in another backend and a note copied by hand
 * all carry it. Leftovers of a killed run are named in `pulumi up`, never deleted.
 */

jest.setTimeout(600_000);

const UP = ["up", "--yes", "--skip-preview"];
const DESTROY = ["destroy", "--yes", "--skip-preview"];

describe.each(FACES)("nothing is deleted on suspicion, %s", (_name, face: Face) => {
  let stack: ExampleStack;
  const started: ExampleStack[] = [];
  afterEach(async () => {
    for (const each of started.splice(0)) await each.dispose();
  });
  /** A fresh stack of the face's example on its own emulator, disposed after the test. */
  const start = async () => {
    stack = await createExampleStack(face.example);
    started.push(stack);
  };

  /** Ids of admin 32's tokens in the portal, ascending. */
  const live = async () => (await stack.portal.tokens()).filter((t) => t.adminId === 32).map((t) => t.id).sort((a, b) => a - b);
  const held = async (stackName?: string) => (await theHeldToken(stack.project, stackName ? { stack: stackName } : {})).tokenId;
  const upAndHold = async () => {
    await stack.project.pulumiOk(UP);
    return held();
  };
  /** Makes a token through the portal's API, signed with the root credentials, as a person or script would. */
  const makeByHand = async (note: string) => {
    const answer = await apiRequest(stack.emulator, { method: "POST", path: "/setting/admins/32/apitokens", body: { note } });
    expect(answer.status).toBe(200);
    return Number(asRecord(answer.body)["id"]);
  };

  it("`stack rename`, then a new stack of the old name: its `up` keeps the renamed stack's token live, and the renamed stack's next `up` succeeds", async () => {
    await start();
    const renamed = await upAndHold();
    await stack.project.pulumiOk(["stack", "rename", "dev2"]);
    await stack.project.pulumiOk(["stack", "init", "dev"]);
    const fresh = await upAndHold();
    const afterNewStack = await live();
    const next = await stack.project.pulumi([...UP, "--stack", "dev2"]);
    expect({ afterNewStack, renamedStackUp: next.code, afterRenamedStackUp: await live(), renamedStackHolds: await held("dev2") }).toEqual({
      afterNewStack: [renamed, fresh],
      renamedStackUp: 0,
      afterRenamedStackUp: [renamed, fresh],
      renamedStackHolds: renamed,
    });
  });

  it("`retainOnDelete`: the token `destroy` kept stays live through the next `up`, and every retained token stays live through `up --replace`", async () => {
    await start();
    face.retainOnDelete(stack.project.dir);
    const kept = await upAndHold();
    await stack.project.pulumiOk(DESTROY);
    expect(await live()).toEqual([kept]);

    const second = await upAndHold();
    const afterUp = await live();
    await stack.project.pulumiOk([...UP, "--replace", tokenUrn(face)]);
    const third = await held();
    expect(third).not.toBe(second);
    expect({ afterUp, afterReplace: await live() }).toEqual({ afterUp: [kept, second], afterReplace: [kept, second, third] });
  });

  it("`up --replace`: the old token is deleted once, by the engine's replacement delete after the new token exists; one live token remains, the new one", async () => {
    await start();
    const old = await upAndHold();
    await stack.portal.clearRequests();
    await stack.project.pulumiOk([...UP, "--replace", tokenUrn(face)]);
    const successor = await held();
    const log = await stack.portal.requests();
    const created = log.find((r) => r.method === "POST" && r.status === 200 && r.tokenId === successor);
    expect(created).toBeDefined();
    const deletesOfOld = log.filter((r) => r.method === "DELETE" && r.tokenId === old).map((r) => ({ status: r.status, afterTheCreate: r.seq > created!.seq }));
    expect({ deletesOfOld, live: await live() }).toEqual({ deletesOfOld: [{ status: 200, afterTheCreate: true }], live: [successor] });
  });

  it("the same project and stack in two backends against one portal: each `up` keeps the other stack's token live", async () => {
    await start();
    const other = createTempProject(path.join(EXAMPLES, face.example), { extraEnv: emulatorEnv(stack.emulator) });
    try {
      await other.pulumiOk(["stack", "init", "dev"]);
      const first = await upAndHold();
      await other.pulumiOk(UP);
      const second = (await theHeldToken(other)).tokenId;
      const afterOtherUp = await live();
      await stack.project.pulumiOk([...UP, "--replace", tokenUrn(face)]);
      const replaced = await held();
      expect({ afterOtherUp, afterReplace: await live(), otherHolds: (await theHeldToken(other)).tokenId }).toEqual({
        afterOtherUp: [first, second],
        afterReplace: [second, replaced],
        otherHolds: second,
      });
    } finally {
      other.dispose();
    }
  });

  it("a token made by hand with a note copied from a managed one is not deleted by an `up` that creates", async () => {
    await start();
    const managed = await upAndHold();
    const copiedNote = (await stack.portal.tokens()).find((t) => t.id === managed)?.note ?? "";
    expect(copiedNote).toContain("[managed by Pulumi: ");
    const byHand = await makeByHand(copiedNote);
    await stack.project.pulumiOk(DESTROY);
    expect(await live()).toEqual([byHand]);

    const created = await upAndHold();
    expect({ live: await live(), note: (await stack.portal.tokens()).find((t) => t.id === byHand)?.note }).toEqual({ live: [byHand, created], note: copiedNote });
  });

  it("leftovers of a killed run (this resource's exact mark, never used) are kept, and `up` names each: token, admin, 'lm-apitoken orphans'", async () => {
    await start();
    const mark = markOf(tokenUrn(face))!;
    // As a killed run of an earlier version left it (no attempt id), and as this version's would (an attempt id).
    const earlier = await makeByHand(markedNote("CI deploys", mark));
    const current = await makeByHand(`CI deploys ${formatMark(mark).replace(/\]$/, ".0123456789ab]")}`);

    const up = await stack.project.pulumi(UP);
    const output = up.stdout + up.stderr;
    const lines = output.split("\n");
    const namedWithOwner = (id: number) => lines.some((line) => new RegExp(`\\b${id}\\b`).test(line) && /\badmin 32\b|\bjdoe\b/.test(line));
    const created = up.code === 0 ? await held() : NaN;
    expect({
      code: up.code,
      live: await live(),
      named: { earlier: namedWithOwner(earlier), current: namedWithOwner(current), finder: output.includes("lm-apitoken orphans") },
    }).toEqual({ code: 0, live: [earlier, current, created], named: { earlier: true, current: true, finder: true } });
    expect((await theHeldToken(stack.project)).urn).toBe(tokenUrn(face));
  });
});
