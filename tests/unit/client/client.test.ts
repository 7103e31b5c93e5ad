import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LogicMonitorClient } from "../../../provider/client/client";
import {
  isLmApiError,
  isLmError,
  isLmNetworkError,
  isLmRateLimitError,
  isLmTimeoutError,
  isNotFound,
  isPossiblyCommitted,
  LmApiError,
} from "../../../provider/client/errors";
import { CLIENT_VERSION } from "../../../provider/client/transport";
import type { ClientOptions, RetryEvent } from "../../../provider/client/types";
import { startRecordingServer, type RecordingServer } from "./recording-server";
import { caught } from "../../helpers/caught";

/** The credentials and time of the reference's signing vectors (§4.3). */
const VECTOR = {
  accessId: "AbCdEfGhIjKlMnOpQrSt",
  accessKey: "Test-Key_0123456789+abcdefghij=KLMNOP{}[",
  now: 1_700_000_000_000,
};
const header = (signature: string) => `LMv1 ${VECTOR.accessId}:${signature}:${VECTOR.now}`;

const token = (id: number, extra: object = {}) => ({
  id,
  adminId: 42,
  adminName: "svc",
  accessId: `ID${id}`,
  status: 2,
  note: "n",
  createdBy: "alice",
  createdOn: 1,
  lastUsedOn: 0,
  roles: ["readonly"],
  ...extra,
});

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.queue.length = 0;
  server.fallback = () => ({ status: 200, body: {} });
});

/** A client on virtual time: sleeps are recorded and advance the clock instantly. */
function testClient(options: Partial<ClientOptions> = {}) {
  const clock = { time: VECTOR.now, sleeps: [] as number[], retries: [] as RetryEvent[] };
  const client = new LogicMonitorClient({
    baseUrl: server.baseUrl,
    accessId: VECTOR.accessId,
    accessKey: VECTOR.accessKey,
    now: () => clock.time,
    sleep: async (ms) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
    random: () => 0.5,
    onRetry: (event) => clock.retries.push(event),
    ...options,
  });
  return { client, clock };
}


function expectSafe(error: unknown): void {
  const printed = [JSON.stringify(error), String(error), (error as Error).stack ?? "", JSON.stringify(Object.entries(error as object))].join("\n");
  expect(printed).not.toContain(VECTOR.accessKey);
  expect(printed).not.toMatch(/LMv1 [A-Za-z0-9]+:/);
  expect(printed).not.toMatch(/authorization/i);
  expect(printed).not.toMatch(/AxiosError|"config"|"headers"|"request"/);
}

