/**
 * What the client concludes from answers that are not LogicMonitor's: a 404 is "gone" only with
 * LogicMonitor's own error shape; a create answer that cannot be used may still have made a
 * token; server text never carries a secret the client knows; ids are bounded.
 */
import { LogicMonitorClient } from "../../../provider/client/client";
import { isLmApiError, isNotFound, isPossiblyCommitted, type LmApiError } from "../../../provider/client/errors";
import { parseApiToken } from "../../../provider/client/records";
import { scrubServerMessage, SecretValues } from "../../../provider/client/redaction";
import type { ClientOptions } from "../../../provider/client/types";
import { caught } from "../../helpers/caught";
import { startRecordingServer, type RecordingServer } from "./recording-server";

const KEY = "Test-Key_0123456789+abcdefghij=KLMNOP{}[";
const HTML_404 = "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>";

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

function client(options: Partial<ClientOptions> = {}): LogicMonitorClient {
  return new LogicMonitorClient({
    baseUrl: server.baseUrl,
    accessId: "AbCdEfGhIjKlMnOpQrSt",
    accessKey: KEY,
    sleep: async () => undefined,
    retry: { maxRetries: 0 },
    ...options,
  });
}

describe("a 404 means gone only when LogicMonitor says so", () => {
  it("LogicMonitor's v3 error (errorCode 1404) is 'not found'", async () => {
    server.fallback = () => ({ status: 404, body: { errorMessage: "no such token", errorCode: 1404, errorDetail: null } });
    const error = await caught(client().deleteApiToken(42, 7));
    expect(isNotFound(error)).toBe(true);
  });

  it("LogicMonitor's v1 envelope with 'no such record' is 'not found'", async () => {
    server.fallback = () => ({ status: 200, body: { status: 1069, errmsg: "No such record", data: null } });
    const error = await caught(client().deleteApiToken(42, 7));
    expect(isLmApiError(error)).toBe(true);
    expect(isNotFound(error)).toBe(true);
  });

  it.each([
    ["an HTML page", { status: 404, raw: HTML_404, headers: { "content-type": "text/html; charset=utf-8" } }, /an HTML page \(text\/html\)/],
    ["another service's JSON", { status: 404, body: { message: "route not found" } }, /JSON without LogicMonitor's error fields \(application\/json\)/],
    ["an empty body", { status: 404, raw: "", headers: { "content-type": "text/plain" } }, /an empty body \(text\/plain\)/],
    ["a 404 with another errorCode", { status: 404, body: { errorMessage: "x", errorCode: 1400 } }, /failed with 404/],
    ["a redirect", { status: 302, raw: "", headers: { location: "https://login.example.com/" } }, /was an empty body/],
  ])("%s is not 'gone': the error names the URL and what came back", async (_name, answer, pattern) => {
    server.fallback = () => answer;
    const error = (await caught(client().deleteApiToken(42, 7))) as LmApiError;
    expect(isLmApiError(error)).toBe(true);
    expect(isNotFound(error)).toBe(false);
    expect(String(error)).toMatch(pattern);
    if (!/errorCode/.test(JSON.stringify(answer))) {
      expect(String(error)).toContain(`the answer from ${server.baseUrl}/setting/admins/42/apitokens/7 was `);
      expect(String(error)).toMatch(/nothing is concluded from it and nothing was changed: check LM_BASE_URL/);
    }
    expect(String(error)).not.toContain("<h1>");
  });

  it("names the caller's settings when it supplies their names", async () => {
    server.fallback = () => ({ status: 404, raw: HTML_404, headers: { "content-type": "text/html" } });
    const names = { baseUrl: "logicmonitor:baseUrl (LM_BASE_URL)" };
    const error = await caught(client({ settingNames: names }).listApiTokens(42, { type: "lmv1" }));
    expect(String(error)).toMatch(/check logicmonitor:baseUrl \(LM_BASE_URL\) \(it must be https:\/\/<company>\.logicmonitor\.com\/santaba\/rest/);
  });

  it("a 200 HTML page for a list is an error, never an empty list", async () => {
    server.fallback = () => ({ status: 200, raw: "<html><body>Welcome</body></html>", headers: { "content-type": "text/html" } });
    const error = await caught(client().listApiTokens(42, { type: "lmv1" }));
    expect(isLmApiError(error)).toBe(true);
    expect(isNotFound(error)).toBe(false);
  });
});

describe("a create answer that cannot be used may have made a token", () => {
  it.each([
    ["a truncated body", { status: 200, raw: '{"id": 7, "accessKey": "abc', headers: { "content-type": "application/json" } }],
    ["no accessKey", { status: 200, body: { id: 7, adminId: 42, accessId: "A1", status: 2, note: "" } }],
    ["no accessId for an LMv1 token", { status: 200, body: { id: 7, adminId: 42, accessKey: "k".repeat(40), status: 2 } }],
    ["a token without an id", { status: 200, body: { adminId: 42, accessId: "A1", accessKey: "k".repeat(40), status: 2 } }],
  ])("%s: possibly committed", async (_name, answer) => {
    server.fallback = () => answer;
    const error = await caught(client().createApiToken(42, { note: "n", status: 2 }));
    expect(isPossiblyCommitted(error)).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(String(error)).not.toContain("k".repeat(40));
  });

  it("uses what was requested where the answer is silent", async () => {
    server.fallback = () => ({ status: 200, body: { id: 7, accessId: "A1", accessKey: "secret-key-value" } });
    const token = await client().createApiToken(42, { note: "CI deploys", status: 1 });
    expect(token).toMatchObject({ id: 7, adminId: 42, note: "CI deploys", status: 1, type: "lmv1" });
  });
});

describe("parseApiToken", () => {
  const base = { id: 7, adminId: 42, status: 2, note: "n" };
  it("rejects fields of the wrong type instead of filling them with 0 or ''", () => {
    expect(() => parseApiToken({ ...base, adminId: "forty-two" }, { type: "lmv1" })).toThrow(/adminId is not an integer/);
    expect(() => parseApiToken({ ...base, note: 5 }, { type: "lmv1" })).toThrow(/note is not a string/);
    expect(() => parseApiToken({ ...base, status: 3 }, { type: "lmv1" })).toThrow(/status is not 1 or 2/);
    expect(() => parseApiToken({ ...base, adminId: undefined }, { type: "lmv1" })).toThrow(/no adminId/);
  });
  it("rejects ids that are not safe integers", () => {
    expect(() => parseApiToken({ ...base, id: 9007199254740993 }, { type: "lmv1" })).toThrow(/no positive integer id/);
    expect(() => parseApiToken({ ...base, id: "9007199254740993" }, { type: "lmv1" })).toThrow(/no positive integer id/);
    expect(() => parseApiToken({ ...base, id: 1e21 }, { type: "lmv1" })).toThrow(/no positive integer id/);
  });
});

describe("redaction by value", () => {
  it("removes the client's own key and signature from a server's text, however they appear", async () => {
    server.fallback = (request) => {
      const signature = String(request.headers.authorization).split(":")[1];
      return { status: 400, body: { errorMessage: `bad key ${KEY} sig=${signature} enc=${encodeURIComponent(KEY)}`, errorCode: 1400 } };
    };
    const error = await caught(client().deleteApiToken(42, 7));
    const text = String(error) + JSON.stringify(error);
    const signature = String(server.requests[0]?.headers.authorization).split(":")[1] ?? "unreachable";
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(encodeURIComponent(KEY));
    expect(text).not.toContain(signature);
    expect(text).toMatch(/bad key \[REDACTED\] sig=\[REDACTED\] enc=\[REDACTED\]/);
  });

  it("removes a key the client received in a create answer from later errors", async () => {
    const received = "Received-Key-0123456789abcdef";
    server.queue.push({ status: 200, body: { id: 7, adminId: 42, accessId: "A1", accessKey: received, status: 2 } });
    server.queue.push({ status: 400, body: { errorMessage: `echo ${received}`, errorCode: 1400 } });
    const lm = client();
    await lm.createApiToken(42, {});
    const error = await caught(lm.deleteApiToken(42, 7));
    expect(String(error)).not.toContain(received);
  });

  it("scrubServerMessage ignores values too short to be secrets", () => {
    const secrets = new SecretValues();
    secrets.add("abc");
    secrets.add("long-secret-value");
    expect(scrubServerMessage("abc long-secret-value", secrets)).toBe("abc [REDACTED]");
  });
});

describe("bounded ids", () => {
  it.each([9007199254740993, 1e21, 0, -1, 1.5])("refuses adminId %p before any request", async (adminId) => {
    const error = await caught(client().listApiTokens(adminId));
    expect(String(error)).toMatch(/adminId must be a positive integer/);
    expect(server.requests).toHaveLength(0);
  });
});
