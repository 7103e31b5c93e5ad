/**
 * `ApiTokenProvider`: the dynamic provider behind {@link ApiToken}, one LogicMonitor API token
 * per resource.
 *
 *   create  → POST   /setting/admins/{adminId}/apitokens            (or adopt `existingTokenId`;
 *                                                                   lost answers: core/token-creation.ts)
 *   read    → GET    /setting/admins/{adminId}/apitokens?filter=…   (shared per admin; no get-one endpoint)
 *   update  → PUT    /setting/admins/{adminId}/apitokens/{tokenId}  (always both note and status)
 *   delete  → DELETE /setting/admins/{adminId}/apitokens/{tokenId}  (gone, when LogicMonitor says so, counts as deleted)
 *
 * Every token's note ends with its resource's ownership mark (core/ownership.ts); `note` in state is
 * the declared note without it.
 *
 * A token is its portal, its id and its access id (core/token-identity.ts): state records the portal,
 * and read, update and delete first check that the token at that id in the configured portal has
 * the access id the stack holds. Refresh costs one list per owner and type; update and destroy one
 * list per owner and type for the whole run (core/token-lookup.ts), then one PUT or DELETE per token.
 *
 * Runtime code: it runs in the engine's dynamic-provider process, loaded by the small serialized
 * shim in `serialized-provider.js`. It imports only types from `@pulumi/pulumi`, keeps its state
 * (client, rate-limit gate, list batcher) on the instance, and gets credentials from
 * `configure()` or the environment at call time — never from closure capture.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { LogicMonitorClient } from "../../client/client";
import { normalizeClientOptions, resolveClientOptions } from "../../client/config";
import { isNotFound, LmConfigError } from "../../client/errors";
import { RateLimitGate } from "../../client/rate-limit";
import type { ApiTokenRecord, ClientOptions, RetryEvent, TokenType } from "../../client/types";
import { diffApiToken } from "./diff";
import {
  checkApiTokenInputs,
  fromWireStatus,
  INT32_MAX,
  toWireStatus,
  type ApiTokenInputs,
  type ApiTokenOutputs,
  type CheckedInputs,
} from "./inputs";
import { KnownTokens } from "../../core/known-tokens";
import { declaredNote, markedNote, markOf, sameOwner, splitNote, type OwnershipMark } from "../../core/ownership";
import { describeGateWait, describeRetry } from "../../core/progress";
import { PROVIDER_SETTING_NAMES, readStackConfig, type ConfigSource, type ConfiguredOptions } from "../../core/provider-config";
import { randomBytes } from "node:crypto";
import { createOwnedToken, type CreationContext } from "../../core/token-creation";
import { refuseUnclaimable, type SigningCredential } from "../../core/token-claims";
import { normalizePortal, verifyIdentity, type HeldToken } from "../../core/token-identity";
import { TokenListBatcher } from "../../core/token-list-batcher";
import { TokenLookup } from "../../core/token-lookup";

/** Options for driving the provider directly (tests, scripts); the engine passes none. */
export interface ApiTokenProviderOptions {
  /** Client options that win over stack config and the environment (e.g. `now`, `sleep`, `retry`). */
  client?: Partial<ClientOptions>;
  /** The environment to read credentials from; `process.env` at call time by default. */
  env?: () => NodeJS.ProcessEnv;
  /**
   * Where the provider tells the person running Pulumi what it did on its own (deleting a
   * leftover of a lost create) and what a slow run waits for (rate limits, retries). Default: a
   * line on stderr, which the engine shows in its output.
   */
  report?: (message: string) => void;
  /** Attempt ids for ownership marks (12 lower-case hex digits); random by default. Tests only. */
  newAttemptId?: () => string;
}

/** What {@link ApiTokenProvider.create} returns: the resource id and every output. */
export interface CreatedToken {
  id: string;
  outs: ApiTokenOutputs;
}

/** Stored state: outputs plus the engine's `__provider`, which is passed through untouched. */
type StoredProps = Partial<ApiTokenOutputs> & { __provider?: string };

