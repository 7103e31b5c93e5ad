import http from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { ApiTokenProvider } from "../../../provider/resources/api-token/provider";
import { control } from "../../helpers/control";

/**
 * Breaker finding: "gone" is inferred from a token's absence in a paged list (offset pagination),
 * not from LogicMonitor saying so about that token. An admin with more tokens than one page (1000:
 * e.g. a CI bot admin shared by per-branch stacks) whose list is read while someone else deletes one
 * of its tokens on an earlier page: every later item shifts down by one, and the token at the page
 * boundary is in no page. Refresh then drops the stack's live token from state, and destroy
 * "deletes" it without a DELETE and without a word: a live credential nobody tracks.
 *
 * The proxy deletes one unrelated token out of band right before forwarding the second page, as a
 * concurrent `pulumi destroy` of another stack (or a person) would.
 *
 * What should happen: a token missing from a list is confirmed missing (e.g. `filter=id:N`, or the
 * DELETE's own 404) before refresh drops it or delete counts it as deleted.
 */
async function racingProxy(
  target: RunningEmulator,
  onSecondPage: () => Promise<void>,
): Promise<{ baseUrl: string; arm: () => void; close: () => Promise<void> }> {
  let raced = true;
  const server = http.createServer((req, res) => {
    const forward = () => {
      const upstream = http.request(
        { host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${target.port}` } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    };
    if (!raced && req.method === "GET" && /offset=1000/.test(req.url ?? "")) {
      raced = true;
      void onSecondPage().then(forward);
    } else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/santaba/rest`, arm: () => (raced = false), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const URN = "urn:pulumi:dev::ci::pulumi-nodejs:dynamic/logicmonitor:ApiToken::ci-bot";

describe("a concurrent delete on an earlier page while the identity list is read", () => {
  let portal: RunningEmulator;
  beforeAll(async () => {
    portal = await startEmulator();
  });
  afterAll(async () => portal.close());

  it.each(["refresh", "destroy"])("%s keeps the live token tracked", async (command) => {
    await control(portal.url).reset();
    const env = (baseUrl: string) => () => ({ LM_BASE_URL: baseUrl, LM_ACCESS_ID: portal.accessId, LM_ACCESS_KEY: portal.accessKey });
    // 1000 tokens of other stacks, then the stack's own: the first of page 2, the last of page 1 once one before it goes.
    const others = await control(portal.url).mintTokens({ adminId: 32, note: "branch stack token", count: 1000 });
    // The stack's portal address is the proxy's (state records it); the race is armed after the create.
    const proxy = await racingProxy(portal, async () => control(portal.url).deleteToken(others[0]!.id));
    const ours = await new ApiTokenProvider({ env: env(proxy.baseUrl), report: () => undefined }).create({
      adminId: 32, note: "CI deploys", status: "enabled", type: "lmv1", keepers: {}, ownerUrn: URN,
    });
    await control(portal.url).mintTokens({ adminId: 32, note: "branch stack token", count: 5 });
    proxy.arm();
    try {
      const provider = new ApiTokenProvider({ env: env(proxy.baseUrl), report: () => undefined });
      const stateKeepsIt =
        command === "refresh"
          ? (await provider.read(ours.id, ours.outs)).id === ours.id
          : await provider.delete(ours.id, ours.outs).then(() => false, () => true);
      const live = (await control(portal.url).tokens()).some((t) => t.id === ours.outs.tokenId);
      // Either the token is still tracked, or it really was deleted: never "untracked and alive".
      expect({ stateKeepsIt, live }).toEqual(command === "refresh" ? { stateKeepsIt: true, live: true } : { stateKeepsIt: false, live: false });
    } finally {
      await proxy.close();
    }
  });
});
