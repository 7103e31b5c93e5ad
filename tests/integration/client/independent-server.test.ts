import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { LogicMonitorClient } from "../../../provider/client/client";
import { isNotFound, isUnauthorized } from "../../../provider/client/errors";
import { describeWithPython3 } from "../../helpers/python";

/**
 * The client against an independent implementation of the API (tests/fixtures/independent-lm-server.py,
 * Python stdlib, written from the API notes): proves the client speaks LogicMonitor's API, not
 * just whatever our own emulator accepts.
 */
const ACCESS_ID = "IndependentAccessId1";
const ACCESS_KEY = "Ind3p3ndent+Key_{}[]()~^=0123456789abcdef";
const ADMIN_ID = 42;

describeWithPython3("LogicMonitorClient against an independent server", () => {
  let server: ChildProcessWithoutNullStreams;
  let baseUrl: string;

  beforeAll(async () => {
    server = spawn("python3", [join(__dirname, "../../fixtures/independent-lm-server.py"), "--access-id", ACCESS_ID, "--access-key", ACCESS_KEY, "--admin-id", String(ADMIN_ID)]);
    const port = await new Promise<string>((resolve, reject) => {
      let output = "";
      server.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
        const line = output.split("\n")[0];
        if (output.includes("\n") && line) resolve(line.trim());
      });
      server.once("error", reject);
      server.once("exit", (code) => reject(new Error(`the Python server exited with ${String(code)}`)));
    });
    baseUrl = `http://127.0.0.1:${port}`; // a bare origin: the client completes /santaba/rest
  });

  afterAll(() => {
    server.kill();
  });

  const client = (accessKey = ACCESS_KEY) =>
    new LogicMonitorClient({ baseUrl, accessId: ACCESS_ID, accessKey, pageSize: 2, retry: { baseDelayMs: 1, maxDelayMs: 2 } });

  it("creates, lists across pages, finds, updates and deletes tokens", async () => {
    const lm = client();
    const created = [];
    for (let i = 0; i < 5; i += 1) created.push(await lm.createApiToken(ADMIN_ID, { note: `independent ${i}`, status: 2 }));
    expect(created[0]?.accessKey).toHaveLength(40);

    const listed = await lm.listApiTokens(ADMIN_ID, { type: "lmv1" });
    expect(listed.map((token) => token.id)).toEqual(created.map((token) => token.id));
    expect(listed.every((token) => token.accessKey === undefined)).toBe(true);

    const target = created[2]!;
    expect(await lm.findApiToken(ADMIN_ID, target.id)).toMatchObject({ id: target.id, note: "independent 2" });
    expect(await lm.updateApiToken(ADMIN_ID, target.id, { note: "disabled", status: 1 })).toMatchObject({ note: "disabled", status: 1 });
    expect(await lm.findApiToken(ADMIN_ID, target.id)).toMatchObject({ status: 1 });

    await lm.deleteApiToken(ADMIN_ID, target.id);
    expect(await lm.findApiToken(ADMIN_ID, target.id)).toBeUndefined();
    await expect(lm.deleteApiToken(ADMIN_ID, target.id).catch((error: unknown) => isNotFound(error))).resolves.toBe(true);
  });

  it("creates Bearer tokens with ?type=bearer and lists them separately", async () => {
    const lm = client();
    const bearer = await lm.createApiToken(ADMIN_ID, { note: "bearer", type: "bearer" });
    expect(bearer.accessKey).toMatch(/^lmb_/);
    const all = await lm.listApiTokens(ADMIN_ID);
    expect(all.filter((token) => token.type === "bearer").map((token) => token.id)).toEqual([bearer.id]);
  });

  it("is refused with a wrong key, and says which settings to check", async () => {
    const error = await client("not-the-key").listApiTokens(ADMIN_ID, { type: "lmv1" }).catch((e: unknown) => e);
    expect(isUnauthorized(error)).toBe(true);
    expect(String(error)).toMatch(/check LM_ACCESS_ID and LM_ACCESS_KEY/);
  });
});
