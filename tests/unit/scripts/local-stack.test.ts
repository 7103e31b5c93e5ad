import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOCAL_PASSPHRASE } from "../../../scripts/lib/engine";
import { chooseLocalStack, describeLocalStack } from "../../../scripts/lib/local-stack";
import { generatedPassphraseFile, passphraseConfigDir } from "../../../scripts/lib/passphrase";
import { configuredPortal } from "../../../scripts/lib/portal";

/** The stack and passphrase of `npm start` / `npm run pulumi`; no portal is contacted. */

describe("chooseLocalStack", () => {
  let dir: string;
  let configDir: string;
  let repoRoot: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lm-local-stack-"));
    configDir = path.join(dir, "config");
    repoRoot = path.join(dir, "repo");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const portal = (env: NodeJS.ProcessEnv) => chooseLocalStack({ emulated: false }, { env, repoRoot, configDir });

  it("uses the demo passphrase on stack dev for the emulator only, whatever the environment says, and writes nothing", () => {
    const local = chooseLocalStack({ emulated: true }, { env: { PULUMI_CONFIG_PASSPHRASE: "mine", PULUMI_CONFIG_PASSPHRASE_FILE: "/x" }, repoRoot, configDir });
    expect(local.stack).toBe("dev");
    expect(local.passphrase.source).toBe("demo");
    expect(local.passphrase.env).toEqual({ PULUMI_CONFIG_PASSPHRASE: LOCAL_PASSPHRASE, PULUMI_CONFIG_PASSPHRASE_FILE: undefined });
    expect(fs.existsSync(configDir)).toBe(false);
  });

  it("uses the user's PULUMI_CONFIG_PASSPHRASE on stack portal for a real portal", () => {
    const local = portal({ PULUMI_CONFIG_PASSPHRASE: "correct horse", PULUMI_CONFIG_PASSPHRASE_FILE: "/elsewhere" });
    expect(local.stack).toBe("portal");
    expect(local.passphrase.source).toBe("env");
    expect(local.passphrase.env).toEqual({ PULUMI_CONFIG_PASSPHRASE: "correct horse", PULUMI_CONFIG_PASSPHRASE_FILE: undefined });
    expect(describeLocalStack(local)).toBe("Stack portal (Pulumi.portal.yaml); secrets passphrase: yours, from PULUMI_CONFIG_PASSPHRASE");
    expect(describeLocalStack(local)).not.toContain("correct horse");
    expect(fs.existsSync(configDir)).toBe(false);
  });

  it("uses the user's PULUMI_CONFIG_PASSPHRASE_FILE when no passphrase is set", () => {
    const local = portal({ PULUMI_CONFIG_PASSPHRASE: "", PULUMI_CONFIG_PASSPHRASE_FILE: "/run/secrets/pulumi" });
    expect(local.passphrase.source).toBe("env-file");
    expect(local.passphrase.env).toEqual({ PULUMI_CONFIG_PASSPHRASE: undefined, PULUMI_CONFIG_PASSPHRASE_FILE: "/run/secrets/pulumi" });
    expect(local.passphrase.description).toContain("/run/secrets/pulumi");
  });

  it("otherwise generates a random passphrase once, in a file of mode 0600 outside the checkout, and reuses it", () => {
    const first = portal({});
    const file = generatedPassphraseFile(configDir, repoRoot, "portal");
    expect(first.passphrase.source).toBe("generated");
    expect(first.passphrase.file).toBe(file);
    expect(first.passphrase.env).toEqual({ PULUMI_CONFIG_PASSPHRASE: undefined, PULUMI_CONFIG_PASSPHRASE_FILE: file });
    expect(path.relative(repoRoot, file).startsWith("..")).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const secret = fs.readFileSync(file, "utf8");
    expect(secret.length).toBeGreaterThanOrEqual(43);
    expect(secret).not.toBe(LOCAL_PASSPHRASE);
    expect(first.passphrase.description).toMatch(/generated now and stored in .* \(mode 0600, outside git\)/);
    expect(first.passphrase.description).not.toContain(secret);

    const second = portal({});
    expect(second.passphrase.file).toBe(file);
    expect(second.passphrase.description).toMatch(/generated on first use, stored in/);
    expect(fs.readFileSync(file, "utf8")).toBe(secret);

    const otherCheckout = chooseLocalStack({ emulated: false }, { env: {}, repoRoot: path.join(dir, "clone"), configDir });
    expect(otherCheckout.passphrase.file).not.toBe(file);
    expect(fs.readFileSync(otherCheckout.passphrase.file ?? "", "utf8")).not.toBe(secret);
  });

  it("refuses a generated passphrase file that others may read, naming the fix", () => {
    portal({});
    const file = generatedPassphraseFile(configDir, repoRoot, "portal");
    fs.chmodSync(file, 0o644);
    expect(() => portal({})).toThrow(`others may read it (mode 644): run chmod 600 ${file}`);
  });

  it("keeps generated passphrases under XDG_CONFIG_HOME (or ~/.config)", () => {
    expect(passphraseConfigDir({ XDG_CONFIG_HOME: "/cfg" })).toBe(path.join("/cfg", "pulumi-logicmonitor-apitoken"));
    expect(passphraseConfigDir({})).toBe(path.join(os.homedir(), ".config", "pulumi-logicmonitor-apitoken"));
  });
});

describe("configuredPortal", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "lm-portal-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is the emulator when nothing names a portal", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "encryptionsalt: v1:abc\n");
    expect(configuredPortal(dir, {})).toBeUndefined();
  });

  it("takes the portal from the environment or from Pulumi.portal.yaml", () => {
    expect(configuredPortal(dir, { LM_COMPANY: "acme" })).toBe("LM_COMPANY=acme");
    fs.writeFileSync(path.join(dir, "Pulumi.portal.yaml"), "config:\n  logicmonitor:company: acme\n");
    expect(configuredPortal(dir, {})).toBe("logicmonitor:company = acme (Pulumi.portal.yaml)");
  });

  it("refuses a real portal named in the tracked Pulumi.dev.yaml, whose passphrase is published", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  logicmonitor:baseUrl: https://acme.logicmonitor.com\n");
    expect(() => configuredPortal(dir, { LM_COMPANY: "acme" })).toThrow(/for the embedded emulator only: its passphrase is published/);
  });
});