/**
 * Splits a resource id `"<adminId>/<tokenId>"`. Both must be LogicMonitor ids (1 to 2^31-1);
 * anything else (`9007199254740993/1`, `1e21/2`) is `undefined`, never a rounded number.
 */
export function parseResourceId(id: string): { adminId: number; tokenId: number } | undefined {
  const match = /^([1-9]\d{0,9})\/([1-9]\d{0,9})$/.exec(id);
  if (!match) return undefined;
  const adminId = Number(match[1]);
  const tokenId = Number(match[2]);
  if (adminId > INT32_MAX || tokenId > INT32_MAX) return undefined;
  return { adminId, tokenId };
}

/**
 * Splits an import id `"<adminId>/<tokenId>/<accessId>"` (what `pulumi import` is given): the
 * access id proves which token the id means. `accessId` is undefined for `"<adminId>/<tokenId>"`.
 */
export function parseImportId(id: string): { adminId: number; tokenId: number; accessId: string | undefined } | undefined {
  const match = /^([^/]+\/[^/]+)(?:\/([A-Za-z0-9_-]{1,128}))?$/.exec(id);
  const ids = match?.[1] === undefined ? undefined : parseResourceId(match[1]);
  return ids && { ...ids, accessId: match?.[2] };
}

function isLmId(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value > 0 && value <= INT32_MAX;
}

/** The ids of the token a stored resource stands for, from its id or, failing that, its state. */
function idsOf(verb: string, id: string, props: StoredProps): { adminId: number; tokenId: number } {
  const ids = parseResourceId(id) ?? { adminId: props.adminId, tokenId: props.tokenId };
  if (!isLmId(ids.adminId) || !isLmId(ids.tokenId)) {
    throw new Error(
      `cannot ${verb} LogicMonitor API token: the resource id '${id}' is not '<adminId>/<tokenId>' with LogicMonitor ids (1 to ${INT32_MAX})`,
    );
  }
  return { adminId: ids.adminId, tokenId: ids.tokenId };
}

function resourceId(adminId: number, tokenId: number): string {
  return `${adminId}/${tokenId}`;
}

/** The inputs a stored state stands for, with the owner named as the user named it. */
function inputsOf(props: StoredProps): ApiTokenInputs {
  const inputs: ApiTokenInputs = {
    note: props.note ?? "",
    status: props.status ?? "enabled",
    type: props.type ?? "lmv1",
    keepers: props.keepers ?? {},
  };
  if (props.adminUsername !== undefined) inputs.adminUsername = props.adminUsername;
  else if (props.adminId !== undefined) inputs.adminId = props.adminId;
  if (props.existingTokenId !== undefined) inputs.existingTokenId = props.existingTokenId;
  if (props.existingAccessId !== undefined) inputs.existingAccessId = props.existingAccessId;
  if (props.ownerUrn !== undefined) inputs.ownerUrn = props.ownerUrn;
  return inputs;
}

/**
 * Outputs from the inputs and what LogicMonitor reports. The note is the declared part of the
 * portal's note; `ownerUrn` stays only while the portal's note carries that resource's mark, so
 * a mark removed or changed in the portal shows as a change that `up` puts back.
 */
function toOutputs(inputs: ApiTokenInputs, token: ApiTokenRecord, accessKey: string | undefined, portal: string): ApiTokenOutputs {
  const mark = inputs.ownerUrn === undefined ? undefined : markOf(inputs.ownerUrn);
  const outputs: ApiTokenOutputs = {
    ...inputs,
    note: declaredNote(token.note, mark),
    status: fromWireStatus(token.status),
    adminId: token.adminId,
    tokenId: token.id,
    adminName: token.adminName,
    accessId: token.accessId,
    createdBy: token.createdBy,
    createdOn: token.createdOn,
    lastUsedOn: token.lastUsedOn,
    roles: token.roles,
    portal,
  };
  if (mark === undefined || !sameOwner(splitNote(token.note).mark, mark)) delete outputs.ownerUrn;
  if (accessKey !== undefined) outputs.accessKey = accessKey;
  return outputs;
}

