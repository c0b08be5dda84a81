/** The template model: what a Packer configuration declares, with values, ranges and references. */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic, Range } from '../hcl/diagnostic.js';
import type { EvalContext } from '../hcl/eval/index.js';
import type { Type, Value } from '../hcl/value.js';
import type { Traversal } from './references.js';

export type ValueSource = 'default' | 'env' | 'varfile' | 'cmd' | 'unset';

export interface VariableValidation {
  readonly condition: ast.Expression;
  readonly errorMessage?: ast.Expression;
  /** The `validation` block header, which Packer cites in the failure detail. */
  readonly range: Range;
}

export interface Variable {
  readonly name: string;
  /** The `variable "name"` header, or the attribute inside a legacy `variables {}` block. */
  readonly declRange: Range;
  readonly nameRange: Range;
  readonly type: Type;
  readonly typeRange?: Range;
  readonly description: string;
  readonly sensitive: boolean;
  /** `nullable = false` rejects a null value. */
  readonly nullable: boolean;
  readonly default?: Value;
  readonly defaultRange?: Range;
  readonly validations: readonly VariableValidation[];
  /** The winning value (sensitive-marked when declared sensitive); unknown when unset. */
  value: Value;
  source: ValueSource;
  /** Where the winning value was written (default expression, var-file entry); absent for env/-var. */
  valueRange?: Range;
}

export interface Local {
  readonly name: string;
  readonly nameRange: Range;
  readonly expr: ast.Expression;
  readonly sensitive: boolean;
  readonly range: Range;
  value?: Value;
}

export interface DataSource {
  readonly type: string;
  readonly name: string;
  readonly block: ast.Block;
  /** The evaluated arguments (what a fetch hook receives); absent when the data source was not evaluated. */
  config?: ReadonlyMap<string, Value>;
  value?: Value;
}

export interface Source {
  readonly type: string;
  readonly name: string;
  readonly block: ast.Block;
}

export interface ProvisionerBlock {
  readonly type: string;
  /** The `name` attribute, when static. */
  readonly name?: string;
  readonly block: ast.Block;
  readonly only: readonly string[];
  readonly except: readonly string[];
  /** Milliseconds; provisioners only. */
  readonly pauseBefore?: number;
  readonly maxRetries?: number;
  /** Milliseconds; provisioners only. */
  readonly timeout?: number;
  /** `override` per source name (or local name): attribute values replacing the plugin config for it. */
  readonly override?: ReadonlyMap<string, ReadonlyMap<string, Value>>;
}

export interface PostProcessorBlock extends ProvisionerBlock {
  readonly keepInputArtifact?: boolean;
}

/** One usage of a source in a build: `sources = [...]` entry or `source "ref" { ... }` block. */
export interface BuildSource {
  readonly source: Source;
  /** The local name (`name = "x"` in a build's source block) or the source's own name. */
  readonly localName: string;
  /** Extra attributes from the build's `source` block, merged into the source body. */
  readonly extra?: ast.Block;
  readonly refRange: Range;
}

export interface Build {
  readonly name?: string;
  readonly description?: string;
  readonly block: ast.Block;
  readonly sources: readonly BuildSource[];
  readonly provisioners: readonly ProvisionerBlock[];
  readonly errorCleanupProvisioner?: ProvisionerBlock;
  /** Each inner list is one chain. */
  readonly postProcessors: readonly (readonly PostProcessorBlock[])[];
}

export interface ConfigFile {
  readonly path: string;
  readonly text: string;
  readonly ast: ast.File;
  readonly kind: 'config' | 'varfile';
}

export interface Template {
  readonly rootDir: string;
  readonly files: readonly ConfigFile[];
  readonly variables: ReadonlyMap<string, Variable>;
  readonly locals: ReadonlyMap<string, Local>;
  readonly dataSources: ReadonlyMap<string, DataSource>;
  readonly sources: ReadonlyMap<string, Source>;
  readonly builds: readonly Build[];
  /** Every traversal in the configuration files, for navigation and undeclared-reference checks. */
  readonly references: readonly Traversal[];
  /** Strings of sensitive values, to be masked in any output. */
  readonly secrets: readonly string[];
  /** var, local, data, path and packer: what build-time bodies are evaluated in (see build-time.ts). */
  readonly scope: EvalContext;
  /**
   * The load's findings inside source, build `source` and provisioner/post-processor bodies, by block (also in the
   * load's diagnostics). Packer finds them only when it prepares a build using the block.
   */
  readonly bodyDiagnostics: ReadonlyMap<ast.Block, readonly Diagnostic[]>;
  /**
   * The load's findings that Packer's Parse reports (hcl2template Parser.Parse): the config files' syntax (alone
   * when it has errors, as Parse returns there), else also the packer block and required_version, the top-level
   * schema, variable, data and locals declarations, var files and the values assigned. Packer prints these with
   * the source files, and -syntax-only stops after them; what it finds later (Initialize, GetBuilds) has no files.
   */
  readonly parseDiagnostics: ReadonlySet<Diagnostic>;
}

export interface LoadResult {
  readonly template: Template;
  readonly diagnostics: Diagnostic[];
}

/** The full name Packer shows for a build of a source: `[build.name.]type.localName`. */
export function buildSourceName(build: Build, s: BuildSource): string {
  const base = `${s.source.type}.${s.localName}`;
  return build.name ? `${build.name}.${base}` : base;
}