describe("LogicMonitorClient signing (reference §4.3 vectors, fixed now)", () => {
  it("signs a GET list without its query string (vector 1)", async () => {
    server.fallback = () => ({ status: 200, body: { total: 0, items: [] } });
    await testClient().client.listApiTokens(42, { type: "lmv1" });
    const [request] = server.requests;
    expect(request?.url).toBe("/santaba/rest/setting/admins/42/apitokens?size=1000&offset=0");
    expect(request?.headers.authorization).toBe(
      header("OGJlMWNhYTUyN2FiMTg2MTVmZjdmNmFjY2M2ZGJlMmRkOTk4MTg1MzNkMTY5YTM1YzI2MzkwMTdiNDEzZDc2Zg=="),
    );
  });

  it("signs and sends the POST body byte for byte (vector 2)", async () => {
    server.fallback = () => ({ status: 200, body: token(7, { accessKey: "secret-key" }) });
    const created = await testClient().client.createApiToken(42, { note: "pulumi-managed", status: 2 });
    const [request] = server.requests;
    expect(request?.body).toBe('{"note":"pulumi-managed","status":2}');
    expect(request?.headers.authorization).toBe(
      header("NzUwNDZiNzkyNmIxMmZjNTA1MDJiNDhjMTJkYTEwMmU5OGJmZGI2ODQwZmExODNhODU0YzcxMDU4NGEwZTc1NA=="),
    );
    expect(created).toMatchObject({ id: 7, accessKey: "secret-key", type: "lmv1" });
  });

  it("signs a PUT carrying both note and status (vector 3)", async () => {
    server.fallback = () => ({ status: 200, body: token(7) });
    await testClient().client.updateApiToken(42, 7, { note: "rotated", status: 1 });
    const [request] = server.requests;
    expect(request?.method).toBe("PUT");
    expect(request?.body).toBe('{"note":"rotated","status":1}');
    expect(request?.headers.authorization).toBe(
      header("YTYxZDYzZTVhZTgxNjBjN2VhMmRlYjZlZTE3Y2NmNTAxMjRlYWM2YzEyMmQ3MDUyZmNlOWQwMDFkYTk5Y2YxMQ=="),
    );
  });

  it("signs a DELETE with an empty body (vector 4)", async () => {
    await testClient().client.deleteApiToken(42, 7);
    const [request] = server.requests;
    expect(request?.body).toBe("");
    expect(request?.headers.authorization).toBe(
      header("YWFlYzE5NDQxOTM0NGFkN2NiMjQ0YjQ1ZDFmZTI5OTQxZmNjMjBhOTk1NDIyMzRlY2JjMTg3MDZmZmQ2NmM2YQ=="),
    );
  });

  it("signs the admin lookup without its filter (vector 5)", async () => {
    server.fallback = () => ({ status: 200, body: { total: 1, items: [{ id: 42, username: "svc", roles: [{ id: 1, name: "admin" }] }] } });
    const admin = await testClient().client.findAdminByUsername("svc");
    const [request] = server.requests;
    expect(new URL(request?.url ?? "", "http://x").searchParams.get("filter")).toBe('username:"svc"');
    expect(request?.headers.authorization).toBe(
      header("MWI1Y2JmZTViYmViZDllNDkxODNmMmExODg0Nzc0Y2YxOWU1MWEzNGJkMDFmMDRiZDQ0OTdkNjQyOGZhYWQ0YQ=="),
    );
    expect(admin).toEqual({ id: 42, username: "svc", roles: ["admin"] });
  });

  it("sends the v3, JSON and User-Agent headers", async () => {
    await testClient().client.deleteApiToken(42, 7);
    expect(server.requests[0]?.headers).toMatchObject({
      "x-version": "3",
      "content-type": "application/json",
      accept: "application/json",
      "user-agent": `pulumi-logicmonitor-apitoken/${CLIENT_VERSION}`,
    });
  });

  it("re-signs every attempt with a fresh timestamp", async () => {
    server.queue.push({ status: 503 });
    const { client } = testClient();
    await client.deleteApiToken(42, 7);
    const stamps = server.requests.map((request) => String(request.headers.authorization).split(":")[2]);
    expect(stamps).toEqual([String(VECTOR.now), String(VECTOR.now + 225)]); // backoff 300 / 2 + 0.5 × 300 / 2 ms
  });

  it("sends an empty JSON object when creating with no input", async () => {
    server.fallback = () => ({ status: 200, body: token(8, { accessKey: "k" }) });
    await testClient().client.createApiToken(42);
    expect(server.requests[0]?.body).toBe("{}");
  });

  it("sends Bearer tokens as is, and ?type=bearer to create one", async () => {
    server.fallback = () => ({ status: 200, body: token(9, { accessKey: "lmb_secret" }) });
    const { client } = testClient({ accessId: undefined, accessKey: undefined, bearerToken: "lmb_abc" });
    const created = await client.createApiToken(42, { type: "bearer" });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer lmb_abc");
    expect(server.requests[0]?.url).toBe("/santaba/rest/setting/admins/42/apitokens?type=bearer");
    expect(created.type).toBe("bearer");
  });

  it("keeps CLIENT_VERSION equal to package.json", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "../../../package.json"), "utf8")) as { version: string };
    expect(CLIENT_VERSION).toBe(pkg.version);
  });
});