/** `project/stack/name` of a resource, for reports; its URN when it has no mark. */
function labelOf(inputs: ApiTokenInputs, mark: OwnershipMark | undefined): string {
  return mark ? `${mark.project}/${mark.stack}/${mark.name}` : `LogicMonitor API token (${inputs.note})`;
}

/**
 * A create or update that changed LogicMonitor but could not finish: the engine records the
 * resource with these properties (so the token is not orphaned) and reports the reasons.
 */
function partialFailure(id: string, properties: StoredProps, reason: string): Error {
  return Object.assign(new Error(reason), { id, properties, reasons: [reason] });
}

/** The dynamic provider that manages LogicMonitor API tokens. */
export class ApiTokenProvider implements dynamic.ResourceProvider {
  private stackConfig: ConfiguredOptions = {};
  private cachedClient: LogicMonitorClient | undefined;
  private cachedLists: TokenListBatcher | undefined;
  /** One gate per provider instance, so every resource in a deployment shares the rate limits. */
  private gate: RateLimitGate | undefined;
  /** The tokens this process knows belong to resources. */
  private readonly known = new KnownTokens();
  /** Each owner's tokens as first listed by this process, for the look for leftovers before creates. */
  private readonly listsAtStart = new Map<string, Promise<ApiTokenRecord[]>>();
  /** Tokens already named as unproven leftovers (each once per process). */
  private readonly named = new Set<number>();
  /** Tokens a create of this process adopted: a replacement that adopted the token it replaces must not delete it. */
  private readonly adoptedThisRun = new Set<string>();
  /** The credential the client signs with, to refuse claiming it. */
  private signingCredential: SigningCredential | undefined;
  /** Lists for the identity check before updates and deletes. */
  private cachedLookup: TokenLookup | undefined;

  constructor(private readonly options: ApiTokenProviderOptions = {}) {}

  /**
   * Receives the stack configuration (the `logicmonitor:*` keys) from the engine and validates it
   * with the environment, so a missing credential or a malformed `baseUrl` fails `pulumi preview`
   * before any request, with an error naming the config key and variable to set.
   */
  async configure(req: { config: ConfigSource }): Promise<void> {
    this.stackConfig = readStackConfig(req.config);
    this.cachedClient = undefined;
    this.cachedLists = undefined;
    this.cachedLookup = undefined;
    this.listsAtStart.clear();
    this.client();
  }

  /** Validates inputs and applies defaults; makes no API calls. */
  async check(_olds: unknown, news: Record<string, unknown>): Promise<CheckedInputs> {
    const { inputs, failures } = checkApiTokenInputs(news);
    return { inputs, failures };
  }

  /** Reports in-place updates (`note`, `status`, `ownerUrn`) and replacements; makes no API calls. */
  async diff(_id: string, olds: StoredProps, news: ApiTokenInputs): Promise<dynamic.DiffResult> {
    this.known.remember(olds.tokenId);
    const { updates, replaces } = diffApiToken(olds, news);
    if (replaces.length > 0 && olds.existingTokenId !== undefined && news.existingTokenId === olds.tokenId) {
      throw new Error(
        `this resource adopted token ${olds.tokenId} of admin ${olds.adminId} (existingTokenId), and ${replaces.join(", ")} changed, which replaces the token: ` +
          `the replacement would adopt the same token again and then delete it as the old one. Nothing was changed. ` +
          `Undo the change to ${replaces.join(", ")} to keep the token, or remove existingTokenId and existingAccessId to let Pulumi create a new token ` +
          `(the adopted one is then deleted after the new one exists).`,
      );
    }
    return { changes: updates.length + replaces.length > 0, replaces, deleteBeforeReplace: false };
  }

