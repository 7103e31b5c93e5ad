/**
 * The provider the dynamic-provider host runs (`pulumi-logicmonitor-apitoken/runtime`): the
 * lifecycle of provider/resources, adapted to how `@pulumi/pulumi`'s dynamic-provider host
 * reports errors. That host prints an exception thrown from `configure` (which it calls inside
 * `check`) or from `check` with its stack trace to the stack's output, on top of the resource's
 * own error line: a missing or malformed portal setting would be printed twice. Here a
 * configuration error is kept from `configure` and returned by `check` as the resource's check
 * failure instead: `pulumi preview` and `pulumi up` still fail before any request, with the
 * message once (`… resource 'ci-bot' has a problem: The LogicMonitor portal is not configured: …`).
 * Every other call meets the error as before (the client is made again, and fails the same way).
 */
import { isLmConfigError } from "./client";
import { ApiTokenProvider as Lifecycle } from "./resources/api-token/provider";

/** {@link Lifecycle} with configuration errors reported once, as check failures. */
export class ApiTokenProvider extends Lifecycle {
  private configError: Error | undefined;

  /** Reads the stack configuration; a configuration error is kept for {@link check}, not thrown. */
  override async configure(req: Parameters<Lifecycle["configure"]>[0]): Promise<void> {
    try {
      await super.configure(req);
      this.configError = undefined;
    } catch (error) {
      if (!isLmConfigError(error)) throw error;
      this.configError = error;
    }
  }

  /** The lifecycle's check, with the configuration error (if any) as one more failure. */
  override async check(olds: unknown, news: Record<string, unknown>): ReturnType<Lifecycle["check"]> {
    const checked = await super.check(olds, news);
    if (!this.configError) return checked;
    return { ...checked, failures: [...(checked.failures ?? []), { property: "", reason: this.configError.message }] };
  }
}
