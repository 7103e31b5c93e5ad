import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SnapshotWriter, writeFileAtomically } from "../../../provider/emulator/persistence";
import type { StateSnapshot } from "../../../provider/emulator/state";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lm-persist-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("writeFileAtomically", () => {
  it("writes through a new temporary file with mode 0600 and leaves none behind", async () => {
    const file = path.join(dir, "portal.json");
    await writeFileAtomically(file, "one");
    await writeFileAtomically(file, "two");
    expect(fs.readFileSync(file, "utf8")).toBe("two");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(["portal.json"]);
  });

  it("never follows a symlink planted at its temporary name: it fails, and the symlink's target is untouched", async () => {
    const file = path.join(dir, "portal.json");
    const victim = path.join(dir, "victim.txt");
    fs.writeFileSync(victim, "precious", { mode: 0o644 });
    const planted = path.join(dir, ".portal.json.tmp");
    fs.symlinkSync(victim, planted);
    await expect(writeFileAtomically(file, "keys", planted)).rejects.toMatchObject({ code: "EEXIST" });
    expect(fs.readFileSync(victim, "utf8")).toBe("precious");
    expect(fs.statSync(victim).mode & 0o777).toBe(0o644);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("is not fooled by symlinks at the names the emulator once used (pid-based)", async () => {
    const file = path.join(dir, "portal.json");
    const victim = path.join(dir, "victim.txt");
    fs.writeFileSync(victim, "precious");
    fs.symlinkSync(victim, path.join(dir, `.portal.json.${process.pid}.tmp`));
    await writeFileAtomically(file, "keys");
    expect(fs.readFileSync(victim, "utf8")).toBe("precious");
    expect(fs.readFileSync(file, "utf8")).toBe("keys");
  });
});

describe("SnapshotWriter", () => {
  const snapshotOf = (version: number) => ({ format: 1, nextTokenId: version, admins: [], tokens: [] }) as unknown as StateSnapshot;

  it("coalesces a burst of changes into few writes, and flush waits for the last change", async () => {
    let version = 0;
    const written: string[] = [];
    const pending: (() => void)[] = [];
    let started: () => void = () => undefined;
    const write = (_file: string, text: string) =>
      new Promise<void>((resolve) => {
        written.push(text);
        pending.push(resolve);
        started();
      });
    const nextWrite = () => new Promise<void>((resolve) => (started = resolve));
    const writer = new SnapshotWriter(path.join(dir, "portal.json"), () => snapshotOf(version), write);
    version = 1;
    writer.changed();
    const firstStarted = nextWrite();
    const first = writer.flush();
    await firstStarted;
    // While the first write is under way, a thousand more changes arrive.
    for (let i = 2; i <= 1001; i++) {
      version = i;
      writer.changed();
    }
    const last = writer.flush();
    const secondStarted = nextWrite();
    pending.shift()?.();
    await first;
    await secondStarted;
    pending.shift()?.();
    await last;
    expect(written.map((text) => (JSON.parse(text) as { nextTokenId: number }).nextTokenId)).toEqual([1, 1001]);
  });

  it("flush resolves at once when nothing changed, and rejects when the write fails", async () => {
    let fail = true;
    const writer = new SnapshotWriter(path.join(dir, "portal.json"), () => snapshotOf(1), async () => {
      if (fail) throw new Error("disk full");
    });
    await expect(writer.flush()).resolves.toBeUndefined();
    writer.changed();
    await expect(writer.flush()).rejects.toThrow("disk full");
    fail = false;
    await expect(writer.flush()).resolves.toBeUndefined();
  });
});