  /** Creates the token (or adopts `existingTokenId`) and returns every output. */
  async create(inputs: ApiTokenInputs & { __provider?: string }): Promise<CreatedToken> {
    const client = this.client();
    const adminId = await this.resolveAdminId(client, inputs);
    const desired = stripProvider(inputs);
    if (inputs.existingTokenId !== undefined) {
      return this.adopt(client, adminId, inputs.existingTokenId, desired, inputs.__provider);
    }
    const mark = desired.ownerUrn === undefined ? undefined : markOf(desired.ownerUrn);
    const token = await createOwnedToken(this.creationContext(client), {
      adminId,
      note: desired.note,
      status: toWireStatus(desired.status),
      type: desired.type,
      mark,
      label: labelOf(desired, mark),
    });
    return { id: resourceId(token.adminId, token.id), outs: toOutputs(desired, token, token.accessKey, this.portal()) };
  }

  /**
   * Refresh: the token at the stored id in the configured portal must have the stored access id
   * (else the refresh fails and state stays as it was); a token missing from the portal the stack
   * recorded leaves state; note/status drift comes back; the key is carried over. Any answer that
   * is not LogicMonitor's own "not found" fails the refresh and leaves state as it was. An import
   * (no stored token) claims the token at the id.
   */
  async read(id: string, props: StoredProps = {}): Promise<dynamic.ReadResult<ApiTokenOutputs>> {
    const importing = props.accessId === undefined && props.tokenId === undefined;
    if (importing) return this.readForImport(id, props);
    const ids = idsOf("read", id, props);
    this.known.remember(ids.tokenId);
    const token = await this.confirmed(ids, props.type ?? "lmv1", await this.listedOrGone(ids, props.type ?? "lmv1"));
    const portal = this.portal();
    const verdict = verifyIdentity("refresh", heldOf(ids, props), token, portal);
    if (verdict.kind === "gone") return { id: "" };
    const outs = toOutputs(inputsOf(props), verdict.token, props.accessKey, portal);
    return { id, props: outs, inputs: inputsOf(outs) as ApiTokenOutputs };
  }

  /**
   * `pulumi import` (plugin face): the id must carry the token's access id
   * (`<adminId>/<tokenId>/<accessId>`), and the token may not be another resource's or the
   * provider's own credential. Answers with the resource id `<adminId>/<tokenId>`.
   */
  private async readForImport(id: string, props: StoredProps): Promise<dynamic.ReadResult<ApiTokenOutputs>> {
    const parsed = parseImportId(id);
    if (!parsed) idsOf("import", id, props); // throws, naming the expected form
    const { adminId, tokenId, accessId } = parsed!;
    const type = props.type ?? "lmv1";
    const token = await this.confirmed({ adminId, tokenId }, type, await this.listedOrGone({ adminId, tokenId }, type));
    if (!token) return { id: "" };
    const portal = this.portal();
    const what = `import of token ${tokenId} of admin ${adminId}`;
    if (accessId === undefined) {
      throw new Error(
        `${what} needs the token's access id too: token ids are numbered per portal, so the access id proves which token you mean. ` +
          `Token ${tokenId} in ${portal} has access id ${token.accessId}; if that is the token to import, run ` +
          `'pulumi import logicmonitor:index:ApiToken <name> ${adminId}/${tokenId}/${token.accessId}' (check it in the portal first).`,
      );
    }
    if (token.accessId !== accessId) {
      throw new Error(
        `${what}: token ${tokenId} in ${portal} has access id ${token.accessId}, not ${accessId}: it is another token than the one named. ` +
          `Nothing was changed. Check that the stack points at the right portal (logicmonitor:baseUrl or logicmonitor:company).`,
      );
    }
    refuseUnclaimable(what, token, props.ownerUrn === undefined ? undefined : markOf(props.ownerUrn), this.signingCredentialOf());
    this.known.remember(tokenId);
    const outs = toOutputs(inputsOf(props), token, undefined, portal);
    return { id: resourceId(adminId, tokenId), props: outs, inputs: inputsOf(outs) as ApiTokenOutputs };
  }

  /** The owner's token at the id from the shared list; undefined when missing or the owner is gone. */
  private async listedOrGone(ids: { adminId: number; tokenId: number }, type: TokenType): Promise<ApiTokenRecord | undefined> {
    try {
      return await this.lists().find(ids.adminId, type, ids.tokenId);
    } catch (error) {
      if (isNotFound(error)) return undefined; // LogicMonitor says the owner itself is gone
      throw error;
    }
  }

