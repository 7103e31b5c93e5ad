import { normalizeClientOptions, resolveClientOptions } from "../../../provider/client/config";
import { PROVIDER_SETTING_NAMES } from "../../../provider/core/provider-config";
import { isLmConfigError, type LmConfigError } from "../../../provider/client/errors";
import type { ClientOptions } from "../../../provider/client/types";

const PAIR = { accessId: "AbCdEfGhIjKlMnOpQrSt", accessKey: "Test-Key_0123456789+abcdefghij=KLMNOP{}[" };

function configError(run: () => unknown): LmConfigError {
  try {
    run();
  } catch (error) {
    if (isLmConfigError(error)) return error;
    throw error;
  }
  throw new Error("expected an LmConfigError");
}

describe("resolveClientOptions", () => {
  it.each<[string, Partial<ClientOptions>, NodeJS.ProcessEnv, Partial<ClientOptions>]>([
    ["company from config", { company: "acme", ...PAIR }, {}, { baseUrl: "https://acme.logicmonitor.com/santaba/rest", ...PAIR }],
    ["GovCloud domain", { company: "acme", domain: "lmgov.us", ...PAIR }, {}, { baseUrl: "https://acme.lmgov.us/santaba/rest" }],
    ["domain from env", { company: "acme", ...PAIR }, { LM_DOMAIN: "lmgov.us" }, { baseUrl: "https://acme.lmgov.us/santaba/rest" }],
    ["company from LM_COMPANY", {}, { LM_COMPANY: "acme", LM_ACCESS_ID: "id", LM_ACCESS_KEY: "key" }, { baseUrl: "https://acme.logicmonitor.com/santaba/rest", accessId: "id", accessKey: "key" }],
    ["company from LM_ACCOUNT", {}, { LM_ACCOUNT: "beta", LM_API_ID: "id", LM_API_KEY: "key" }, { baseUrl: "https://beta.logicmonitor.com/santaba/rest", accessId: "id", accessKey: "key" }],
    ["baseUrl wins over company", { company: "acme", baseUrl: "http://127.0.0.1:8080/santaba/rest", ...PAIR }, {}, { baseUrl: "http://127.0.0.1:8080/santaba/rest" }],
    ["explicit company wins over LM_BASE_URL", { company: "acme", ...PAIR }, { LM_BASE_URL: "http://127.0.0.1:1/santaba/rest" }, { baseUrl: "https://acme.logicmonitor.com/santaba/rest" }],
    ["LM_BASE_URL wins over LM_COMPANY", { ...PAIR }, { LM_BASE_URL: "http://localhost:9/santaba/rest", LM_COMPANY: "acme" }, { baseUrl: "http://localhost:9/santaba/rest" }],
    ["explicit pair ignores env bearer", { company: "acme", ...PAIR }, { LM_BEARER_TOKEN: "lmb_x" }, { ...PAIR }],
    ["explicit bearer ignores env pair", { company: "acme", bearerToken: "lmb_abc" }, { LM_ACCESS_ID: "i", LM_ACCESS_KEY: "k" }, { bearerToken: "lmb_abc" }],
    ["explicit id + env key", { company: "acme", accessId: "id" }, { LM_ACCESS_KEY: "key" }, { accessId: "id", accessKey: "key" }],
    ["bearer from env", { company: "acme" }, { LM_BEARER_TOKEN: "lmb_abc" }, { bearerToken: "lmb_abc" }],
    ["blank values count as unset", { company: " ", baseUrl: "", accessId: "" }, { LM_COMPANY: "acme", LM_ACCESS_ID: "id", LM_ACCESS_KEY: "key" }, { accessId: "id", accessKey: "key" }],
  ])("%s", (_name, input, env, expected) => {
    expect(resolveClientOptions(input, env)).toMatchObject(expected);
  });

  it("takes credentials from one source only when the explicit one is complete", () => {
    expect(resolveClientOptions({ company: "acme", ...PAIR }, { LM_BEARER_TOKEN: "lmb_x" })).not.toHaveProperty("bearerToken");
    expect(resolveClientOptions({ company: "acme", bearerToken: "lmb_a" }, { LM_ACCESS_ID: "i" })).not.toHaveProperty("accessId");
  });

  it("reads the per-attempt timeout from LM_TIMEOUT_MS unless an explicit one is given, and rejects junk", () => {
    expect(resolveClientOptions({ company: "acme", ...PAIR }, { LM_TIMEOUT_MS: "2500" }).timeoutMs).toBe(2500);
    expect(resolveClientOptions({ company: "acme", ...PAIR, timeoutMs: 900 }, { LM_TIMEOUT_MS: "2500" }).timeoutMs).toBe(900);
    expect(configError(() => resolveClientOptions({ company: "acme", ...PAIR }, { LM_TIMEOUT_MS: "2s" })).message).toMatch(/LM_TIMEOUT_MS/);
    expect(configError(() => normalizeClientOptions(resolveClientOptions({ company: "acme", ...PAIR }, { LM_TIMEOUT_MS: "0" }))).keys).toEqual(["timeoutMs"]);
  });

  it("keeps non-credential options (clock, retry) as given", () => {
    const now = () => 1;
    const resolved = resolveClientOptions({ company: "acme", ...PAIR, now, retry: { maxRetries: 1 } }, {});
    expect(resolved.now).toBe(now);
    expect(resolved.retry).toEqual({ maxRetries: 1 });
  });

  it.each<[string, Partial<ClientOptions>, NodeJS.ProcessEnv, string[], RegExp[]]>([
    ["no portal", { ...PAIR }, {}, ["company", "baseUrl"], [/logicmonitor:company/, /logicmonitor:baseUrl/, /LM_COMPANY/, /LM_BASE_URL/]],
    ["no credentials", { company: "acme" }, {}, ["accessId", "accessKey", "bearerToken"], [/logicmonitor:accessId \(LM_ACCESS_ID\)/, /logicmonitor:accessKey \(LM_ACCESS_KEY\)/, /pulumi config set --secret logicmonitor:accessKey/, /logicmonitor:bearerToken \(LM_BEARER_TOKEN\)/]],
    ["id without key", { company: "acme", accessId: "id" }, {}, ["accessKey"], [/logicmonitor:accessKey/, /LM_ACCESS_KEY/]],
    ["key without id", { company: "acme" }, { LM_ACCESS_KEY: "k" }, ["accessId"], [/logicmonitor:accessId/, /LM_ACCESS_ID/]],
    ["pair and bearer together", { company: "acme", ...PAIR, bearerToken: "lmb_x" }, {}, ["accessId", "accessKey", "bearerToken"], [/exactly one/]],
    ["company with a dot", { company: "acme.logicmonitor.com", ...PAIR }, {}, ["company"], [/logicmonitor:company/, /LM_COMPANY/, /only the portal name/]],
    ["company with illegal characters", { company: "ac me!", ...PAIR }, {}, ["company"], [/letters, digits and hyphens/]],
    ["bad domain", { company: "acme", domain: "nodot", ...PAIR }, {}, ["domain"], [/logicmonitor:domain/, /LM_DOMAIN/]],
    ["malformed baseUrl", { baseUrl: "not a url", ...PAIR }, {}, ["baseUrl"], [/logicmonitor:baseUrl/, /LM_BASE_URL/, /is not a URL/]],
    ["http to a remote host", { baseUrl: "http://acme.logicmonitor.com/santaba/rest", ...PAIR }, {}, ["baseUrl"], [/must use https/]],
    ["baseUrl with another path", { baseUrl: "https://acme.logicmonitor.com/api", ...PAIR }, {}, ["baseUrl"], [/must end with \/santaba\/rest/]],
    ["baseUrl with a query", { baseUrl: "https://acme.logicmonitor.com/santaba/rest?v=3", ...PAIR }, {}, ["baseUrl"], [/query/]],
    ["baseUrl with credentials", { baseUrl: "https://u:p@acme.logicmonitor.com/santaba/rest", ...PAIR }, {}, ["baseUrl"], [/credentials/]],
    ["bad env baseUrl", { ...PAIR }, { LM_BASE_URL: "ftp://x" }, ["baseUrl"], [/LM_BASE_URL/]],
  ])("rejects %s, naming config keys and env vars", (_name, input, env, keys, patterns) => {
    // As the provider validates them: its setting names, then the client's one normalization.
    const error = configError(() => normalizeClientOptions(resolveClientOptions({ ...input, settingNames: PROVIDER_SETTING_NAMES }, env)));
    expect(error.keys).toEqual(keys);
    for (const pattern of patterns) expect(error.message).toMatch(pattern);
  });

  it("names only environment variables when the caller supplies no setting names (no Pulumi keys in the client layer)", () => {
    const error = configError(() => normalizeClientOptions(resolveClientOptions({ company: "acme" }, {})));
    expect(error.message).toBe("LogicMonitor credentials are missing: set LM_ACCESS_ID and LM_ACCESS_KEY, or LM_BEARER_TOKEN for a Bearer token.");
  });

  it("never puts a secret into a config error", () => {
    const error = configError(() => resolveClientOptions({ company: "bad company", ...PAIR }, {}));
    expect(JSON.stringify(error) + String(error) + error.stack).not.toContain(PAIR.accessKey);
  });
});

