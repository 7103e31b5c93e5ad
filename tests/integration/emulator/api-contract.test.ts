import type { RunningEmulator } from "../../../provider/emulator";
import { apiRequest, asRecord, controlRequest, itemsOf, startTestEmulator } from "../../helpers/emulator";

/** The emulated REST API, request by request, as a client sees it on the wire. */

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => controlRequest(emulator, "POST", "/reset"));

const AUTH_FAILED = { errorMessage: "Authentication failed", errorCode: 1401, errorDetail: null };

async function createToken(adminId: number, body: unknown = {}, query = "") {
  const response = await apiRequest(emulator, { method: "POST", path: `/setting/admins/${adminId}/apitokens${query}`, body });
  expect(response.status).toBe(200);
  return asRecord(response.body);
}

describe("admins", () => {
  it("lists the seeded admins in the v3 list envelope, sorted by id", async () => {
    const response = await apiRequest(emulator, { path: "/setting/admins" });
    expect(response.status).toBe(200);
    expect(asRecord(response.body)).toMatchObject({ total: 4, searchId: null });
    expect(itemsOf(response.body).map((admin) => [admin["id"], admin["username"]])).toEqual([
      [1, "lmapi"], [32, "jdoe"], [131, "asmith"], [200, "limited-bot"],
    ]);
    expect(itemsOf(response.body)[0]).toMatchObject({ status: "active", apionly: true, roles: [{ id: 1, name: "administrator" }] });
  });

  it.each(['username:"asmith"', "username:asmith"])("filters by %s, with size, offset and fields", async (filter) => {
    const response = await apiRequest(emulator, { path: `/setting/admins?filter=${encodeURIComponent(filter)}&size=10&offset=0&fields=id,username` });
    expect(response.body).toEqual({ total: 1, items: [{ id: 131, username: "asmith" }], searchId: null });
  });

  it("gets one admin as a bare object on v3 and in the v1 envelope otherwise", async () => {
    const v3 = await apiRequest(emulator, { path: "/setting/admins/32" });
    expect(v3.body).toMatchObject({ id: 32, username: "jdoe" });
    const v1 = await apiRequest(emulator, { path: "/setting/admins/32", version: 1 });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ status: 200, errmsg: "OK", data: { id: 32, username: "jdoe" } });
  });

  it("selects v3 with ?v=3 and with a lower-case x-version header", async () => {
    expect(asRecord((await apiRequest(emulator, { path: "/setting/admins/32?v=3", version: 1 })).body)["username"]).toBe("jdoe");
    const response = await fetch(`${emulator.baseUrl}/setting/admins/32`, {
      headers: { "x-version": "3", Authorization: (await signedHeader("GET", "/setting/admins/32")) },
    });
    expect(asRecord(await response.json())["username"]).toBe("jdoe");
  });

  it("answers an unknown admin with 404 (1404), and v1 with HTTP 200 carrying status 404", async () => {
    const v3 = await apiRequest(emulator, { path: "/setting/admins/999" });
    expect(v3.status).toBe(404);
    expect(v3.body).toMatchObject({ errorCode: 1404, errorDetail: null });
    const v1 = await apiRequest(emulator, { path: "/setting/admins/999", version: 1 });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ status: 404, data: null });
  });
});

async function signedHeader(method: string, resourcePath: string): Promise<string> {
  const { signLmv1 } = await import("../../../provider/client/signing");
  return signLmv1(emulator.accessId, emulator.accessKey, { method, epochMillis: Date.now(), body: "", resourcePath });
}

