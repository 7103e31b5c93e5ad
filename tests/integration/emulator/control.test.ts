import type { LoggedRequest, RunningEmulator } from "../../../provider/emulator";
import { apiRequest, asRecord, controlRequest, startTestEmulator } from "../../helpers/emulator";
import { until } from "../../helpers/until";

/** The control endpoints, injected faults, rate limits, latency and the portal clock. */

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await controlRequest(emulator, "POST", "/reset");
  await controlRequest(emulator, "PUT", "/config", { latencyMs: 0, rateLimits: {}, clockOffsetMs: 0 });
});

const requests = async () => (await controlRequest<{ requests: LoggedRequest[] }>(emulator, "GET", "/requests")).requests;
const tokens = async () => (await controlRequest<{ tokens: Record<string, unknown>[] }>(emulator, "GET", "/tokens")).tokens;
const faults = async () => (await controlRequest<{ faults: unknown[] }>(emulator, "GET", "/faults")).faults;
const create = (note = "") => apiRequest(emulator, { method: "POST", path: "/setting/admins/32/apitokens", body: { note } });

describe("control endpoints", () => {
  it("reports health", async () => {
    expect(await controlRequest(emulator, "GET", "/health")).toEqual({ ok: true });
  });

  it("logs API requests without keys, signatures or bodies, and clears the log", async () => {
    const created = asRecord((await create("logged")).body);
    await apiRequest(emulator, { path: "/setting/admins/32/apitokens?size=5" });
    await apiRequest(emulator, { path: "/setting/admins", accessKey: "wrong" });
    const log = await requests();
    expect(log).toEqual([
      expect.objectContaining({ seq: expect.any(Number), at: expect.any(Number), method: "POST", route: "POST /setting/admins/{adminId}/apitokens", path: "/setting/admins/32/apitokens", query: "", status: 200, adminId: 32, tokenId: created["id"], auth: "lmv1" }),
      expect.objectContaining({ route: "GET /setting/admins/{adminId}/apitokens", query: "size=5", status: 200 }),
      expect.objectContaining({ route: "GET /setting/admins", status: 401, auth: "none" }),
    ]);
    const text = JSON.stringify(log);
    for (const secret of [emulator.accessKey, String(created["accessKey"]), "LMv1", "logged"]) expect(text).not.toContain(secret);
    await controlRequest(emulator, "DELETE", "/requests");
    expect(await requests()).toEqual([]);
  });

  it("counts requests by method, route and status", async () => {
    await create();
    await create();
    await apiRequest(emulator, { path: "/setting/admins/999" });
    expect(await controlRequest(emulator, "GET", "/counters")).toEqual({
      total: 3,
      byMethod: { POST: 2, GET: 1 },
      byRoute: { "POST /setting/admins/{adminId}/apitokens": 2, "GET /setting/admins/{id}": 1 },
      byStatus: { "200": 2, "404": 1 },
    });
  });

  it("lists every token of both types without keys", async () => {
    await create("one");
    await apiRequest(emulator, { method: "POST", path: "/setting/admins/131/apitokens?type=bearer", body: {} });
    const all = await tokens();
    expect(all.map((t) => [t["adminId"], t["type"]])).toEqual([[1, "lmv1"], [32, "lmv1"], [131, "bearer"]]);
    expect(JSON.stringify(all)).not.toContain("accessKey");
  });

  it("changes and deletes tokens out of band, bypassing auth and rate limits, and logs it", async () => {
    await controlRequest(emulator, "PUT", "/config", { rateLimits: { PUT: { limit: 0, windowSeconds: 60 } } });
    const id = asRecord((await create("original")).body)["id"];
    await controlRequest(emulator, "PUT", `/tokens/${id}`, { status: 1, note: "by hand" });
    expect((await tokens()).find((t) => t["id"] === id)).toMatchObject({ status: 1, note: "by hand" });
    await controlRequest(emulator, "DELETE", `/tokens/${id}`);
    expect((await tokens()).some((t) => t["id"] === id)).toBe(false);
    await expect(controlRequest(emulator, "DELETE", `/tokens/${id}`)).rejects.toThrow(/404/);
    const outOfBand = (await requests()).filter((r) => r.outOfBand);
    expect(outOfBand.map((r) => [r.route, r.status, r.auth])).toEqual([
      ["PUT /_emulator/tokens/{id}", 200, "none"],
      ["DELETE /_emulator/tokens/{id}", 200, "none"],
      ["DELETE /_emulator/tokens/{id}", 404, "none"],
    ]);
  });

  it("creates many tokens cheaply, returning their keys", async () => {
    const { tokens: created } = await controlRequest<{ tokens: Record<string, unknown>[] }>(emulator, "POST", "/tokens", { adminId: 131, count: 3, note: "bulk" });
    expect(created).toHaveLength(3);
    const works = await apiRequest(emulator, { path: "/setting/admins/131/apitokens", accessId: String(created[0]?.["accessId"]), accessKey: String(created[0]?.["accessKey"]) });
    expect(works.status).toBe(200);
  });

  it("resets to the seeded portal: root token kept, other tokens gone, ids not reused", async () => {
    const first = asRecord((await create()).body)["id"];
    await controlRequest(emulator, "POST", "/faults", { faults: [{ status: 500, count: 5 }] });
    await controlRequest(emulator, "POST", "/reset");
    expect((await tokens()).map((t) => t["id"])).toEqual([1000]);
    expect(await requests()).toEqual([]);
    expect(await controlRequest(emulator, "GET", "/faults")).toEqual({ faults: [] });
    expect(asRecord((await controlRequest(emulator, "GET", "/counters")))["total"]).toBe(0);
    const next = asRecord((await create()).body)["id"];
    expect(next).toBeGreaterThan(Number(first));
  });

  it("answers unknown control paths and bad bodies with LogicMonitor-shaped errors", async () => {
    await expect(controlRequest(emulator, "GET", "/nothing")).rejects.toThrow(/404.*1404/);
    await expect(controlRequest(emulator, "POST", "/faults", { faults: [{ action: "explode" }] })).rejects.toThrow(/400.*action/);
    await expect(controlRequest(emulator, "PUT", "/config", { latencyMs: -1 })).rejects.toThrow(/400.*latencyMs/);
  });
});

