import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Release archives and checksums, byte for byte reproducible: entries sorted, owned by 0:0, dated
 * `epoch`, and gzip without a name or time stamp (GNU tar and gzip).
 */

/** Packs the files `names` of `dir` into the tar.gz `output`, at the archive's root. */
export function packTarGz(dir: string, names: string[], output: string, epoch: number): void {
  const tar = ["--sort=name", "--owner=0", "--group=0", "--numeric-owner", `--mtime=@${epoch}`, "--mode=u+rw,go-w,a+rX", "--format=gnu", "-C", dir, "-cf", "-", ...names];
  const tarball = execFileSync("tar", tar, { maxBuffer: 1024 * 1024 * 1024 });
  fs.writeFileSync(output, execFileSync("gzip", ["-n", "-6"], { input: tarball, maxBuffer: 1024 * 1024 * 1024 }));
}

/** The SHA-256 of a file, hex. */
export function sha256File(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Writes `output` in `sha256sum` format (`sha256sum -c SHA256SUMS` checks it), one line per file, by base name. */
export function writeChecksums(files: string[], output: string): void {
  fs.writeFileSync(output, files.map((file) => `${sha256File(file)}  ${path.basename(file)}\n`).join(""));
}

/** Packs a tar.gz again with {@link packTarGz}'s settings (same entries, reproducible metadata). */
export function repackTarGz(archive: string, workDir: string, epoch: number): void {
  const unpacked = fs.mkdtempSync(path.join(workDir, "repack-"));
  execFileSync("tar", ["-xzf", archive, "-C", unpacked]);
  packTarGz(unpacked, fs.readdirSync(unpacked).sort(), archive, epoch);
  fs.rmSync(unpacked, { recursive: true, force: true });
}
