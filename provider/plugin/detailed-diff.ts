/**
 * The per-property view of a diff that the engine needs for `replaceOnChanges`, `preview --diff`
 * and `ignoreChanges` display. The lifecycle decides WHETHER a resource changes and WHICH
 * properties force a replacement; this only names, for the engine, the input properties whose
 * values differ and how.
 */
import { UNKNOWN_VALUE, type PropertyMap } from "./property-values";

/** How one property changes (mirrors `pulumirpc.PropertyDiff.Kind`). */
export type PropertyChange = "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

/** What the lifecycle's `diff` reported, in the dynamic contract's shape. */
export interface LifecycleDiff {
  changes?: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
  /** Properties beyond the differing inputs that show why the resource changes (resources/lifecycle.ts). */
  properties?: Record<string, "add" | "update" | "delete">;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === UNKNOWN_VALUE || b === UNKNOWN_VALUE) return false;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as PropertyMap)[key])]));
  }
  return value;
}

/**
 * The detailed diff between stored outputs (`olds`) and new checked inputs (`news`) over the
 * given input properties, when the lifecycle says the resource changes. Replaced properties are
 * always listed; other properties are listed when their values differ; then the properties the
 * lifecycle names as the reason for a change.
 */
export function detailedDiff(
  olds: PropertyMap,
  news: PropertyMap,
  inputNames: readonly string[],
  lifecycle: LifecycleDiff,
): Record<string, PropertyChange> {
  const result: Record<string, PropertyChange> = {};
  if (!lifecycle.changes) return result;
  const replaces = new Set(lifecycle.replaces ?? []);
  for (const name of replaces) {
    const had = olds[name] !== undefined;
    const has = news[name] !== undefined;
    result[name] = had && has ? "update-replace" : has ? "add-replace" : "delete-replace";
  }
  for (const name of inputNames) {
    if (replaces.has(name) || !(name in news)) continue;
    const before = olds[name];
    const after = news[name];
    if (sameValue(before, after)) continue;
    result[name] = before === undefined ? "add" : after === undefined ? "delete" : "update";
  }
  for (const [name, change] of Object.entries(lifecycle.properties ?? {})) {
    if (!(name in result)) result[name] = change;
  }
  return result;
}
