/**
 * One analysis of a template: the template model (values, validation results, semantic diagnostics) from the
 * core loader, plus the syntactic symbol index. Cached per template until one of its files, the settings or the
 * environment change.
 */
import type { Diagnostic } from '../hcl/diagnostic.js';
import type { FileSystem, HclFunction } from '../hcl/function.js';
import type { HclParser, ParsedFile } from '../hcl/parse.js';
import { nameSuggestion } from '../hcl/eval/suggest.js';
import { BUILTIN_COMPONENTS, BUILTIN_SCHEMAS } from '../packer/catalog.js';
import { checkRequired } from '../packer/check-bodies.js';
import { loadTemplate } from '../packer/load.js';
import { selectBuilds } from '../packer/only-except.js';
import type { Template } from '../packer/model.js';
import { functionTable } from './functions.js';
import { nodeFileSystem } from './node-fs.js';
import type { PackerSettings } from './protocol.js';
import { buildSymbolIndex, type SymbolIndex } from './symbol-index.js';
import type { TemplateFiles } from './workspace.js';

export interface Analysis {
  readonly files: TemplateFiles;
  readonly template?: Template;
  readonly diagnostics: readonly Diagnostic[];
  readonly index: SymbolIndex;
  readonly functions: ReadonlyMap<string, HclFunction>;
}

/** Open var files that no build would read are still checked for undeclared names. */
function checkedVarFileDiagnostics(files: TemplateFiles, declared: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of files.files) {
    if (f.kind !== 'varfile' || f.role !== 'checked') continue;
    for (const item of f.ast.body.items) {
      if (item.kind !== 'attribute' || declared.has(item.name)) continue;
      const suggestion = nameSuggestion(item.name, declared);
      out.push({
        severity: 'warning',
        summary: 'Undefined variable',
        detail: `The variable "${item.name}" was set but was not declared as an input variable.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        range: item.nameRange,
        code: 'undeclared-variable',
        ...(suggestion ? { data: { suggestion } } : {}),
      });
    }
  }
  return out;
}

/**
 * The loader takes texts and parses them again; the language server already holds their syntax (incrementally
 * re-parsed), so a parser whose `parse` hands back what is known saves a full parse of every file per keystroke.
 */
function reusingParser(parser: HclParser, files: TemplateFiles): { parser: HclParser; dispose: () => void } {
  const known = new Map(files.files.map((f) => [f.file, f]));
  let placeholder: ParsedFile['tree'] | undefined;
  const facade = Object.create(parser) as HclParser;
  facade.parse = (text, file, previous) => {
    const f = previous ? undefined : known.get(file);
    if (!f || f.text !== text) return parser.parse(text, file, previous);
    // The loader only frees the tree it is given: it gets a copy of an empty one.
    placeholder ??= parser.parse('', file).tree;
    return { file, text, ast: f.ast, diagnostics: [...f.syntax], tree: placeholder.copy(), lines: f.lines };
  };
  return { parser: facade, dispose: () => placeholder?.delete() };
}

/**
 * Function tables of recent analyses by root directory, reused while their inputs are the same: building one
 * costs about a millisecond, and an unchanged table lets the loader's per-expression caches (packer/memo.ts)
 * recognise the same functions. A few roots are kept, so switching between templates keeps them.
 */
const RECENT_TABLES = 8;
const tables = new Map<string, { fs: FileSystem; parser: HclParser; table: ReadonlyMap<string, HclFunction> }>();

function functionsFor(fs: FileSystem, rootDir: string, parser: HclParser): ReadonlyMap<string, HclFunction> {
  const known = tables.get(rootDir);
  tables.delete(rootDir);
  const entry = known && known.fs === fs && known.parser === parser ? known : { fs, parser, table: functionTable(fs, rootDir, parser) };
  tables.set(rootDir, entry);
  for (const oldest of tables.keys()) {
    if (tables.size <= RECENT_TABLES) break;
    tables.delete(oldest);
  }
  return entry.table;
}

/** `fs` is what file functions read through: the whole disk, or only the workspace when it is untrusted (trust.ts). */
export function analyze(
  files: TemplateFiles,
  parser: HclParser,
  settings: PackerSettings,
  env: Readonly<Record<string, string | undefined>>,
  fs: FileSystem = nodeFileSystem,
): Analysis {
  const rootDir = files.lone ? (files.root.includes('/') ? files.root.slice(0, files.root.lastIndexOf('/')) || '/' : '.') : files.root;
  const functions = functionsFor(fs, rootDir, parser);
  const syntax = files.files.flatMap((f) => f.syntax);
  let template: Template | undefined;
  let diagnostics: Diagnostic[];
  const reusing = reusingParser(parser, files);
  try {
    const result = loadTemplate({
      files: files.files.filter((f) => f.kind === 'config' || f.role === 'auto').map((f) => ({ path: f.file, text: f.text })),
      varFiles: files.files.filter((f) => f.role === 'chosen').map((f) => ({ path: f.file, text: f.text })),
      vars: [],
      env: { ...env, ...settings.env },
      rootDir,
      cwd: rootDir,
      parser: reusing.parser,
      functions,
      catalog: BUILTIN_COMPONENTS,
      schemas: BUILTIN_SCHEMAS,
      warnUndeclared: true,
    });
    template = result.template;
    diagnostics = result.diagnostics;
    // Like `validate`: missing required attributes are only reported once the rest of the template is sound.
    if (!diagnostics.some((d) => d.severity === 'error')) diagnostics.push(...checkRequired(template, selectBuilds(template.builds, [], [], diagnostics), BUILTIN_SCHEMAS));
  } catch {
    // The loader is the core's; if it fails on some input the editor still gets syntax diagnostics.
    diagnostics = [...syntax];
  } finally {
    reusing.dispose();
  }
  // The symbol index serves navigation, completion and hints, not diagnostics (but for checked var files, rare):
  // built when first asked for, it stays off the keystroke → diagnostics path.
  let index: SymbolIndex | undefined;
  const indexOf = (): SymbolIndex => (index ??= buildSymbolIndex(files));
  if (files.files.some((f) => f.kind === 'varfile' && f.role === 'checked')) {
    const declared = new Set(indexOf().declarations.filter((d) => d.kind === 'variable').map((d) => d.key));
    diagnostics.push(...checkedVarFileDiagnostics(files, declared));
  }
  return {
    files,
    ...(template ? { template } : {}),
    diagnostics,
    get index() {
      return indexOf();
    },
    functions,
  };
}