  /**
   * A token missing from a list is asked for by id before it counts as missing: a paged list read
   * while other tokens are deleted can skip one at a page boundary.
   */
  private async confirmed(ids: { adminId: number; tokenId: number }, type: TokenType, listed: ApiTokenRecord | undefined): Promise<ApiTokenRecord | undefined> {
    if (listed) return listed;
    try {
      const found = await this.client().findApiToken(ids.adminId, ids.tokenId);
      return found?.type === type ? found : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * Applies a note/status change (and the ownership mark) with a PUT that always carries both,
   * to the stored token only: its access id is checked in the configured portal first.
   */
  async update(id: string, olds: StoredProps, news: ApiTokenInputs): Promise<{ outs: ApiTokenOutputs }> {
    const ids = idsOf("update", id, olds);
    this.known.remember(ids.tokenId);
    const desired = stripProvider(news);
    const portal = this.portal();
    const held = heldOf(ids, olds);
    const type = olds.type ?? "lmv1";
    const listed = await this.confirmed(ids, type, await this.lookup().find(ids.adminId, type, ids.tokenId));
    const verdict = verifyIdentity("update", held, listed, portal);
    if (verdict.kind === "gone") throw goneError(ids);
    const mark = desired.ownerUrn === undefined ? undefined : markOf(desired.ownerUrn);
    // Keep the attempt id the token was made with, so an update does not churn the portal's note.
    const current = splitNote(verdict.token.note).mark;
    const writtenMark = mark && current?.attempt !== undefined && sameOwner(current, mark) ? { ...mark, attempt: current.attempt } : mark;
    let token: ApiTokenRecord;
    try {
      token = await this.client().updateApiToken(ids.adminId, ids.tokenId, {
        note: markedNote(desired.note, writtenMark),
        status: toWireStatus(desired.status),
      });
    } catch (error) {
      if (isNotFound(error)) throw goneError(ids);
      throw error;
    } finally {
      this.lists().invalidate(ids.adminId);
    }
    // Keep the owner as the user named it, and the key, which only the create response had.
    const outs = toOutputs({ ...desired, adminUsername: news.adminUsername ?? undefined }, token, olds.accessKey, portal);
    if (outs.adminUsername === undefined) delete outs.adminUsername;
    if (news.existingTokenId === undefined && olds.existingTokenId !== undefined) outs.existingTokenId = olds.existingTokenId;
    if (news.existingAccessId === undefined && olds.existingAccessId !== undefined) outs.existingAccessId = olds.existingAccessId;
    return { outs };
  }

  /**
   * Deletes the stored token, after checking its access id in the configured portal. Already gone
   * counts as deleted only when LogicMonitor itself says so, in the portal the stack recorded; any
   * other answer fails, and the engine keeps the resource in state. Each deletion is reported.
   */
  async delete(id: string, props: StoredProps): Promise<void> {
    const ids = idsOf("delete", id, props);
    this.known.remember(ids.tokenId);
    const portal = this.portal();
    const held = heldOf(ids, props);
    const label = labelOf(inputsOf(props), props.ownerUrn === undefined ? undefined : markOf(props.ownerUrn));
    if (props.existingTokenId !== undefined && this.adoptedThisRun.has(`${portal} ${id}`)) {
      // `pulumi up --replace` of an adopted resource: its replacement adopted this very token.
      this.report()(`${label}: kept token ${ids.tokenId} of admin ${ids.adminId}: the resource's replacement adopted this same token, so deleting the old resource deletes nothing`);
      return;
    }
    const type = props.type ?? "lmv1";
    const listed = await this.confirmed(ids, type, await this.lookup().find(ids.adminId, type, ids.tokenId));
    const verdict = verifyIdentity("delete", held, listed, portal);
    if (verdict.kind === "gone") return;
    try {
      await this.client().deleteApiToken(ids.adminId, ids.tokenId);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return;
    } finally {
      this.lists().invalidate(ids.adminId);
    }
    this.report()(`${label}: deleted token ${ids.tokenId} of admin ${ids.adminId} (access id ${verdict.token.accessId}) in ${portal}`);
  }

  /** The credential the client signs with (kept in process, never in a message). */
  private signingCredentialOf(): SigningCredential {
    this.client();
    return this.signingCredential!;
  }

  /** The configured portal, normalized: what state records as `portal`. */
  private portal(): string {
    return normalizePortal(this.client().baseUrl);
  }

  private lookup(): TokenLookup {
    if (!this.cachedLookup) this.cachedLookup = new TokenLookup((adminId, type) => this.client().listApiTokens(adminId, { type }));
    return this.cachedLookup;
  }

  private client(): LogicMonitorClient {
    if (!this.cachedClient) {
      const env = this.options.env ? this.options.env() : process.env;
      const report = this.report();
      const onRetry = (event: RetryEvent) => {
        const line = describeRetry(event);
        if (line) report(line);
        this.options.client?.onRetry?.(event);
      };
      const resolved = resolveClientOptions(
        { settingNames: PROVIDER_SETTING_NAMES, ...this.stackConfig, ...this.options.client, onRetry, rateLimitGate: this.rateLimitGate() },
        env,
      );
      this.cachedClient = new LogicMonitorClient(resolved);
      const { auth } = normalizeClientOptions(resolved);
      this.signingCredential = auth.kind === "lmv1" ? { kind: "lmv1", accessId: auth.accessId } : { kind: "bearer", token: auth.token };
    }
    return this.cachedClient;
  }

  /** The gate every client of this provider shares, on the injected clock; it reports long waits. */
  private rateLimitGate(): RateLimitGate {
    if (!this.gate) {
      const { now, sleep } = this.options.client ?? {};
      const report = this.report();
      this.gate = new RateLimitGate({
        ...(now ? { now } : {}),
        ...(sleep ? { sleep } : {}),
        onWait: (event) => {
          const line = describeGateWait(event);
          if (line) report(line);
        },
      });
    }
    return this.gate;
  }

  private report(): (message: string) => void {
    return this.options.report ?? reportOnStderr;
  }

  private lists(): TokenListBatcher {
    if (!this.cachedLists) {
      this.cachedLists = new TokenListBatcher(
        (adminId, type) => this.client().listApiTokens(adminId, { type }),
        this.options.client?.now ?? Date.now,
      );
    }
    return this.cachedLists;
  }

  private creationContext(client: LogicMonitorClient): CreationContext {
    return {
      client,
      known: this.known,
      listedAtStart: (adminId: number, type: TokenType) => {
        const key = `${adminId}/${type}`;
        let list = this.listsAtStart.get(key);
        if (!list) {
          list = client.listApiTokens(adminId, { type });
          this.listsAtStart.set(key, list);
          list.catch(() => this.listsAtStart.get(key) === list && this.listsAtStart.delete(key));
        }
        return list;
      },
      invalidate: (adminId: number) => this.lists().invalidate(adminId),
      report: this.report(),
      newAttemptId: this.options.newAttemptId ?? (() => randomBytes(6).toString("hex")),
      named: this.named,
    };
  }

  private async resolveAdminId(client: LogicMonitorClient, inputs: ApiTokenInputs): Promise<number> {
    if (inputs.adminId !== undefined) return inputs.adminId;
    if (inputs.adminUsername === undefined) {
      throw new LmConfigError("the token's owner is missing: set adminId or adminUsername", ["adminId", "adminUsername"]);
    }
    const admin = await client.findAdminByUsername(inputs.adminUsername);
    if (!admin) {
      throw new Error(
        `LogicMonitor has no user named '${inputs.adminUsername}' (adminUsername). ` +
          `Check the spelling (usernames match exactly), or set adminId to the user's numeric id.`,
      );
    }
    return admin.id;
  }

  /**
   * Takes an existing token under management (the user named it with `existingTokenId`: an
   * explicit claim), then converges its note, status and ownership mark.
   */
  private async adopt(
    client: LogicMonitorClient,
    adminId: number,
    tokenId: number,
    desired: ApiTokenInputs,
    serializedProvider: string | undefined,
  ): Promise<CreatedToken> {
    this.known.remember(tokenId);
    const portal = this.portal();
    const existing = await client.findApiToken(adminId, tokenId);
    if (!existing) {
      throw new Error(
        `existingTokenId ${tokenId} is not an API token of admin ${adminId} in ${portal}: ` +
          `check both ids and the portal (Settings → Users → API Tokens), or remove existingTokenId to create a new token.`,
      );
    }
    if (desired.existingAccessId === undefined) {
      throw new Error(
        `existingTokenId ${tokenId} needs existingAccessId too: token ids are numbered per portal, so the access id proves which token you mean. ` +
          `Token ${tokenId} of admin ${adminId} in ${portal} has access id ${existing.accessId}; if that is the token to adopt, ` +
          `set existingAccessId: "${existing.accessId}" (check it in the portal first).`,
      );
    }
    if (existing.accessId !== desired.existingAccessId) {
      throw new Error(
        `existingTokenId ${tokenId} of admin ${adminId} in ${portal} has access id ${existing.accessId}, not existingAccessId ${desired.existingAccessId}: ` +
          `it is another token than the one named. Nothing was changed. Check that the stack points at the right portal ` +
          `(logicmonitor:baseUrl or logicmonitor:company) and that both ids are the token's.`,
      );
    }
    refuseUnclaimable(`existingTokenId ${tokenId}`, existing, desired.ownerUrn === undefined ? undefined : markOf(desired.ownerUrn), this.signingCredentialOf());
    if (existing.type !== desired.type) {
      throw new Error(
        `existingTokenId ${tokenId} is a ${existing.type} token but the resource asks for type "${desired.type}": set type: "${existing.type}".`,
      );
    }
    const id = resourceId(adminId, tokenId);
    this.adoptedThisRun.add(`${portal} ${id}`);
    const mark = desired.ownerUrn === undefined ? undefined : markOf(desired.ownerUrn);
    const note = markedNote(desired.note, mark);
    if (existing.note === note && fromWireStatus(existing.status) === desired.status) {
      return { id, outs: toOutputs(desired, existing, undefined, portal) };
    }
    try {
      const updated = await client.updateApiToken(adminId, tokenId, { note, status: toWireStatus(desired.status) });
      return { id, outs: toOutputs(desired, updated, undefined, portal) };
    } catch (error) {
      // Adopted but not converged: record it anyway, so the next `pulumi up` retries the update.
      const stored = { ...toOutputs(inputsOf({ ...desired }), existing, undefined, portal), __provider: serializedProvider };
      throw partialFailure(id, stored, `adopted token ${tokenId} but could not set its note and status: ${String(error)}`);
    } finally {
      this.lists().invalidate(adminId);
    }
  }
}

/** What state holds about the token a resource stands for. */
function heldOf(ids: { adminId: number; tokenId: number }, props: StoredProps): HeldToken {
  return { ...ids, accessId: props.accessId, accessKey: props.accessKey, portal: props.portal };
}

/** The update of a token LogicMonitor says is gone (in the stack's own portal). */
function goneError(ids: { adminId: number; tokenId: number }): Error {
  return new Error(
    `LogicMonitor API token ${ids.tokenId} of admin ${ids.adminId} no longer exists (deleted outside Pulumi). ` +
      `Run 'pulumi refresh' to drop it from state, then 'pulumi up' to create a new one.`,
  );
}

/** The default report: one line on stderr, which the engine prints in the `pulumi up` output. */
function reportOnStderr(message: string): void {
  process.stderr.write(`logicmonitor: ${message}\n`);
}

function stripProvider(inputs: ApiTokenInputs & { __provider?: unknown }): ApiTokenInputs {
  const { __provider: _ignored, ...rest } = inputs;
  return rest;
}