describe("creating tokens", () => {
  it("returns the whole token with its key, status 2 by default", async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await createToken(32, { note: "CI deploys" });
    const after = Math.floor(Date.now() / 1000);
    expect(token).toMatchObject({
      adminId: 32, adminName: "jdoe", status: 2, note: "CI deploys", createdBy: "lmapi", lastUsedOn: 0, roles: ["administrator"], type: "lmv1",
    });
    expect(token["accessId"]).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(String(token["accessKey"])).toHaveLength(40);
    // Stamped by the portal clock while the request ran.
    expect(token["createdOn"]).toBeGreaterThanOrEqual(before);
    expect(token["createdOn"]).toBeLessThanOrEqual(after);
  });

  it("accepts an empty object and creates disabled tokens on request", async () => {
    expect(await createToken(32, {})).toMatchObject({ note: "", status: 2 });
    expect(await createToken(32, { status: 1 })).toMatchObject({ status: 1 });
  });

  it.each([
    ["no body", undefined],
    ["an array", "[]"],
    ["invalid JSON", "{note:"],
    ["status 3", { status: 3 }],
    ["a numeric note", { note: 7 }],
  ])("rejects %s with 400", async (_case, body) => {
    const response = await apiRequest(emulator, { method: "POST", path: "/setting/admins/32/apitokens", body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errorCode: 1400, errorDetail: null });
    expect((await controlRequest<{ tokens: unknown[] }>(emulator, "GET", "/tokens")).tokens).toHaveLength(1);
  });

  it("wraps the created token in the v1 envelope without X-Version", async () => {
    const response = await apiRequest(emulator, { method: "POST", path: "/setting/admins/32/apitokens", body: { note: "v1" }, version: 1 });
    expect(response.body).toMatchObject({ status: 200, errmsg: "OK", data: { note: "v1", adminId: 32 } });
    expect(typeof asRecord(asRecord(response.body)["data"])["accessKey"]).toBe("string");
  });

  it("verifies the signature over the raw body text, whitespace included", async () => {
    const body = '{ "note" : "spaced" }';
    const response = await apiRequest(emulator, { method: "POST", path: "/setting/admins/32/apitokens", body });
    expect(response.status).toBe(200);
    expect(asRecord(response.body)["note"]).toBe("spaced");
  });

  it("answers an unknown admin with 404", async () => {
    const response = await apiRequest(emulator, { method: "POST", path: "/setting/admins/999/apitokens", body: {} });
    expect(response.status).toBe(404);
    expect(asRecord(response.body)["errorCode"]).toBe(1404);
  });
});

