import * as fs from "node:fs";
import * as path from "node:path";
import type { StateSnapshot } from "./state";
import type { AdminRecord, TokenRecord } from "./types";

/**
 * Saves and loads the portal's state as JSON. The file holds working credentials (the keys of
 * every token), so it is written with mode 0600 and must stay out of version control.
 */

/** Writes the snapshot atomically: a temporary file in the same folder (mode 0600), then a rename. */
export function saveSnapshot(file: string, snapshot: StateSnapshot): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, JSON.stringify(snapshot, null, 2) + "\n", { mode: 0o600 });
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
}

/** Reads a snapshot; undefined when the file does not exist. Throws when it is not a valid snapshot. */
export function loadSnapshot(file: string): StateSnapshot | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (!isSnapshot(parsed)) throw new Error(`${file} is not a LogicMonitor emulator state file (format 1)`);
  return parsed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSnapshot(value: unknown): value is StateSnapshot {
  return (
    isRecord(value) &&
    value["format"] === 1 &&
    typeof value["nextTokenId"] === "number" &&
    Array.isArray(value["admins"]) &&
    value["admins"].every(isAdmin) &&
    Array.isArray(value["tokens"]) &&
    value["tokens"].every(isToken)
  );
}

function isAdmin(value: unknown): value is AdminRecord {
  return (
    isRecord(value) &&
    typeof value["id"] === "number" &&
    typeof value["username"] === "string" &&
    Array.isArray(value["roles"]) &&
    value["roles"].every((role) => typeof role === "string")
  );
}

function isToken(value: unknown): value is TokenRecord {
  return (
    isRecord(value) &&
    typeof value["id"] === "number" &&
    typeof value["adminId"] === "number" &&
    typeof value["accessId"] === "string" &&
    typeof value["accessKey"] === "string" &&
    (value["type"] === "lmv1" || value["type"] === "bearer") &&
    (value["status"] === 1 || value["status"] === 2) &&
    typeof value["note"] === "string"
  );
}
