/**
 * `RotatingApiTokenProvider`: the lifecycle behind RotatingApiToken, a resource that holds two
 * LogicMonitor API tokens of one owner: the current key and, after a rotation, the previous one.
 *
 *   create  → one POST (key 1)
 *   update  → at most one list of the owner, then only what the plan needs (plan.ts): a rotation
 *             is a DELETE of the retirable previous key and a POST of the new key (the old
 *             current key becomes the previous one); a repair is a PUT
 *   read    → one list per owner and type, shared by every resource of that owner
 *   delete  → one list per owner and type for the run, then a DELETE per key
 *
 * The safety rules are ApiToken's, for each key (core/): a key is its portal, id and access id,
 * checked in the configured portal before any update or delete of either key; nothing is deleted
 * on suspicion; every deletion is reported. The resource never holds more than two live keys: a
 * rotation that would need to retire a previous key that is not retirable yet fails before it
 * creates anything. A key is never retired by the `up` that made it previous.
 *
 * Interruption: the previous key is retired before the new key is made, so a failure between the
 * two leaves the resource with its current key only, recorded in state (a partial failure); a key
 * whose create answer was lost is handled by core/token-creation.ts; a key made by a run that was
 * killed before it recorded it carries this resource's mark and is named by the next `up`.
 *
 * Runtime code: no `@pulumi/pulumi` values; state lives on the instance and its session.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isNotFound } from "../../client/errors";
import type { ApiTokenRecord } from "../../client/types";
import { fromWireStatus } from "../../core/inputs";
import { declaredNote, markedNote, markOf, sameOwner, splitNote, withKey, type OwnershipMark } from "../../core/ownership";
import { PortalSession, type PortalSessionOptions } from "../../core/portal-session";
import type { ConfigSource } from "../../core/provider-config";
import { isSigningCredential } from "../../core/token-claims";
import { createOwnedToken } from "../../core/token-creation";
import { verifyIdentity, type HeldToken } from "../../core/token-identity";
import {
  checkRotatingApiTokenInputs,
  type CheckedRotatingInputs,
  type RotatingApiTokenInputs,
  type RotatingApiTokenOutputs,
} from "./inputs";
import { describePlan, duration, isoTime, overlapEnd, planRotation, type PlannedChange } from "./plan";

/** Options for driving the provider directly (tests, scripts); the engine passes none. */
export interface RotatingApiTokenProviderOptions extends PortalSessionOptions {
  /** The session to share with other resource types' providers (the plugin face does); its own by default. */
  session?: PortalSession;
}

/** Stored state: outputs plus the dynamic face's `__provider`, passed through untouched. */
type StoredProps = Partial<RotatingApiTokenOutputs> & { __provider?: string };

/** What `diff` answers: the dynamic contract's fields, and the properties that show the plan on the plugin face. */
export interface RotatingDiffResult extends dynamic.DiffResult {
  properties: Record<string, PlannedChange>;
}

/** One of the resource's keys as the portal lists it, with the key state holds for it. */
interface LiveKey {
  token: ApiTokenRecord;
  accessKey: string | undefined;
}

/** The resource id: the owner and the resource's first key, which stays the id across rotations. */
function resourceId(adminId: number, firstTokenId: number): string {
  return `${adminId}/rotating/${firstTokenId}`;
}

/** The inputs a stored state stands for, with the owner named as the user named it. */
function inputsOf(props: StoredProps): RotatingApiTokenInputs {
  const inputs: RotatingApiTokenInputs = {
    note: props.note ?? "",
    type: props.type ?? "lmv1",
    rotationTriggers: props.rotationTriggers ?? {},
    overlapHours: props.overlapHours ?? 24,
    retireWhenUnusedForMinutes: props.retireWhenUnusedForMinutes ?? 60,
  };
  if (props.adminUsername !== undefined) inputs.adminUsername = props.adminUsername;
  else if (props.adminId !== undefined) inputs.adminId = props.adminId;
  if (props.rotateAfterDays !== undefined) inputs.rotateAfterDays = props.rotateAfterDays;
  if (props.ownerUrn !== undefined) inputs.ownerUrn = props.ownerUrn;
  return inputs;
}

