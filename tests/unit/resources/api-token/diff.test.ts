import { diffApiToken } from "../../../../provider/resources/api-token/diff";
import { UNKNOWN_VALUE, type ApiTokenInputs, type ApiTokenOutputs } from "../../../../provider/resources/api-token/inputs";

const stored: ApiTokenOutputs & { __provider: string } = {
  adminId: 32,
  note: "CI deploys",
  status: "enabled",
  type: "lmv1",
  keepers: { rotation: "2026-11" },
  tokenId: 7,
  adminName: "jdoe",
  accessId: "AbCdEfGhIjKlMnOpQrSt",
  accessKey: "secret",
  createdBy: "lmapi",
  createdOn: 1700000000,
  lastUsedOn: 0,
  roles: ["administrator"],
  __provider: "exports.handler = /* old text */ 1;",
};
const same: ApiTokenInputs = { adminId: 32, note: "CI deploys", status: "enabled", type: "lmv1", keepers: { rotation: "2026-11" } };

describe("diffApiToken", () => {
  it.each<[string, Partial<ApiTokenInputs> & Record<string, unknown>, string[], string[]]>([
    ["nothing changed", {}, [], []],
    ["a changed __provider alone", { __provider: "exports.handler = /* new text */ 2;" }, [], []],
    ["note", { note: "CI deploys (prod)" }, ["note"], []],
    ["status", { status: "disabled" }, ["status"], []],
    ["note and status", { note: "x", status: "disabled" }, ["note", "status"], []],
    ["adminId", { adminId: 131 }, [], ["adminId"]],
    ["type", { type: "bearer" }, [], ["type"]],
    ["a keeper's value", { keepers: { rotation: "2026-12" } }, [], ["keepers"]],
    ["a keeper added", { keepers: { rotation: "2026-11", env: "prod" } }, [], ["keepers"]],
    ["keepers removed", { keepers: {} }, [], ["keepers"]],
    ["adopting another token", { existingTokenId: 99 }, [], ["existingTokenId"]],
    ["adopting the token already managed", { existingTokenId: 7 }, [], []],
    ["the owner named by the same username", { adminId: undefined, adminUsername: "jdoe" }, [], []],
    ["the owner named by another username", { adminId: undefined, adminUsername: "asmith" }, [], ["adminUsername"]],
    ["an adminId not known yet (preview)", { adminId: UNKNOWN_VALUE as unknown as number }, [], ["adminId"]],
    ["keepers not known yet (preview)", { keepers: UNKNOWN_VALUE as unknown as Record<string, string> }, [], ["keepers"]],
    ["note change together with a keeper", { note: "y", keepers: { rotation: "2027-01" } }, ["note"], ["keepers"]],
  ])("%s", (_name, change, updates, replaces) => {
    const news = { ...same, ...change } as ApiTokenInputs;
    expect(diffApiToken(stored, news)).toEqual({ updates, replaces });
  });

  it("keeps an adopted token when existingTokenId is dropped from the program", () => {
    const adopted = { ...stored, existingTokenId: 7 };
    expect(diffApiToken(adopted, same)).toEqual({ updates: [], replaces: [] });
  });
});