describe("reading tokens", () => {
  it("never shows an LMv1 key again: not in lists, PUT or PATCH responses", async () => {
    const created = await createToken(32, { note: "secret" });
    const key = String(created["accessKey"]);
    const list = await apiRequest(emulator, { path: "/setting/admins/32/apitokens" });
    const all = await apiRequest(emulator, { path: "/setting/admins/apitokens" });
    const put = await apiRequest(emulator, { method: "PUT", path: `/setting/admins/32/apitokens/${created["id"]}`, body: { note: "a", status: 2 } });
    const patch = await apiRequest(emulator, { method: "PATCH", path: `/setting/admins/32/apitokens/${created["id"]}`, body: { note: "b" } });
    for (const response of [list, all, put, patch]) {
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).not.toContain(key);
      expect(JSON.stringify(response.body)).not.toContain("accessKey");
    }
  });

  it("has no endpoint for one token: GET …/apitokens/{id} is 404 (1404)", async () => {
    const created = await createToken(32);
    const response = await apiRequest(emulator, { path: `/setting/admins/32/apitokens/${created["id"]}` });
    expect(response.status).toBe(404);
    expect(asRecord(response.body)["errorCode"]).toBe(1404);
  });

  it("lists every admin's LMv1 tokens on /setting/admins/apitokens", async () => {
    await createToken(32);
    await createToken(131);
    const response = await apiRequest(emulator, { path: "/setting/admins/apitokens" });
    expect(itemsOf(response.body).map((token) => token["adminId"])).toEqual([1, 32, 131]);
  });

  it("pages with size and offset, rejects size above 1000, and counts the total", async () => {
    await controlRequest(emulator, "POST", "/tokens", { adminId: 32, count: 120 });
    const first = await apiRequest(emulator, { path: "/setting/admins/32/apitokens" });
    expect(asRecord(first.body)["total"]).toBe(120);
    expect(itemsOf(first.body)).toHaveLength(50);
    const ids = itemsOf(first.body).map((token) => Number(token["id"]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const last = await apiRequest(emulator, { path: "/setting/admins/32/apitokens?size=50&offset=100" });
    expect(itemsOf(last.body)).toHaveLength(20);
    expect(itemsOf(last.body)[0]?.["id"]).toBe(Number(ids[0]) + 100);
    expect((await apiRequest(emulator, { path: "/setting/admins/32/apitokens?size=1000" })).status).toBe(200);
    const tooBig = await apiRequest(emulator, { path: "/setting/admins/32/apitokens?size=1001" });
    expect(tooBig.status).toBe(400);
    expect(asRecord(tooBig.body)["errorCode"]).toBe(1400);
  });

  it("filters by id, accessId, note with wildcards, and ANDs with a comma", async () => {
    const a = await createToken(32, { note: "alpha one" });
    const b = await createToken(32, { note: "alpha two", status: 1 });
    await createToken(32, { note: "beta" });
    const ids = async (filter: string) =>
      itemsOf((await apiRequest(emulator, { path: `/setting/admins/32/apitokens?filter=${encodeURIComponent(filter)}` })).body).map((t) => t["id"]);
    expect(await ids(`id:${b["id"]}`)).toEqual([b["id"]]);
    expect(await ids(`accessId:"${a["accessId"]}"`)).toEqual([a["id"]]);
    expect(await ids('note:"alpha*"')).toEqual([a["id"], b["id"]]);
    expect(await ids('note:"alpha*",status:2')).toEqual([a["id"]]);
    expect(await ids('note:"gamma"')).toEqual([]);
  });
});

describe("changing and deleting tokens", () => {
  it("PUT replaces note and status, and an omitted status re-enables the token", async () => {
    const token = await createToken(32, { note: "a", status: 1 });
    const path = `/setting/admins/32/apitokens/${token["id"]}`;
    const put = await apiRequest(emulator, { method: "PUT", path, body: { note: "b" } });
    expect(put.body).toMatchObject({ id: token["id"], note: "b", status: 2 });
    const noNote = await apiRequest(emulator, { method: "PUT", path, body: { status: 1 } });
    expect(noNote.body).toMatchObject({ note: "", status: 1 });
  });

  it("PATCH changes only the fields sent", async () => {
    const token = await createToken(32, { note: "keep", status: 1 });
    const path = `/setting/admins/32/apitokens/${token["id"]}`;
    expect((await apiRequest(emulator, { method: "PATCH", path, body: { note: "kept" } })).body).toMatchObject({ note: "kept", status: 1 });
    expect((await apiRequest(emulator, { method: "PATCH", path, body: { status: 2 } })).body).toMatchObject({ note: "kept", status: 2 });
  });

  it("DELETE answers 200 with {}, and a second DELETE 404", async () => {
    const token = await createToken(32);
    const path = `/setting/admins/32/apitokens/${token["id"]}`;
    const first = await apiRequest(emulator, { method: "DELETE", path });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({});
    const second = await apiRequest(emulator, { method: "DELETE", path });
    expect(second.status).toBe(404);
    expect(asRecord(second.body)["errorCode"]).toBe(1404);
  });

  it("answers 404 for a token id under the wrong admin", async () => {
    const token = await createToken(32);
    const response = await apiRequest(emulator, { method: "PATCH", path: `/setting/admins/131/apitokens/${token["id"]}`, body: {} });
    expect(response.status).toBe(404);
  });

  it("answers an unknown route with 404 (1404)", async () => {
    const response = await apiRequest(emulator, { path: "/device/devices" });
    expect(response.status).toBe(404);
    expect(asRecord(response.body)["errorCode"]).toBe(1404);
  });
});

describe("authentication", () => {
  it("accepts a created LMv1 token and records its use", async () => {
    const token = await createToken(32);
    const response = await apiRequest(emulator, {
      path: "/setting/admins/32/apitokens",
      accessId: String(token["accessId"]),
      accessKey: String(token["accessKey"]),
    });
    expect(response.status).toBe(200);
    const stored = (await controlRequest<{ tokens: Record<string, unknown>[] }>(emulator, "GET", "/tokens")).tokens.find((t) => t["id"] === token["id"]);
    expect(stored?.["lastUsedOn"]).toBeGreaterThan(0);
  });

  it("refuses a disabled token with the portal's 401 body", async () => {
    const token = await createToken(32, { status: 1 });
    const response = await apiRequest(emulator, {
      path: "/setting/admins/32/apitokens",
      accessId: String(token["accessId"]),
      accessKey: String(token["accessKey"]),
    });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(AUTH_FAILED);
  });

  it.each([
    ["a wrong key", { accessKey: "not-the-key-not-the-key-not-the-key-0000" }],
    ["an unknown access id", { accessId: "UnknownAccessId00000" }],
    ["a malformed header", { authorization: "LMv1 garbage" }],
    ["no header", { authorization: "" }],
  ])("refuses %s with 401", async (_case, overrides) => {
    const response = await apiRequest(emulator, { path: "/setting/admins", ...overrides });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(AUTH_FAILED);
  });

  it("refuses a signature over /santaba/rest/… (the prefix is never signed)", async () => {
    const { signLmv1 } = await import("../../../provider/client/signing");
    const authorization = signLmv1(emulator.accessId, emulator.accessKey, {
      method: "GET", epochMillis: Date.now(), body: "", resourcePath: "/santaba/rest/setting/admins",
    });
    expect((await apiRequest(emulator, { path: "/setting/admins", authorization })).status).toBe(401);
  });

  it("refuses a timestamp 31 minutes old with 401 and a hint in errorDetail", async () => {
    const response = await apiRequest(emulator, { path: "/setting/admins", epochMillis: Date.now() - 31 * 60 * 1000 });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ errorMessage: "Authentication failed", errorCode: 1401 });
    expect(String(asRecord(response.body)["errorDetail"])).toMatch(/30 minutes/);
  });

  it("answers v1 authentication failures with HTTP 200 and status 401 in the body", async () => {
    const response = await apiRequest(emulator, { path: "/setting/admins", version: 1, accessKey: "wrong" });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 401, errmsg: "Authentication failed" });
  });

  it("creates Bearer tokens with ?type=bearer that work on v3 only", async () => {
    const token = await createToken(32, { note: "bearer" }, "?type=bearer");
    const value = String(token["accessKey"]);
    expect(token["type"]).toBe("bearer");
    expect(value).toMatch(/^lmb_/);
    const v3 = await apiRequest(emulator, { path: "/setting/admins/32/apitokens", bearer: value });
    expect(v3.status).toBe(200);
    const v1 = await apiRequest(emulator, { path: "/setting/admins/32/apitokens", bearer: value, version: 1 });
    expect(v1.body).toMatchObject({ status: 401 });
    expect((await apiRequest(emulator, { path: "/setting/admins", bearer: "lmb_unknown" })).status).toBe(401);
  });

  it("lists Bearer tokens only with type=bearer, their value masked", async () => {
    const lmv1 = await createToken(32);
    const bearer = await createToken(32, {}, "?type=bearer");
    const plain = itemsOf((await apiRequest(emulator, { path: "/setting/admins/32/apitokens" })).body);
    expect(plain.map((t) => t["id"])).toEqual([lmv1["id"]]);
    const bearers = itemsOf((await apiRequest(emulator, { path: "/setting/admins/32/apitokens?type=bearer" })).body);
    expect(bearers.map((t) => t["id"])).toEqual([bearer["id"]]);
    expect(bearers[0]?.["accessKey"]).toBe(`${String(bearer["accessKey"]).slice(0, 20)}****`);
  });

  it("refuses a disabled Bearer token", async () => {
    const bearer = await createToken(32, { status: 1 }, "?type=bearer");
    expect((await apiRequest(emulator, { path: "/setting/admins", bearer: String(bearer["accessKey"]) })).status).toBe(401);
  });

  it("sends the portal's clock in the Date header", async () => {
    const before = Math.floor(Date.now() / 1000) * 1000; // the header has whole seconds
    const response = await apiRequest(emulator, { path: "/setting/admins" });
    const after = Date.now();
    const date = Date.parse(response.headers.get("date") ?? "");
    expect(date).toBeGreaterThanOrEqual(before);
    expect(date).toBeLessThanOrEqual(after);
  });
});

