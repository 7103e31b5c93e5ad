import { randomInt } from "node:crypto";

/**
 * Generates access ids, access keys and Bearer token values shaped like LogicMonitor's: a
 * 20-character id and a 40-character key that contains punctuation such as `+ = { } [ ( ) ~ ^ _`,
 * so that clients' escaping gets exercised.
 */

/** Picks integers in `[0, maxExclusive)`. */
export type RandomIntSource = (maxExclusive: number) => number;

/** Cryptographic randomness, or a deterministic sequence (mulberry32) when a seed is given. */
export function createRandomSource(seed?: number): RandomIntSource {
  if (seed === undefined) return (maxExclusive) => randomInt(maxExclusive);
  let state = seed >>> 0;
  return (maxExclusive) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(unit * maxExclusive);
  };
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const KEY_PUNCTUATION = "+={}[]()~^_-";
const ACCESS_ID_LENGTH = 20;
const ACCESS_KEY_LENGTH = 40;
const BEARER_LENGTH = 60;
/** Prefix of Bearer token values (the one hint LogicMonitor's clients rely on). */
export const BEARER_PREFIX = "lmb_";

function pick(random: RandomIntSource, alphabet: string, length: number): string[] {
  return Array.from({ length }, () => alphabet[random(alphabet.length)] ?? "x");
}

/** A 20-character alphanumeric access id. */
export function generateAccessId(random: RandomIntSource): string {
  return pick(random, ALPHANUMERIC, ACCESS_ID_LENGTH).join("");
}

/** A 40-character access key with at least four punctuation characters. */
export function generateAccessKey(random: RandomIntSource): string {
  const chars = pick(random, ALPHANUMERIC + KEY_PUNCTUATION, ACCESS_KEY_LENGTH);
  for (const punctuation of pick(random, KEY_PUNCTUATION, 4)) chars[random(ACCESS_KEY_LENGTH)] = punctuation;
  return chars.join("");
}

/** A Bearer token value: `lmb_` and 60 alphanumerics. */
export function generateBearerToken(random: RandomIntSource): string {
  return BEARER_PREFIX + pick(random, ALPHANUMERIC, BEARER_LENGTH).join("");
}

/** How a Bearer value appears after creation: the first 20 characters, then `****`. */
export function maskBearerToken(value: string): string {
  return `${value.slice(0, 20)}****`;
}
