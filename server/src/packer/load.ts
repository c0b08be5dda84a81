/**
 * Loads a Packer configuration from the texts of its files: parse, declare, assign variables, evaluate locals
 * and data sources, decode sources and builds. Pure: the caller reads the files (see platform/template-files.ts).
 */
import type * as ast from '../hcl/ast.js';
import { hasErrors, type Diagnostic } from '../hcl/diagnostic.js';
import type { HclFunction } from '../hcl/function.js';
import type { HclParser } from '../hcl/parse.js';
import type { EvalContext } from '../hcl/eval/index.js';
import { evaluate } from '../hcl/eval/index.js';
import { type Value, STRING, objectVal, stringVal, unknownVal, unmarkDeep, elementsOf, entriesOfValue, hasDeepMark } from '../hcl/value.js';
import { attribute, blocksOf } from './body.js';
import { buildVariables, generatedKeysOf } from './build-variables.js';
import { declareBuilds, declareSources, type ComponentCatalog } from './builds.js';
import { error } from './diagnostics.js';
import { parseJsonConfig, parseJsonVarFile } from './json-config.js';
import type { ComponentSchemas } from './catalog.js';
import { checkBuildSourceBlock, checkDataSources, checkPostProcessorBody, checkProvisionerBody, checkSourceBody } from './check-bodies.js';
import { checkDuplicateAttributes } from './duplicate-attributes.js';
import { checkHcpRegistry } from './hcp-registry.js';
import { decodeRequiredPlugins } from './required-plugins.js';
import { evaluateBody } from './evaluate-body.js';
import { declareDataSources, declareLocals, evaluateLocalsAndData } from './locals.js';
import type { ConfigFile, LoadResult, Template } from './model.js';
import { itemTraversals, traversalsInBody, type Traversal } from './references.js';
import { EvaluationMemo, functionsOf, inputOf, readsOf, type Read } from './memo.js';
import { assignVariables, declareVariables, validateVariables, varObject } from './variables.js';
import { labelCountError } from './labels.js';
import { unsupportedArgument, unsupportedBlock } from './unexpected-content.js';
import { satisfies } from './version-constraint.js';
import { PACKER_COMPAT_VERSION } from './version.js';

export interface SourceText {
  readonly path: string;
  readonly text: string;
}

