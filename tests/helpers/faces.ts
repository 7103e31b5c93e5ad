import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The two faces of the provider as end-to-end tests drive them: the dynamic TypeScript `ApiToken`
 * (examples/quickstart) and the resource plugin `logicmonitor:index:ApiToken` (examples/yaml).
 * Both examples declare one token `ci-bot` of admin 32 whose note is the stack config `note`.
 */
export interface Face {
  /** How test names call it. */
  name: string;
  /** The example folder under examples/. */
  example: string;
  /** Its project name (Pulumi.yaml). */
  project: string;
  /** The type of its token in URNs. */
  tokenType: string;
  /** Edits the copied program so that `ci-bot` has `retainOnDelete: true`. */
  retainOnDelete(projectDir: string): void;
}

/** Replaces `from` with `to` in a file of the copied program; throws when `from` is not there. */
function edit(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}: update tests/helpers/faces.ts`);
  fs.writeFileSync(file, text.replace(from, to));
}

/** The dynamic TypeScript face. */
export const DYNAMIC_FACE: Face = {
  name: "dynamic TypeScript ApiToken",
  example: "quickstart",
  project: "lm-apitoken-quickstart",
  tokenType: "pulumi-nodejs:dynamic/logicmonitor:ApiToken",
  retainOnDelete: (dir) =>
    edit(path.join(dir, "index.ts"), `"enabled",\n});`, `"enabled",\n}, { retainOnDelete: true });`),
};

/** The plugin face, through Pulumi YAML. */
export const PLUGIN_FACE: Face = {
  name: "plugin face (YAML)",
  example: "yaml",
  project: "lm-apitoken-yaml",
  tokenType: "logicmonitor:index:ApiToken",
  retainOnDelete: (dir) =>
    edit(path.join(dir, "Pulumi.yaml"), "    type: logicmonitor:ApiToken\n", "    type: logicmonitor:ApiToken\n    options:\n      retainOnDelete: true\n"),
};

/** The URN of the example's token `ci-bot` in stack `stack`. */
export function tokenUrn(face: Face, stack = "dev"): string {
  return `urn:pulumi:${stack}::${face.project}::${face.tokenType}::ci-bot`;
}

/** Both faces, for `describe.each`. */
export const FACES: [string, Face][] = [DYNAMIC_FACE, PLUGIN_FACE].map((face) => [face.name, face]);