describe("faults", () => {
  it("respond: answers with the status without executing, then is consumed", async () => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ route: "POST /setting/admins/{adminId}/apitokens", status: 503 }] });
    await apiRequest(emulator, { path: "/setting/admins" });
    const failed = await create("never");
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ errorCode: 1503, errorDetail: null });
    expect(await tokens()).toHaveLength(1);
    expect((await create("second")).status).toBe(200);
    expect((await requests()).map((r) => [r.status, r.fault])).toEqual([[200, undefined], [503, "respond 503"], [200, undefined]]);
  });

  it("respond 429: carries X-Rate-Limit-* headers and no Retry-After", async () => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "GET", status: 429, count: 2 }] });
    for (let i = 0; i < 2; i++) {
      const response = await apiRequest(emulator, { path: "/setting/admins" });
      expect(response.status).toBe(429);
      expect(response.body).toMatchObject({ errorCode: 1429 });
      expect(response.headers.get("x-rate-limit-remaining")).toBe("0");
      expect(response.headers.get("x-rate-limit-window")).toBe("1");
      expect(response.headers.get("retry-after")).toBeNull();
    }
    expect((await apiRequest(emulator, { path: "/setting/admins" })).status).toBe(200);
  });

  it("reset-before: destroys the connection and never executes the request", async () => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "POST", action: "reset-before" }] });
    await expect(create("lost")).rejects.toThrow();
    expect(await tokens()).toHaveLength(1);
    expect((await requests()).at(-1)).toMatchObject({ status: 0, fault: "reset-before" });
  });

  it("drop-after-commit: executes the change, then drops the connection without answering", async () => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "POST", action: "drop-after-commit" }] });
    await expect(create("committed")).rejects.toThrow();
    expect((await tokens()).map((t) => t["note"])).toContain("committed");
    expect((await requests()).at(-1)).toMatchObject({ status: 200, fault: "drop-after-commit" });
  });

  it("commit-late: answers the status, then carries out the write just before the next one on its route", async () => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "POST", action: "commit-late", status: 503 }] });
    const failed = await create("queued");
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ errorCode: 1503 });
    // Not yet: reads, and writes on other routes, do not bring it in.
    expect((await apiRequest(emulator, { path: "/setting/admins/32/apitokens" })).status).toBe(200);
    expect((await tokens()).map((t) => t["note"])).not.toContain("queued");
    expect((await create("next")).status).toBe(200);
    const notes = (await tokens()).map((t) => t["note"]);
    expect(notes).toContain("queued");
    expect(notes.indexOf("queued")).toBeLessThan(notes.indexOf("next"));
    expect((await requests()).map((r) => [r.method, r.status, r.fault])).toEqual([
      ["POST", 503, "commit-late 503"],
      ["GET", 200, undefined],
      ["POST", 200, undefined],
    ]);
  });

  it.each([502, 504])("commit-late %i: answers the gateway status, and the write lands before the next one", async (status) => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "POST", action: "commit-late", status }] });
    const failed = await create("behind the gateway");
    expect(failed.status).toBe(status);
    expect(failed.body).toMatchObject({ errorCode: 1000 + status });
    expect((await tokens()).map((t) => t["note"])).not.toContain("behind the gateway");
    expect((await create("next")).status).toBe(200);
    expect((await tokens()).map((t) => t["note"])).toEqual(expect.arrayContaining(["behind the gateway", "next"]));
  });

  it("commit-late with a gateway's HTML page: answers it as is, and the write still lands before the next one", async () => {
    const page = "<html><head><title>502 Bad Gateway</title></head></html>";
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "POST", action: "commit-late", status: 502, body: page, contentType: "text/html" }] });
    const failed = await create("behind a proxy");
    expect([failed.status, failed.headers.get("content-type"), failed.text]).toEqual([502, "text/html", page]);
    expect((await create("next")).status).toBe(200);
    expect((await tokens()).map((t) => t["note"])).toContain("behind a proxy");
  });

  it("commit-late with hang: never answers, and carries the write out once the client gives up", async () => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "POST", action: "commit-late", hang: true }] });
    const client = new AbortController();
    let answered = false;
    const hung = apiRequest(emulator, { method: "POST", path: "/setting/admins/32/apitokens", body: { note: "timed out" }, signal: client.signal });
    void hung.then(() => (answered = true), () => undefined);
    await until(async () => (await requests()).some((r) => r.fault === "commit-late hang"));
    expect((await tokens()).map((t) => t["note"])).not.toContain("timed out");
    expect(answered).toBe(false);
    client.abort(); // the client's timeout
    await expect(hung).rejects.toThrow(/abort/i);
    await until(async () => (await tokens()).some((t) => t["note"] === "timed out"));
    expect((await create("next")).status).toBe(200);
    expect((await tokens()).filter((t) => t["note"] === "timed out")).toHaveLength(1); // once, not again before "next"
    expect((await requests()).map((r) => [r.method, r.status, r.fault])).toEqual([
      ["POST", 0, "commit-late hang"],
      ["POST", 200, undefined],
    ]);
  });

  it("commit-late with hang: a request of the same route that comes first brings the held write in before it", async () => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "POST", action: "commit-late", status: 504, hang: true }] });
    const client = new AbortController();
    const hung = apiRequest(emulator, { method: "POST", path: "/setting/admins/32/apitokens", body: { note: "still hanging" }, signal: client.signal });
    void hung.catch(() => undefined);
    await until(async () => (await requests()).some((r) => r.fault === "commit-late hang"));
    expect((await create("next")).status).toBe(200);
    const notes = (await tokens()).map((t) => t["note"]);
    expect(notes.indexOf("still hanging")).toBeGreaterThanOrEqual(0);
    expect(notes.indexOf("still hanging")).toBeLessThan(notes.indexOf("next"));
    client.abort();
    await expect(hung).rejects.toThrow(/abort/i);
    expect((await tokens()).filter((t) => t["note"] === "still hanging")).toHaveLength(1);
  });

  it("commit-broken-body: carries out the write and answers 200 with a truncated JSON body", async () => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "POST", action: "commit-broken-body" }] });
    const answered = await create("cut off");
    expect(answered.status).toBe(200);
    expect(answered.headers.get("content-type")).toBe("application/json");
    expect(() => JSON.parse(answered.text)).toThrow();
    expect(answered.text.startsWith('{"')).toBe(true);
    expect((await tokens()).map((t) => t["note"])).toContain("cut off");
    expect((await requests()).at(-1)).toMatchObject({ method: "POST", status: 200, fault: "commit-broken-body" });
  });

  it("commit-broken-body with a body: carries out the write and answers with that text", async () => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "POST", action: "commit-broken-body", body: "not json" }] });
    const answered = await create("garbled");
    expect([answered.status, answered.text]).toEqual([200, "not json"]);
    expect((await tokens()).map((t) => t["note"])).toContain("garbled");
  });

  it("respond with body and contentType: a 404 page from something that is not LogicMonitor, not executed", async () => {
    const page = "<html><body><h1>404 Not Found</h1>nginx</body></html>";
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "POST", status: 404, body: page, contentType: "text/html; charset=utf-8" }] });
    const answered = await create("never");
    expect(answered.status).toBe(404);
    expect(answered.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(answered.text).toBe(page);
    expect((await tokens()).map((t) => t["note"])).not.toContain("never");
    expect((await requests()).at(-1)).toMatchObject({ status: 404, fault: "respond 404" });
  });

  it("commit-late: a held write is dropped by reset and never lands", async () => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "POST", action: "commit-late", status: 500 }] });
    expect((await create("held")).status).toBe(500);
    await controlRequest(emulator, "POST", "/reset");
    expect((await create("after reset")).status).toBe(200);
    expect((await tokens()).map((t) => t["note"])).not.toContain("held");
  });

  it("delay: holds the request before handling it", async () => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "POST", action: "delay", latencyMs: 600_000 }] });
    const client = new AbortController();
    let answered = false;
    const held = apiRequest(emulator, { method: "POST", path: "/setting/admins/32/apitokens", body: { note: "held" }, signal: client.signal });
    void held.then(() => (answered = true), () => undefined);
    await until(async () => (await faults()).length === 0); // the emulator took the fault: the request is in its wait
    expect(await tokens()).toHaveLength(1); // not carried out yet
    expect(answered).toBe(false);
    client.abort();
    await expect(held).rejects.toThrow(/abort/i);
  });

  it("delay: after the wait, handles the request normally", async () => {
    await controlRequest(emulator, "POST", "/faults", { faults: [{ action: "delay", latencyMs: 20 }] });
    expect((await create("delayed")).status).toBe(200);
    expect((await tokens()).map((t) => t["note"])).toContain("delayed");
    expect((await requests()).at(-1)).toMatchObject({ status: 200, fault: "delay" });
  });

  it("delay: a client that gives up during the delay does not cancel the change (the portal already has the request)", async () => {
    const [token] = asRecord(await controlRequest(emulator, "POST", "/tokens", { adminId: 32, note: "before" }))["tokens"] as { id: number }[];
    await controlRequest(emulator, "POST", "/faults", { faults: [{ method: "PUT", action: "delay", latencyMs: 300 }] });
    const client = new AbortController();
    const put = apiRequest(emulator, {
      method: "PUT",
      path: `/setting/admins/32/apitokens/${token?.id}`,
      body: { note: "after", status: 2 },
      signal: client.signal,
    });
    await until(async () => (await faults()).length === 0); // in the emulator's wait
    client.abort();
    await expect(put).rejects.toThrow(/abort/i);
    await until(async () => (await tokens()).find((t) => t["id"] === token?.id)?.["note"] === "after");
    expect((await requests()).at(-1)).toMatchObject({ method: "PUT", status: 200, fault: "delay" });
  });

  it("POST /admins adds a user who can own tokens; bad input is 400; a reset removes it", async () => {
    const { admin } = asRecord(await controlRequest(emulator, "POST", "/admins", { username: "load-7", role: "readonly" })) as { admin: { id: number } };
    expect(admin).toMatchObject({ username: "load-7", roles: ["readonly"] });
    expect(admin.id).toBeGreaterThan(200);
    const created = await apiRequest(emulator, { method: "POST", path: `/setting/admins/${admin.id}/apitokens`, body: {} });
    expect(created.status).toBe(200);
    await expect(controlRequest(emulator, "POST", "/admins", { username: "load-7" })).rejects.toThrow(/400.*taken/);
    await expect(controlRequest(emulator, "POST", "/admins", { username: "x", role: "god" })).rejects.toThrow(/400.*role/);
    await controlRequest(emulator, "POST", "/reset");
    expect((await apiRequest(emulator, { path: `/setting/admins/${admin.id}` })).status).toBe(404);
  });

  it("matches faults in order, by method and route template", async () => {
    await controlRequest(emulator, "POST", "/faults", {
      faults: [
        { method: "DELETE", status: 500 },
        { route: "/setting/admins/{adminId}/apitokens", method: "GET", status: 502 },
      ],
    });
    expect((await apiRequest(emulator, { path: "/setting/admins/32/apitokens" })).status).toBe(502);
    expect((await apiRequest(emulator, { path: "/setting/admins/32/apitokens" })).status).toBe(200);
    expect(asRecord(await controlRequest(emulator, "GET", "/faults"))["faults"]).toEqual([expect.objectContaining({ method: "DELETE" })]);
    await controlRequest(emulator, "DELETE", "/faults");
    expect(await controlRequest(emulator, "GET", "/faults")).toEqual({ faults: [] });
  });
});

