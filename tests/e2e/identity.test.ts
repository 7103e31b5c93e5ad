import http from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { splitNote } from "../../provider/core/ownership";
import { control, type PortalToken } from "../helpers/control";
import { FACES } from "../helpers/faces";
import { createExampleStack, type ExampleStack } from "../helpers/stack";
import { plainResources, theHeldToken, type HeldToken } from "../helpers/stack-state";

/**
 * Issue 16, "another portal, overlapping ids", through the real Pulumi CLI on both faces: a
 * token's identity is its portal, its id and its access id. A stack pointed at a second portal
 * whose token ids overlap the first's (a copied config, staging vs production) fails `refresh`,
 * `up` and `destroy` and changes nothing anywhere; pointed back, and at a new address of its own
 * portal, it works.
 */

jest.setTimeout(600_000);

/** A plain HTTP proxy on its own port in front of an emulator: another address of the same portal. */
async function startProxy(target: RunningEmulator): Promise<{ baseUrl: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits += 1;
    const upstream = http.request(
      { host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${target.port}` } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/santaba/rest`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a person sees of a portal's tokens: which exist, whose, their access ids, notes and status. */
function tokensOf(tokens: PortalToken[]) {
  return tokens.map(({ id, adminId, accessId, status, note }) => ({ id, adminId, accessId, status, note }));
}

describe.each(FACES)("two portals whose token ids overlap, %s", (_name, face) => {
  let stack: ExampleStack;
  /** Portal B: same root credentials as A (a copied config), tokens at the same ids as A's. */
  let portalB: RunningEmulator;
  let held: HeldToken;
  /** B's token at the id the stack holds: the same owner and the very same note (mark included). */
  let twin: PortalToken;
  let stateBefore: unknown;
  let aBefore: unknown;
  let bBefore: unknown;
  const b = () => control(portalB.url);
  const run = (args: string[]) => stack.project.pulumi(args);
  /** The note of the stack's token in portal A, split into the declared note and the mark. */
  const noteOfHeld = async () => splitNote((await stack.portal.tokens()).find((t) => t.id === held.tokenId)?.note ?? "");
  const declared = (note: string) => ({ note, mark: expect.objectContaining({ stack: "dev", name: "ci-bot" }) });
  /** The state of every resource but the providers (whose recorded config follows the stack's config). */
  const tokenState = async () => ((await plainResources(stack.project)) as { type: string }[]).filter((r) => !r.type.startsWith("pulumi:providers:"));

  beforeAll(async () => {
    stack = await createExampleStack(face.example);
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    held = await theHeldToken(stack.project);
    const heldNote = (await stack.portal.tokens()).find((t) => t.id === held.tokenId)?.note ?? "";
    portalB = await startEmulator({ accessId: stack.emulator.accessId, accessKey: stack.emulator.accessKey });
    // Ids are a counter in each portal: B hands out the ids A handed out.
    await b().mintTokens({ adminId: 32, note: "portal B: release bot", count: held.tokenId - 1000 });
    await b().setToken(held.tokenId, { note: heldNote });
    twin = (await b().tokens()).find((t) => t.id === held.tokenId)!;
    expect(twin).toMatchObject({ adminId: 32, note: heldNote });
    expect(twin.accessId).not.toBe(held.accessId);

    await stack.project.pulumiOk(["config", "set", "logicmonitor:baseUrl", portalB.baseUrl]);
    stateBefore = await tokenState();
    aBefore = tokensOf(await stack.portal.tokens());
    bBefore = tokensOf(await b().tokens());
  });
  afterAll(async () => {
    await portalB?.close();
    await stack?.dispose();
  });

  /**
   * What a command against the wrong portal left: its exit, both portals, the state, and whether
   * its output names what the stack holds (token id, access id), what the portal answered (the
   * other token's access id) and what to do (the setting, and the stack's own portal).
   */
  async function observe(result: { code: number; stdout: string; stderr: string }) {
    const output = result.stdout + result.stderr;
    return {
      failed: result.code !== 0,
      portalB: tokensOf(await b().tokens()),
      portalA: tokensOf(await stack.portal.tokens()),
      state: await tokenState(),
      named: {
        tokenId: output.includes(`token ${held.tokenId}`),
        heldAccessId: output.includes(held.accessId),
        portalAnswer: output.includes(twin.accessId),
        whatToDo: output.includes("logicmonitor:baseUrl") && output.includes(stack.emulator.baseUrl),
      },
    };
  }
  const unchanged = () => ({ failed: true, portalB: bBefore, portalA: aBefore, state: stateBefore, named: { tokenId: true, heldAccessId: true, portalAnswer: true, whatToDo: true } });

  it("`up` with a note change against portal B (right after the config change) fails, names both tokens, and changes nothing in either portal or in state", async () => {
    await stack.project.pulumiOk(["config", "set", "note", "CI deploys (rotated)"]);
    expect(await observe(await run(["up", "--yes", "--skip-preview"]))).toEqual(unchanged());
  });

  // `refresh` and `destroy` configure providers from the config recorded in state unless told to
  // run the program: `--run-program` makes them use the changed config whatever the state recorded.
  it("`refresh --run-program` against portal B fails, names both tokens, and changes nothing", async () => {
    expect(await observe(await run(["refresh", "--yes", "--skip-preview", "--run-program"]))).toEqual(unchanged());
  });

  it("`destroy --run-program` against portal B fails, names both tokens, and changes nothing", async () => {
    expect(await observe(await run(["destroy", "--yes", "--skip-preview", "--run-program"]))).toEqual(unchanged());
  });

  it("pointed back at portal A: `refresh`, `up` (the note change) and `refresh` again work on the stack's own token", async () => {
    await stack.project.pulumiOk(["config", "rm", "logicmonitor:baseUrl"]);
    await stack.project.pulumiOk(["refresh", "--yes", "--skip-preview", "--run-program"]);
    expect(await theHeldToken(stack.project)).toEqual(held);
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect(await theHeldToken(stack.project)).toEqual(held);
    expect(await noteOfHeld()).toEqual(declared("CI deploys (rotated)"));
    await stack.project.pulumiOk(["refresh", "--yes", "--skip-preview"]);
    expect(await theHeldToken(stack.project)).toEqual(held);
    expect(tokensOf(await b().tokens())).toEqual(bBefore);
  });

  it("at new addresses of portal A (a trailing slash; a proxy on another port): `refresh`, `up` and `destroy` work", async () => {
    const proxy = await startProxy(stack.emulator);
    try {
      for (const [address, note] of [
        [`${stack.emulator.baseUrl}/`, "CI deploys (slash)"],
        [proxy.baseUrl, "CI deploys (proxy)"],
      ] as const) {
        await stack.project.pulumiOk(["config", "set", "logicmonitor:baseUrl", address]);
        await stack.project.pulumiOk(["config", "set", "note", note]);
        await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
        expect(await noteOfHeld()).toEqual(declared(note));
        await stack.project.pulumiOk(["refresh", "--yes", "--skip-preview"]);
        expect(await theHeldToken(stack.project)).toEqual(held);
      }
      await stack.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
      expect(proxy.hits()).toBeGreaterThan(0);
      expect((await stack.portal.tokens()).filter((t) => t.adminId === 32)).toEqual([]);
      expect(tokensOf(await b().tokens())).toEqual(bBefore);
    } finally {
      await proxy.close();
    }
  });
});