describe("permissions", () => {
  let limited: { accessId: string; accessKey: string };
  beforeEach(async () => {
    const token = await createToken(200, { note: "limited" });
    limited = { accessId: String(token["accessId"]), accessKey: String(token["accessKey"]) };
  });

  it("lets a readonly token list, create and change its own admin's tokens", async () => {
    expect((await apiRequest(emulator, { path: "/setting/admins/200/apitokens", ...limited })).status).toBe(200);
    const created = await apiRequest(emulator, { method: "POST", path: "/setting/admins/200/apitokens", body: {}, ...limited });
    expect(created.status).toBe(200);
    expect(asRecord(created.body)).toMatchObject({ createdBy: "limited-bot", roles: ["readonly"] });
    const id = asRecord(created.body)["id"];
    expect((await apiRequest(emulator, { method: "DELETE", path: `/setting/admins/200/apitokens/${id}`, ...limited })).status).toBe(200);
    expect((await apiRequest(emulator, { path: "/setting/admins/200", ...limited })).status).toBe(200);
  });

  it.each([
    ["GET", "/setting/admins/32/apitokens", "User Access: manage"],
    ["POST", "/setting/admins/32/apitokens", "User Access: manage"],
    ["GET", "/setting/admins/apitokens", "User Access: manage"],
    ["GET", "/setting/admins", "User Access: view"],
    ["GET", "/setting/admins/32", "User Access: view"],
  ])("refuses %s %s with 403 naming '%s'", async (method, path, permission) => {
    const response = await apiRequest(emulator, { method, path, body: method === "POST" ? {} : undefined, ...limited });
    expect(response.status).toBe(403);
    expect(asRecord(response.body)["errorCode"]).toBe(1403);
    expect(String(asRecord(response.body)["errorMessage"])).toContain(permission);
  });
});
