/**
 * `ApiTokenProvider`: the dynamic provider behind {@link ApiToken}, one LogicMonitor API token
 * per resource.
 *
 *   create  → POST   /setting/admins/{adminId}/apitokens            (or adopt `existingTokenId`)
 *   read    → GET    /setting/admins/{adminId}/apitokens?filter=…   (shared per admin; no get-one endpoint)
 *   update  → PUT    /setting/admins/{adminId}/apitokens/{tokenId}  (always both note and status)
 *   delete  → DELETE /setting/admins/{adminId}/apitokens/{tokenId}  (already gone counts as deleted)
 *
 * Runtime code: it runs in the engine's dynamic-provider process, loaded by the small serialized
 * shim in `serialized-provider.ts`. It imports only types from `@pulumi/pulumi`, keeps its state
 * (client, rate-limit gate, list batcher) on the instance, and gets credentials from
 * `configure()` or the environment at call time — never from closure capture.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { LogicMonitorClient } from "../client/client";
import { resolveClientOptions } from "../client/config";
import { isLmApiError, isLmNetworkError, isNotFound, isPossiblyCommitted, LmConfigError } from "../client/errors";
import { RateLimitGate } from "../client/rate-limit";
import type { ApiTokenRecord, ClientOptions } from "../client/types";
import { diffApiToken } from "./api-token-diff";
import {
  checkApiTokenInputs,
  fromWireStatus,
  toWireStatus,
  type ApiTokenInputs,
  type ApiTokenOutputs,
  type CheckedInputs,
} from "./api-token-inputs";
import { readStackConfig, type ConfigSource, type ConfiguredOptions } from "./provider-config";
import { CreateLedger } from "./create-ledger";
import { TokenListBatcher } from "./token-list-batcher";

/** Options for driving the provider directly (tests, scripts); the engine passes none. */
export interface ApiTokenProviderOptions {
  /** Client options that win over stack config and the environment (e.g. `now`, `sleep`, `retry`). */
  client?: Partial<ClientOptions>;
  /** The environment to read credentials from; `process.env` at call time by default. */
  env?: () => NodeJS.ProcessEnv;
}

/** What {@link ApiTokenProvider.create} returns: the resource id and every output. */
export interface CreatedToken {
  id: string;
  outs: ApiTokenOutputs;
}

/** Stored state: outputs plus the engine's `__provider`, which is passed through untouched. */
type StoredProps = Partial<ApiTokenOutputs> & { __provider?: string };

/** Splits a resource id `"<adminId>/<tokenId>"`. */
export function parseResourceId(id: string): { adminId: number; tokenId: number } | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(id);
  if (!match) return undefined;
  return { adminId: Number(match[1]), tokenId: Number(match[2]) };
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
  return inputs;
}

