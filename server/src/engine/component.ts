/** The contracts between the build orchestration and builders, provisioners and post-processors. */
import type { Artifact } from './artifact.js';
import type { Communicator } from './communicator.js';
import type { ConfigRecord } from './plan.js';
import type { OnError } from './runner.js';
import type { Ui } from './ui.js';

/** Facts about the build a component runs in (Packer's injected `packer_*` keys and environment). */
export interface BuildInfo {
  /** Full build name (`docker.c`). */
  readonly name: string;
  /** Source label: `PACKER_BUILD_NAME`, `{{ build_name }}`, manifest `name`. */
  readonly sourceName: string;
  readonly builderType: string;
  readonly runUuid: string;
  readonly force: boolean;
  readonly debug: boolean;
  readonly onError: OnError;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Runs the build's provisioners; the builder's provisioning step calls it once connected. */
export interface ProvisionHook {
  run(comm: Communicator, buildVars: Readonly<Record<string, string>>, signal: AbortSignal): Promise<void>;
  /** Runs the error-cleanup provisioner (if any) after a failed build. */
  runErrorCleanup(comm: Communicator, buildVars: Readonly<Record<string, string>>, signal: AbortSignal): Promise<void>;
}

export interface BuilderContext {
  readonly ui: Ui;
  readonly signal: AbortSignal;
  readonly build: BuildInfo;
  readonly hook: ProvisionHook;
}

export interface Builder {
  /** `build.*` names this builder provides besides the common ones (for `build.ImageSha256` etc.). */
  readonly generatedKeys: readonly string[];
  /** Resolves to the artifact (undefined = nothing produced); rejects with the build's error. */
  run(ctx: BuilderContext): Promise<Artifact | undefined>;
}

export interface ProvisionContext {
  readonly ui: Ui;
  readonly signal: AbortSignal;
  readonly build: BuildInfo;
  readonly comm: Communicator;
  /** `build.*` values: ID, Host, Port, User, Password, ConnType, PackerRunUUID, builder-specific keys. */
  readonly buildVars: Readonly<Record<string, string>>;
}

export interface Provisioner {
  provision(ctx: ProvisionContext): Promise<void>;
}

export interface PostProcessContext {
  readonly ui: Ui;
  readonly signal: AbortSignal;
  readonly build: BuildInfo;
}

export interface PostProcessResult {
  /** Undefined abandons the chain silently. */
  readonly artifact: Artifact | undefined;
  /** The plugin's default for keeping the input artifact. */
  readonly keep: boolean;
  /** When true and the plugin keeps by default, the user's `keep_input_artifact = false` is ignored. */
  readonly forceOverride: boolean;
}

export interface PostProcessor {
  postProcess(ctx: PostProcessContext, input: Artifact): Promise<PostProcessResult>;
}

/** Decodes and validates a config; throws `ConfigErrors` listing every problem. */
export type Factory<T> = (config: ConfigRecord, build: BuildInfo) => T;
