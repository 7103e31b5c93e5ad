/**
 * What one provider process holds for the portal it is configured for, shared by every resource
 * type it serves: the client (credentials read when it is first needed, never captured), one
 * rate-limit gate (LogicMonitor's limits are per portal), the list batcher that refresh reads
 * share, the lookup that identity checks before updates and deletes share, the tokens the process
 * knows belong to resources, and the ledger that creates use to recover from lost answers.
 *
 * The plugin face serves every resource type from one session; on the dynamic face each resource
 * type's provider object has its own.
 *
 * Runtime code: no `@pulumi/pulumi` values; everything lives on the instance.
 */
import { randomBytes } from "node:crypto";
import { LogicMonitorClient } from "../client/client";
import { normalizeClientOptions, resolveClientOptions } from "../client/config";
import { isNotFound, LmConfigError } from "../client/errors";
import { RateLimitGate } from "../client/rate-limit";
import type { ApiTokenRecord, ClientOptions, RetryEvent, TokenType } from "../client/types";
import { KnownTokens } from "./known-tokens";
import { describeGateWait, describeRetry } from "./progress";
import { PROVIDER_SETTING_NAMES, readStackConfig, type ConfigSource, type ConfiguredOptions } from "./provider-config";
import type { SigningCredential } from "./token-claims";
import type { CreationContext } from "./token-creation";
import { normalizePortal } from "./token-identity";
import { TokenListBatcher } from "./token-list-batcher";
import { TokenLookup } from "./token-lookup";

/** Options for driving a provider directly (tests, scripts); the engine passes none. */
export interface PortalSessionOptions {
  /** Client options that win over stack config and the environment (e.g. `now`, `sleep`, `retry`). */
  client?: Partial<ClientOptions>;
  /** The environment to read credentials from; `process.env` at call time by default. */
  env?: () => NodeJS.ProcessEnv;
  /**
   * Where the provider tells the person running Pulumi what it did on its own (a deletion), what
   * a person should check, and what a slow run waits for (rate limits, retries). Default: a line
   * on stderr, which the engine shows in its output.
   */
  report?: (message: string) => void;
  /** Attempt ids for ownership marks (12 lower-case hex digits); random by default. Tests only. */
  newAttemptId?: () => string;
}

/** The portal, credentials and shared caches of one provider process. */
export class PortalSession {
  private stackConfig: ConfiguredOptions = {};
  private cachedClient: LogicMonitorClient | undefined;
  private cachedLists: TokenListBatcher | undefined;
  private cachedLookup: TokenLookup | undefined;
  private gate: RateLimitGate | undefined;
  /** The credential the client signs with (kept in process, never in a message). */
  private credential: SigningCredential | undefined;
  /** Each owner's tokens as first listed by this process, for the look for leftovers before creates. */
  private readonly listsAtStart = new Map<string, Promise<ApiTokenRecord[]>>();
  /** Tokens already named as unproven leftovers (each once per process). */
  private readonly named = new Set<number>();
  /** The tokens this process knows belong to resources. */
  readonly known = new KnownTokens();

  constructor(private readonly options: PortalSessionOptions = {}) {}

  /**
   * Takes the stack configuration (the `logicmonitor:*` keys) and validates it with the
   * environment, so a missing credential or a malformed `baseUrl` fails before any request.
   */
  configure(config: ConfigSource): void {
    this.stackConfig = readStackConfig(config);
    this.cachedClient = undefined;
    this.cachedLists = undefined;
    this.cachedLookup = undefined;
    this.listsAtStart.clear();
    this.client();
  }

  /** The client for the configured portal (made on first use). */
  client(): LogicMonitorClient {
    if (!this.cachedClient) {
      const env = this.options.env ? this.options.env() : process.env;
      const report = this.report;
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
      this.credential = auth.kind === "lmv1" ? { kind: "lmv1", accessId: auth.accessId } : { kind: "bearer", token: auth.token };
    }
    return this.cachedClient;
  }

  /** The credential the client signs with, to refuse claiming it (kept in process, never in a message). */
  signingCredential(): SigningCredential {
    this.client();
    return this.credential!;
  }

