/**
 * Creating a token so that every token LogicMonitor makes for a resource ends in state, is
 * deleted with proof that this very create made it, or is named to the person running Pulumi.
 *
 * The proof is the attempt id in the ownership mark (`ownership.ts`): each POST carries a fresh
 * random id that only this process knows. After a POST whose answer is lost or unusable
 * (connection dropped, timeout, 5xx, 2xx without a readable body or key), the look for its token
 * deletes exactly the never-used tokens carrying the attempt ids of this create's own attempts,
 * and the create is tried again (at most {@link MAX_CREATE_ATTEMPTS} times). After a create that
 * succeeded following such a failure, one more look catches a token a gateway committed late.
 *
 * Nothing else is deleted. A token with this resource's mark but another attempt id (a run that
 * was killed, a renamed stack, a retained token, a stack of the same name in another backend, a
 * hand-copied note) cannot be proven to be a lost create's: it is named in the output with the
 * command that deletes it once a person has checked (docs/RECOVERY.md).
 *
 * Runtime code: no `@pulumi/pulumi` values; state lives in the {@link CreationContext} the
 * provider instance passes in.
 */
import type { LogicMonitorClient } from "../client/client";
import { isLmApiError, isLmNetworkError, isLmTimeoutError, isNotFound, isPossiblyCommitted } from "../client/errors";
import type { ApiTokenRecord, TokenType } from "../client/types";
import type { KnownTokens } from "./known-tokens";
import { formatMark, markedNote, sameOwner, splitNote, withAttempt, type OwnershipMark } from "./ownership";

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
  /** A fresh attempt id (12 lower-case hex digits, unique to each POST). */
  newAttemptId(): string;
  /** Token ids already named as unproven leftovers by this process (each is named once). */
  named: Set<number>;
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
  // The owner's tokens as this process first saw them: tokens with this resource's mark among
  // them are named (never deleted); no token among them can be one of this create's attempts.
  const atStart = mark ? await context.listedAtStart(adminId, type) : [];
  const existedBefore = new Set(atStart.map((token) => token.id));
  nameUnprovenTokens(context, request, atStart);
  const attempts: string[] = [];
  const removed: number[] = [];
  for (let attempt = 1; ; attempt += 1) {
    const attemptMark = mark ? withAttempt(mark, context.newAttemptId()) : undefined;
    if (attemptMark?.attempt !== undefined) attempts.push(attemptMark.attempt);
    let token: ApiTokenRecord;
    try {
      token = await client.createApiToken(adminId, { note: markedNote(request.note, attemptMark), status: request.status, type });
    } catch (error) {
      context.invalidate(adminId);
      if (!isPossiblyCommitted(error)) throw error;
      await recoverFromLostAnswer(context, request, error, attempt, attempts, removed, existedBefore);
      await client.backoff(attempt);
      continue;
    }
    known.remember(token.id);
    context.invalidate(adminId);
    if (attempt > 1 && mark) {
      // A gateway may have carried out an earlier attempt after it answered: wait, then look once more.
      try {
        await client.sleep(CREATE_SETTLE_MS);
        const now = await client.listApiTokens(adminId, { type });
        const late = now.filter((t) => !existedBefore.has(t.id) && t.id !== token.id);
        await removeOwnAttempts(context, request, late, attempts.slice(0, -1), "made late by an earlier failed attempt");
      } catch (error) {
        context.report(
          `${request.label}: created token ${token.id}, but could not check for a token made late by an earlier failed attempt ` +
            `(${messageOf(error)}); any such token carries one of the attempt ids ${attempts.slice(0, -1).join(", ")} in its mark, ` +
            `and 'npx lm-apitoken orphans' lists it`,
        );
      }
    }
    return token;
  }
}

/**
 * Names, once per process, each token of the owner that carries this resource's mark and that no
 * resource of this run holds: it may be a leftover of a killed run, or the token of a stack of the
 * same name elsewhere; nothing proves which, so it is left alone.
 */
