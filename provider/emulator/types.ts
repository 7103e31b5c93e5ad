/**
 * Public option types of the emulator, and the records it keeps for admins and tokens.
 */

/** The HTTP methods the emulated REST API serves. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The HTTP methods, for validating input. */
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** A fixed-window rate limit, as LogicMonitor advertises it in `X-Rate-Limit-*` headers. */
export interface EmulatorRateLimit {
  /** Requests allowed per window (`X-Rate-Limit-Limit`). */
  limit: number;
  /** Length of the window in seconds (`X-Rate-Limit-Window`). */
  windowSeconds: number;
}

/** Rate limits per HTTP method; each method and route template is counted separately. */
export type EmulatorRateLimits = Partial<Record<HttpMethod, EmulatorRateLimit>>;

/** Options of {@link startEmulator} and {@link createEmulator}. */
export interface EmulatorOptions {
  /** Port to listen on. @default 0 (any free port) */
  port?: number;
  /**
   * Interface to bind. @default "127.0.0.1". Anything but a loopback address is refused unless
   * {@link EmulatorOptions.allowRemote} is set: the control endpoints mint administrator keys.
   */
  host?: string;
  /** Allows a `host` that is not loopback (with a warning on stderr). Set a `controlToken` too. @default false */
  allowRemote?: boolean;
  /**
   * When set, every control endpoint but `GET /_emulator/health` needs this value in the
   * `X-LM-Emulator-Control-Token` header (401 otherwise).
   */
  controlToken?: string;
  /** How many requests `GET /_emulator/requests` keeps (the latest). @default 10000 */
  maxLoggedRequests?: number;
  /**
   * Access id of the root API user's token (admin 1, "lmapi", role administrator).
   * Random (20 characters) when omitted, unless the persisted state already has one.
   */
  accessId?: string;
  /** Access key of the root token. Random (40 characters, with punctuation) when omitted. */
  accessKey?: string;
  /**
   * Rate limits per method, counted per method and route template. None by default, because
   * LogicMonitor publishes no default numbers.
   */
  rateLimits?: EmulatorRateLimits;
  /** Delay added to every `/santaba/rest` response, in milliseconds, at most 600000. @default 0 */
  latencyMs?: number;
  /** The portal's clock is `Date.now() + clockOffsetMs`; use it to test clock skew. @default 0 */
  clockOffsetMs?: number;
  /**
   * Loads the portal's state from this JSON file (creating it when missing) and saves it before
   * answering any request that changed it (changes made meanwhile share one write), atomically, with
   * mode 0600. The file holds working credentials: keep it out of version control.
   */
  persistFile?: string;
  /** Makes generated keys deterministic. Token ids are a counter either way. */
  seed?: number;
}

/** Extra options of {@link createEmulator}, for in-process use. */
export interface CreateEmulatorOptions extends Omit<EmulatorOptions, "port" | "host" | "allowRemote"> {
  /** The real clock (before `clockOffsetMs`), in milliseconds. @default Date.now */
  now?: () => number;
}

/** An emulator listening on a port. */
export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`: the control endpoints live under `/_emulator/`. */
  url: string;
  /** `http://127.0.0.1:PORT/santaba/rest`: what a client uses as its base URL. */
  baseUrl: string;
  /** The port actually bound. */
  port: number;
  /** Access id of the root API user's token. */
  accessId: string;
  /** Access key of the root API user's token. */
  accessKey: string;
  /** Stops listening, drops open connections, saves pending changes, and resolves once the server is closed. */
  close(): Promise<void>;
}

/** The kind of an API token: an LMv1 id/key pair, or a Bearer token (API v3 only). */
export type TokenType = "lmv1" | "bearer";

/** API token status on the wire: 1 disabled, 2 enabled. */
export type TokenStatus = 1 | 2;

/** A role and the permissions the emulator's permission model knows about. */
export interface RoleRecord {
  id: number;
  name: string;
  /** Shown as the role's `description`. */
  description: string;
  permissions: Permission[];
}

/** The permissions the emulator checks, named as in LogicMonitor's role editor. */
export type Permission = "User Access: view" | "User Access: manage" | "Allow creation of API tokens";

/** A portal user ("admin" in LogicMonitor's API). */
export interface AdminRecord {
  id: number;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  status: "active" | "suspended";
  apionly: boolean;
  /** Role names; see {@link RoleRecord}. */
  roles: string[];
}

/** An API token as the portal stores it, key included. */
export interface TokenRecord {
  id: number;
  adminId: number;
  accessId: string;
  /** LMv1: the signing key. Bearer: the token value (`lmb_…`). */
  accessKey: string;
  type: TokenType;
  status: TokenStatus;
  note: string;
  createdBy: string;
  /** Epoch seconds. */
  createdOn: number;
  /** Epoch seconds of the last successful authentication; 0 when never used. */
  lastUsedOn: number;
  lastAuthIp: string;
}
