import { detailedDiff } from "../../../provider/plugin/detailed-diff";
import { configSource, diffConfig } from "../../../provider/plugin/provider-config";
import { SECRET_SIG, SPECIAL_SIG_KEY, UNKNOWN_VALUE, secretValue, unwrapSecrets, wrapSecrets } from "../../../provider/plugin/property-values";

/** The plugin face's pure translations: secrets, config keys, detailed diffs. */

describe("secret wrappers", () => {
  it("unwraps secrets at any depth and remembers which top-level properties held one", () => {
    const { values, secretKeys } = unwrapSecrets({
      note: secretValue("hush"),
      keepers: { rotation: secretValue("2026-Q4"), owner: "ops" },
      adminId: 32,
    });
    expect(values).toEqual({ note: "hush", keepers: { rotation: "2026-Q4", owner: "ops" }, adminId: 32 });
    expect([...secretKeys].sort()).toEqual(["keepers", "note"]);
  });

  it("wraps the named properties, leaves unknowns unknown, and drops undefined", () => {
    const wrapped = wrapSecrets({ accessKey: "k", note: UNKNOWN_VALUE, adminName: undefined, tokenId: 7 }, ["accessKey", "note"]);
    expect(wrapped).toEqual({ accessKey: { [SPECIAL_SIG_KEY]: SECRET_SIG, value: "k" }, note: UNKNOWN_VALUE, tokenId: 7 });
  });
});

describe("provider configuration", () => {
  it("reads Configure variables in both key spellings, typed args winning", () => {
    const source = configSource(
      new Map([
        ["logicmonitor:config:company", "acme"],
        ["logicmonitor:accessId", "id-from-variables"],
        ["other:config:region", "x"],
      ]),
      { accessId: "id-from-args", accessKey: "k" },
    );
    expect(source.get("logicmonitor:company")).toBe("acme");
    expect(source.get("logicmonitor:accessId")).toBe("id-from-args");
    expect(source.get("logicmonitor:accessKey")).toBe("k");
    expect(source.get("logicmonitor:region")).toBeUndefined();
  });

  it("replaces the provider only when the portal changes", () => {
    expect(diffConfig({ company: "acme", accessKey: "a" }, { company: "acme", accessKey: "b" })).toEqual({ updates: ["accessKey"], replaces: [] });
    // A portal change never replaces the provider (and with it every token): the identity check guards each token.
    expect(diffConfig({ baseUrl: "http://a.test" }, { baseUrl: "http://b.test" })).toEqual({ updates: ["baseUrl"], replaces: [] });
    expect(diffConfig({ company: "acme" }, { company: "acme" })).toEqual({ updates: [], replaces: [] });
  });
});

describe("detailed diff", () => {
  const olds = { adminId: 32, note: "a", status: "enabled", type: "lmv1", keepers: {}, tokenId: 7, adminName: "jdoe" };
  const inputs = ["adminId", "adminUsername", "note", "status", "type", "keepers", "existingTokenId"];

  it("is empty when the lifecycle reports no change, whatever differs", () => {
    expect(detailedDiff(olds, { ...olds, note: "b" }, inputs, { changes: false })).toEqual({});
  });

  it("names replaced properties as replacements and other differing inputs as updates", () => {
    const news = { adminId: 131, note: "b", status: "enabled", type: "lmv1", keepers: {} };
    expect(detailedDiff(olds, news, inputs, { changes: true, replaces: ["adminId"] })).toEqual({ adminId: "update-replace", note: "update" });
  });

  it("compares maps by content and treats an unknown value as a change", () => {
    expect(detailedDiff({ ...olds, keepers: { a: "1", b: "2" } }, { ...olds, keepers: { b: "2", a: "1" } }, inputs, { changes: true })).toEqual({});
    expect(detailedDiff(olds, { ...olds, note: UNKNOWN_VALUE }, inputs, { changes: true })).toEqual({ note: "update" });
  });
});
