import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * A PATH on which `node` cannot be found, for running what users without Node.js run: the given
 * folders (the Pulumi engine, a Python virtualenv) and one folder of links to the few basic
 * tools a program may call. The machine's /usr/bin holds node, so it is never on this PATH.
 */

/** Basic tools linked into the tools folder when the machine has them. */
const BASIC_TOOLS = ["sh", "bash", "env", "cat", "ls", "mkdir", "rm", "cp", "mv", "uname", "id", "tr", "sed", "grep", "dirname", "basename", "readlink", "git"];

let toolsDir: string | undefined;

/** `dirs` plus a folder of basic tools, joined as a PATH; throws if `node` is on it. */
export function pathWithoutNode(...dirs: string[]): string {
  toolsDir ??= makeToolsDir();
  const searchPath = [...dirs, toolsDir].join(path.delimiter);
  const found = which("node", searchPath);
  if (found) throw new Error(`node is on the PATH meant to have none: ${found}`);
  return searchPath;
}

function makeToolsDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lm-no-node-tools-"));
  for (const tool of BASIC_TOOLS) {
    const target = which(tool, process.env["PATH"] ?? "");
    if (target) fs.symlinkSync(target, path.join(dir, tool));
  }
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The first executable `name` on `searchPath`, or undefined. */
function which(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
