import type { IncomingMessage, ServerResponse } from "node:http";
import { emulatorErrors } from "./errors";

/** Small node:http helpers: read the raw body, send JSON. */

/** Bodies larger than this get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the body as UTF-8 text, exactly as sent (LMv1 signs the raw text). */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw emulatorErrors.payloadTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Sends a JSON body with the given status and headers, unless the socket is already gone. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(response, status, JSON.stringify(body), "application/json", headers);
}

/** Sends `text` as is, with a `Content-Length` that matches it, unless the socket is already gone. */
export function sendText(response: ServerResponse, status: number, text: string, contentType: string, headers: Record<string, string> = {}): void {
  if (response.destroyed || response.headersSent) return;
  response.writeHead(status, {
    ...headers,
    "Content-Type": contentType,
    "Content-Length": String(Buffer.byteLength(text)),
  });
  response.end(text);
}
