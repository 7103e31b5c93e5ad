import { createRandomSource, generateAccessId, generateAccessKey, generateBearerToken, type RandomIntSource } from "./credentials";
import type { AdminRecord, Permission, RoleRecord, TokenRecord, TokenStatus, TokenType } from "./types";

/**
 * The portal's data: roles, admins (users) and API tokens, in memory. Every mutation calls the
 * `onChange` hook, which the app uses to persist.
 */

/** Roles the emulator knows, with the permissions its permission model checks. */
export const SEED_ROLES: readonly RoleRecord[] = [
  {
    id: 1,
    name: "administrator",
    description: "Administrator can do everything, including user and role management",
    permissions: ["User Access: view", "User Access: manage", "Allow creation of API tokens"],
  },
  { id: 2, name: "readonly", description: "Read-only access; may create its own API tokens", permissions: ["Allow creation of API tokens"] },
];

/** Admins present after start and after every reset (ids 32 and 131 as in LogicMonitor's examples). */
export const SEED_ADMINS: readonly AdminRecord[] = [
  { id: 1, username: "lmapi", email: "lmapi@example.test", firstName: "LM", lastName: "API", status: "active", apionly: true, roles: ["administrator"] },
  { id: 32, username: "jdoe", email: "jdoe@example.test", firstName: "John", lastName: "Doe", status: "active", apionly: false, roles: ["administrator"] },
  { id: 131, username: "asmith", email: "asmith@example.test", firstName: "Alice", lastName: "Smith", status: "active", apionly: false, roles: ["readonly"] },
  { id: 200, username: "limited-bot", email: "limited-bot@example.test", firstName: "Limited", lastName: "Bot", status: "active", apionly: true, roles: ["readonly"] },
];

/** Admin that owns the root token. */
export const ROOT_ADMIN_ID = 1;
/** Id of the root token; later tokens count up from here, so token ids never collide with admin ids. */
export const ROOT_TOKEN_ID = 1000;

/** The persisted form of the state (also what `persistFile` holds). */
export interface StateSnapshot {
  format: 1;
  nextTokenId: number;
  admins: AdminRecord[];
  tokens: TokenRecord[];
}

/** What a new token needs. */
export interface NewToken {
  adminId: number;
  type: TokenType;
  note: string;
  status: TokenStatus;
  createdBy: string;
  createdOn: number;
}

/** In-memory admins and tokens with lookups by credential. */
export class EmulatorState {
  private readonly admins = new Map<number, AdminRecord>();
  private readonly tokens = new Map<number, TokenRecord>();
  private readonly tokenIdByCredential = new Map<string, number>();
  private nextTokenId = ROOT_TOKEN_ID + 1;

  constructor(
    private readonly random: RandomIntSource = createRandomSource(),
    private readonly onChange: () => void = () => undefined,
  ) {
    this.seedAdmins();
  }

  /** Replaces everything with a snapshot (used when loading `persistFile`). */
  restore(snapshot: StateSnapshot): void {
    this.admins.clear();
    for (const admin of snapshot.admins) this.admins.set(admin.id, structuredClone(admin));
    this.tokens.clear();
    this.tokenIdByCredential.clear();
    for (const token of snapshot.tokens) this.index(structuredClone(token));
    this.nextTokenId = Math.max(snapshot.nextTokenId, ROOT_TOKEN_ID + 1);
  }

  /** A deep copy of everything, keys included. */
  snapshot(): StateSnapshot {
    return {
      format: 1,
      nextTokenId: this.nextTokenId,
      admins: [...this.admins.values()].map((admin) => structuredClone(admin)),
      tokens: this.listTokens().map((token) => ({ ...token })),
    };
  }

  /**
   * Makes sure the root token exists, with the given credentials when there are any (random
   * ones otherwise), and returns it.
   */
  ensureRootToken(credentials: { accessId?: string; accessKey?: string }, nowSeconds: number): TokenRecord {
    const existing = this.tokens.get(ROOT_TOKEN_ID);
    const accessId = credentials.accessId ?? existing?.accessId ?? generateAccessId(this.random);
    const accessKey = credentials.accessKey ?? existing?.accessKey ?? generateAccessKey(this.random);
    if (existing && existing.accessId === accessId && existing.accessKey === accessKey) return existing;
    if (existing) this.unindex(existing);
    const root: TokenRecord = existing
      ? { ...existing, accessId, accessKey }
      : {
          id: ROOT_TOKEN_ID,
          adminId: ROOT_ADMIN_ID,
          accessId,
          accessKey,
          type: "lmv1",
          status: 2,
          note: "root API token ((emulator))",
          createdBy: "system",
          createdOn: nowSeconds,
          lastUsedOn: 0,
          lastAuthIp: "",
        };
    this.index(root);
    this.onChange();
    return root;
  }

