import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import type { RunningEmulator } from "../../../provider/emulator";
import { control } from "../../helpers/control";
import { startTestEmulator } from "../../helpers/emulator";
import { describeWithPip } from "../../helpers/python";
import { LOGICMONITOR_SDK_VERSION, logicMonitorSdkPython } from "../../helpers/python-sdk";

/**
 * Conformance with LogicMonitor's own Python SDK (`logicmonitor-sdk` from PyPI): every object
 * the emulator serves must deserialize into the SDK's models (which refuse, for example, a role
 * without `privileges`) and carry the expected values. tests/fixtures/python-sdk-conformance.py
 * makes the calls through the SDK and reports what the SDK made of each answer.
 */

jest.setTimeout(300_000);

const run = promisify(execFile);
const SCRIPT = path.resolve(__dirname, "..", "..", "fixtures", "python-sdk-conformance.py");

/** One step of the script's report: the SDK's model and its value, or the error the SDK raised. */
type Step = { model: string; value: Record<string, unknown> } | { error: string; status?: number; reason?: string; message?: string };

const privilege = (objectId: string, operation: string) => ({ objectType: "setting", objectId, objectName: objectId, operation, subOperation: "" });

const ADMINISTRATOR_ROLE = {
  id: 1,
  name: "administrator",
  description: expect.any(String),
  privileges: [privilege("useraccess.*", "write"), privilege("useraccess.apitoken", "write")],
  associatedUserCount: 2,
  twoFARequired: false,
  requireEULA: false,
  customHelpLabel: "",
  customHelpURL: "",
};

const READONLY_ROLE = { ...ADMINISTRATOR_ROLE, id: 2, name: "readonly", privileges: [privilege("useraccess.apitoken", "write")] };

const JDOE = {
  id: 32,
  username: "jdoe",
  email: "jdoe@example.test",
  firstName: "John",
  lastName: "Doe",
  status: "active",
  apionly: false,
  roles: [ADMINISTRATOR_ROLE],
};

