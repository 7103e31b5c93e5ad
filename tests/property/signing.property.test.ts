import { createHmac } from "node:crypto";
import fc from "fast-check";
import { LogicMonitorClient } from "../../provider/client/client";
import { signLmv1 } from "../../provider/client/signing";
import { startEmulator, verifyLmv1, type RunningEmulator } from "../../provider/emulator";

/**
 * Signer against verifier with arbitrary bodies (unicode, quotes, emoji, large notes): in process
 * against an independent rendering of the reference's recipe, and over a real socket, where the
 * body is serialized, signed, sent and verified from the raw bytes the emulator received.
 */

/**
 * LogicMonitor's published LMv1 recipe (base64 of the hex HMAC-SHA256 of method + epoch + body +
 * resource path), written independently of provider/client/signing.ts.
 */
function referenceSignature(key: string, method: string, epoch: number, body: string, path: string): string {
  const hex = createHmac("sha256", Buffer.from(key, "utf8")).update(Buffer.from(method + String(epoch) + body + path, "utf8")).digest("hex");
  return Buffer.from(hex, "ascii").toString("base64");
}

/** Text with the characters that break naive signers: any code point, quotes, backslashes, emoji, newlines. */
const awkwardText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.array(fc.constantFrom('"', "\\", "'", "😀", "👩‍💻", "\u2028", "\n", "\r\n", "\u0000", "é", "e\u0301", "𝄞", "{", "}", " "), { maxLength: 80 }).map((parts) => parts.join("")),
  fc.string({ unit: "grapheme-ascii", minLength: 5_000, maxLength: 60_000 }),
);

const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH");
const resourcePath = fc
  .tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.option(fc.integer({ min: 1, max: 2 ** 31 - 1 })))
  .map(([admin, token]) => `/setting/admins/${admin}/apitokens${token === null ? "" : `/${token}`}`);
const accessKey = fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 64 });

describe("LMv1 signer vs verifier (property-based)", () => {
  it("matches the reference recipe and is accepted by the verifier, for any body; a changed body is refused", () => {
    fc.assert(
      fc.property(method, resourcePath, awkwardText, awkwardText, accessKey, fc.integer({ min: 0, max: 4_102_444_800_000 }), (m, path, note, other, key, epoch) => {
        const body = JSON.stringify({ note, status: 2 });
        const header = signLmv1("ID", key, { method: m, epochMillis: epoch, body, resourcePath: path });
        expect(header).toBe(`LMv1 ID:${referenceSignature(key, m, epoch, body, path)}:${epoch}`);
        const verify = (b: string) =>
          verifyLmv1({ authorization: header, method: m, body: b, resourcePath: path, nowMs: epoch, findAccessKey: (id) => (id === "ID" ? key : undefined) });
        expect(verify(body)).toEqual({ ok: true, accessId: "ID" });
        const changed = JSON.stringify({ note: other, status: 2 });
        if (changed !== body) expect(verify(changed)).toEqual({ ok: false, reason: "bad-signature" });
      }),
      { numRuns: 300 },
    );
  });

  describe("over a real socket", () => {
    let emulator: RunningEmulator;
    let client: LogicMonitorClient;
    beforeAll(async () => {
      emulator = await startEmulator();
      client = new LogicMonitorClient({ baseUrl: emulator.baseUrl, accessId: emulator.accessId, accessKey: emulator.accessKey });
    });
    afterAll(() => emulator.close());

    it("creates and updates tokens with arbitrary notes: never a signature mismatch, never a throw, notes round-trip exactly", async () => {
      await fc.assert(
        fc.asyncProperty(awkwardText, awkwardText, async (note, next) => {
          const created = await client.createApiToken(32, { note, status: 2 });
          expect(created.note).toBe(note);
          const updated = await client.updateApiToken(32, created.id, { note: next, status: 1 });
          expect(updated.note).toBe(next);
          expect((await client.findApiToken(32, created.id))?.note).toBe(next);
          await client.deleteApiToken(32, created.id);
        }),
        { numRuns: 40 },
      );
    });

    it("signs a 250 000-character note of emoji and quotes (about 700 KB on the wire)", async () => {
      const note = '😀"\\é'.repeat(50_000);
      const created = await client.createApiToken(32, { note });
      expect(created.note).toBe(note);
      await client.deleteApiToken(32, created.id);
    });
  });
});
