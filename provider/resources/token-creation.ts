/**
 * Creating a token so that every token LogicMonitor makes for a resource ends in state or is
 * deleted: the create step of the lifecycle, apart from the rest of the provider.
 *
 * The proof of ownership is the mark in the note (`ownership.ts`). A token is taken for a
 * leftover of this resource's failed or interrupted creates only when it carries this resource's
 * exact mark, no resource in this process holds it (the old token of a replacement is held), and
 * it has never been used (its key was lost with the answer, so nobody can have used it). Anything
 * else is never claimed or deleted.
 *
 *  1. After the create succeeds: the tokens left by an interrupted earlier run (a killed `pulumi up`)
 *     are deleted. They are found in one list per owner and type, taken once per process before
 *     the first POST; deleting them only after the new token exists means a token the resource may
 *     still hold in state (the engine can create without a diff) never goes before its successor.
 *  2. A POST that may have taken effect but whose answer is lost or unusable (connection dropped,
 *     timeout, 5xx, 2xx without a readable body or key) is followed by a look for its token (only
 *     tokens made since the create began count), which is deleted, and the create is tried again
 *     (at most {@link MAX_CREATE_ATTEMPTS} times).
 *  3. After a create that succeeded following such a failure, one more look catches a token that
 *     a gateway's request committed late.
 *
 * Runtime code: no `@pulumi/pulumi` values; state lives in the {@link CreationContext} the
 * provider instance passes in.
 */
import type { LogicMonitorClient } from "../client/client";
import { isLmApiError, isLmNetworkError, isLmTimeoutError, isNotFound, isPossiblyCommitted } from "../client/errors";
import type { ApiTokenRecord, TokenType } from "../client/types";
import type { KnownTokens } from "./known-tokens";
import { formatMark, markedNote, sameOwner, splitNote, type OwnershipMark } from "./ownership";

/** Attempts of one create, including the first. */
export const MAX_CREATE_ATTEMPTS = 3;

/** Wait after a create whose answer was lost, so a request still running behind a gateway can finish before the look. */
export const CREATE_SETTLE_MS = 2_000;

/** What a create needs from the provider instance. */
export interface CreationContext {
  client: LogicMonitorClient;
  /** Tokens that belong to resources; never taken for leftovers. */
  known: KnownTokens;
  /** An owner's tokens of one type as they were when this process first looked (shared by every create). */
  listedAtStart(adminId: number, type: TokenType): Promise<ApiTokenRecord[]>;
  /** Forgets cached lists of an admin after a write. */
  invalidate(adminId: number): void;
  /** Tells the person running Pulumi what was done (one line). */
  report(message: string): void;
}

/** What to create. */
export interface TokenRequest {
  adminId: number;
  /** The declared note (without the mark). */
  note: string;
  status: 1 | 2;
  type: TokenType;
  /** This resource's mark; without one, no token can be proven the resource's own. */
  mark: OwnershipMark | undefined;
  /** Names the resource in reports, e.g. `quickstart/dev/ci-bot`. */
  label: string;
}

/** Creates the token, recovering from lost answers as described in this module's comment. */
export async function createOwnedToken(context: CreationContext, request: TokenRequest): Promise<ApiTokenRecord> {
  const { client, known } = context;
  const { adminId, type, mark } = request;
  // Tokens that existed before this create: only they can be leftovers of an earlier run, and
  // only tokens not among them can have been made by this create's own attempts.
  const atStart = mark ? await context.listedAtStart(adminId, type) : [];
  const existedBefore = new Set(atStart.map((token) => token.id));
  const removed: number[] = [];
  for (let attempt = 1; ; attempt += 1) {
    let token: ApiTokenRecord;
    try {
      token = await client.createApiToken(adminId, { note: markedNote(request.note, mark), status: request.status, type });
    } catch (error) {
      context.invalidate(adminId);
      if (!isPossiblyCommitted(error)) throw error;
      await recoverFromLostAnswer(context, request, error, attempt, removed, existedBefore);
      await client.backoff(attempt);
      continue;
    }
    known.remember(token.id);
    context.invalidate(adminId);
    if (mark) {
      // Only now that the new token exists: leftovers of an interrupted earlier run. (The engine can
      // create without a diff, e.g. `pulumi up --replace`, so a token with this mark that existed
      // before may be the one the resource holds in state; it is never deleted before its successor
      // exists, and it is never-used, so no consumer authenticates with it.)
      try {
        await removeLeftovers(context, request, atStart, "left by an interrupted earlier create of this resource");
      } catch (error) {
        context.report(`${request.label}: created token ${token.id}; ${messageOf(error)}`);
      }
    }
    if (attempt > 1 && mark) {
      // A gateway may have carried out an earlier attempt after it answered: wait, then look once more.
      try {
        await client.sleep(CREATE_SETTLE_MS);
        const now = await client.listApiTokens(adminId, { type });
        await removeLeftovers(context, request, now.filter((t) => !existedBefore.has(t.id)), "made late by an earlier failed attempt");
      } catch (error) {
        context.report(
          `${request.label}: created token ${token.id}, but could not check for a token made late by an earlier failed attempt ` +
            `(${messageOf(error)}); 'npx lm-apitoken orphans' lists any such token with this resource's mark`,
        );
      }
    }
    return token;
  }
}

