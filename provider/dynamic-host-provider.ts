/**
 * The providers the dynamic-provider host runs (`pulumi-logicmonitor-apitoken/runtime`): the
 * lifecycles of provider/resources, adapted to how `@pulumi/pulumi`'s dynamic-provider host
 * reports errors. That host prints an exception thrown from `configure` (which it calls inside
 * `check`) or from `check` with its stack trace to the stack's output, on top of the resource's
 * own error line: a missing or malformed portal setting would be printed twice. Here a
 * configuration error is kept from `configure` and returned by `check` as the resource's check
 * failure instead: `pulumi preview` and `pulumi up` still fail before any request, with the
 * message once (`… resource 'ci-bot' has a problem: The LogicMonitor portal is not configured: …`).
 * Every other call meets the error as before (the client is made again, and fails the same way).
 */
import { isLmConfigError } from "./client";
import type { ConfigSource } from "./core/provider-config";
import type { InputFailure } from "./core/inputs";
import { ApiTokenProvider as ApiTokenLifecycle } from "./resources/api-token/provider";
import { RotatingApiTokenProvider as RotatingApiTokenLifecycle } from "./resources/rotating-api-token/provider";

/** Runs `configure`; returns a configuration error instead of throwing it (any other error is thrown). */
async function keepingConfigError(configure: () => Promise<void>): Promise<Error | undefined> {
  try {
    await configure();
    return undefined;
  } catch (error) {
    if (!isLmConfigError(error)) throw error;
    return error;
  }
}

/** A check result with the kept configuration error (if any) as one more failure. */
function withConfigError<R extends { failures?: InputFailure[] }>(checked: R, configError: Error | undefined): R {
  if (!configError) return checked;
  return { ...checked, failures: [...(checked.failures ?? []), { property: "", reason: configError.message }] };
}

/** ApiToken's lifecycle with configuration errors reported once, as check failures. */
export class ApiTokenProvider extends ApiTokenLifecycle {
  private configError: Error | undefined;

  /** Reads the stack configuration; a configuration error is kept for {@link check}, not thrown. */
  override async configure(req: { config: ConfigSource }): Promise<void> {
    this.configError = await keepingConfigError(() => super.configure(req));
  }

  /** The lifecycle's check, with the configuration error (if any) as one more failure. */
  override async check(olds: unknown, news: Record<string, unknown>): ReturnType<ApiTokenLifecycle["check"]> {
    return withConfigError(await super.check(olds, news), this.configError);
  }
}

/** RotatingApiToken's lifecycle with configuration errors reported once, as check failures. */
export class RotatingApiTokenProvider extends RotatingApiTokenLifecycle {
  private configError: Error | undefined;

  /** Reads the stack configuration; a configuration error is kept for {@link check}, not thrown. */
  override async configure(req: { config: ConfigSource }): Promise<void> {
    this.configError = await keepingConfigError(() => super.configure(req));
  }

  /** The lifecycle's check, with the configuration error (if any) as one more failure. */
  override async check(olds: unknown, news: Record<string, unknown>): ReturnType<RotatingApiTokenLifecycle["check"]> {
    return withConfigError(await super.check(olds, news), this.configError);
  }
}
