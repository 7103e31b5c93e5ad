import http from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { ApiTokenProvider } from "../../../provider/resources/api-token/provider";
import { control } from "../../helpers/control";

/**
 * Breaker finding: for a Bearer token the client accepts a create answer and list entries without
 * an access id (records.ts: `accessId ?? ""`; client.ts requires an access id only for LMv1), so
 * state records `accessId: ""`. The identity check then compares "" with "" and takes ANY Bearer
 * token listed at that id for the stack's: a stack pointed at another portal whose ids overlap
 * (issue 16, case 1) rewrites and deletes that portal's Bearer token.
 *
 * The portal here is the emulator behind a proxy that leaves `accessId` out of Bearer tokens, as
 * the client already anticipates a portal may.
 *
 * What should happen: an empty access id is no identity. Update and delete (and refresh) of a
 * token whose recorded access id is empty must fail and change nothing, or Bearer tokens must be
 * identified by something that tells them apart (e.g. the masked key prefix the list carries).
 */

/** The emulator behind a proxy that drops `accessId` from every Bearer token in JSON answers. */
async function withoutBearerAccessIds(target: RunningEmulator): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== "object" || value === null) return value;
    const object = { ...(value as Record<string, unknown>) };
    if (object["type"] === "bearer") delete object["accessId"];
    for (const key of Object.keys(object)) object[key] = strip(object[key]);
    return object;
  };
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${target.port}` } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          let body = Buffer.concat(chunks);
          if (String(answer.headers["content-type"] ?? "").includes("json") && body.length > 0) {
            body = Buffer.from(JSON.stringify(strip(JSON.parse(body.toString("utf8")))));
          }
          const headers = { ...answer.headers, "content-length": String(body.length) };
          delete headers["transfer-encoding"];
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/santaba/rest`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/logicmonitor:ApiToken::ci-bearer";

describe("Bearer tokens listed without an access id, two portals whose ids overlap", () => {
  let a: RunningEmulator;
  let b: RunningEmulator;
  let proxyA: { baseUrl: string; close: () => Promise<void> };
  let proxyB: { baseUrl: string; close: () => Promise<void> };
  beforeAll(async () => {
    a = await startEmulator();
    b = await startEmulator({ accessId: a.accessId, accessKey: a.accessKey });
    proxyA = await withoutBearerAccessIds(a);
    proxyB = await withoutBearerAccessIds(b);
  });
  afterAll(async () => {
    await proxyA.close();
    await proxyB.close();
    await a.close();
    await b.close();
  });

  const providerAt = (baseUrl: string) =>
    new ApiTokenProvider({ env: () => ({ LM_BASE_URL: baseUrl, LM_ACCESS_ID: a.accessId, LM_ACCESS_KEY: a.accessKey }), report: () => undefined });

  it("a stack pointed at portal B neither rewrites nor deletes B's Bearer token at the stack's id", async () => {
    const created = await providerAt(proxyA.baseUrl).create({ adminId: 32, note: "CI bearer", status: "enabled", type: "bearer", keepers: {}, ownerUrn: URN });
    const tokenId = created.outs.tokenId;
    // Portal B hands out the same ids: its own Bearer token sits at the stack's id.
    await control(b.url).mintTokens({ adminId: 32, note: "portal B: production bearer", type: "bearer", count: tokenId - 1000 });
    const twinBefore = (await control(b.url).tokens()).find((t) => t.id === tokenId);
    expect(twinBefore?.note).toBe("portal B: production bearer");

    const wrong = providerAt(proxyB.baseUrl);
    // Outcomes as text only: a resolved update carries the key, which a failing assertion would print.
    const outcome = (p: Promise<unknown>) => p.then(() => "done", (error: unknown) => (error instanceof Error ? error.name : "failed"));
    const update = await outcome(wrong.update(created.id, created.outs, { adminId: 32, note: "CI bearer (rotated)", status: "enabled", type: "bearer", keepers: {}, ownerUrn: URN }));
    const del = await outcome(wrong.delete(created.id, created.outs));
    expect({ update, del }).toEqual({ update: "TokenIdentityError", del: "TokenIdentityError" });

    const twinAfter = (await control(b.url).tokens()).find((t) => t.id === tokenId);
    expect(twinAfter).toEqual(twinBefore);
  });
});
