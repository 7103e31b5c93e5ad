#!/usr/bin/env node
/**
 * `npx lm-apitoken orphans`: lists API tokens in the portal that no stack state references, e.g.
 * tokens created by a `pulumi up` that was killed before it recorded them (docs/RECOVERY.md),
 * telling the provider's own (by their ownership mark) from everyone else's and from the tokens
 * the states hold; `--delete` deletes the provider's never-used ones; `--token` limits both to
 * given token ids.
 * Credentials and portal come from the environment (LM_BASE_URL or LM_COMPANY, LM_ACCESS_ID and
 * LM_ACCESS_KEY, or LM_BEARER_TOKEN), as for the provider.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { LogicMonitorClient } from "../client/client";
import { normalizeClientOptions, resolveClientOptions } from "../client/config";
import { deleteNeverUsedOrphans, type DeletionOutcome } from "../tools/orphan-deletion";
import { findOrphanTokens, stateReferences, type OrphanReport } from "../tools/orphans";
import { formatOrphanReport } from "../tools/orphans-format";
import type { OwnCredential } from "../tools/own-credential";

const USAGE = `Usage: lm-apitoken orphans [--state <file>]... [--admin <id>]... [--token <id>]... [--all] [--delete] [--json]
  Lists API tokens that no given stack state references: those this provider made (their note ends
  with "[managed by Pulumi: <project>/<stack>/<resource> #<hash>]") by stack and resource; the others
  only counted, as they are left alone. A token any resource of a given state references (by id or
  access id, whatever its type) is listed as held and never deleted. Never lists the credential it runs with.
  --state <file>   a 'pulumi stack export' file (repeat for several stacks; '-' or no --state reads stdin)
  --admin <id>     search only this admin's tokens (repeatable; default: every admin, which needs "User Access: view")
  --token <id>     look only at this token (repeatable): listing and --delete are limited to these ids
  --all            also list the tokens not made by this provider
  --delete         delete the orphans this provider made for a given stack that were never used (nothing else)
  --json           print the report as JSON
Portal and credentials: LM_BASE_URL or LM_COMPANY, and LM_ACCESS_ID + LM_ACCESS_KEY (or LM_BEARER_TOKEN).
Example: pulumi stack export | npx lm-apitoken orphans --admin 32
         pulumi stack export | npx lm-apitoken orphans --admin 32 --token 1007 --delete`;

/** A command-line mistake (exit 2); the message names the flag. */
class UsageError extends Error {}

/** Parsed `orphans` arguments. Exported for tests. */
export interface OrphansArgs {
  stateFiles: string[];
  adminIds: number[] | undefined;
  /** Only these tokens (`--token`); all when undefined. */
  tokenIds: number[] | undefined;
  json: boolean;
  all: boolean;
  delete: boolean;
}

/** Parses the arguments after `orphans` (node:util `parseArgs`, strict). Exported for tests. */
export function parseOrphansArgs(argv: readonly string[]): OrphansArgs {
  let values: { state?: string[]; admin?: string[]; token?: string[]; json?: boolean; all?: boolean; delete?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        state: { type: "string", multiple: true },
        admin: { type: "string", multiple: true },
        token: { type: "string", multiple: true },
        json: { type: "boolean" },
        all: { type: "boolean" },
        delete: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // parseArgs names the flag ("Option '--admin <value>' argument missing", "Unknown option '--x'").
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const adminIds = values.admin?.map((id) => positiveId("--admin", "admin id", id));
  const tokenIds = values.token?.map((id) => positiveId("--token", "token id", id));
  return {
    stateFiles: values.state?.length ? values.state : ["-"],
    adminIds,
    tokenIds,
    json: values.json === true,
    all: values.all === true,
    delete: values.delete === true,
  };
}

function positiveId(flag: string, what: string, value: string): number {
  if (!/^[1-9]\d{0,14}$/.test(value)) throw new UsageError(`${flag} must be a positive integer ${what}, not ${JSON.stringify(value)}`);
  return Number(value);
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

async function orphans(argv: readonly string[]): Promise<number> {
  const args = parseOrphansArgs(argv);
  if (args.stateFiles.includes("-") && process.stdin.isTTY) {
    throw new UsageError("no state given: pipe 'pulumi stack export' into this command, or pass --state <file>");
  }
  const states: unknown[] = [];
  for (const file of args.stateFiles) states.push(await readState(file));
  const references = stateReferences(states);
  const options = resolveClientOptions({}, process.env);
  const client = new LogicMonitorClient(options);
  const report = await findOrphanTokens(client, {
    references,
    ...(args.adminIds ? { adminIds: args.adminIds } : {}),
    ...(args.tokenIds ? { tokenIds: args.tokenIds } : {}),
    ownCredential: ownCredentialOf(normalizeClientOptions(options).auth),
  });
  const deletions = args.delete ? await deleteNeverUsedOrphans(client, report, references) : undefined;
  process.stdout.write(
    (args.json ? JSON.stringify(jsonReport(report, args.all, deletions), null, 2) : formatOrphanReport(report, { all: args.all, ...(deletions ? { deletions } : {}) })) + "\n",
  );
  return deletions?.some((outcome) => outcome.result === "failed") ? 1 : 0;
}

/** The credential to leave out of the report: its public part for LMv1, the value for Bearer (compared, never printed). */
function ownCredentialOf(auth: ReturnType<typeof normalizeClientOptions>["auth"]): OwnCredential {
  return auth.kind === "bearer" ? { kind: "bearer", token: auth.token } : { kind: "lmv1", accessId: auth.accessId };
}

/** The report as JSON: tokens without this provider's mark only with --all (else counted). */
function jsonReport(report: OrphanReport, all: boolean, deletions: DeletionOutcome[] | undefined): unknown {
  return {
    orphans: report.orphans,
    held: report.held,
    otherStacks: report.otherStacks,
    ...(all ? { foreign: report.foreign.map(({ token }) => token) } : { foreignCount: report.foreign.length }),
    ...(report.missingTokenIds.length > 0 ? { missingTokenIds: report.missingTokenIds } : {}),
    ownCredentialIds: report.ownCredentialIds,
    ...(deletions
      ? { deletions: deletions.map(({ orphan, result, reason }) => ({ tokenId: orphan.token.id, adminId: orphan.token.adminId, result, ...(reason ? { reason } : {}) })) }
      : {}),
  };
}

/** Runs the command line; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "orphans") {
      return await orphans(rest);
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