/**
 * After a create that may have reached LogicMonitor: waits, looks for the token it made, deletes
 * it (its key is lost), and returns when the create may be tried again; throws when it may not.
 */
async function recoverFromLostAnswer(
  context: CreationContext,
  request: TokenRequest,
  error: unknown,
  attempt: number,
  removed: number[],
  existedBefore: ReadonlySet<number>,
): Promise<void> {
  const { client } = context;
  const reason = summaryOf(error);
  if (!request.mark) {
    throw new Error(
      `${reason}\nThe create may have reached LogicMonitor, and this resource has no ownership mark to find its token by ` +
        `(no ownerUrn input). Look for a new token of admin ${request.adminId} with note ${JSON.stringify(request.note)} ` +
        `before creating again: keep it with existingTokenId, or delete it.`,
    );
  }
  await client.sleep(CREATE_SETTLE_MS);
  try {
    const now = (await client.listApiTokens(request.adminId, { type: request.type })).filter((t) => !existedBefore.has(t.id));
    removed.push(...(await removeLeftovers(context, request, now, "made by a create whose answer was lost (its key with it)")));
  } catch (lookError) {
    throw new Error(
      `${reason}\nThe create may have reached LogicMonitor, and its tokens could not be checked (${messageOf(lookError)}). ` +
        `Any token it made carries the mark ${formatMark(request.mark)}: the next 'pulumi up' deletes it once the resource's new token exists.`,
    );
  }
  if (attempt >= MAX_CREATE_ATTEMPTS) {
    const cleaned = removed.length > 0 ? ` Deleted token ${removed.join(", ")}, made by those attempts without a usable key.` : "";
    throw new Error(
      `${reason}\nThe create failed ${attempt} times.${cleaned} The last look found no other token of this resource; ` +
        `one that a gateway still carries out later has its mark, and the next 'pulumi up' deletes it once the resource's new token exists. ` +
        `Run 'pulumi up' again when the portal answers normally.`,
    );
  }
}

/**
 * Deletes the tokens in `tokens` that are this resource's leftovers (its exact mark, held by no
 * resource, never used); reports each. A token with the mark that has been used is reported and kept.
 * @returns the ids deleted.
 */
async function removeLeftovers(
  context: CreationContext,
  request: TokenRequest,
  tokens: readonly ApiTokenRecord[],
  why: string,
): Promise<number[]> {
  const removed: number[] = [];
  for (const token of tokens) {
    if (!sameOwner(splitNote(token.note).mark, request.mark) || context.known.has(token.id)) continue;
    if (token.lastUsedOn > 0) {
      context.report(
        `${request.label}: token ${token.id} of admin ${request.adminId} carries this resource's mark but has been used, ` +
          `so it is not taken for a lost create and is left alone; check it in the portal ('npx lm-apitoken orphans')`,
      );
      continue;
    }
    try {
      await context.client.deleteApiToken(request.adminId, token.id);
    } catch (error) {
      if (!isNotFound(error)) {
        throw new Error(
          `could not delete token ${token.id} of admin ${request.adminId}, ${why}: ${messageOf(error)}. ` +
            `Delete it in the portal ('npx lm-apitoken orphans' lists it), or run 'pulumi up' again.`,
        );
      }
    } finally {
      context.invalidate(request.adminId);
    }
    removed.push(token.id);
    context.report(`${request.label}: deleted token ${token.id} of admin ${request.adminId}, ${why}`);
  }
  return removed;
}

/** What failed, without the client's advice (which assumes nobody looks for the token). */
function summaryOf(error: unknown): string {
  if (isLmApiError(error)) {
    const said = error.lmErrorMessage ? ` (${error.lmErrorMessage})` : "";
    return `creating a token: LogicMonitor API ${error.method} ${error.path} answered ${error.status}${said}`;
  }
  if (isLmNetworkError(error)) return `creating a token: LogicMonitor API ${error.method} ${error.path} lost its connection (${error.code})`;
  if (isLmTimeoutError(error)) return `creating a token: LogicMonitor API ${error.method} ${error.path} timed out after ${error.timeoutMs} ms`;
  return messageOf(error);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