export interface TemplateInput {
  /** Config files (`.pkr.hcl`) and, for a directory, its auto var files (`.auto.pkrvars.hcl`). */
  readonly files: readonly SourceText[];
  /** `-var-file` files in command-line order. */
  readonly varFiles: readonly SourceText[];
  /** `-var name=value` in command-line order. */
  readonly vars: readonly (readonly [string, string])[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `path.root` as Packer shows it (the directory given, or the file's directory). */
  readonly rootDir: string;
  readonly cwd: string;
  readonly parser: HclParser;
  /** The function table for this configuration (file functions resolve against rootDir). */
  readonly functions: ReadonlyMap<string, HclFunction>;
  readonly catalog: ComponentCatalog;
  /** Warn about var-file assignments to undeclared variables (validate: yes, build: no). */
  readonly warnUndeclared?: boolean;
  /** Schemas to check component bodies against; without them bodies are only evaluated. */
  readonly schemas?: ComponentSchemas;
  /** Outputs of data sources executed outside the core, by `type.name` (see data-sources.ts). */
  readonly dataOutputs?: ReadonlyMap<string, Value>;
}

/** Source bodies evaluated for their diagnostics, by syntax and inputs (memo.ts). */
const sourceEvaluations = new EvaluationMemo<undefined>();

/** Packer's configSchema: the top-level block types and the labels each declares. */
const TOP_LEVEL = new Map<string, readonly string[]>([
  ['packer', []],
  ['source', ['type', 'name']],
  ['variables', []],
  ['variable', ['name']],
  ['locals', []],
  ['local', ['name']],
  ['data', ['type', 'name']],
  ['build', []],
  ['hcp_packer_registry', []],
  ['communicator', ['type', 'name']],
]);
const TOP_LEVEL_CONTENT = { attributes: [], blocks: [...TOP_LEVEL.keys()] };
const PACKER_BLOCK_CONTENT = { attributes: ['required_version'], blocks: ['required_plugins'] };

function isVarFile(path: string): boolean {
  return /\.pkrvars\.(hcl|json)$/.test(path) || (!/\.pkr\.(hcl|json)$/.test(path) && /\.(hcl|json)$/.test(path));
}

export function loadTemplate(input: TemplateInput): LoadResult {
  const diags: Diagnostic[] = [];
  // What parsing the config files finds: when it holds an error, Packer's Parse returns with these alone.
  const configDiags: Diagnostic[] = [];
  const parse = (s: SourceText, kind: ConfigFile['kind']): ConfigFile => {
    const found = kind === 'config' ? configDiags : diags;
    if (s.path.endsWith('.json')) {
      const parsed = kind === 'config' ? parseJsonConfig(s.text, s.path, input.parser) : parseJsonVarFile(s.text, s.path);
      found.push(...parsed.diagnostics);
      return { path: s.path, text: s.text, ast: parsed.ast, kind };
    }
    const parsed = input.parser.parse(s.text, s.path);
    parsed.tree.delete();
    found.push(...parsed.diagnostics);
    return { path: s.path, text: s.text, ast: parsed.ast, kind };
  };
  const files = input.files.map((f) => parse(f, isVarFile(f.path) ? 'varfile' : 'config'));
  const configs = files.filter((f) => f.kind === 'config');
  // hclsyntax's parser rejects an argument set twice in any body: a syntax error, found with the file's parse.
  for (const f of configs) checkDuplicateAttributes(f.ast.body, configDiags);
  diags.unshift(...configDiags);
  const varFiles = input.varFiles.map((f) => parse(f, 'varfile'));
  const parseStage = (found: readonly Diagnostic[]): ReadonlySet<Diagnostic> => new Set(hasErrors(configDiags) ? configDiags : found);

  const versionOk = checkRequiredVersion(configs, diags);
  if (!versionOk) return { template: emptyTemplate(input.rootDir, files, parseStage(diags)), diagnostics: diags };
  checkTopLevel(configs, diags);

  // Declarations in the order Packer's Parse decodes them (variables, data, locals), then the values assigned.
  const variables = declareVariables(configs, input.env, diags);
  const dataSources = declareDataSources(configs, diags);
  const locals = declareLocals(configs, diags);
  assignVariables(
    variables,
    {
      env: input.env,
      varFiles: [...files.filter((f) => f.kind === 'varfile'), ...varFiles],
      vars: input.vars,
      parser: input.parser,
      warnUndeclared: input.warnUndeclared ?? false,
    },
    diags,
  );
  // Everything so far is found by Packer's Parse but the unset variables, which its Initialize reports first.
  const parsed = parseStage(diags.filter((d) => d.code !== 'unset-variable'));
  validateVariables(variables, input.functions, diags);

  const base: EvalContext = {
    variables: new Map<string, Value>([
      ['var', varObject(variables)],
      ['path', objectVal({ root: stringVal(input.rootDir), cwd: stringVal(input.cwd) })],
      ['packer', objectVal({ version: stringVal(PACKER_COMPAT_VERSION), iterationID: unknownVal(), versionFingerprint: unknownVal() })],
    ]),
    functions: input.functions,
  };
  const scope = evaluateLocalsAndData(locals, dataSources, base, diags, input.catalog.dataSources, input.dataOutputs);

  for (const f of configs) {
    for (const b of blocksOf(f.ast.body, 'hcp_packer_registry')) checkHcpRegistry(b, scope, diags);
    for (const build of blocksOf(f.ast.body, 'build')) for (const b of blocksOf(build.body, 'hcp_packer_registry')) checkHcpRegistry(b, scope, diags);
  }
  const sources = declareSources(configs, input.catalog, diags);
  // Findings inside source, build-source and component bodies, by block: Packer finds them only when it prepares a
  // build that uses the block, so the commands report them per build (templateDiagnostics), the editor all of them.
  const bodyDiags = new Map<ast.Block, Diagnostic[]>();
  const inBody = (block: ast.Block, found: readonly Diagnostic[]): void => {
    diags.push(...found);
    if (found.length > 0) bodyDiags.set(block, [...(bodyDiags.get(block) ?? []), ...found]);
  };
  const functions = functionsOf(scope);
  for (const s of sources.values()) {
    // Built only when the memo misses: a keystroke elsewhere costs no scope per source.
    let ctx: EvalContext | undefined;
    const context = (): EvalContext => (ctx ??= { parent: scope, variables: new Map([['source', sourceObject(s)]]) });
    const input = (r: Read): Value | undefined => (r.root === 'source' ? sourceObject(s) : inputOf(scope, r));
    const reads = readsOf(s.block, () => itemTraversals(s.block));
    inBody(s.block, sourceEvaluations.run(s.block, s.block, reads, { context, functions, input }, () => ({ result: undefined, diagnostics: evaluateBody(s.block.body, context()).diagnostics })).diagnostics);
  }
  const builds = declareBuilds(configs, sources, input.catalog, scope, diags);
  const schemas = input.schemas;
  const sourceScope: EvalContext = { parent: scope, variables: new Map([['source', objectVal({ name: unknownVal(STRING), type: unknownVal(STRING) })]]) };
  if (schemas) {
    diags.push(...checkDataSources(dataSources, schemas, scope));
    for (const s of sources.values()) inBody(s.block, checkSourceBody(s, schemas, sourceScope));
  }
  for (const b of builds) for (const use of b.sources) if (use.extra) inBody(use.extra, checkBuildSourceBlock(use, schemas, sourceScope));
  for (const b of builds) {
    const componentScope: EvalContext = {
      parent: scope,
      variables: new Map([
        ['source', objectVal({ name: unknownVal(STRING), type: unknownVal(STRING) })],
        // Each source's builder adds its generated data (docker's ImageSha256): the editor accepts any of them.
        ['build', buildVariables(b.name, {}, [...new Set(b.sources.flatMap((s) => generatedKeysOf(s.source.type)))])],
      ]),
    };
    for (const s of b.sources) if (s.extra) inBody(s.extra, evaluateBody(s.extra.body, componentScope).diagnostics);
    const provisioners = [...b.provisioners, ...(b.errorCleanupProvisioner ? [b.errorCleanupProvisioner] : [])];
    const postProcessors = b.postProcessors.flat();
    for (const p of [...provisioners, ...postProcessors]) inBody(p.block, evaluateBody(p.block.body, componentScope).diagnostics);
    if (schemas) {
      for (const p of provisioners) inBody(p.block, checkProvisionerBody(p, schemas, componentScope));
      for (const p of postProcessors) inBody(p.block, checkPostProcessorBody(p, schemas, componentScope));
    }
  }
  const diagnostics = withoutRepeats(diags);
  const parseDiagnostics = new Set(diagnostics.filter((d) => parsed.has(d)));

  // Only some callers read the traversals (the language server does not on a keystroke): found when first read.
  let references: readonly Traversal[] | undefined;
  const template: Template = {
    rootDir: input.rootDir,
    files,
    variables,
    locals,
    dataSources,
    sources,
    builds,
    get references() {
      references ??= configs.flatMap((f) => traversalsInBody(f.ast.body));
      return references;
    },
    secrets: collectSecrets([...[...variables.values()].map((v) => v.value), ...[...locals.values()].flatMap((l) => (l.value ? [l.value] : []))]),
    scope,
    bodyDiagnostics: bodyDiagnostics(bodyDiags, diags),
    parseDiagnostics,
  };
  return { template, diagnostics };
}

function emptyTemplate(rootDir: string, files: readonly ConfigFile[], parseDiagnostics: ReadonlySet<Diagnostic>): Template {
  return { rootDir, files, variables: new Map(), locals: new Map(), dataSources: new Map(), sources: new Map(), builds: [], references: [], secrets: [], scope: {}, bodyDiagnostics: new Map(), parseDiagnostics };
}

function checkRequiredVersion(configs: readonly ConfigFile[], diags: Diagnostic[]): boolean {
  for (const f of configs) {
    for (const b of blocksOf(f.ast.body, 'packer')) {
      const rv = attribute(b.body, 'required_version');
      if (!rv) continue;
      const r = evaluate(rv.expr, {});
      if (typeof r.value.raw !== 'string') continue;
      const ok = satisfies(PACKER_COMPAT_VERSION, r.value.raw);
      if (ok === undefined) {
        diags.push(error('Invalid version constraint', `This string does not use correct version constraint syntax: "${r.value.raw}".`, rv.expr.range));
        return false;
      }
      if (!ok) {
        diags.push(
          error(
            'Unsupported Packer Core version',
            `This configuration does not support Packer version ${PACKER_COMPAT_VERSION}. To proceed, either choose another supported Packer version or update the root module's version constraint. Version constraints are normally set for good reason, so updating the constraint may lead to other errors or unexpected behavior.`,
            rv.expr.range,
          ),
        );
        return false;
      }
    }
  }
  return true;
}

function checkTopLevel(configs: readonly ConfigFile[], diags: Diagnostic[]): void {
  for (const f of configs) {
    for (const item of f.ast.body.items) {
      if (item.kind === 'attribute') {
        diags.push(unsupportedArgument(item.name, item.nameRange, TOP_LEVEL_CONTENT));
        continue;
      }
      const labels = TOP_LEVEL.get(item.type);
      if (!labels) {
        diags.push(unsupportedBlock(item.type, item.typeRange, TOP_LEVEL_CONTENT));
        continue;
      }
      // Packer checks every block's labels against configSchema while parsing; the decoders that check them again
      // later find the same diagnostic, which withoutRepeats drops.
      const labelError = labelCountError(item, labels);
      if (labelError) diags.push(labelError);
      else if (item.type === 'packer') {
        for (const inner of item.body.items) {
          if (inner.kind === 'attribute' && inner.name !== 'required_version') diags.push(unsupportedArgument(inner.name, inner.nameRange, PACKER_BLOCK_CONTENT));
          if (inner.kind === 'block' && inner.type !== 'required_plugins') diags.push(unsupportedBlock(inner.type, inner.typeRange, PACKER_BLOCK_CONTENT));
          if (inner.kind === 'block' && inner.type === 'required_plugins') decodeRequiredPlugins(inner, diags);
        }
      }
    }
  }
}

/** `source` in a source block's body: the same value while the block's name and type are. */
const sourceObjects = new WeakMap<ast.Block, { readonly name: string; readonly type: string; readonly value: Value }>();

function sourceObject(s: { readonly block: ast.Block; readonly name: string; readonly type: string }): Value {
  const known = sourceObjects.get(s.block);
  if (known && known.name === s.name && known.type === s.type) return known.value;
  const value = objectVal({ name: stringVal(s.name), type: stringVal(s.type) });
  sourceObjects.set(s.block, { name: s.name, type: s.type, value });
  return value;
}

/** Every string leaf of every sensitive value: what output must mask. */
function collectSecrets(values: readonly Value[]): string[] {
  const out = new Set<string>();
  for (const v of values) for (const secret of secretsOf(v)) out.add(secret);
  return [...out];
}

/** Values are immutable and a keystroke leaves most of them the same objects: each is walked once. */
const secretsByValue = new WeakMap<Value, readonly string[]>();
const NO_SECRETS: readonly string[] = [];

function secretsOf(value: Value): readonly string[] {
  const known = secretsByValue.get(value);
  if (known) return known;
  if (!hasDeepMark(value, 'sensitive')) {
    secretsByValue.set(value, NO_SECRETS);
    return NO_SECRETS;
  }
  const out = new Set<string>();
  const walk = (v: Value, inherited: boolean) => {
    const sensitive = inherited || hasDeepMark(v, 'sensitive');
    if (!sensitive) return;
    const plain = unmarkDeep(v);
    if (!plain.isKnown || plain.isNull) return;
    if (typeof plain.raw === 'string') {
      if (plain.raw !== '') out.add(plain.raw);
      return;
    }
    const k = plain.type.kind;
    if (k === 'list' || k === 'set' || k === 'tuple') for (const e of elementsOf(plain)) walk(e, true);
    else if (k === 'map' || k === 'object') for (const e of entriesOfValue(plain).values()) walk(e, true);
    else if (plain.raw !== null) out.add(String(plain.raw));
  };
  walk(value, false);
  const secrets = [...out];
  secretsByValue.set(value, secrets);
  return secrets;
}

/**
 * The body findings, less those also reached outside any body (a provisioner's `only` is evaluated when the build
 * is declared and again with its body): those concern the template as a whole.
 */
function bodyDiagnostics(byBlock: ReadonlyMap<ast.Block, readonly Diagnostic[]>, all: readonly Diagnostic[]): Map<ast.Block, readonly Diagnostic[]> {
  const inBodies = new Set([...byBlock.values()].flat());
  const templateWide = new Set(all.filter((d) => !inBodies.has(d)).map(diagnosticKey));
  const out = new Map<ast.Block, readonly Diagnostic[]>();
  for (const [block, found] of byBlock) {
    const own = found.filter((d) => !templateWide.has(diagnosticKey(d)));
    if (own.length > 0) out.set(block, own);
  }
  return out;
}

/**
 * What a command reports before it prepares any build: a load's diagnostics less the body findings, which Packer
 * reports only for the builds it prepares.
 */
export function templateDiagnostics(diagnostics: readonly Diagnostic[], template: Template | undefined): Diagnostic[] {
  if (!template) return [...diagnostics];
  const inBodies = new Set([...template.bodyDiagnostics.values()].flat());
  return diagnostics.filter((d) => !inBodies.has(d));
}

function diagnosticKey(d: Diagnostic): string {
  const r = d.range;
  return `${d.severity}|${d.summary}|${d.detail}|${r ? `${r.file}:${r.start.line}:${r.start.character}` : ''}`;
}

/** The same finding reached twice (a data source's required input, a body checked per use) is reported once. */
function withoutRepeats(diags: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const key = diagnosticKey(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