function nameUnprovenTokens(context: CreationContext, request: TokenRequest, listed: readonly ApiTokenRecord[]): void {
  for (const token of listed) {
    const tokenMark = splitNote(token.note).mark;
    if (!tokenMark || !sameOwner(tokenMark, request.mark) || context.known.has(token.id) || context.named.has(token.id)) continue;
    context.named.add(token.id);
    const used = token.lastUsedOn > 0 ? `last used at ${new Date(token.lastUsedOn * 1000).toISOString()}` : "never used";
    context.report(
      `${request.label}: token ${token.id} of admin ${request.adminId} (access id ${token.accessId}, ${used}) carries this resource's mark ` +
        `${formatMark(tokenMark)}, and this run has seen no state that holds it. Unless it is the token this resource is replacing, ` +
        `it is a leftover of an interrupted run, a retained or renamed stack's token, or the token of a stack of the same name in another backend. ` +
        `It was not deleted. Once you have checked it, delete it with: ` +
        `pulumi stack export | npx lm-apitoken orphans --admin ${request.adminId} --token ${token.id} --delete`,
    );
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
  attempts: readonly string[],
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
    removed.push(...(await removeOwnAttempts(context, request, now, attempts, "made by a create whose answer was lost (its key with it)")));
  } catch (lookError) {
    throw new Error(
      `${reason}\nThe create may have reached LogicMonitor, and its tokens could not be checked (${messageOf(lookError)}). ` +
        `Any token it made carries the mark ${formatMark(withAttempt(request.mark, attempts[attempts.length - 1] ?? "000000000000"))}: ` +
        `the next 'pulumi up' names it, and 'npx lm-apitoken orphans' lists it; delete it once you have checked it is unused.`,
    );
  }
  if (attempt >= MAX_CREATE_ATTEMPTS) {
    const cleaned = removed.length > 0 ? ` Deleted token ${removed.join(", ")}, made by those attempts without a usable key.` : "";
    throw new Error(
      `${reason}\nThe create failed ${attempt} times.${cleaned} The last look found no other token of these attempts; ` +
        `one that a gateway still carries out later has one of the attempt ids ${attempts.join(", ")} in its mark: the next 'pulumi up' names it ` +
        `and 'npx lm-apitoken orphans' lists it. Run 'pulumi up' again when the portal answers normally.`,
    );
  }
}

/**
 * Deletes the tokens in `tokens` that this create's own attempts made: this resource's mark
 * carrying one of `attempts` (ids only this process knows), held by no resource, never used.
 * Reports each. Nothing else is touched.
 * @returns the ids deleted.
 */
async function removeOwnAttempts(
  context: CreationContext,
  request: TokenRequest,
  tokens: readonly ApiTokenRecord[],
  attempts: readonly string[],
  why: string,
): Promise<number[]> {
  const removed: number[] = [];
  for (const token of tokens) {
    const tokenMark = splitNote(token.note).mark;
    if (!sameOwner(tokenMark, request.mark) || tokenMark?.attempt === undefined || !attempts.includes(tokenMark.attempt)) continue;
    if (context.known.has(token.id)) continue;
    if (token.lastUsedOn > 0) {
      context.report(
        `${request.label}: token ${token.id} of admin ${request.adminId} carries the attempt id of this create but has been used, ` +
          `so it is left alone; check it in the portal ('npx lm-apitoken orphans')`,
      );
      continue;
    }
    try {
      await context.client.deleteApiToken(request.adminId, token.id);
    } catch (error) {
      if (!isNotFound(error)) {
        throw new Error(
          `could not delete token ${token.id} of admin ${request.adminId}, ${why}: ${messageOf(error)}. ` +
            `Delete it in the portal ('npx lm-apitoken orphans' lists it), or run 'pulumi up' again (it names the token).`,
        );
      }
    } finally {
      context.invalidate(request.adminId);
    }
    removed.push(token.id);
    context.report(
      `${request.label}: deleted token ${token.id} of admin ${request.adminId}, ${why}; it carried this create's attempt id ${tokenMark.attempt} (access id ${token.accessId})`,
    );
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