/** `project/stack/name` of a resource, for reports. */
function labelOf(props: { ownerUrn?: string; note?: string }): string {
  const mark = props.ownerUrn === undefined ? undefined : markOf(props.ownerUrn);
  return mark ? `${mark.project}/${mark.stack}/${mark.name}` : `LogicMonitor rotating API token (${props.note ?? ""})`;
}

/** The resource's mark, if it has a URN. */
function markOfInputs(inputs: { ownerUrn?: string }): OwnershipMark | undefined {
  return inputs.ownerUrn === undefined ? undefined : markOf(inputs.ownerUrn);
}

/** The last use of a key in words. */
function lastUse(lastUsedOn: number | undefined, nowSeconds: number): string {
  if (!lastUsedOn) return "never used";
  return `last used at ${isoTime(lastUsedOn)} (${duration(nowSeconds - lastUsedOn)} ago)`;
}

/**
 * An update that changed LogicMonitor but could not finish: the engine records the resource with
 * these properties (every live key in them) and reports the reason.
 */
function partialFailure(id: string, properties: StoredProps, reason: string): Error {
  return Object.assign(new Error(reason), { id, properties, reasons: [reason] });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The lifecycle of RotatingApiToken resources. */
export class RotatingApiTokenProvider implements dynamic.ResourceProvider {
  private readonly session: PortalSession;
  /** Plan lines already shown by this process (`diff` runs more than once per resource). */
  private readonly told = new Set<string>();

  constructor(options: RotatingApiTokenProviderOptions = {}) {
    this.session = options.session ?? new PortalSession(options);
  }

  /** Receives the stack configuration and validates it with the environment (see ApiTokenProvider.configure). */
  async configure(req: { config: ConfigSource }): Promise<void> {
    this.session.configure(req.config);
  }

  /** Validates inputs and applies defaults; makes no API calls. */
  async check(_olds: unknown, news: Record<string, unknown>): Promise<CheckedRotatingInputs> {
    return checkRotatingApiTokenInputs(news);
  }

  /**
   * Shows what `up` will do, from state, inputs and the clock; makes no API calls. A rotation, a
   * due retirement and a repair are one in-place update, and the reason is told in one line.
   */
  async diff(_id: string, olds: StoredProps, news: RotatingApiTokenInputs): Promise<RotatingDiffResult> {
    this.session.known.remember(olds.tokenId);
    this.session.known.remember(olds.previousTokenId);
    const plan = planRotation(olds, news, this.nowSeconds());
    const line = describePlan(labelOf(news), plan);
    if (line !== undefined && !this.told.has(line)) {
      this.told.add(line);
      this.session.report(line);
    }
    return { changes: plan.changes, replaces: plan.replaces, deleteBeforeReplace: false, properties: plan.changes ? plan.properties : {} };
  }

  /** Makes the first key (key 1 in its ownership mark) and returns every output. */
  async create(inputs: RotatingApiTokenInputs & { __provider?: string }): Promise<{ id: string; outs: RotatingApiTokenOutputs }> {
    const desired = stripProvider(inputs);
    const adminId = await this.session.resolveAdminId(desired);
    const mark = markOfInputs(desired);
    const token = await createOwnedToken(this.session.creationContext(), {
      adminId,
      note: desired.note,
      status: 2,
      type: desired.type,
      mark: mark ? withKey(mark, 1) : undefined,
      label: labelOf(desired),
    });
    const outs = this.outputs(desired, adminId, token.adminName, { token, accessKey: token.accessKey }, undefined, token.createdOn);
    return { id: resourceId(adminId, token.id), outs };
  }

  /**
   * Refresh: both keys with one list of the owner (shared by every resource of that owner). Each
   * key must have the access id state holds, in the configured portal, or the refresh fails and
   * changes nothing. A key missing from the portal the stack recorded leaves state (deleted
   * outside Pulumi); with both gone, the resource leaves state. Status, last use and note come back.
   */
  async read(id: string, props: StoredProps = {}): Promise<dynamic.ReadResult<RotatingApiTokenOutputs>> {
    if (props.adminId === undefined || (props.tokenId === undefined && props.previousTokenId === undefined)) {
      throw new Error(
        `cannot read RotatingApiToken '${id}': it cannot be imported. A rotating token is made by Pulumi; ` +
          `to take an existing token under management, use ApiToken with existingTokenId and existingAccessId.`,
      );
    }
    this.session.known.remember(props.tokenId);
    this.session.known.remember(props.previousTokenId);
    const adminId = props.adminId;
    let listed: ApiTokenRecord[];
    try {
      listed = await this.session.lists().list(adminId, props.type ?? "lmv1");
    } catch (error) {
      if (!isNotFound(error)) throw error;
      listed = []; // LogicMonitor says the owner itself is gone
    }
    const portal = this.session.portal();
    const current = await this.liveKey("refresh", adminId, props.tokenId, props.accessId, props.accessKey, props, listed, portal);
    const previous = await this.liveKey("refresh", adminId, props.previousTokenId, props.previousAccessId, props.previousAccessKey, props, listed, portal);
    if (!current && !previous) return { id: "" };
    const inputs = inputsOf(props);
    const outs = this.outputs(inputs, adminId, (current ?? previous)?.token.adminName ?? props.adminName ?? "", current, previous, props.rotatedOn ?? 0);
    if (current) {
      // The note as the portal has it: a note or mark changed by hand shows as a change `up` puts back.
      const mark = markOfInputs(inputs);
      outs.note = declaredNote(current.token.note, mark);
      if (mark === undefined || !sameOwner(splitNote(current.token.note).mark, mark)) delete outs.ownerUrn;
    }
    // A key disabled by hand is recorded in the inputs too (as ApiToken records its status), so the
    // dynamic face, which shows input changes only, shows it in `refresh` and the next `preview`;
    // `check` drops it again, so the update that enables the key clears it.
    const recorded: Record<string, unknown> = { ...inputsOf(outs) };
    if (outs.status === "disabled") recorded["status"] = "disabled";
    if (outs.previousStatus === "disabled") recorded["previousStatus"] = "disabled";
    return { id, props: outs, inputs: recorded as unknown as RotatingApiTokenOutputs };
  }

  /**
   * Carries out the plan (plan.ts) after checking both keys in the portal: retires the previous
   * key when its overlap is over and LogicMonitor shows it unused long enough (keeps it, and says
   * so in one line, when it is still in use), rotates (the current key becomes the previous one),
   * enables a key disabled by hand, rewrites notes and marks. A rotation that would need to retire
   * a previous key that is not retirable fails before anything is changed.
   */
  async update(id: string, olds: StoredProps, news: RotatingApiTokenInputs & { __provider?: string }): Promise<{ outs: RotatingApiTokenOutputs }> {
    const desired = stripProvider(news);
    const now = this.nowSeconds();
    const plan = planRotation(olds, desired, now);
    const adminId = olds.adminId;
    if (adminId === undefined) throw new Error(`cannot update RotatingApiToken '${id}': its state records no owner (adminId); run 'pulumi refresh'`);
    this.session.known.remember(olds.tokenId);
    this.session.known.remember(olds.previousTokenId);
    const acts = plan.rotation !== undefined || plan.retirement !== undefined || plan.repairs.length > 0 || plan.rewritesNotes;
    if (!acts) {
      // Settings only: state changes, LogicMonitor does not.
      const kept = { ...olds, ...desired, adminId } as StoredProps;
      if (desired.rotateAfterDays === undefined) delete kept.rotateAfterDays;
      if (desired.adminUsername === undefined) delete kept.adminUsername;
      return { outs: stripProvider(kept) as RotatingApiTokenOutputs };
    }

    // 1. One list of the owner; both keys checked before anything is changed.
    const type = olds.type ?? "lmv1";
    const listed = await this.session.lists().list(adminId, type);
    const portal = this.session.portal();
    let current = await this.liveKey("update", adminId, olds.tokenId, olds.accessId, olds.accessKey, olds, listed, portal);
    let previous = await this.liveKey("update", adminId, olds.previousTokenId, olds.previousAccessId, olds.previousAccessKey, olds, listed, portal);
    const label = labelOf(desired);
    const rotate = plan.rotation !== undefined || current === undefined;

    // 2. Decide about the previous key: retire it (overlap over, unused long enough) or keep it.
    let retire = false;
    let keptBecause: string | undefined;
    if (previous) {
      const ends = overlapEnd(olds, desired.overlapHours);
      const lastUsed = previous.token.lastUsedOn;
      const quietFor = desired.retireWhenUnusedForMinutes * 60;
      if (isSigningCredential(previous.token, this.session.signingCredential())) {
        keptBecause = `it is the credential this provider signs with (logicmonitor:accessId / LM_ACCESS_ID): point the provider at the current key first`;
      } else if (now < ends) keptBecause = `its overlap lasts until ${isoTime(ends)} (overlapHours: ${desired.overlapHours}; ${lastUse(lastUsed, now)})`;
      else if (desired.retireWhenUnusedForMinutes > 0 && lastUsed > 0 && now - lastUsed < quietFor) {
        keptBecause = `LogicMonitor shows it ${lastUse(lastUsed, now)}, less than retireWhenUnusedForMinutes (${desired.retireWhenUnusedForMinutes}) ago`;
      } else retire = true;
    }
    if (rotate && current && previous && !retire) {
      throw new Error(
        `cannot rotate ${label} (${plan.rotation ?? "a new key is due"}): a resource holds at most two keys, so the previous key ` +
          `${previous.token.id} (access id ${previous.token.accessId}) must be retired first, and it is not retirable yet: ${keptBecause}. ` +
          `Nothing was created or deleted. Options: run 'pulumi up' again once it is retirable ` +
          `(move the consumers still using access id ${previous.token.accessId} to the current key, access id ${current.token.accessId}); ` +
          `lower overlapHours, or set retireWhenUnusedForMinutes: 0 so its use is not consulted (consumers still using it then fail); ` +
          `or, once you have checked nothing uses it, delete key ${previous.token.id} in the portal and run 'pulumi refresh'.`,
      );
    }

    // 3. Writes. After the first one, a failure records what is true (every live key) in state.
    let wrote = false;
    let rotated = false;
    let rotatedOn = olds.rotatedOn ?? 0;
    const record = (reason: string): Error => {
      // Until the rotation is made, the old triggers stay in state, so the next `up` rotates again.
      const triggers = rotated ? desired.rotationTriggers : (olds.rotationTriggers ?? {});
      const properties: StoredProps = {
        ...this.outputs({ ...desired, rotationTriggers: triggers }, adminId, olds.adminName ?? "", current, previous, rotatedOn),
        __provider: news.__provider ?? olds.__provider,
      };
      return partialFailure(id, properties, reason);
    };
    const guarded = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
      try {
        return await step();
      } catch (error) {
        if (!wrote) throw error;
        throw record(`${label}: ${what} failed after an earlier change was made: ${messageOf(error)}. State records every live key of the resource; run 'pulumi up' again.`);
      }
    };

    if (previous && retire) {
      const retiring = previous;
      await guarded(`retiring previous key ${retiring.token.id}`, () => this.deleteKey(adminId, retiring.token, label, "the previous key, retired", portal, now));
      previous = undefined;
      wrote = true;
    } else if (previous && keptBecause !== undefined && plan.retirement !== undefined) {
      this.session.report(`${label}: kept previous key ${previous.token.id} (access id ${previous.token.accessId}): ${keptBecause}; it is retired at the first 'pulumi up' after that`);
    }

    if (rotate) {
      const mark = markOfInputs(desired);
      const keyNumber = nextKeyNumber(listed, mark);
      const made = await guarded(`making the new key`, () =>
        createOwnedToken(this.session.creationContext({ adminId, type, tokens: listed }), {
          adminId,
          note: desired.note,
          status: 2,
          type,
          mark: mark ? withKey(mark, keyNumber) : undefined,
          label,
        }),
      );
      wrote = true;
      rotated = true;
      if (current) previous = current; // the old current key becomes the previous one
      current = { token: made, accessKey: made.accessKey };
      rotatedOn = made.createdOn;
      this.session.report(
        `${label}: rotated: key ${made.id} (access id ${made.accessId}) is current; ` +
          (previous ? `key ${previous.token.id} (access id ${previous.token.accessId}) is previous until it is retired` : "there is no previous key"),
      );
    }

    // 4. Put back what was changed by hand (status, note, mark) on the keys the resource keeps.
    for (const which of ["current", "previous"] as const) {
      const key = which === "current" ? current : previous;
      if (!key) continue;
      const wanted = this.wantedNote(key.token, desired);
      const enable = key.token.status !== 2 && (which === "current" || now < overlapEnd({ rotatedOn }, desired.overlapHours));
      if (key.token.note === wanted && !enable) continue;
      const status = enable ? 2 : (key.token.status as 1 | 2);
      const updated = await guarded(`updating key ${key.token.id}`, async () => {
        try {
          return await this.session.client().updateApiToken(adminId, key.token.id, { note: wanted, status });
        } finally {
          this.session.invalidate(adminId);
        }
      });
      wrote = true;
      if (which === "current") current = { ...key, token: updated };
      else previous = { ...key, token: updated };
    }

    const outs = this.outputs({ ...desired }, adminId, (current ?? previous)?.token.adminName ?? olds.adminName ?? "", current, previous, rotatedOn);
    return { outs };
  }

  /**
   * Deletes both keys (the previous one first), each after checking its access id in the
   * configured portal; a key LogicMonitor says is gone, in the portal the stack recorded, counts
   * as deleted. Each deletion is reported.
   */
  async delete(_id: string, props: StoredProps): Promise<void> {
    const adminId = props.adminId;
    if (adminId === undefined) return;
    this.session.known.remember(props.tokenId);
    this.session.known.remember(props.previousTokenId);
    const portal = this.session.portal();
    const type = props.type ?? "lmv1";
    const label = labelOf(props);
    const keys: { tokenId: number; accessId: string | undefined; accessKey: string | undefined }[] = [];
    if (props.previousTokenId !== undefined) keys.push({ tokenId: props.previousTokenId, accessId: props.previousAccessId, accessKey: props.previousAccessKey });
    if (props.tokenId !== undefined) keys.push({ tokenId: props.tokenId, accessId: props.accessId, accessKey: props.accessKey });
    // Every key is checked before either is deleted.
    const verified: ApiTokenRecord[] = [];
    for (const key of keys) {
      const held: HeldToken = { adminId, tokenId: key.tokenId, accessId: key.accessId, accessKey: key.accessKey, portal: props.portal };
      const listed = await this.session.confirmed(adminId, key.tokenId, type, await this.session.lookup().find(adminId, type, key.tokenId));
      const verdict = verifyIdentity("delete", held, listed, portal);
      if (verdict.kind === "same") verified.push(verdict.token);
    }
    for (const token of verified) {
      await this.deleteKey(adminId, token, label, token.id === props.tokenId ? "the current key" : "the previous key", portal);
    }
  }

  /** The clock, in epoch seconds. */
  private nowSeconds(): number {
    return Math.floor(this.session.now() / 1000);
  }

  /**
   * The key state holds at `tokenId`, as the portal lists it, after the identity check; undefined
   * when state holds none there or LogicMonitor says it is gone (in the portal the stack recorded).
   * @throws TokenIdentityError when the portal lists another token there, or another portal is configured.
   */
  private async liveKey(
    verb: string,
    adminId: number,
    tokenId: number | undefined,
    accessId: string | undefined,
    accessKey: string | undefined,
    props: StoredProps,
    listed: readonly ApiTokenRecord[],
    portal: string,
  ): Promise<LiveKey | undefined> {
    if (tokenId === undefined) return undefined;
    const held: HeldToken = { adminId, tokenId, accessId, accessKey, portal: props.portal };
    const type = props.type ?? "lmv1";
    const found = await this.session.confirmed(adminId, tokenId, type, listed.find((token) => token.id === tokenId));
    const verdict = verifyIdentity(verb, held, found, portal);
    return verdict.kind === "same" ? { token: verdict.token, accessKey } : undefined;
  }

  /** The note a key should have: the declared note and this resource's mark, keeping the key's own attempt id and number. */
  private wantedNote(token: ApiTokenRecord, desired: RotatingApiTokenInputs): string {
    const mark = markOfInputs(desired);
    if (!mark) return desired.note;
    const own = splitNote(token.note).mark;
    const written: OwnershipMark = { ...mark };
    if (own && sameOwner(own, mark)) {
      if (own.attempt !== undefined) written.attempt = own.attempt;
      if (own.key !== undefined) written.key = own.key;
    }
    return markedNote(desired.note, written);
  }

  /** Deletes one verified key and reports it; LogicMonitor's own "not found" counts as deleted. */
  private async deleteKey(adminId: number, token: ApiTokenRecord, label: string, what: string, portal: string, now?: number): Promise<void> {
    try {
      await this.session.client().deleteApiToken(adminId, token.id);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    } finally {
      this.session.invalidate(adminId);
    }
    const use = now === undefined ? "" : `, ${lastUse(token.lastUsedOn, now)}`;
    this.session.report(`${label}: deleted token ${token.id} of admin ${adminId} (${what}, access id ${token.accessId}${use}) in ${portal}`);
  }

  /** Every output, from the inputs and the keys as LogicMonitor lists them. */
  private outputs(
    inputs: RotatingApiTokenInputs,
    adminId: number,
    adminName: string,
    current: LiveKey | undefined,
    previous: LiveKey | undefined,
    rotatedOn: number,
  ): RotatingApiTokenOutputs {
    const outs: RotatingApiTokenOutputs = { ...inputs, adminId, adminName, portal: this.session.portal(), rotatedOn };
    if (current) {
      outs.tokenId = current.token.id;
      outs.accessId = current.token.accessId;
      if (current.accessKey !== undefined) outs.accessKey = current.accessKey;
      outs.createdOn = current.token.createdOn;
      outs.lastUsedOn = current.token.lastUsedOn;
      outs.status = fromWireStatus(current.token.status);
    }
    if (previous) {
      outs.previousTokenId = previous.token.id;
      outs.previousAccessId = previous.token.accessId;
      if (previous.accessKey !== undefined) outs.previousAccessKey = previous.accessKey;
      outs.previousLastUsedOn = previous.token.lastUsedOn;
      outs.previousStatus = fromWireStatus(previous.token.status);
    }
    return outs;
  }
}

/** The number of the next key: one more than the highest this resource's marks in the list carry. */
function nextKeyNumber(listed: readonly ApiTokenRecord[], mark: OwnershipMark | undefined): number {
  let highest = 0;
  for (const token of listed) {
    const own = splitNote(token.note).mark;
    if (own && sameOwner(own, mark) && own.key !== undefined) highest = Math.max(highest, own.key);
  }
  return highest + 1;
}

function stripProvider<T extends { __provider?: unknown }>(values: T): Omit<T, "__provider"> {
  const { __provider: _ignored, ...rest } = values;
  return rest;
}