function toOutputs(inputs: ApiTokenInputs, token: ApiTokenRecord, accessKey: string | undefined): ApiTokenOutputs {
  const outputs: ApiTokenOutputs = {
    ...inputs,
    note: token.note,
    status: fromWireStatus(token.status),
    adminId: token.adminId,
    tokenId: token.id,
    adminName: token.adminName,
    accessId: token.accessId,
    createdBy: token.createdBy,
    createdOn: token.createdOn,
    lastUsedOn: token.lastUsedOn,
    roles: token.roles,
  };
  if (accessKey !== undefined) outputs.accessKey = accessKey;
  return outputs;
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
  private readonly gate = new RateLimitGate();
  /** The tokens this process knows belong to resources, and the creates still running. */
  private readonly ledger = new CreateLedger();

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
    this.client();
  }

  /** Validates inputs and applies defaults; makes no API calls. */
  async check(_olds: unknown, news: Record<string, unknown>): Promise<CheckedInputs> {
    const { inputs, failures } = checkApiTokenInputs(news);
    return { inputs, failures };
  }

  /** Reports in-place updates (`note`, `status`) and replacements; makes no API calls. */
  async diff(_id: string, olds: StoredProps, news: ApiTokenInputs): Promise<dynamic.DiffResult> {
    this.ledger.remember(olds.tokenId);
    const { updates, replaces } = diffApiToken(olds, news);
    return { changes: updates.length + replaces.length > 0, replaces, deleteBeforeReplace: false };
  }

  /** Creates the token (or adopts `existingTokenId`) and returns every output. */
  async create(inputs: ApiTokenInputs & { __provider?: string }): Promise<CreatedToken> {
    const client = this.client();
    const adminId = await this.resolveAdminId(client, inputs);
    const desired = { ...stripProvider(inputs) };
    if (inputs.existingTokenId !== undefined) {
      return this.adopt(client, adminId, inputs.existingTokenId, desired, inputs.__provider);
    }
    const { token, extras } = await this.createVerified(client, adminId, desired);
    const outs = toOutputs(desired, token, token.accessKey);
    const id = resourceId(adminId, token.id);
    if (!token.accessKey) {
      throw partialFailure(
        id,
        { ...outs, __provider: inputs.__provider },
        `LogicMonitor created token ${token.id} for admin ${adminId} but returned no accessKey; ` +
          `delete it in the portal and run 'pulumi up' again, or keep it with existingTokenId: ${token.id}`,
      );
    }
    if (extras.length > 0) {
      const ids = extras.map((extra) => extra.id).join(", ");
      throw partialFailure(
        id,
        { ...outs, __provider: inputs.__provider },
        `created token ${token.id} for admin ${adminId} after an earlier attempt had failed, and LogicMonitor now also ` +
          `has token ${ids} with the same note, created by that attempt: delete token ${ids} in the portal ` +
          `(Settings → Users → API Tokens; 'npx lm-apitoken orphans' lists it); token ${token.id} is kept in state`,
      );
    }
    return { id, outs };
  }

  /** Refresh: gone tokens leave state; note/status drift comes back; the key is carried over. */
  async read(id: string, props: StoredProps = {}): Promise<dynamic.ReadResult<ApiTokenOutputs>> {
    const ids = parseResourceId(id) ?? { adminId: props.adminId, tokenId: props.tokenId };
    if (ids.adminId === undefined || ids.tokenId === undefined) {
      throw new Error(`cannot read LogicMonitor API token: the resource id '${id}' is not '<adminId>/<tokenId>'`);
    }
    this.ledger.remember(ids.tokenId);
    let token: ApiTokenRecord | undefined;
    try {
      token = await this.lists().find(ids.adminId, props.type ?? "lmv1", ids.tokenId);
    } catch (error) {
      if (isNotFound(error)) token = undefined; // the owner itself is gone
      else throw error;
    }
    if (!token) return { id: "" };
    const outs = toOutputs(inputsOf(props), token, props.accessKey);
    return { id, props: outs, inputs: inputsOf(outs) as ApiTokenOutputs };
  }

  /** Applies a note/status change with a PUT that always carries both. */
  async update(id: string, olds: StoredProps, news: ApiTokenInputs): Promise<{ outs: ApiTokenOutputs }> {
    const ids = parseResourceId(id) ?? { adminId: olds.adminId, tokenId: olds.tokenId };
    if (ids.adminId === undefined || ids.tokenId === undefined) {
      throw new Error(`cannot update LogicMonitor API token: the resource id '${id}' is not '<adminId>/<tokenId>'`);
    }
    this.ledger.remember(ids.tokenId);
    const desired = stripProvider(news);
    let token: ApiTokenRecord;
    try {
      token = await this.client().updateApiToken(ids.adminId, ids.tokenId, {
        note: desired.note,
        status: toWireStatus(desired.status),
      });
    } catch (error) {
      if (isNotFound(error)) {
        throw new Error(
          `LogicMonitor API token ${ids.tokenId} of admin ${ids.adminId} no longer exists (deleted outside Pulumi). ` +
            `Run 'pulumi refresh' to drop it from state, then 'pulumi up' to create a new one.`,
        );
      }
      throw error;
    } finally {
      this.lists().invalidate(ids.adminId);
    }
    // Keep the owner as the user named it, and the key, which only the create response had.
    const outs = toOutputs({ ...desired, adminUsername: news.adminUsername ?? undefined }, token, olds.accessKey);
    if (outs.adminUsername === undefined) delete outs.adminUsername;
    if (news.existingTokenId === undefined && olds.existingTokenId !== undefined) outs.existingTokenId = olds.existingTokenId;
    return { outs };
  }

  /** Deletes the token; a token that is already gone counts as deleted. */
  async delete(id: string, props: StoredProps): Promise<void> {
    const ids = parseResourceId(id) ?? { adminId: props.adminId, tokenId: props.tokenId };
    if (ids.adminId === undefined || ids.tokenId === undefined) {
      throw new Error(`cannot delete LogicMonitor API token: the resource id '${id}' is not '<adminId>/<tokenId>'`);
    }
    this.ledger.remember(ids.tokenId);
    try {
      await this.client().deleteApiToken(ids.adminId, ids.tokenId);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    } finally {
      this.lists().invalidate(ids.adminId);
    }
  }

  private client(): LogicMonitorClient {
    if (!this.cachedClient) {
      const env = this.options.env ? this.options.env() : process.env;
      const resolved = resolveClientOptions(
        { ...this.stackConfig, ...this.options.client, rateLimitGate: this.gate },
        env,
      );
      this.cachedClient = new LogicMonitorClient(resolved);
    }
    return this.cachedClient;
  }

  private lists(): TokenListBatcher {
    if (!this.cachedLists) {
      this.cachedLists = new TokenListBatcher((adminId, type) => this.client().listApiTokens(adminId, { type }));
    }
    return this.cachedLists;
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

  /** Takes an existing token under management, then converges its note and status. */
  private async adopt(
    client: LogicMonitorClient,
    adminId: number,
    tokenId: number,
    desired: ApiTokenInputs,
    serializedProvider: string | undefined,
  ): Promise<CreatedToken> {
    this.ledger.remember(tokenId);
    const existing = await client.findApiToken(adminId, tokenId);
    if (!existing) {
      throw new Error(
        `existingTokenId ${tokenId} is not an API token of admin ${adminId}: ` +
          `check both ids in the portal (Settings → Users → API Tokens), or remove existingTokenId to create a new token.`,
      );
    }
    if (existing.type !== desired.type) {
      throw new Error(
        `existingTokenId ${tokenId} is a ${existing.type} token but the resource asks for type "${desired.type}": set type: "${existing.type}".`,
      );
    }
    const id = resourceId(adminId, tokenId);
    if (existing.note === desired.note && fromWireStatus(existing.status) === desired.status) {
      return { id, outs: toOutputs(desired, existing, undefined) };
    }
    try {
      const updated = await client.updateApiToken(adminId, tokenId, {
        note: desired.note,
        status: toWireStatus(desired.status),
      });
      return { id, outs: toOutputs(desired, updated, undefined) };
    } catch (error) {
      // Adopted but not converged: record it anyway, so the next `pulumi up` retries the update.
      const stored = { ...toOutputs(inputsOf({ ...desired }), existing, undefined), __provider: serializedProvider };
      throw partialFailure(id, stored, `adopted token ${tokenId} but could not set its note and status: ${String(error)}`);
    } finally {
      this.lists().invalidate(adminId);
    }
  }

  /**
   * POSTs the token. A create that failed after it may have reached LogicMonitor is never retried
   * blindly (that could mint a second token): the admin's tokens are listed first. A token that
   * matches means the response was lost (an error names it and how to adopt it); none means nothing
   * was created, and the create is tried again when the failure says the portal had finished with
   * the request ({@link isSettledFailure}). A retried create then looks again, so a token that the
   * failed attempt created after all is reported, never silent.
   */
  private async createVerified(
    client: LogicMonitorClient,
    adminId: number,
    desired: ApiTokenInputs,
  ): Promise<{ token: ApiTokenRecord; extras: ApiTokenRecord[] }> {
    const startedAt = Date.now();
    const key = CreateLedger.keyOf(adminId, desired.type, desired.note);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const create = client.createApiToken(adminId, {
          note: desired.note,
          status: toWireStatus(desired.status),
          type: desired.type,
        });
        const token = await this.ledger.track(key, create);
        if (attempt === 1) return { token, extras: [] };
        // Best effort: if this look fails, the new token (and its key) must still reach state.
        const found = await this.lookForCreated(client, adminId, desired, key, startedAt).catch(() => []);
        return { token, extras: found };
      } catch (error) {
        if (!isPossiblyCommitted(error)) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        if (!isLmApiError(error)) await client.sleep(CREATE_SETTLE_MS);
        let found: ApiTokenRecord[];
        try {
          found = await this.lookForCreated(client, adminId, desired, key, startedAt);
        } catch {
          throw new Error(
            `${reason}\nThe create request may have reached LogicMonitor, and its tokens could not be listed to check. ` +
              `Before running 'pulumi up' again, look for a new token of admin ${adminId} with note ${JSON.stringify(desired.note)} ` +
              `(or run 'npx lm-apitoken orphans'); keep it with existingTokenId, or delete it.`,
          );
        }
        if (found.length > 0) throw lostCreateError(reason, adminId, found);
        if (!isSettledFailure(error) || attempt > MAX_VERIFIED_CREATE_RETRIES) {
          throw new Error(
            `${reason}\nNo new token of admin ${adminId} with this note exists, so nothing was created: run 'pulumi up' again.`,
          );
        }
        await client.backoff(attempt);
      } finally {
        this.lists().invalidate(adminId);
      }
    }
  }

  /**
   * Tokens of the admin that a create started at `startedAt` with these inputs may have made:
   * same note and type, created since, and not known to belong to another resource. Sibling
   * creates under the same ledger `key` (owner, type, note) are waited for first (and again after the list), so
   * their tokens are known before they are counted.
   */
  private async lookForCreated(
    client: LogicMonitorClient,
    adminId: number,
    desired: ApiTokenInputs,
    key: string,
    startedAt: number,
  ): Promise<ApiTokenRecord[]> {
    await this.ledger.settle(key);
    // LogicMonitor's createdOn is in its own clock's seconds: allow for skew.
    const since = Math.floor(startedAt / 1000) - CREATED_ON_SLACK_SECONDS;
    const candidates = (await client.listApiTokens(adminId, { type: desired.type })).filter(
      (token) => token.note === desired.note && token.createdOn >= since,
    );
    await this.ledger.settle(key);
    return candidates.filter((token) => !this.ledger.isKnown(token.id));
  }
}

