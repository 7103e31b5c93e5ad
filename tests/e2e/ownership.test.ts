import http from "node:http";
import type { AddressInfo } from "node:net";
import { LogicMonitorClient } from "../../provider/client/client";
import { splitNote } from "../../provider/core/ownership";
import { stateTokens } from "../helpers/oracle";
import { createExampleStack, type ExampleStack } from "../helpers/stack";

/**
 * Issue "Every live credential tracked", through the real Pulumi CLI and the emulator: a server
 * that is not LogicMonitor never empties state; a look-alike token is never claimed; a create
 * whose answer was lost converges in the same `pulumi up`, with the leftover deleted and said so.
 */

jest.setTimeout(300_000);

/** A web server that answers every request with an HTML 404 page, like a wrong proxy path. */
async function startHtml404Server(): Promise<{ baseUrl: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits += 1;
    res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
    res.end("<!DOCTYPE html><html><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/santaba/rest`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The stack's resources as the provider shapes them: urn, type, id, inputs and outputs, secrets
 * decrypted (ciphertext changes with every write; the values must not). The engine's own
 * bookkeeping (timestamps, propertyDependencies, which a failed refresh drops) is left out.
 */
async function plainState(): Promise<unknown> {
  const exported = (await stack.project.pulumiOk(["stack", "export", "--show-secrets"])).stdout;
  const resources = (JSON.parse(exported) as { deployment: { resources: Record<string, unknown>[] } }).deployment.resources;
  return resources.map(({ urn, type, id, inputs, outputs }) => ({ urn, type, id, inputs, outputs }));
}

let stack: ExampleStack;
const tokensOf32 = async () => (await stack.portal.tokens()).filter((t) => t.adminId === 32);

describe("a server that is not LogicMonitor never empties state", () => {
  let wrong: Awaited<ReturnType<typeof startHtml404Server>>;
  beforeAll(async () => {
    stack = await createExampleStack("quickstart");
    wrong = await startHtml404Server();
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
  });
  afterAll(async () => {
    await wrong?.close();
    await stack?.dispose();
  });

  it.each([["refresh"], ["destroy"]])("`pulumi %s` against an HTML 404 server exits non-zero and leaves state exactly as it was", async (command) => {
    const before = await plainState();
    const run = await stack.project.pulumi([command, "--yes", "--skip-preview"], { env: { LM_BASE_URL: wrong.baseUrl } });
    const output = run.stdout + run.stderr;
    expect(run.code).not.toBe(0);
    expect(wrong.hits()).toBeGreaterThan(0);
    expect(output).toContain(`the answer from ${wrong.baseUrl}/setting/admins/32/apitokens`);
    expect(output).toMatch(/was an HTML page \(text\/html\), not LogicMonitor's REST API error/);
    expect(output).toMatch(/check logicmonitor:baseUrl \(LM_BASE_URL\)/);
    expect(output).not.toMatch(/- 1 deleted|deleted 1/);
    expect(await plainState()).toEqual(before);
    expect(await tokensOf32()).toHaveLength(1); // the token is still live, and still tracked
  });

  it("against the real portal again, destroy deletes the token", async () => {
    await stack.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect(await tokensOf32()).toHaveLength(0);
  });
});

describe("creates whose answer was lost, and look-alikes", () => {
  beforeEach(async () => {
    stack = await createExampleStack("quickstart");
  });
  afterEach(async () => stack?.dispose());

  /** The portal and state match one to one, and every managed token has its key in state. */
  async function expectOneToOne(): Promise<number> {
    const state = stateTokens(await stack.exportText());
    const managed = (await stack.portal.tokens()).filter((t) => splitNote(t.note).mark !== undefined);
    expect(managed.map((t) => t.id).sort()).toEqual(state.map((t) => t.tokenId).sort());
    for (const token of state) expect(token.keyIsSecret).toBe(true);
    return state[0]?.tokenId ?? -1;
  }

  it("a look-alike token made by a person (same owner and note) plus a 503: the person's token is never claimed", async () => {
    const person = new LogicMonitorClient({
      baseUrl: stack.emulator.baseUrl,
      accessId: stack.emulator.accessId,
      accessKey: stack.emulator.accessKey,
    });
    const handMade = await person.createApiToken(32, { note: "CI deploys" });
    await stack.portal.faults([{ method: "POST", status: 503 }]);
    const up = await stack.project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(up.code).toBe(0);
    expect(up.stdout + up.stderr).not.toContain(`token ${handMade.id}`);
    const managed = await expectOneToOne();
    expect(managed).not.toBe(handMade.id);
    expect((await stack.portal.tokens()).find((t) => t.id === handMade.id)?.note).toBe("CI deploys");
  });

  it("`pulumi up --replace` (a create without a diff) whose create fails leaves the token in state live and tracked", async () => {
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const held = await expectOneToOne();
    const urn = "urn:pulumi:dev::lm-apitoken-quickstart::pulumi-nodejs:dynamic/logicmonitor:ApiToken::ci-bot";
    await stack.portal.faults([{ method: "POST", status: 400 }]);
    const failed = await stack.project.pulumi(["up", "--yes", "--skip-preview", "--replace", urn]);
    expect(failed.code).not.toBe(0);
    expect((await tokensOf32()).map((t) => t.id)).toEqual([held]); // never deleted before its successor existed
    expect(await expectOneToOne()).toBe(held);
    const replaced = await stack.project.pulumi(["up", "--yes", "--skip-preview", "--replace", urn]);
    expect(replaced.code).toBe(0);
    const successor = await expectOneToOne();
    expect(successor).not.toBe(held);
    expect((await tokensOf32()).map((t) => t.id)).toEqual([successor]);
  });

  it.each([
    ["a POST answer dropped after the portal committed", { method: "POST", action: "drop-after-commit" }],
    ["a gateway 504 whose create the portal carries out late", { method: "POST", action: "commit-late", status: 504 }],
    ["a gateway 502 whose create the portal carries out late", { method: "POST", action: "commit-late", status: 502 }],
  ])("%s: the same `pulumi up` succeeds, deletes the keyless token and says so", async (_name, fault) => {
    await stack.portal.faults([fault]);
    const up = await stack.project.pulumi(["up", "--yes", "--skip-preview"]);
    const output = up.stdout + up.stderr;
    expect(up.code).toBe(0);
    expect(output).toMatch(/lm-apitoken-quickstart\/dev\/ci-bot: deleted token \d+ of admin 32, made (late )?by (a create whose answer was lost|an earlier failed attempt)/);
    await expectOneToOne();
    expect(await tokensOf32()).toHaveLength(1);
  });
});
