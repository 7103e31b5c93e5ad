import { emulatorErrors } from "./errors";
import { matchesWildcard } from "./wildcard";

/**
 * LogicMonitor's `filter` query parameter (https://logicmonitor.com/support/rest-api-basic-filters):
 * `property{op}value` conditions joined by `,` (AND) or `||` (OR); `|` separates alternative
 * values; string values may be double-quoted, and inside quotes `\"` and `\\` stand for `"` and `\`
 * (the escaping the client applies); `*` is a wildcard. Operators: `:` `!:` `>` `<` `>:` `<:` `~`
 * `!~`. Text comparisons ignore case ((an emulator choice)).
 */

type Operator = ":" | "!:" | ">" | "<" | ">:" | "<:" | "~" | "!~";

interface Condition {
  property: string;
  operator: Operator;
  values: string[];
}

/** A parsed filter: OR of ANDs. */
export type Filter = Condition[][];

const CONDITION = /^\s*([A-Za-z_][\w.]*)\s*(!:|>:|<:|!~|:|~|>|<)(.*)$/s;

/** Parses a filter expression, throwing 400 on syntax errors. */
export function parseFilter(expression: string): Filter {
  return splitOutsideQuotes(expression, "||").map((group) =>
    splitOutsideQuotes(group, ",").map((text) => {
      const match = CONDITION.exec(text);
      if (!match) throw emulatorErrors.badRequest(`Invalid filter condition: ${text}`);
      const [, property = "", operator = ":", rawValue = ""] = match;
      return { property, operator: operator as Operator, values: splitOutsideQuotes(rawValue, "|").map(unquote) };
    }),
  );
}

/** True when `item` satisfies the filter; throws 400 for properties the items do not have. */
export function matchesFilter(item: Record<string, unknown>, filter: Filter, knownProperties: readonly string[]): boolean {
  return filter.some((group) =>
    group.every((condition) => {
      if (!knownProperties.includes(condition.property)) {
        throw emulatorErrors.badRequest(`Unknown filter property: ${condition.property}`);
      }
      return matchesCondition(item[condition.property], condition);
    }),
  );
}

function matchesCondition(actual: unknown, condition: Condition): boolean {
  const candidates = Array.isArray(actual) ? actual : [actual];
  const negated = condition.operator === "!:" || condition.operator === "!~";
  const anyMatch = condition.values.some((value) =>
    candidates.some((candidate) => compare(candidate, condition.operator, value)),
  );
  return negated ? !anyMatch : anyMatch;
}

function compare(actual: unknown, operator: Operator, expected: string): boolean {
  switch (operator) {
    case ":":
    case "!:":
      return typeof actual === "number" ? actual === Number(expected) : matchesWildcard(expected, String(actual ?? ""));
    case "~":
    case "!~":
      return String(actual ?? "").toLowerCase().includes(expected.toLowerCase());
    default:
      return ordered(actual, operator, expected);
  }
}

function ordered(actual: unknown, operator: ">" | "<" | ">:" | "<:", expected: string): boolean {
  const difference =
    typeof actual === "number" ? actual - Number(expected) : String(actual ?? "").localeCompare(expected);
  if (Number.isNaN(difference)) return false;
  if (operator === ">") return difference > 0;
  if (operator === "<") return difference < 0;
  if (operator === ">:") return difference >= 0;
  return difference <= 0;
}

/** A double-quoted value loses its quotes and its escapes (`\"` is `"`, `\\` is `\`); others are trimmed. */
function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length < 2 || !trimmed.startsWith('"') || !trimmed.endsWith('"')) return trimmed;
  return trimmed.slice(1, -1).replace(/\\(.)/gs, "$1");
}

/** Splits on `separator` where it is not inside double quotes (a `\` inside quotes escapes the next character). */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === "\\" && i + 1 < text.length) {
      current += char + text[i + 1];
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (!quoted && text.startsWith(separator, i)) {
      parts.push(current);
      current = "";
      i += separator.length - 1;
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
