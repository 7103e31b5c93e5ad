import http from "node:http";
import type { AddressInfo } from "node:net";
import { LogicMonitorClient } from "../../../provider/client/client";
import {
  isLmNetworkError,
  isLmTimeoutError,
  isNotFound,
  isPossiblyCommitted,
} from "../../../provider/client/errors";
import type { ClientOptions } from "../../../provider/client/types";
import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { control } from "../../helpers/control";
import { caught } from "../../helpers/caught";
import { until } from "../../helpers/until";

/** The client against the real emulator over a socket: signatures really verified. */
let emulator: RunningEmulator;
let portal: ReturnType<typeof control>;

beforeAll(async () => {
  emulator = await startEmulator();
  portal = control(emulator.url);
});
afterAll(() => emulator.close());
beforeEach(() => portal.reset());

const fastRetries = { baseDelayMs: 1, maxDelayMs: 5 };

function rootClient(options: Partial<ClientOptions> = {}): LogicMonitorClient {
  return new LogicMonitorClient({
    baseUrl: emulator.baseUrl,
    accessId: emulator.accessId,
    accessKey: emulator.accessKey,
    retry: fastRetries,
    ...options,
  });
}


const requestsOf = async (method: string) => (await portal.requests()).filter((request) => request.method === method);

describe("LogicMonitorClient against the emulator", () => {
  it("creates, finds, lists, updates and deletes an LMv1 token", async () => {
    const client = rootClient();
    const created = await client.createApiToken(32, { note: "ci", status: 2 });
    expect(created).toMatchObject({ adminId: 32, adminName: "jdoe", note: "ci", status: 2, type: "lmv1" });
    expect(created.accessKey).toBeTruthy();

    expect(await client.findApiToken(32, created.id)).toMatchObject({ id: created.id, accessId: created.accessId });
    expect((await client.listApiTokens(32)).map((token) => token.id)).toContain(created.id);

    const updated = await client.updateApiToken(32, created.id, { note: "ci (disabled)", status: 1 });
    expect(updated).toMatchObject({ id: created.id, note: "ci (disabled)", status: 1 });
    expect((await portal.tokens()).find((token) => token.id === created.id)).toMatchObject({ status: 1, note: "ci (disabled)" });

    await client.deleteApiToken(32, created.id);
    expect(await client.findApiToken(32, created.id)).toBeUndefined();
    const again = await caught(client.deleteApiToken(32, created.id));
    expect(isNotFound(again)).toBe(true);
    expect(String(again)).toMatch(new RegExp(`API token ${created.id} of admin 32 does not exist`));
  });

  it("creates a Bearer token and lists it only among Bearer tokens", async () => {
    const client = rootClient();
    const bearer = await client.createApiToken(32, { note: "bearer", type: "bearer" });
    expect(bearer.type).toBe("bearer");
    expect(bearer.accessKey).toMatch(/^lmb_/);
    expect((await client.listApiTokens(32, { type: "lmv1" })).map((t) => t.id)).not.toContain(bearer.id);
    expect((await client.listApiTokens(32, { type: "bearer" })).map((t) => t.id)).toContain(bearer.id);
    expect(await client.findApiToken(32, bearer.id)).toMatchObject({ id: bearer.id, type: "bearer" });
    const posts = await requestsOf("POST");
    expect(posts[0]?.query).toBe("type=bearer");
  });

  it("looks admins up by exact username and by id", async () => {
    const client = rootClient();
    expect(await client.findAdminByUsername("jdoe")).toMatchObject({ id: 32, username: "jdoe", roles: ["administrator"] });
    expect(await client.findAdminByUsername("jdo")).toBeUndefined();
    expect(await client.getAdmin(131)).toMatchObject({ id: 131, username: "asmith" });
    expect(await client.getAdmin(9999)).toBeUndefined();
  });

  it("pages through long lists (size=1000 by default, smaller pages on request)", async () => {
    const client = rootClient();
    await Promise.all(Array.from({ length: 60 }, (_, i) => client.createApiToken(131, { note: `bulk ${i}` })));
    await portal.clearRequests();
    expect(await client.listApiTokens(131, { type: "lmv1" })).toHaveLength(60);
    expect((await requestsOf("GET")).map((request) => request.query)).toEqual(["size=1000&offset=0"]);

    await portal.clearRequests();
    const paged = await rootClient({ pageSize: 25 }).listApiTokens(131, { type: "lmv1" });
    expect(new Set(paged.map((token) => token.id)).size).toBe(60);
    expect((await requestsOf("GET")).map((request) => request.query)).toEqual([
      "size=25&offset=0",
      "size=25&offset=25",
      "size=25&offset=50",
    ]);
  });

  it.each([
    ["GET", (client: LogicMonitorClient) => client.listApiTokens(32, { type: "lmv1" })],
    ["PUT", (client: LogicMonitorClient, id: number) => client.updateApiToken(32, id, { note: "x", status: 2 })],
    ["DELETE", (client: LogicMonitorClient, id: number) => client.deleteApiToken(32, id)],
  ] as const)("retries a %s through 5xx responses", async (method, run) => {
    const client = rootClient();
    const { id } = await client.createApiToken(32, { note: "target" });
    await portal.faults([
      { method, status: 503, count: 1 },
      { method, status: 500, count: 1 },
    ]);
    await portal.clearRequests();
    await run(client, id);
    expect((await requestsOf(method)).map((request) => request.status)).toEqual([503, 500, 200]);
  });

  it.each([
    ["a 503", { status: 503 }],
    ["a 500", { status: 500 }],
    ["a response lost after the token was committed", { action: "drop-after-commit" }],
    ["a connection reset after sending", { action: "reset-before" }],
  ])("never retries a POST after %s, and flags it as possibly created", async (_label, fault) => {
    await portal.faults([{ route: "POST /setting/admins/{adminId}/apitokens", count: 1, ...fault }]);
    const error = await caught(rootClient().createApiToken(32, { note: "once" }));
    expect(await requestsOf("POST")).toHaveLength(1);
    expect(isPossiblyCommitted(error)).toBe(true);
    expect(String(error)).toMatch(/may have been created/);
  });

  it("keeps the token LogicMonitor committed before dropping the response", async () => {
    await portal.faults([{ route: "POST /setting/admins/{adminId}/apitokens", count: 1, action: "drop-after-commit" }]);
    await caught(rootClient().createApiToken(32, { note: "committed" }));
    expect((await portal.tokens()).filter((token) => token.note === "committed")).toHaveLength(1);
  });

  it("retries a POST whose connection was refused, since it never left", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const retries: string[] = [];
    const client = rootClient({ baseUrl: `http://127.0.0.1:${port}`, onRetry: (event) => retries.push(String(event.code)) });
    const error = await caught(client.createApiToken(32, {}));
    expect(isLmNetworkError(error) && error.attempts).toBe(4);
    expect(retries).toEqual(["ECONNREFUSED", "ECONNREFUSED", "ECONNREFUSED"]);
    expect(isPossiblyCommitted(error)).toBe(false);
  });

  it("with the default policy and the unluckiest jitter, rides out a portal that is down for 400 ms: the create lands once", async () => {
    // A portal of its own, stopped and started again on the same port while the client retries.
    const own = await startEmulator();
    const { port, accessId, accessKey } = own;
    await own.close();
    const retries: string[] = [];
    // Virtual time: the client's waits advance it, and the portal comes back once 400 ms have passed.
    let virtualMs = 0;
    let restarted: RunningEmulator | undefined;
    const client = new LogicMonitorClient({
      baseUrl: own.baseUrl,
      accessId,
      accessKey,
      random: () => 0, // the shortest backoffs the policy allows: 150 + 300 + 600 ms
      now: () => Date.now() + virtualMs,
      sleep: async (ms) => {
        virtualMs += ms;
        if (virtualMs >= 400 && !restarted) restarted = await startEmulator({ port, accessId, accessKey });
      },
      onRetry: (event) => retries.push(String(event.code)),
    });
    try {
      const created = await client.createApiToken(32, { note: "after the outage" });
      if (!restarted) throw new Error("the portal never came back");
      expect(created.note).toBe("after the outage");
      expect(retries.length).toBeGreaterThanOrEqual(1);
      expect(new Set(retries)).toEqual(new Set(["ECONNREFUSED"]));
      const tokens = await control(restarted.url).tokens();
      expect(tokens.filter((token) => token.note === "after the outage")).toHaveLength(1);
    } finally {
      await restarted?.close();
    }
  });

  it("retries a 429 after the rate-limit window, then succeeds", async () => {
    await portal.faults([
      {
        route: "POST /setting/admins/{adminId}/apitokens",
        count: 1,
        status: 429,
        headers: { "X-Rate-Limit-Limit": "5", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Window": "1" },
      },
    ]);
    const waits: number[] = [];
    const start = Date.now();
    let virtualMs = 0;
    const client = rootClient({
      now: () => start + virtualMs, // stands still but for the client's own waits
      sleep: async (ms) => {
        waits.push(ms);
        virtualMs += ms;
      },
    });
    const created = await client.createApiToken(32, { note: "after 429" });
    // The client waited out the advertised 1-second window before trying again.
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(1000);
    expect(created.note).toBe("after 429");
    expect((await requestsOf("POST")).map((request) => request.status)).toEqual([429, 200]);
  });

  it("spreads concurrent creates over the rate-limit windows instead of hitting 429s", async () => {
    await portal.configure({ rateLimits: { POST: { limit: 3, windowSeconds: 1 } } });
    const client = rootClient();
    const created = await Promise.all(Array.from({ length: 7 }, (_, i) => client.createApiToken(32, { note: `burst ${i}` })));
    expect(created).toHaveLength(7);
    // The emulator admits 3 per window and refuses the rest: no 429 means the client spread the
    // creates over three windows (3 + 3 + 1). How long that takes is the benchmark's business.
    const statuses = (await requestsOf("POST")).map((request) => request.status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200]);
  });

  it("times out slow attempts: retries a GET, never a POST", async () => {
    const client = rootClient({ timeoutMs: 150, retry: { ...fastRetries, maxRetries: 1 } });
    await portal.faults([{ method: "GET", action: "delay", latencyMs: 600, count: 2 }]);
    const getError = await caught(client.listApiTokens(32, { type: "lmv1" }));
    expect(isLmTimeoutError(getError) && getError.attempts).toBe(2);
    await portal.faults([{ method: "POST", action: "delay", latencyMs: 600, count: 1 }]);
    const postError = await caught(client.createApiToken(32, {}));
    expect(isLmTimeoutError(postError) && postError.possiblyCommitted).toBe(true);
    expect(isLmTimeoutError(postError) && postError.attempts).toBe(1);
    // The emulator logs the POST once its delay ends; a retried POST (no fault left) would be logged before it.
    await until(async () => (await requestsOf("POST")).length > 0);
    expect(await requestsOf("POST")).toHaveLength(1);
  });

  it("fails fast on 401 with the config keys to fix", async () => {
    const client = rootClient({ accessKey: "wrong-key" });
    const error = await caught(client.listApiTokens(32));
    expect(String(error)).toMatch(
      /GET \/setting\/admins\/32\/apitokens failed with 401 .*check LM_ACCESS_ID and LM_ACCESS_KEY: they must be/,
    );
    expect(String(error)).not.toContain("wrong-key");
    expect((await portal.requests()).length).toBeLessThanOrEqual(2); // one per token type, no retries
  });

  it("diagnoses clock skew beyond LMv1's 30-minute window", async () => {
    await portal.configure({ clockOffsetMs: 40 * 60_000 });
    try {
      const error = await caught(rootClient().createApiToken(32, {}));
      expect(String(error)).toMatch(/clock skew: this machine's clock is 40 minutes behind the portal's.*fix the system clock/);
    } finally {
      await portal.configure({ clockOffsetMs: 0 });
    }
  });

  it("names the missing permission on 403", async () => {
    const botToken = await rootClient().createApiToken(200, { note: "bot" });
    const bot = rootClient({ accessId: botToken.accessId, accessKey: botToken.accessKey });
    const error = await caught(bot.createApiToken(32, { note: "not mine" }));
    expect(String(error)).toMatch(/POST \/setting\/admins\/32\/apitokens failed with 403 .*"User Access: manage"/);
    expect(String(error)).not.toContain(String(botToken.accessKey));
    expect(await bot.listApiTokens(200)).toEqual(expect.arrayContaining([expect.objectContaining({ id: botToken.id })]));
  });
});