  /** Deletes every token except the root token and restores the seeded admins. Ids are not reused. */
  reset(): void {
    for (const token of this.listTokens()) if (token.id !== ROOT_TOKEN_ID) this.unindex(token);
    this.seedAdmins();
    this.onChange();
  }

  /**
   * Adds a user with one of the seeded roles (control endpoint, for load tests over many admins).
   * Ids count up from the highest admin id; a reset removes added users.
   */
  addAdmin(input: { username: string; role: string }): AdminRecord {
    const id = Math.max(0, ...this.admins.keys()) + 1;
    const admin: AdminRecord = {
      id,
      username: input.username,
      email: `${input.username}@example.test`,
      firstName: input.username,
      lastName: "User",
      status: "active",
      apionly: false,
      roles: [input.role],
    };
    this.admins.set(id, admin);
    this.onChange();
    return admin;
  }

  getAdmin(id: number): AdminRecord | undefined {
    return this.admins.get(id);
  }

  /** Admins sorted by id. */
  listAdmins(): AdminRecord[] {
    return [...this.admins.values()].sort((a, b) => a.id - b.id);
  }

  /** The role records of an admin's role names (unknown names are skipped). */
  rolesOf(admin: AdminRecord): RoleRecord[] {
    return SEED_ROLES.filter((role) => admin.roles.includes(role.name));
  }

  /** True when one of the admin's roles grants `permission`. */
  hasPermission(adminId: number, permission: Permission): boolean {
    const admin = this.admins.get(adminId);
    return admin !== undefined && this.rolesOf(admin).some((role) => role.permissions.includes(permission));
  }

  getToken(id: number): TokenRecord | undefined {
    return this.tokens.get(id);
  }

  /** Every token of every admin and type, sorted by id. */
  listTokens(): TokenRecord[] {
    return [...this.tokens.values()].sort((a, b) => a.id - b.id);
  }

  /** The LMv1 token with this access id. */
  findLmv1Token(accessId: string): TokenRecord | undefined {
    return this.lookup(credentialKey("lmv1", accessId));
  }

  /** The Bearer token with this value. */
  findBearerToken(value: string): TokenRecord | undefined {
    return this.lookup(credentialKey("bearer", value));
  }

  /** Creates a token with fresh credentials. */
  createToken(input: NewToken): TokenRecord {
    const token: TokenRecord = {
      id: this.nextTokenId++,
      adminId: input.adminId,
      accessId: this.uniqueAccessId(),
      accessKey: input.type === "bearer" ? generateBearerToken(this.random) : generateAccessKey(this.random),
      type: input.type,
      status: input.status,
      note: input.note,
      createdBy: input.createdBy,
      createdOn: input.createdOn,
      lastUsedOn: 0,
      lastAuthIp: "",
    };
    this.index(token);
    this.onChange();
    return token;
  }

  /** Sets note and/or status; returns the updated token, or undefined when it does not exist. */
  updateToken(id: number, change: { note?: string; status?: TokenStatus }): TokenRecord | undefined {
    const token = this.tokens.get(id);
    if (!token) return undefined;
    if (change.note !== undefined) token.note = change.note;
    if (change.status !== undefined) token.status = change.status;
    this.onChange();
    return token;
  }

  /** Deletes a token; false when it did not exist. */
  deleteToken(id: number): boolean {
    const token = this.tokens.get(id);
    if (!token) return false;
    this.unindex(token);
    this.onChange();
    return true;
  }

  /** Records a successful authentication. Persists only when the second changes, to spare the disk. */
  markUsed(token: TokenRecord, nowSeconds: number, ip: string): void {
    const changed = token.lastUsedOn !== nowSeconds || token.lastAuthIp !== ip;
    token.lastUsedOn = nowSeconds;
    token.lastAuthIp = ip;
    if (changed) this.onChange();
  }

  private seedAdmins(): void {
    this.admins.clear();
    for (const admin of SEED_ADMINS) this.admins.set(admin.id, structuredClone(admin));
  }

  private uniqueAccessId(): string {
    for (;;) {
      const candidate = generateAccessId(this.random);
      if (![...this.tokens.values()].some((token) => token.accessId === candidate)) return candidate;
    }
  }

  private lookup(key: string): TokenRecord | undefined {
    const id = this.tokenIdByCredential.get(key);
    return id === undefined ? undefined : this.tokens.get(id);
  }

  private index(token: TokenRecord): void {
    this.tokens.set(token.id, token);
    this.tokenIdByCredential.set(credentialOf(token), token.id);
  }

  private unindex(token: TokenRecord): void {
    this.tokens.delete(token.id);
    this.tokenIdByCredential.delete(credentialOf(token));
  }
}

function credentialKey(type: TokenType, secretOrId: string): string {
  return `${type}:${secretOrId}`;
}

/** LMv1 tokens authenticate by access id; Bearer tokens by their value. */
function credentialOf(token: TokenRecord): string {
  return credentialKey(token.type, token.type === "bearer" ? token.accessKey : token.accessId);
}