describeWithPip(`LogicMonitor's Python SDK (logicmonitor-sdk ${LOGICMONITOR_SDK_VERSION}) against the emulator`, () => {
  let emulator: RunningEmulator;
  let stdout: string;
  let steps: Record<string, Step>;
  let sdkVersion: string;
  const NOW_SECONDS = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    const python = await logicMonitorSdkPython();
    emulator = await startTestEmulator();
    ({ stdout } = await run(python, [SCRIPT], {
      env: { ...process.env, LM_BASE_URL: emulator.baseUrl, LM_ACCESS_ID: emulator.accessId, LM_ACCESS_KEY: emulator.accessKey },
      timeout: 120_000,
    }));
    const report = JSON.parse(stdout) as { sdkVersion: string; steps: Record<string, Step> };
    ({ steps, sdkVersion } = report);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  /** A step that must have deserialized into `model`; its value. */
  function value(name: string, model: string): Record<string, unknown> {
    expect({ step: name, outcome: steps[name] }).toEqual({ step: name, outcome: { model, value: expect.any(Object) } });
    return (steps[name] as { value: Record<string, unknown> }).value;
  }

  it("runs the pinned SDK release, and its report carries no key", () => {
    expect(sdkVersion).toBe(LOGICMONITOR_SDK_VERSION);
    expect(stdout).not.toContain(emulator.accessKey);
  });

  it("get_admin_list: every seeded admin, with roles the SDK's Role model accepts (name, privileges)", () => {
    const list = value("getAdminList", "AdminPaginationResponse");
    expect(list["total"]).toBe(4);
    expect(list["items"]).toEqual([
      expect.objectContaining({ id: 1, username: "lmapi", apionly: true, roles: [ADMINISTRATOR_ROLE] }),
      JDOE,
      expect.objectContaining({ id: 131, username: "asmith", roles: [READONLY_ROLE] }),
      expect.objectContaining({ id: 200, username: "limited-bot", apionly: true, roles: [READONLY_ROLE] }),
    ]);
    expect(value("getAdminListFiltered", "AdminPaginationResponse")).toEqual({ total: 1, items: [JDOE] });
  });

  it("get_admin_by_id: one admin, also when signed by a token the SDK just created; a missing one is a 404 ApiException", () => {
    expect(value("getAdminById", "Admin")).toEqual(JDOE);
    expect(value("getAdminByIdWithNewToken", "Admin")).toEqual(JDOE);
    expect(steps["getAdminByIdMissing"]).toEqual({ error: "ApiException", status: 404, reason: "Not Found" });
  });

  it("add_api_token_by_admin_id: the new token with its owner, note, status and its key (once)", () => {
    expect(value("addApiTokenByAdminId", "APIToken")).toEqual({
      id: expect.any(Number),
      adminId: 32,
      adminName: "jdoe",
      accessId: expect.stringMatching(/^[A-Za-z0-9]{20}$/),
      accessKeyLength: 40,
      status: 2,
      note: "python sdk conformance",
      createdBy: "lmapi",
      createdOn: expect.any(Number),
      lastUsedOn: 0,
      lastAuthIp: "",
      roles: ["administrator"],
      userPermission: "write",
    });
    expect(value("addApiTokenByAdminId", "APIToken")["createdOn"]).toBeGreaterThanOrEqual(NOW_SECONDS - 60);
  });

  it("get_api_token_list_by_admin_id (filtered by note) and get_api_token_list (filtered by id): the token, without its key", () => {
    const created = value("addApiTokenByAdminId", "APIToken");
    const { accessKeyLength: _key, ...listed } = created;
    expect(value("getApiTokenListByAdminIdFiltered", "ApiTokenPaginationResponse")).toEqual({ total: 1, items: [listed] });
    expect(value("getApiTokenListFiltered", "ApiTokenPaginationResponse")).toEqual({ total: 1, items: [listed] });
  });

  it("update_api_token_by_admin_id (PUT) and patch_api_token_by_admin_id: the changed token", () => {
    const id = value("addApiTokenByAdminId", "APIToken")["id"];
    expect(value("updateApiTokenByAdminId", "APIToken")).toMatchObject({ id, adminId: 32, note: "python sdk conformance (put)", status: 1, lastAuthIp: "127.0.0.1" });
    expect(value("patchApiTokenByAdminId", "APIToken")).toMatchObject({ id, note: "python sdk conformance (patch)", status: 1 });
    expect(value("patchApiTokenByAdminId", "APIToken")).not.toHaveProperty("accessKeyLength");
  });

  it("delete_api_token_by_id: gone from the list; a second delete is a 404 ApiException", () => {
    expect(value("deleteApiTokenById", "dict")).toEqual({});
    expect(value("getApiTokenListByAdminIdAfterDelete", "ApiTokenPaginationResponse")).toEqual({ total: 0, items: [] });
    expect(steps["deleteApiTokenByIdAgain"]).toEqual({ error: "ApiException", status: 404, reason: "Not Found" });
  });

  it("a Bearer token (type=bearer): created with its value, listed masked, deleted", () => {
    const bearer = value("addBearerTokenByAdminId", "APIToken");
    expect(bearer).toMatchObject({ adminId: 32, note: "python sdk conformance (bearer)", status: 2 });
    expect(bearer["accessKeyLength"]).toBeGreaterThan(24);
    expect(value("getBearerTokenListByAdminId", "ApiTokenPaginationResponse")).toEqual({
      total: 1,
      items: [expect.objectContaining({ id: bearer["id"], accessKeyLength: 24 })],
    });
    expect(value("deleteBearerTokenById", "dict")).toEqual({});
  });

  it("leaves the portal with only its root token", async () => {
    expect((await control(emulator.url).tokens()).map((token) => token.id)).toEqual([1000]);
  });
});