/** Retries of a create after LogicMonitor was checked to hold no token from the failed attempt. */
const MAX_VERIFIED_CREATE_RETRIES = 2;

/** Wait after a create lost its connection, so a request still on its way finishes before the check. */
const CREATE_SETTLE_MS = 2_000;

/** How far before the create a matching token's `createdOn` may be (clock differences). */
const CREATED_ON_SLACK_SECONDS = 300;

/**
 * A failed create whose request cannot still be running on the portal: LogicMonitor itself
 * answered 500 or 503, or the connection broke (reset, hang-up). Gateway answers (502, 504) and
 * timeouts may leave the request running behind them, so they are not retried.
 */
function isSettledFailure(error: unknown): boolean {
  if (isLmApiError(error)) return error.status === 500 || error.status === 503;
  return isLmNetworkError(error);
}

/** The error for a create whose response was lost although LogicMonitor made the token. */
function lostCreateError(reason: string, adminId: number, found: ApiTokenRecord[]): Error {
  const ids = found.map((token) => token.id).join(", ");
  return new Error(
    `${reason}\nThe create request reached LogicMonitor but its response was lost: token ${ids} of admin ${adminId} ` +
      `matches this resource. Its access key was only in the lost response and cannot be recovered. ` +
      `Either delete token ${ids} in the portal and run 'pulumi up' again for a new token with a key, ` +
      `or keep it by setting existingTokenId: ${found[0]?.id} on this resource (it will have no accessKey output).`,
  );
}

function stripProvider(inputs: ApiTokenInputs & { __provider?: unknown }): ApiTokenInputs {
  const { __provider: _ignored, ...rest } = inputs;
  return rest;
}
