/**
 * The face-neutral lifecycle every resource type implements (ApiTokenProvider,
 * RotatingApiTokenProvider): the dynamic provider contract, with plain objects in and out. The
 * dynamic face hands a lifecycle to the engine as is (through its serialized shim); the plugin
 * face (provider/plugin) translates gRPC requests to these calls, one lifecycle per type token.
 *
 * Types only; nothing here runs.
 */
import type { ConfigSource } from "../core/provider-config";
import type { InputFailure } from "../core/inputs";

/** How a property changes, for the plugin face's detailed diff. */
export type LifecyclePropertyChange = "add" | "update" | "delete";

/** What `diff` answers. */
export interface LifecycleDiffResult {
  changes?: boolean;
  /** Properties whose change needs a new resource. */
  replaces?: string[];
  deleteBeforeReplace?: boolean;
  /**
   * Properties, beyond the inputs whose values differ, that show why the resource changes (a
   * rotation due by age, a key to retire). The plugin face puts them in its detailed diff; the
   * dynamic face has no detailed diff and ignores them.
   */
  properties?: Record<string, LifecyclePropertyChange>;
}

/** What `read` answers: no id when the resource is gone. */
export interface LifecycleReadResult {
  id?: string;
  props?: object;
  inputs?: object;
}

/**
 * The engine's plain property map as a lifecycle method receives it. Each implementation names
 * its fields (ApiTokenInputs, RotatingApiTokenOutputs, …), so a caller that holds an untyped map
 * passes it `as never`: the lifecycle's own `check` and the stored state are what vouch for it.
 */
export type EngineProperties = never;

/**
 * The lifecycle of one resource type. A partial failure is an Error carrying `id`, `properties`
 * and `reasons`: the engine records the resource with those properties.
 */
export interface TokenLifecycle {
  configure(req: { config: ConfigSource }): Promise<void>;
  check(olds: unknown, news: Record<string, unknown>): Promise<{ inputs: object; failures?: InputFailure[] }>;
  diff(id: string, olds: EngineProperties, news: EngineProperties): Promise<LifecycleDiffResult>;
  create(inputs: EngineProperties): Promise<{ id: string; outs: object }>;
  read(id: string, props?: EngineProperties): Promise<LifecycleReadResult>;
  update(id: string, olds: EngineProperties, news: EngineProperties): Promise<{ outs: object }>;
  delete(id: string, props: EngineProperties): Promise<void>;
}
