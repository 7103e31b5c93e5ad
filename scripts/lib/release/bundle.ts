import * as fs from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";

/**
 * The plugin as one JavaScript file for a Node.js single executable application: the compiled
 * plugin (dist/provider/plugin) with everything it requires, bundled by esbuild. An executable
 * has no node_modules and no package.json, so the two places where the plugin looks around at
 * run time become constants here:
 *
 * - provider/plugin/wire.ts loads gRPC and Pulumi's protocol stubs from the folder of the installed
 *   `@pulumi/pulumi` (`fromPulumiSdk(<specifier>)`); the bundle resolves the same specifiers from
 *   the same folder at build time, as static `require`s;
 * - provider/plugin/plugin-version.ts reads the version from package.json; the bundle carries it.
 *
 * Both rewrites fail the build when the code they expect is not there, rather than bundling a
 * plugin that breaks at run time.
 */

/** Bundles the compiled plugin (`<repoRoot>/dist/provider/plugin`) into `outfile`. */
export async function bundlePlugin(repoRoot: string, version: string, outfile: string): Promise<void> {
  const pluginDir = path.join(repoRoot, "dist", "provider", "plugin");
  if (!fs.existsSync(path.join(pluginDir, "main.js"))) throw new Error(`${pluginDir}/main.js is missing: run 'npm run build' first`);
  const pulumiSdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] }));
  const result = await esbuild.build({
    stdin: { contents: entry(), resolveDir: pluginDir, sourcefile: "executable-entry.js", loader: "js" },
    bundle: true,
    platform: "node",
    target: "node24",
    format: "cjs",
    outfile,
    legalComments: "none",
    // Paths in the bundle relative to the repository: the same bytes from any clone.
    absWorkingDir: repoRoot,
    logLevel: "silent",
    plugins: [staticSdkRequires(pulumiSdkDir), constantVersion(version)],
  });
  for (const warning of result.warnings) process.stderr.write(`esbuild: ${warning.text}\n`);
}

/**
 * The executable's entry: runs the plugin with its arguments. A failure to start is one line
 * naming the plugin and the cause, without a stack trace.
 */
function entry(): string {
  return `require("./main.js").main(process.argv.slice(2)).catch((error) => {
  process.stderr.write("pulumi-resource-logicmonitor: cannot start: " + (error && error.message ? error.message : String(error)) + "\\n");
  process.exit(1);
});
`;
}

/** wire.js's `fromPulumiSdk("x")` as `require("x")` resolved from `@pulumi/pulumi`'s folder. */
function staticSdkRequires(pulumiSdkDir: string): esbuild.Plugin {
  return {
    name: "static-sdk-requires",
    setup(build) {
      build.onLoad({ filter: /[\\/]plugin[\\/]wire\.js$/ }, (args) => {
        const text = fs.readFileSync(args.path, "utf8");
        const definition = /^const fromPulumiSdk = .*createRequire\)\(require\.resolve\("@pulumi\/pulumi\/package\.json"\)\);$/m;
        const calls = text.match(/\bfromPulumiSdk\("[^"]+"\)/g) ?? [];
        if (!definition.test(text) || calls.length === 0) {
          throw new Error(`${args.path}: no 'fromPulumiSdk' loader to make static; update scripts/lib/release/bundle.ts with wire.ts`);
        }
        const contents = text.replace(definition, "").replace(/\bfromPulumiSdk\(("[^"]+")\)/g, "require($1)");
        if (/fromPulumiSdk|createRequire\)\(/.test(contents)) throw new Error(`${args.path}: a dynamic require is left after the rewrite`);
        return { contents, resolveDir: pulumiSdkDir, loader: "js" };
      });
    },
  };
}

/** plugin-version.js as a module that returns the version given at build time. */
function constantVersion(version: string): esbuild.Plugin {
  return {
    name: "constant-version",
    setup(build) {
      build.onLoad({ filter: /[\\/]plugin[\\/]plugin-version\.js$/ }, (args) => {
        if (!/exports\.pluginVersion = pluginVersion;/.test(fs.readFileSync(args.path, "utf8"))) {
          throw new Error(`${args.path} no longer exports pluginVersion; update scripts/lib/release/bundle.ts`);
        }
        return { contents: `"use strict";\nexports.pluginVersion = () => ${JSON.stringify(version)};\n`, loader: "js" };
      });
    },
  };
}
