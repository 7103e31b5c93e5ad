import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * What `npm pack` puts in the published package: the compiled provider (JavaScript and type
 * declarations, one pair per source file), the plugin's launcher, package.json and the README. No development tooling
 * (the Go recipes that build the engine, scripts, tests), no source maps of sources that are not
 * shipped. The expected list is derived from `provider/`'s sources, so a new file there is
 * expected, while anything else that drifts in (or a stale file left in dist/) fails.
 */

const ROOT = path.resolve(__dirname, "..", "..");

interface PackedFile {
  path: string;
  mode: number;
}

interface Manifest {
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
}

function packedFiles(): PackedFile[] {
  // --ignore-scripts: pack what `npm run build` (pretest) compiled, without building again.
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [result] = JSON.parse(out) as { files: PackedFile[] }[];
  if (!result) throw new Error(`npm pack --dry-run --json printed no package: ${out}`);
  return result.files;
}

/** Every source file of provider/ (TypeScript, or JavaScript kept as JavaScript), relative to it. */
function providerSources(dir = path.join(ROOT, "provider"), prefix = ""): string[] {
  const sources: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) sources.push(...providerSources(path.join(dir, entry.name), `${rel}/`));
    else if ((rel.endsWith(".ts") && !rel.endsWith(".d.ts")) || rel.endsWith(".js")) sources.push(rel);
  }
  return sources;
}

function expectedFiles(): string[] {
  const compiled = providerSources().flatMap((source) => {
    const base = `dist/provider/${source.replace(/\.(ts|js)$/, "")}`;
    return [`${base}.js`, `${base}.d.ts`];
  });
  // The plugin face's launcher, a bin the engine runs directly (pulumi-resource-logicmonitor).
  return ["package.json", "README.md", "bin/pulumi-resource-logicmonitor", ...compiled].sort();
}

describe("the published package (npm pack)", () => {
  let files: PackedFile[];
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, "dist", "provider", "index.js"))) {
      throw new Error("dist/provider is not built: run `npm run build` first (npm test does)");
    }
    files = packedFiles();
  }, 60_000);

  it("holds exactly the compiled provider, package.json and the README", () => {
    expect(files.map((f) => f.path).sort()).toEqual(expectedFiles());
  });

  it("holds no development tooling: no Go recipes, scripts, tests or source maps", () => {
    const tooling = files.filter((f) => /^(scripts|tests|bench|examples|docs)\/|\.(go|map|sum|mod)$|^provider\//.test(f.path));
    expect(tooling.map((f) => f.path)).toEqual([]);
  });

  it("runs nothing when installed: no install-time script (npm lists prepare among them)", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> };
    const installTime = ["preinstall", "install", "postinstall", "prepare"].filter((name) => manifest.scripts?.[name] !== undefined);
    expect(installTime).toEqual([]);
    // A clone still builds before packing, starting and testing.
    expect(manifest.scripts).toEqual(expect.objectContaining({ prepack: "npm run build", prestart: "npm run build", pretest: expect.stringContaining("npm run build") }));
  });

  it("ships every file package.json points at, the bin entries as scripts that run on node", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Manifest;
    const byPath = new Map(files.map((f) => [f.path, f]));
    const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin)];
    for (const target of Object.values(manifest.exports)) {
      targets.push(...(typeof target === "string" ? [target] : Object.values(target)));
    }
    for (const target of targets) {
      expect(byPath.has(path.posix.normalize(target))).toBe(true);
    }
    // npm makes bin targets executable when it installs them; they must start with the shebang.
    // The launchers kept in bin/ (the engine may run them by path) are packed executable too.
    // The plugin launcher is a shell script that is also a Node.js script: sh names a missing
    // `node` plainly, then runs the same file with node.
    for (const bin of Object.values(manifest.bin)) {
      const [first, second] = fs.readFileSync(path.join(ROOT, bin), "utf8").split("\n");
      if (bin === "bin/pulumi-resource-logicmonitor") {
        expect(first).toBe("#!/bin/sh");
        expect(second).toMatch(/^":" \/\/; command -v node .*; exec node "\$0" "\$@"$/);
      } else {
        expect(first).toBe("#!/usr/bin/env node");
      }
      if (bin.startsWith("bin/")) expect((byPath.get(bin)?.mode ?? 0) & 0o111).not.toBe(0);
    }
  });
});