  /** The configured portal, normalized: what state records as `portal`. */
  portal(): string {
    return normalizePortal(this.client().baseUrl);
  }

  /** The clock, in milliseconds (the client's injected `now` in tests). */
  now(): number {
    return (this.options.client?.now ?? Date.now)();
  }

  /** Tells the person running Pulumi something (one line). */
  readonly report = (message: string): void => {
    (this.options.report ?? reportOnStderr)(message);
  };

  /** Reads of one owner's tokens, shared while in flight and for a moment after (refresh). */
  lists(): TokenListBatcher {
    if (!this.cachedLists) {
      this.cachedLists = new TokenListBatcher((adminId, type) => this.client().listApiTokens(adminId, { type }), this.options.client?.now ?? Date.now);
    }
    return this.cachedLists;
  }

  /** Lists for the identity check before updates and deletes: one per owner and type for the whole run. */
  lookup(): TokenLookup {
    if (!this.cachedLookup) this.cachedLookup = new TokenLookup((adminId, type) => this.client().listApiTokens(adminId, { type }));
    return this.cachedLookup;
  }

  /**
   * A token missing from a list, asked for by id before it counts as missing: a paged list read
   * while other tokens are deleted can skip one at a page boundary. Undefined when LogicMonitor
   * has no token of that type at the id (or no such owner).
   */
  async confirmed(adminId: number, tokenId: number, type: TokenType, listed: ApiTokenRecord | undefined): Promise<ApiTokenRecord | undefined> {
    if (listed) return listed;
    try {
      const found = await this.client().findApiToken(adminId, tokenId);
      return found?.type === type ? found : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Forgets cached lists of an owner after a write. */
  invalidate(adminId: number): void {
    this.lists().invalidate(adminId);
  }

  /**
   * What a create needs. `listed`, when given, is a list of the owner's tokens that this very
   * operation took a moment ago: the create uses it as its look before the POST instead of
   * listing again.
   */
  creationContext(listed?: { adminId: number; type: TokenType; tokens: ApiTokenRecord[] }): CreationContext {
    const client = this.client();
    return {
      client,
      known: this.known,
      listedAtStart: (adminId: number, type: TokenType) => {
        if (listed && listed.adminId === adminId && listed.type === type) return Promise.resolve(listed.tokens);
        const key = `${adminId}/${type}`;
        let list = this.listsAtStart.get(key);
        if (!list) {
          list = client.listApiTokens(adminId, { type });
          this.listsAtStart.set(key, list);
          list.catch(() => this.listsAtStart.get(key) === list && this.listsAtStart.delete(key));
        }
        return list;
      },
      invalidate: (adminId: number) => this.invalidate(adminId),
      report: this.report,
      newAttemptId: this.options.newAttemptId ?? (() => randomBytes(6).toString("hex")),
      named: this.named,
    };
  }

  /** The owner's admin id: `adminId`, or the id of the user named `adminUsername`. */
  async resolveAdminId(owner: { adminId?: number; adminUsername?: string }): Promise<number> {
    if (owner.adminId !== undefined) return owner.adminId;
    if (owner.adminUsername === undefined) {
      throw new LmConfigError("the token's owner is missing: set adminId or adminUsername", ["adminId", "adminUsername"]);
    }
    const admin = await this.client().findAdminByUsername(owner.adminUsername);
    if (!admin) {
      throw new Error(
        `LogicMonitor has no user named '${owner.adminUsername}' (adminUsername). ` +
          `Check the spelling (usernames match exactly), or set adminId to the user's numeric id.`,
      );
    }
    return admin.id;
  }

  /** The gate every client of this session shares, on the injected clock; it reports long waits. */
  private rateLimitGate(): RateLimitGate {
    if (!this.gate) {
      const { now, sleep } = this.options.client ?? {};
      const report = this.report;
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
}

/** The default report: one line on stderr, which the engine prints in the `pulumi up` output. */
function reportOnStderr(message: string): void {
  process.stderr.write(`logicmonitor: ${message}\n`);
}
