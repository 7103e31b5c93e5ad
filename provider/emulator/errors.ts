/**
 * LogicMonitor-shaped errors: `{errorMessage, errorCode, errorDetail}` where `errorCode` is 1000
 * plus the HTTP status (https://www.logicmonitor.com/support/rest-api-status-codes).
 * Operations throw these; one handler in the app turns them into responses.
 */

/** The error body LogicMonitor sends on API v2/v3. */
export interface LmErrorBody {
  errorMessage: string;
  errorCode: number;
  errorDetail: string | null;
}

/** An error with an HTTP status and LogicMonitor's error body. */
export class EmulatorError extends Error {
  override readonly name = "EmulatorError";

  constructor(
    /** HTTP status. */
    readonly status: number,
    message: string,
    /** Extra detail; `null` except where the emulator adds a hint (marked with ((…))). */
    readonly errorDetail: string | null = null,
  ) {
    super(message);
  }

  /** LogicMonitor's error code: 1000 + HTTP status. */
  get errorCode(): number {
    return 1000 + this.status;
  }

  /** The wire body. */
  toJSON(): LmErrorBody {
    return { errorMessage: this.message, errorCode: this.errorCode, errorDetail: this.errorDetail };
  }
}

/** Named constructors for every error the emulator sends. */
export const emulatorErrors = {
  badRequest: (message: string) => new EmulatorError(400, message),
  /** Always "Authentication failed", as the portal says; `detail` only for emulator hints. */
  unauthorized: (detail: string | null = null) => new EmulatorError(401, "Authentication failed", detail),
  forbidden: (permission: string) =>
    new EmulatorError(403, `Permission denied: this operation requires the '${permission}' permission`),
  notFound: (message = "The requested resource was not found") => new EmulatorError(404, message),
  payloadTooLarge: () => new EmulatorError(413, "Request entity too large"),
  rateLimited: () => new EmulatorError(429, "Too many requests, please retry after the rate limit window"),
  internal: () => new EmulatorError(500, "Internal server error"),
  /** Any status, for injected faults. */
  withStatus: (status: number, message = defaultMessageFor(status)) => new EmulatorError(status, message),
};

/** Throws `error` unless `condition` holds; keeps operations a flat list of preconditions. */
export function assert(condition: unknown, error: EmulatorError): asserts condition {
  if (!condition) throw error;
}

function defaultMessageFor(status: number): string {
  switch (status) {
    case 429:
      return emulatorErrors.rateLimited().message;
    case 502:
      return "Bad gateway";
    case 503:
      return "Service Temporarily Unavailable";
    case 504:
      return "Gateway timeout";
    default:
      return status >= 500 ? "Internal server error" : `Request failed with status ${status}`;
  }
}
