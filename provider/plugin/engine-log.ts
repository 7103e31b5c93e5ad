/**
 * The engine's log service (`pulumirpc.Engine/Log`): how the plugin face tells the person running
 * Pulumi something. A message sent against a resource's URN is shown under that resource in
 * `pulumi up` at the default verbosity; the plugin's stderr is not (the engine shows it only with
 * `-v` and `--logtostderr`). Without an engine address, or when a call fails, the message goes to
 * stderr instead, so it is never dropped.
 */
import type { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { engineGrpc, engineProto, grpc } from "./wire";

/** How the engine shows a message: `info` plainly, `warning` marked as a warning. */
export type LogSeverity = "info" | "warning";

/** A Log call not answered within this time is given up, and its message goes to stderr. */
export const LOG_DEADLINE_MS = 10_000;

const SEVERITY = {
  info: engineProto.LogSeverity.INFO,
  warning: engineProto.LogSeverity.WARNING,
} as const;

/** Options of {@link EngineLog}. */
export interface EngineLogOptions {
  /** Where a message goes when the engine cannot take it. Default: a line on stderr. */
  fallback?: (severity: LogSeverity, message: string) => void;
  /** @default LOG_DEADLINE_MS */
  deadlineMs?: number;
}

/** A client of one engine's log service; one per plugin server. */
export class EngineLog {
  private client: EngineClient | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly fallback: (severity: LogSeverity, message: string) => void;

  /** @param address the engine's gRPC address (`127.0.0.1:<port>`), or none: every message goes to stderr. */
  constructor(
    private readonly address: string | undefined,
    private readonly options: EngineLogOptions = {},
  ) {
    this.fallback = options.fallback ?? writeToStderr;
  }

  /** Sends a message without waiting for it; `urn` is the resource it is about (`""`: none in particular). */
  log(severity: LogSeverity, message: string, urn: string): void {
    const engine = this.engine();
    if (!engine) {
      this.fallback(severity, message);
      return;
    }
    const request = new engineProto.LogRequest().setSeverity(SEVERITY[severity]).setMessage(message).setUrn(urn);
    const deadline = Date.now() + (this.options.deadlineMs ?? LOG_DEADLINE_MS);
    const sent = new Promise<void>((resolve) => {
      engine.log(request, new grpc.Metadata(), { deadline }, (error) => {
        if (error) this.fallback(severity, message);
        resolve();
      });
    });
    this.inFlight.add(sent);
    void sent.then(() => this.inFlight.delete(sent));
  }

  /** Resolves once every message sent so far has reached the engine, or stderr. */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  /** Closes the connection to the engine. */
  close(): void {
    this.client?.close();
    this.client = undefined;
  }

  private engine(): EngineClient | undefined {
    if (!this.client && this.address) {
      try {
        this.client = new engineGrpc.EngineClient(this.address, grpc.credentials.createInsecure());
      } catch {
        return undefined; // an address grpc cannot parse: stderr it is
      }
    }
    return this.client;
  }
}

/** The fallback: one line on stderr, as the dynamic face reports. */
function writeToStderr(severity: LogSeverity, message: string): void {
  process.stderr.write(`logicmonitor: ${severity === "warning" ? "warning: " : ""}${message}\n`);
}
