import * as fs from "node:fs";
import * as path from "node:path";

/**
 * This package's version, which the plugin reports (GetPluginInfo, the schema). Read from the
 * nearest package.json of this package above this file, which is the same in the sources and in
 * `dist/`.
 */
export function pluginVersion(start: string = __dirname): string {
  for (let dir = start; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (!fs.existsSync(manifest)) continue;
    const parsed = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string; version?: string };
    if (parsed.name === "pulumi-logicmonitor-apitoken" && parsed.version) return parsed.version;
  }
  throw new Error(`pulumi-resource-logicmonitor: cannot find the package.json of pulumi-logicmonitor-apitoken above ${start}`);
}
