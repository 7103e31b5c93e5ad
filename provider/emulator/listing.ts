import { emulatorErrors } from "./errors";
import { matchesFilter, parseFilter } from "./filter";

/**
 * List query parameters shared by LogicMonitor's collection endpoints: `filter`, `sort`,
 * `offset`, `size` (default 50, at most 1000) and `fields`.
 */

/** Default page size of LogicMonitor's lists. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page LogicMonitor serves (https://www.logicmonitor.com/support/getting-api-token-details). */
export const MAX_PAGE_SIZE = 1000;

/** The v2/v3 list envelope. */
export interface ListPage {
  total: number;
  items: Record<string, unknown>[];
  searchId: null;
}

/** Filters, sorts (by id unless `sort` says otherwise), pages and projects `items`. */
export function listPage(items: Record<string, unknown>[], query: URLSearchParams, knownProperties: readonly string[]): ListPage {
  const size = integerParam(query, "size", DEFAULT_PAGE_SIZE, -1);
  if (size > MAX_PAGE_SIZE) throw emulatorErrors.badRequest(`size must be at most ${MAX_PAGE_SIZE}`);
  const offset = integerParam(query, "offset", 0, 0);
  const filterText = query.get("filter");
  const filter = filterText ? parseFilter(filterText) : undefined;
  const matching = filter ? items.filter((item) => matchesFilter(item, filter, knownProperties)) : [...items];
  matching.sort(comparatorFor(query.get("sort")));
  // size=-1 was the v1 idiom for "everything"; it gets the largest page.
  const page = matching.slice(offset, offset + (size < 0 ? MAX_PAGE_SIZE : size));
  return { total: matching.length, items: page.map((item) => projectFields(item, query)), searchId: null };
}

/** Keeps only the properties listed in `fields` (comma-separated), when given. */
export function projectFields(item: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
  const fields = query.get("fields");
  if (!fields) return item;
  const wanted = new Set(fields.split(",").map((field) => field.trim()).filter(Boolean));
  return Object.fromEntries(Object.entries(item).filter(([key]) => wanted.has(key)));
}

function integerParam(query: URLSearchParams, name: string, fallback: number, min: number): number {
  const text = query.get(name);
  if (text === null || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw emulatorErrors.badRequest(`${name} must be an integer >= ${min}`);
  return value;
}

type Comparator = (a: Record<string, unknown>, b: Record<string, unknown>) => number;

/** `sort=+prop` or `-prop` (a `+` may arrive decoded as a space); several are comma-separated. */
function comparatorFor(sort: string | null): Comparator {
  const keys = (sort ?? "+id")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => (part.startsWith("-") ? { property: part.slice(1), direction: -1 } : { property: part.replace(/^\+/, ""), direction: 1 }));
  keys.push({ property: "id", direction: 1 });
  return (a, b) => {
    for (const { property, direction } of keys) {
      const left = a[property];
      const right = b[property];
      const order =
        typeof left === "number" && typeof right === "number" ? left - right : String(left ?? "").localeCompare(String(right ?? ""));
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}
