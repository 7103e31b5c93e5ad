#!/usr/bin/env node
/**
 * `lm-emulator` / `npm run emulator`: starts the LogicMonitor emulator, prints one JSON line
 * `{"baseUrl","accessId","accessKey"}` on stdout once listening (for programs: always the first
 * line), then the same values as lines to paste into a shell or a stack's config, and serves
 * until SIGINT or SIGTERM. Run with `--help` for the flags.
 */
import { BOUNDS, describeBound, describeViolation, numberFromText, withinBound, type NumericBound } from "./bounds";
import { startEmulator } from "./server";
import { HTTP_METHODS, type EmulatorOptions, type HttpMethod } from "./types";

const USAGE = `Usage: lm-emulator [flags]
  --port <n>                      port to listen on (default 0: any free port)
  --host <addr>                   interface to bind (default 127.0.0.1; others need --allow-remote)
  --allow-remote                  allow a --host that is not loopback (anyone who reaches it can mint keys: set a control token)
  --control-token <token>         require this X-LM-Emulator-Control-Token on /_emulator/ (except health);
                                  or set LM_EMULATOR_CONTROL_TOKEN
  --access-id <id>                root token access id (default: random, or the persisted one)
  --access-key <key>              root token access key
  --persist <file>                load/save the portal state in this JSON file (holds keys: keep it out of git)
  --latency-ms <n>                delay added to every API response: ${describeBound(BOUNDS.latencyMs)}
  --clock-offset-ms <n>           the portal clock runs this far from the real one: ${describeBound(BOUNDS.clockOffsetMs)}
  --seed <n>                      deterministic generated keys
  --rate-limit METHOD=limit/windowSeconds   e.g. POST=10/60 (repeatable); limit is ${describeBound(BOUNDS.rateLimit)},
                                  windowSeconds ${describeBound(BOUNDS.rateLimitWindowSeconds)}`;

/** A command-line mistake; the message names the flag. */
class UsageError extends Error {}

/**
 * Parses the flags into emulator options. Exported for tests. Not `node:util` `parseArgs`: in its
 * strict mode a value that starts with a dash after a space (`--clock-offset-ms -5000`) is an error.
 */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): EmulatorOptions {
  const options: EmulatorOptions = {};
  const tokenFromEnv = env["LM_EMULATOR_CONTROL_TOKEN"];
  if (tokenFromEnv) options.controlToken = tokenFromEnv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [flag = "", inline] = arg.startsWith("--") && arg.includes("=") ? splitOnce(arg, "=") : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || (inline === undefined && next.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--port":
        options.port = bounded(flag, value(), BOUNDS.port);
        break;
      case "--host":
        options.host = value();
        break;
      case "--allow-remote":
        if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
        options.allowRemote = true;
        break;
      case "--control-token":
        options.controlToken = value();
        if (options.controlToken.length < 16) throw new UsageError(`${flag} needs at least 16 characters`);
        break;
      case "--access-id":
        options.accessId = value();
        break;
      case "--access-key":
        options.accessKey = value();
        break;
      case "--persist":
        options.persistFile = value();
        break;
      case "--latency-ms":
        options.latencyMs = bounded(flag, value(), BOUNDS.latencyMs);
        break;
      case "--clock-offset-ms":
        options.clockOffsetMs = bounded(flag, value(), BOUNDS.clockOffsetMs);
        break;
      case "--seed":
        options.seed = bounded(flag, value(), BOUNDS.seed);
        break;
      case "--rate-limit": {
        const [method, limit] = parseRateLimitFlag(value());
        options.rateLimits = { ...options.rateLimits, [method]: limit };
        break;
      }
      default:
        throw new UsageError(`unknown flag ${arg}`);
    }
  }
  if ((options.accessId === undefined) !== (options.accessKey === undefined)) {
    throw new UsageError("--access-id and --access-key go together");
  }
  return options;
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return [text.slice(0, index), text.slice(index + 1)];
}

/** The number `text` spells when it is inside `bound` (the table the control endpoints use too); else a usage error naming `label`. */
function bounded(label: string, text: string, bound: NumericBound): number {
  const value = numberFromText(text);
  if (withinBound(bound, value)) return value;
  throw new UsageError(describeViolation(bound, value ?? text, label));
}

function parseRateLimitFlag(text: string): [HttpMethod, { limit: number; windowSeconds: number }] {
  const match = /^([A-Za-z]+)=([^/]*)\/(.*)$/.exec(text);
  const method = match?.[1]?.toUpperCase() as HttpMethod | undefined;
  if (!match || !method || !HTTP_METHODS.includes(method)) {
    throw new UsageError(`--rate-limit must look like METHOD=limit/windowSeconds (e.g. POST=10/60), got "${text}"`);
  }
  return [
    method,
    {
      limit: bounded(`--rate-limit ${method} limit`, match[2] ?? "", BOUNDS.rateLimit),
      windowSeconds: bounded(`--rate-limit ${method} windowSeconds`, match[3] ?? "", BOUNDS.rateLimitWindowSeconds),
    },
  ];
}

/** `value` as one POSIX shell word: single-quoted, any `'` written as `'\''`. Exported for tests. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The emulator's address and root credentials as lines to paste: `export LM_…` for the
 * environment, or `pulumi config set` for a stack. Values are quoted: generated keys contain
 * characters a shell would interpret. Exported for tests.
 */
export function pasteLines(info: { baseUrl: string; accessId: string; accessKey: string }): string {
  return [
    "# The emulator's portal, for a shell (sh, bash, zsh):",
    `export LM_BASE_URL=${shellQuote(info.baseUrl)}`,
    `export LM_ACCESS_ID=${shellQuote(info.accessId)}`,
    `export LM_ACCESS_KEY=${shellQuote(info.accessKey)}`,
    "# or for a stack's config:",
    `pulumi config set logicmonitor:baseUrl ${shellQuote(info.baseUrl)}`,
    `pulumi config set logicmonitor:accessId ${shellQuote(info.accessId)}`,
    `pulumi config set --secret logicmonitor:accessKey ${shellQuote(info.accessKey)}`,
    "# Serving until Ctrl-C.",
    "",
  ].join("\n");
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE + "\n");
    return;
  }
  const emulator = await startEmulator(parseCliArgs(argv, process.env));
  const info = { baseUrl: emulator.baseUrl, accessId: emulator.accessId, accessKey: emulator.accessKey };
  process.stdout.write(JSON.stringify(info) + "\n" + pasteLines(info));
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`lm-emulator: error while closing: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`lm-emulator: ${message}\n${error instanceof UsageError ? USAGE + "\n" : ""}`);
    process.exit(2);
  });
}
