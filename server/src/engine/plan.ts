/** The engine's input: what to build, already decoded from the template (see build.ts for the output). */
import type { OnError } from './runner.js';

/** A component's decoded configuration: plain JSON-like values keyed by attribute name. */
export type ConfigRecord = Readonly<Record<string, unknown>>;

/** A config that may reference `build.*` values, which are only known once the builder has connected. */
export interface ComponentConfig {
  readonly values: ConfigRecord;
  /** Re-evaluates the body with `build.*` known; absent when the body does not reference `build.*`. */
  readonly resolve?: (buildVars: Readonly<Record<string, string>>) => ConfigRecord;
}

export interface PlannedProvisioner {
  readonly type: string;
  readonly name?: string;
  /** Where its block starts (`main.pkr.hcl line 12`): Packer's error names only the type, which is ambiguous. */
  readonly declaredAt?: string;
  readonly config: ComponentConfig;
  /** Source references (`docker.c`) this provisioner is limited to / excluded from. */
  readonly only?: readonly string[];
  readonly except?: readonly string[];
  /** Milliseconds. */
  readonly pauseBefore?: number;
  readonly maxRetries?: number;
  /** Milliseconds; 0 or absent = no timeout. */
  readonly timeout?: number;
}

export interface PlannedPostProcessor {
  readonly type: string;
  readonly name?: string;
  readonly config: ComponentConfig;
  readonly keepInputArtifact?: boolean;
}

export interface PlannedBuild {
  /** Full name as shown by Packer: `[build.name.]type.localName`. */
  readonly name: string;
  /** `type.localName`, what provisioner `only`/`except` refer to. */
  readonly sourceRef: string;
  /** The source label (`PACKER_BUILD_NAME`, manifest `name`). */
  readonly sourceName: string;
  readonly builderType: string;
  readonly builderConfig: ConfigRecord;
  readonly provisioners: readonly PlannedProvisioner[];
  readonly errorCleanupProvisioner?: PlannedProvisioner;
  /** Each inner list is one chain. */
  readonly postProcessors: readonly (readonly PlannedPostProcessor[])[];
}

export interface BuildPlan {
  readonly builds: readonly PlannedBuild[];
  /** Directory of the template: relative paths in component configs are resolved against the process cwd. */
  readonly templateDir: string;
}

export interface RunBuildsOptions {
  readonly signal: AbortSignal;
  /** Max concurrent builds; < 1 = unlimited. */
  readonly parallel: number;
  readonly onError: OnError;
  readonly force: boolean;
  readonly debug: boolean;
  /** Process environment seen by components (`PACKER_TMP_DIR`, `DOCKER_HOST`, `TMPDIR`, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** One UUID per run (`PACKER_RUN_UUID`); generated when absent. */
  readonly runUuid?: string;
}
