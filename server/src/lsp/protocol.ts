/**
 * Custom requests between the VS Code client and the language server. The client imports this file, so it only
 * depends on protocol types, never on server code.
 */
import { RequestType, type Range } from 'vscode-languageserver-protocol';

export interface InspectParams {
  /** Any document of the template directory (or a lone file). */
  readonly uri: string;
}

/** A named item of the template with where it is declared. */
export interface InspectItem {
  readonly name: string;
  readonly uri: string;
  readonly range: Range;
}

export interface InspectVariable extends InspectItem {
  readonly type: string;
  readonly description: string;
  readonly sensitive: boolean;
  /** The value in HCL syntax, `<sensitive>` when masked, `<unknown>` when it cannot be known before a build. */
  readonly value: string;
  /** Where the value comes from: default, env, varfile or unset. */
  readonly source: string;
}

export interface InspectLocal extends InspectItem {
  readonly value: string;
}

export interface InspectSource extends InspectItem {
  /** The builder type, e.g. `amazon-ebs`. */
  readonly type: string;
}

export interface InspectComponent extends InspectItem {
  /** The provisioner or post-processor type. */
  readonly type: string;
}

export interface InspectBuild extends InspectItem {
  /** Full names of the sources this build runs, e.g. `docker.ubuntu`. */
  readonly sources: readonly InspectItem[];
  readonly provisioners: readonly InspectComponent[];
  /** One list per post-processor chain. */
  readonly postProcessors: readonly (readonly InspectComponent[])[];
}

export interface InspectResult {
  /** The template directory (or the lone file) as a URI. */
  readonly root: string;
  readonly variables: readonly InspectVariable[];
  readonly locals: readonly InspectLocal[];
  readonly dataSources: readonly InspectSource[];
  readonly sources: readonly InspectSource[];
  readonly builds: readonly InspectBuild[];
}

export const InspectRequest = new RequestType<InspectParams, InspectResult | null, void>('packer/inspect');

export interface BuildTargetsParams {
  readonly uri: string;
}

export interface BuildTarget {
  /** What `-only` accepts: `[build.]type.name`. */
  readonly name: string;
  readonly build?: string;
  readonly uri: string;
  readonly range: Range;
}

export interface BuildTargetsResult {
  /** The directory (or lone file) path to pass to `packer-studio build`. */
  readonly path: string;
  readonly targets: readonly BuildTarget[];
}

export const BuildTargetsRequest = new RequestType<BuildTargetsParams, BuildTargetsResult | null, void>('packer/buildTargets');

/** Client commands the code lenses invoke, with `[path, buildName?]` as arguments. */
export const BUILD_COMMAND = 'packer.build';
export const VALIDATE_COMMAND = 'packer.validate';

/** The `packer` settings section the server reads. */
export interface PackerSettings {
  /** Var files (relative to the template directory or absolute) applied after auto var files. */
  readonly varFiles: readonly string[];
  /** Environment values such as `PKR_VAR_region`, on top of the server's own environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Per diagnostic code: change severity or turn the rule off. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Debounce between a change and its diagnostics, in milliseconds. */
  readonly diagnosticsDelay: number;
}

export type RuleSetting = 'error' | 'warning' | 'information' | 'hint' | 'off';
