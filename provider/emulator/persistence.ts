import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { StateSnapshot } from "./state";
import type { AdminRecord, TokenRecord } from "./types";

/**
 * Saves and loads the portal's state as JSON. The file holds working credentials (the keys of
 * every token), so it is written with mode 0600 and must stay out of version control.
 */

/**
 * Writes `text` to `file` atomically: a new temporary file in the same folder, created exclusively
 * (`wx`: a file or symlink planted at its name is never followed or reused) with mode 0600 and an
 * unguessable name, then renamed over `file`.
 */
export async function writeFileAtomically(file: string, text: string, temporary = temporaryNameFor(file)): Promise<void> {
  const handle = await fs.promises.open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.promises.rename(temporary, file);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}

/** A fresh, unguessable name beside `file` for its next temporary copy. */
export function temporaryNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Saves snapshots to one file, coalescing: changes noted while a write runs go out together in the
 * next write, so a burst of changes (a thousand tokens made at once) costs two writes, not a thousand.
 */
export class SnapshotWriter {
  private changes = 0;
  private saved = 0;
  private writing: Promise<void> | undefined;
  private scheduled = false;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => StateSnapshot,
    private readonly write: (file: string, text: string) => Promise<void> = writeFileAtomically,
  ) {}

  /** Notes a change; it is written soon (or by the next {@link flush}). */
  changed(): void {
    this.changes++;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush().catch((error: unknown) => console.error(`[lm-emulator] could not save ${this.file}:`, error));
    });
  }

  /** Resolves once every change noted so far is on disk; rejects when a write fails. */
  async flush(): Promise<void> {
    const target = this.changes;
    while (this.saved < target) {
      if (this.writing) {
        await this.writing;
        continue;
      }
      const upTo = this.changes;
      const text = JSON.stringify(this.snapshot(), null, 2) + "\n";
      this.writing = this.write(this.file, text).then(
        () => {
          this.saved = Math.max(this.saved, upTo);
          this.writing = undefined;
        },
        (error: unknown) => {
          this.writing = undefined;
          throw error;
        },
      );
      await this.writing;
    }
  }
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