describe("settings", () => {
  it("rate-limits per method and route: headers on every response, 429 without executing", async () => {
    await controlRequest(emulator, "PUT", "/config", { rateLimits: { POST: { limit: 2, windowSeconds: 60 } } });
    const first = await create("1");
    expect(first.headers.get("x-rate-limit-limit")).toBe("2");
    expect(first.headers.get("x-rate-limit-remaining")).toBe("1");
    expect(first.headers.get("x-rate-limit-window")).toBe("60");
    expect((await create("2")).headers.get("x-rate-limit-remaining")).toBe("0");
    const refused = await create("3");
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ errorCode: 1429, errorDetail: null });
    expect(refused.headers.get("retry-after")).toBeNull();
    expect((await tokens()).map((t) => t["note"])).not.toContain("3");
    const get = await apiRequest(emulator, { path: "/setting/admins" });
    expect(get.status).toBe(200);
    expect(get.headers.get("x-rate-limit-limit")).toBeNull();
  });

  it("counts each route template separately", async () => {
    await controlRequest(emulator, "PUT", "/config", { rateLimits: { GET: { limit: 1, windowSeconds: 60 } } });
    expect((await apiRequest(emulator, { path: "/setting/admins/32/apitokens" })).status).toBe(200);
    expect((await apiRequest(emulator, { path: "/setting/admins/131/apitokens" })).status).toBe(429);
    expect((await apiRequest(emulator, { path: "/setting/admins" })).status).toBe(200);
  });

  it("adds latency to every API response while configured: carried out at once, answered after the wait", async () => {
    expect(await controlRequest(emulator, "PUT", "/config", { latencyMs: 600_000 })).toMatchObject({ latencyMs: 600_000 });
    const client = new AbortController();
    let answered = false;
    const slow = apiRequest(emulator, { method: "POST", path: "/setting/admins/32/apitokens", body: { note: "slow answer" }, signal: client.signal });
    void slow.then(() => (answered = true), () => undefined);
    await until(async () => (await tokens()).some((t) => t["note"] === "slow answer"));
    expect(answered).toBe(false);
    expect((await requests()).some((r) => r.method === "POST")).toBe(false); // logged when answered
    client.abort(); // the emulator's wait ends with the client
    await expect(slow).rejects.toThrow(/abort/i);
    await until(async () => (await requests()).some((r) => r.method === "POST"));
  });

  it("moves the portal clock: the Date header follows and a correct client clock fails auth", async () => {
    const offset = 2 * 60 * 60 * 1000;
    await controlRequest(emulator, "PUT", "/config", { clockOffsetMs: offset });
    const before = Math.floor((Date.now() + offset) / 1000) * 1000; // the header has whole seconds
    const skewed = await apiRequest(emulator, { path: "/setting/admins" });
    const after = Date.now() + offset;
    expect(skewed.status).toBe(401);
    const date = Date.parse(skewed.headers.get("date") ?? "");
    expect(date).toBeGreaterThanOrEqual(before); // the portal's clock, two hours ahead
    expect(date).toBeLessThanOrEqual(after);
    const adjusted = await apiRequest(emulator, { path: "/setting/admins", epochMillis: Date.now() + offset });
    expect(adjusted.status).toBe(200);
    expect(await controlRequest(emulator, "GET", "/config")).toEqual({ latencyMs: 0, rateLimits: {}, clockOffsetMs: offset });
  });
});

describe("startEmulator options", () => {
  it("applies rateLimits, clockOffsetMs, fixed credentials and a seed from the start", async () => {
    const options = {
      accessId: "AbCdEfGhIjKlMnOpQrSt",
      accessKey: "Test-Key_0123456789+abcdefghij=KLMNOP{}[",
      rateLimits: { GET: { limit: 1, windowSeconds: 30 } },
      clockOffsetMs: -3_600_000,
      seed: 42,
    };
    const a = await startTestEmulator(options);
    const b = await startTestEmulator(options);
    try {
      expect(a.accessId).toBe(options.accessId);
      expect((await apiRequest(a, { path: "/setting/admins", epochMillis: Date.now() - 3_600_000 })).headers.get("x-rate-limit-window")).toBe("30");
      const keyA = asRecord((await apiRequest(a, { method: "POST", path: "/setting/admins/32/apitokens", body: {}, epochMillis: Date.now() - 3_600_000 })).body)["accessKey"];
      const keyB = asRecord((await apiRequest(b, { method: "POST", path: "/setting/admins/32/apitokens", body: {}, epochMillis: Date.now() - 3_600_000 })).body)["accessKey"];
      expect(keyA).toBe(keyB);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