describe("normalizeClientOptions", () => {
  it.each([
    ["https://acme.logicmonitor.com", "https://acme.logicmonitor.com/santaba/rest"],
    ["https://acme.logicmonitor.com/", "https://acme.logicmonitor.com/santaba/rest"],
    ["https://acme.logicmonitor.com/santaba/rest/", "https://acme.logicmonitor.com/santaba/rest"],
    ["https://proxy.example.test/lm/santaba/rest", "https://proxy.example.test/lm/santaba/rest"],
    ["http://localhost:8080", "http://localhost:8080/santaba/rest"],
    ["http://127.0.0.1:9/santaba/rest", "http://127.0.0.1:9/santaba/rest"],
    ["http://[::1]:9/santaba/rest", "http://[::1]:9/santaba/rest"],
  ])("normalizes baseUrl %s to %s", (baseUrl, expected) => {
    expect(normalizeClientOptions({ baseUrl, ...PAIR }).baseUrl).toBe(expected);
  });

  it("applies the documented defaults", () => {
    const resolved = normalizeClientOptions({ company: "acme", ...PAIR });
    expect(resolved).toMatchObject({
      timeoutMs: 30_000,
      pageSize: 1000,
      userAgent: "pulumi-logicmonitor-apitoken/0.1.0",
      auth: { kind: "lmv1", ...PAIR },
      retry: { maxRetries: 3, baseDelayMs: 300, maxDelayMs: 10_000, maxRateLimitWaitMs: 60_000, maxRateLimitRetries: 10, retryableStatuses: [408, 429, 500, 502, 503, 504] },
    });
  });

  it("merges a partial retry policy over the defaults", () => {
    const resolved = normalizeClientOptions({ company: "acme", ...PAIR, retry: { maxRetries: 0 } });
    expect(resolved.retry).toMatchObject({ maxRetries: 0, baseDelayMs: 300 });
  });

  it("strips a 'Bearer ' prefix from a bearer token", () => {
    expect(normalizeClientOptions({ company: "acme", bearerToken: "Bearer lmb_x" }).auth).toEqual({ kind: "bearer", token: "lmb_x" });
  });

  it.each<[Partial<ClientOptions>, string]>([
    [{ timeoutMs: 0 }, "timeoutMs"],
    [{ timeoutMs: 1.5 }, "timeoutMs"],
    [{ pageSize: 1001 }, "pageSize"],
    [{ retry: { maxRetries: -1 } }, "retry"],
    [{ retry: { retryableStatuses: [42] } }, "retry"],
  ])("rejects %j", (options, key) => {
    const error = configError(() => normalizeClientOptions({ company: "acme", ...PAIR, ...options }));
    expect(error.keys).toEqual([key]);
  });
});
