import { createHmac } from "node:crypto";

/**
 * LMv1 request signing, as pure functions: no I/O, and the time is passed in.
 *
 * The signed text is `VERB + epochMillis + body + resourcePath`, where the resource path is the
 * part after `/santaba/rest` with no query string. The signature is the base64 of the
 * lower-case hex HMAC-SHA256 digest (not of the raw digest).
 * See https://www.logicmonitor.com/support/rest-api-authentication.
 *
 * The emulator verifies with these same functions, so client and server cannot disagree.
 */

/** The path prefix that every LogicMonitor REST resource lives under; it is never signed. */
export const REST_BASE_PATH = "/santaba/rest";

/** What an LMv1 signature covers. */
export interface Lmv1SignatureInput {
  /** HTTP method; upper-cased before signing. */
  method: string;
  /** Unix time in milliseconds, as sent in the header. */
  epochMillis: number;
  /** The exact body text that is sent, or `""` when there is no body. */
  body: string;
  /** The resource path, e.g. `/setting/admins/42/apitokens` (see {@link toResourcePath}). */
  resourcePath: string;
}

/**
 * Reduces a URL path to the LMv1 resource path: drops the query string and the `/santaba/rest`
 * prefix.
 *
 * @example toResourcePath("/santaba/rest/setting/admins?size=5") === "/setting/admins"
 */
export function toResourcePath(path: string): string {
  const withoutQuery = path.split("?", 1)[0] ?? "";
  return withoutQuery.startsWith(REST_BASE_PATH + "/")
    ? withoutQuery.slice(REST_BASE_PATH.length)
    : withoutQuery;
}

/** Builds the exact text that LMv1 signs. */
export function buildStringToSign(input: Lmv1SignatureInput): string {
  return `${input.method.toUpperCase()}${input.epochMillis}${input.body}${input.resourcePath}`;
}

/** Computes the LMv1 signature: base64 of the lower-case hex HMAC-SHA256 of the signed text. */
export function computeLmv1Signature(accessKey: string, input: Lmv1SignatureInput): string {
  const hex = createHmac("sha256", accessKey).update(buildStringToSign(input), "utf8").digest("hex");
  return Buffer.from(hex, "utf8").toString("base64");
}

/** Formats the `Authorization` header value: `LMv1 <accessId>:<signature>:<epochMillis>`. */
export function formatLmv1Header(accessId: string, signature: string, epochMillis: number): string {
  return `LMv1 ${accessId}:${signature}:${epochMillis}`;
}

/** Signs a request and returns the `Authorization` header value. */
export function signLmv1(accessId: string, accessKey: string, input: Lmv1SignatureInput): string {
  return formatLmv1Header(accessId, computeLmv1Signature(accessKey, input), input.epochMillis);
}

/** The parts of an `LMv1 id:signature:epoch` header, or `undefined` when it is malformed. */
export interface ParsedLmv1Header {
  accessId: string;
  signature: string;
  epochMillis: number;
}

/** Parses an `Authorization` header of the LMv1 form; returns `undefined` for any other form. */
export function parseLmv1Header(header: string): ParsedLmv1Header | undefined {
  const match = /^LMv1 ([^:\s]+):([A-Za-z0-9+/=]+):(\d{1,16})$/.exec(header.trim());
  if (!match) return undefined;
  const [, accessId, signature, epoch] = match;
  if (accessId === undefined || signature === undefined || epoch === undefined) return undefined;
  return { accessId, signature, epochMillis: Number(epoch) };
}