describe("LogicMonitorClient lists", () => {
  it("pages until offset reaches total, and lists both types by default", async () => {
    const { client } = testClient({ pageSize: 2 });
    server.fallback = (request) => {
      const query = new URL(request.url, "http://x").searchParams;
      const offset = Number(query.get("offset"));
      const bearer = query.get("type") === "bearer";
      const all = bearer ? [token(100)] : [token(1), token(2), token(3)];
      return { status: 200, body: { total: all.length, items: all.slice(offset, offset + 2) } };
    };
    const tokens = await client.listApiTokens(42);
    expect(tokens.map((t) => [t.id, t.type])).toEqual([[1, "lmv1"], [2, "lmv1"], [3, "lmv1"], [100, "bearer"]]);
    expect(server.requests).toHaveLength(3);
  });

  it("stops at an empty page even when total says more", async () => {
    server.fallback = () => ({ status: 200, body: { total: 99, items: [] } });
    expect(await testClient().client.listApiTokens(42, { type: "lmv1" })).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("finds a token of either type with filter=id:N", async () => {
    server.fallback = (request) =>
      request.url.includes("type=bearer")
        ? { status: 200, body: { total: 1, items: [token(5)] } }
        : { status: 200, body: { total: 0, items: [] } };
    const found = await testClient().client.findApiToken(42, 5);
    expect(found).toMatchObject({ id: 5, type: "bearer" });
    expect(server.requests.every((r) => new URL(r.url, "http://x").searchParams.get("filter") === "id:5")).toBe(true);
  });

  it("matches usernames exactly, ignoring wildcard matches", async () => {
    server.fallback = () => ({ status: 200, body: { total: 2, items: [{ id: 1, username: "jdoe2" }, { id: 2, username: "JDOE" }] } });
    expect(await testClient().client.findAdminByUsername("jdoe")).toBeUndefined();
  });

  it("returns undefined for an admin that does not exist", async () => {
    server.fallback = () => ({ status: 404, body: { errorMessage: "No such admin", errorCode: 1404 } });
    expect(await testClient().client.getAdmin(999)).toBeUndefined();
  });
});

describe("LogicMonitorClient retries", () => {
  it("retries GET, PUT and DELETE on 5xx with backoff, then succeeds", async () => {
    server.queue.push({ status: 500 }, { status: 502 }, { status: 504 });
    server.fallback = () => ({ status: 200, body: { total: 0, items: [] } });
    const { client, clock } = testClient();
    await client.listApiTokens(42, { type: "lmv1" });
    expect(server.requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([225, 450, 900]); // half of 300, 600, 1200 plus random 0.5 of the other half
    expect(clock.retries.map((event) => [event.attempt, event.status, event.reason])).toEqual([
      [1, 500, "status"],
      [2, 502, "status"],
      [3, 504, "status"],
    ]);
  });

  it("gives up after maxRetries and says how many attempts were made", async () => {
    server.fallback = () => ({ status: 503, body: { errorMessage: "Service Temporarily Unavailable", errorCode: 1503 } });
    const error = await caught(testClient().client.updateApiToken(42, 7, { note: "a", status: 2 }));
    expect(server.requests).toHaveLength(4);
    expect(isLmApiError(error) && error.attempts).toBe(4);
    expect(String(error)).toMatch(/PUT \/setting\/admins\/42\/apitokens\/7 failed with 503 Service Temporarily Unavailable \(after 4 attempts\)/);
  });

  it.each([500, 503, 504])("never retries a POST that got %i, and says the token may exist", async (status) => {
    server.fallback = () => ({ status });
    const error = await caught(testClient().client.createApiToken(42, { note: "x" }));
    expect(server.requests).toHaveLength(1);
    expect(isPossiblyCommitted(error)).toBe(true);
    expect(String(error)).toMatch(/may have been created/);
    expect(String(error)).toMatch(/admin 42/);
  });

  it("never retries a POST whose connection broke after sending", async () => {
    server.fallback = () => ({ status: 0, reset: true });
    const error = await caught(testClient().client.createApiToken(42, { note: "x" }));
    expect(server.requests).toHaveLength(1);
    expect(isLmNetworkError(error) && error.code).toBe("ECONNRESET");
    expect(isPossiblyCommitted(error)).toBe(true);
    expectSafe(error);
  });

  it("retries a POST refused before connecting (ECONNREFUSED), then fails safely", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { client, clock } = testClient({ baseUrl: `http://127.0.0.1:${port}` });
    const error = await caught(client.createApiToken(42, { note: "x" }));
    expect(isLmNetworkError(error) && error.code).toBe("ECONNREFUSED");
    expect(isLmNetworkError(error) && error.attempts).toBe(4);
    expect(isPossiblyCommitted(error)).toBe(false);
    expect(clock.retries.map((event) => event.code)).toEqual(["ECONNREFUSED", "ECONNREFUSED", "ECONNREFUSED"]);
    expect(String(error)).toMatch(new RegExp(`nothing accepts connections at http://127.0.0.1:${port}: check LM_BASE_URL or LM_COMPANY`));
    expect(String(error)).toMatch(/never reached it \(nothing was created\): run 'pulumi up' again$/);
  });

  it("waits the rate-limit window after a 429 (no jitter) and retries a POST", async () => {
    const limited = { "X-Rate-Limit-Limit": "1", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Window": "7" };
    server.queue.push({ status: 429, headers: limited, body: { errorMessage: "Too many requests", errorCode: 1429 } });
    server.fallback = () => ({ status: 200, body: token(7, { accessKey: "k" }) });
    const { client, clock } = testClient();
    await client.createApiToken(42, { note: "x" });
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([7000]);
    expect(clock.retries).toEqual([
      { method: "POST", path: "/setting/admins/42/apitokens", attempt: 1, delayMs: 7000, reason: "rate-limited", status: 429 },
    ]);
  });

  it("reports a persistent 429 as LmRateLimitError with the window", async () => {
    const limited = { "X-Rate-Limit-Limit": "20", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Window": "5" };
    server.fallback = () => ({ status: 429, headers: limited, body: { errorMessage: "Too many requests", errorCode: 1429 } });
    const error = await caught(testClient({ retry: { maxRetries: 2, maxRateLimitRetries: 2 } }).client.deleteApiToken(42, 7));
    expect(isLmRateLimitError(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, limit: 20, remaining: 0, windowSeconds: 5, attempts: 3 });
    expect(String(error)).toMatch(/rate limited by LogicMonitor \(20 requests per 5 s/);
  });

  it("caps a rate-limit wait with maxRateLimitWaitMs and defaults to 60 s without a window header", async () => {
    server.queue.push({ status: 429 }, { status: 429 });
    const { client, clock } = testClient({ retry: { maxRateLimitWaitMs: 45_000 } });
    await client.deleteApiToken(42, 7);
    expect(clock.sleeps).toEqual([45_000, 45_000]);
  });

  it("times out an attempt, retries idempotent calls, and never retries a POST", async () => {
    server.fallback = () => ({ status: 200, body: {}, delayMs: 300 });
    const { client } = testClient({ timeoutMs: 50, retry: { maxRetries: 1 } });
    const deleteError = await caught(client.deleteApiToken(42, 7));
    expect(isLmTimeoutError(deleteError) && deleteError.attempts).toBe(2);
    server.requests.length = 0;
    const postError = await caught(client.createApiToken(42, {}));
    expect(server.requests).toHaveLength(1);
    expect(isLmTimeoutError(postError) && postError.possiblyCommitted).toBe(true);
    expect(String(postError)).toMatch(/timed out after 50 ms: the request may have reached LogicMonitor, so the API token may have been created/);
  });
});

describe("LogicMonitorClient error messages", () => {
  it.each<[number, string, RegExp]>([
    [400, "POST", /failed with 400 note too long: LogicMonitor rejected the request/],
    [401, "POST", /POST \/setting\/admins\/42\/apitokens failed with 401 note too long: check LM_ACCESS_ID and LM_ACCESS_KEY: they must be/],
    [403, "POST", /permission to manage the API tokens of admin 42: give its role "User Access: manage" over that user and "Allow creation of API tokens"/],
    [404, "POST", /admin 42 does not exist/],
    [409, "POST", /failed with 409/],
    [422, "POST", /failed with 422/],
  ])("%i is not retried and explains what to do", async (status, _method, pattern) => {
    server.fallback = () => ({
      status,
      headers: { Date: new Date(VECTOR.now).toUTCString() }, // clocks agree
      body: { errorMessage: "note too long", errorCode: 1000 + status, errorDetail: null },
    });
    const error = await caught(testClient().client.createApiToken(42, { note: "x" }));
    expect(server.requests).toHaveLength(1);
    expect(String(error)).toMatch(pattern);
    expect(error).toMatchObject({ status, lmErrorCode: 1000 + status, method: "POST", path: "/setting/admins/42/apitokens" });
    expectSafe(error);
  });

  it("names the token and admin on a 404 delete, and isNotFound recognizes it", async () => {
    server.fallback = () => ({ status: 404, body: { errorMessage: "Not found", errorCode: 1404 } });
    const error = await caught(testClient().client.deleteApiToken(42, 7));
    expect(isNotFound(error)).toBe(true);
    expect(String(error)).toMatch(/API token 7 of admin 42 does not exist/);
  });

  it("diagnoses clock skew on a 401 from the portal's Date header", async () => {
    const portalDate = new Date(VECTOR.now - 40 * 60_000).toUTCString();
    server.fallback = () => ({ status: 401, headers: { Date: portalDate }, body: { errorMessage: "Authentication failed", errorCode: 1401 } });
    const error = await caught(testClient().client.deleteApiToken(42, 7));
    expect(String(error)).toMatch(/clock skew: this machine's clock is 40 minutes ahead of the portal's.*fix the system clock/);
  });

  it("names the Bearer config key on a 401 with a Bearer token", async () => {
    server.fallback = () => ({ status: 401, body: { errorMessage: "Authentication failed", errorCode: 1401 } });
    const error = await caught(testClient({ accessId: undefined, accessKey: undefined, bearerToken: "lmb_abc" }).client.deleteApiToken(42, 7));
    expect(String(error)).toMatch(/check LM_BEARER_TOKEN: it must be an enabled Bearer token/);
    expect(JSON.stringify(error) + String(error) + (error as Error).stack).not.toContain("lmb_abc");
  });

  it("scrubs credentials that a server echoes into its error message", async () => {
    server.fallback = (request) => ({ status: 400, body: { errorMessage: `bad header ${String(request.headers.authorization)}`, errorCode: 1400 } });
    const error = await caught(testClient().client.deleteApiToken(42, 7));
    expect(String(error)).toMatch(/LMv1 \[REDACTED\]/);
    expectSafe(error);
  });

  it("serializes to the same safe summary", async () => {
    server.fallback = () => ({ status: 403, body: { errorMessage: "Permission denied", errorCode: 1403 } });
    const error = (await caught(testClient().client.listApiTokens(131, { type: "lmv1" }))) as LmApiError;
    expect(isLmError(error)).toBe(true);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "LmApiError",
      message: error.message,
      status: 403,
      method: "GET",
      path: "/setting/admins/131/apitokens",
      lmErrorCode: 1403,
      lmErrorMessage: "Permission denied",
      lmErrorShape: "v3",
      attempts: 1,
      possiblyCommitted: false,
    });
  });

  it("recognizes errors by brand, across copies of the module", () => {
    const foreign = {
      name: "LmApiError",
      lmErrorBrand: "pulumi-logicmonitor-apitoken/LmError",
      status: 404,
      lmErrorCode: 1404,
      lmErrorShape: "v3",
    };
    expect(isNotFound(foreign)).toBe(true);
    expect(isNotFound({ ...foreign, lmErrorShape: undefined })).toBe(false);
    expect(isNotFound({ name: "LmApiError", status: 404 })).toBe(false);
    expect(isNotFound(new Error("404"))).toBe(false);
  });

  it("rejects a non-LogicMonitor body with a clear error", async () => {
    server.fallback = () => ({ status: 200, body: { hello: "world" } });
    const error = await caught(testClient().client.listApiTokens(42, { type: "lmv1" }));
    expect(String(error)).toMatch(/the answer from http:\/\/127\.0\.0\.1:\d+\/santaba\/rest\/setting\/admins\/42\/apitokens is not what LogicMonitor's REST API v3 sends: check that LM_BASE_URL points at a LogicMonitor portal/);
  });

  it("rejects bad ids before sending anything", async () => {
    await expect(testClient().client.deleteApiToken(0, 1)).rejects.toThrow(/adminId must be a positive integer/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("LogicMonitorClient waits with its own clock and policy", () => {
  it("sleeps and backs off through the injected sleep, random source and retry policy", async () => {
    const slept: number[] = [];
    const client = new LogicMonitorClient({
      baseUrl: "http://127.0.0.1:9/santaba/rest",
      accessId: VECTOR.accessId,
      accessKey: VECTOR.accessKey,
      retry: { baseDelayMs: 100, maxDelayMs: 300 },
      random: () => 0.5,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    await client.sleep(2000);
    for (const retry of [1, 2, 3]) await client.backoff(retry);
    expect(slept).toEqual([2000, 75, 150, 225]);
  });
});
