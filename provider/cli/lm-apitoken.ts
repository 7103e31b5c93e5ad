#!/usr/bin/env node
/**
 * `npx lm-apitoken orphans`: lists API tokens in the portal that no stack state references, e.g.
 * tokens created by a `pulumi up` that was killed before it recorded them (docs/RECOVERY.md).
 * Credentials and portal come from the environment (LM_BASE_URL or LM_COMPANY, LM_ACCESS_ID and
 * LM_ACCESS_KEY, or LM_BEARER_TOKEN), as for the provider.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { LogicMonitorClient } from "../client/client";
import { resolveClientOptions } from "../client/config";
import { findOrphanTokens, formatOrphans, referencedTokenIds } from "../tools/orphans";

const USAGE = `Usage: lm-apitoken orphans [--state <file>]... [--admin <id>]... [--json]
  Lists API tokens that no given stack state references.
  --state <file>   a 'pulumi stack export' file (repeat for several stacks; '-' or no --state reads stdin)
  --admin <id>     search only this admin's tokens (repeatable; default: every admin, which needs "User Access: view")
  --json           print the tokens as JSON
Portal and credentials: LM_BASE_URL or LM_COMPANY, and LM_ACCESS_ID + LM_ACCESS_KEY (or LM_BEARER_TOKEN).
Example: pulumi stack export | npx lm-apitoken orphans --admin 32`;

/** A command-line mistake (exit 2); the message names the flag. */
class UsageError extends Error {}

/** Parsed `orphans` arguments. Exported for tests. */
export interface OrphansArgs {
  stateFiles: string[];
  adminIds: number[] | undefined;
  json: boolean;
}

/** Parses the arguments after `orphans` (node:util `parseArgs`, strict). Exported for tests. */
export function parseOrphansArgs(argv: readonly string[]): OrphansArgs {
  let values: { state?: string[]; admin?: string[]; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        state: { type: "string", multiple: true },
        admin: { type: "string", multiple: true },
        json: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // parseArgs names the flag ("Option '--admin <value>' argument missing", "Unknown option '--x'").
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const adminIds = values.admin?.map((id) => {
    if (!/^[1-9]\d*$/.test(id)) throw new UsageError(`--admin must be a positive integer admin id, not ${JSON.stringify(id)}`);
    return Number(id);
  });
  return { stateFiles: values.state?.length ? values.state : ["-"], adminIds, json: values.json === true };
}

/** Reads all of stdin. Asynchronously: a synchronous read of a non-blocking pipe fails with EAGAIN. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

async function readState(file: string): Promise<unknown> {
  const text = file === "-" ? await readStdin() : fs.readFileSync(file, "utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${file === "-" ? "stdin" : file} is not JSON: pass the output of 'pulumi stack export'`);
  }
}

async function orphans(argv: readonly string[]): Promise<void> {
  const args = parseOrphansArgs(argv);
  if (args.stateFiles.includes("-") && process.stdin.isTTY) {
    throw new UsageError("no state given: pipe 'pulumi stack export' into this command, or pass --state <file>");
  }
  const states: unknown[] = [];
  for (const file of args.stateFiles) states.push(await readState(file));
  const referenced = referencedTokenIds(states);
  const options = resolveClientOptions({}, process.env);
  const client = new LogicMonitorClient(options);
  const found = await findOrphanTokens(client, {
    referenced,
    ...(args.adminIds ? { adminIds: args.adminIds } : {}),
    ...(options.accessId ? { excludeAccessIds: [options.accessId] } : {}),
  });
  const safe = found.map(({ accessKey: _never, ...token }) => token);
  process.stdout.write((args.json ? JSON.stringify(safe, null, 2) : formatOrphans(found)) + "\n");
}

/** Runs the command line; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "orphans") {
      await orphans(rest);
      return 0;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(USAGE + "\n");
      return 0;
    }
    throw new UsageError(command === undefined ? "no command given" : `unknown command ${JSON.stringify(command)}`);
  } catch (error) {
    const usage = error instanceof UsageError;
    process.stderr.write(`lm-apitoken: ${error instanceof Error ? error.message : String(error)}\n${usage ? USAGE + "\n" : ""}`);
    return usage ? 2 : 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
