/**
 * Packer's function table (hcl2template Functions(basedir)), assembled from the category modules. `env` is not
 * in it: Packer only offers env() in variable defaults, so it is exported separately.
 */
import type { FileSystem, HclFunction } from '../function.js';
import type { HclParser } from '../parse.js';
import { evaluate } from '../eval/index.js';
import { traversalsOf } from '../traversals.js';
import { collectionFunctions } from './collection.js';
import { conversionFunctions } from './conversion.js';
import { cryptoFunctions } from './crypto.js';
import { datetimeFunctions } from './datetime.js';
import { encodingFunctions } from './encoding.js';
import { type ExternalLookups, externalFunctions } from './external.js';
import { filesystemFunctions, type ParsedTemplate } from './filesystem.js';
import { networkFunctions } from './network.js';
import { numericFunctions } from './numeric.js';
import { stringFunctions } from './string.js';
import { stringVal } from '../value.js';

export interface FunctionOptions {
  readonly fs: FileSystem;
  /** path.root of the configuration. */
  readonly baseDir: string;
  readonly homeDir?: string;
  /** Needed by templatefile to parse template files. */
  readonly parser?: HclParser;
  readonly now?: () => Date;
  /** Secret stores for aws_secretsmanager, consul_key and vault; without it those functions report an error. */
  readonly external?: ExternalLookups;
}

export { envFunction, type ExternalLookups } from './external.js';

const MARKER = 'PACKER_STUDIO_TEMPLATEFILE_EOT';

/** Parses a whole file as an HCL template, the way templatefile reads it (a heredoc body with templates active). */
function templateParser(parser: HclParser): (text: string, file: string) => ParsedTemplate {
  return (text, file) => {
    const body = text.endsWith('\n') ? text : `${text}\n`;
    const parsed = parser.parseExpression(`<<${MARKER}\n${body}${MARKER}\n`, file);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(errors.map((d) => `${d.summary}: ${d.detail}`).join('; '));
    return {
      // The heredoc wrapper adds one line above the template, so 0-based lines here are 1-based file lines.
      references: traversalsOf(parsed.expr).map((t) => ({
        name: t.root,
        range: `${file}:${t.rootRange.start.line},${t.rootRange.start.character + 1}-${t.rootRange.end.character + 1}`,
      })),
      evaluate(vars, functions) {
        const r = evaluate(parsed.expr, { variables: vars, functions: new Map(Object.entries(functions)) });
        const errs = r.diagnostics.filter((d) => d.severity === 'error');
        if (errs.length > 0) throw new Error(errs.map((d) => `${d.summary}: ${d.detail}`).join('; '));
        const v = r.value;
        if (!text.endsWith('\n') && typeof v.raw === 'string' && v.raw.endsWith('\n')) return stringVal(v.raw.slice(0, -1)).withMarks(v.marks);
        return v;
      },
    };
  };
}

export function packerFunctions(opts: FunctionOptions): ReadonlyMap<string, HclFunction> {
  const table: Record<string, HclFunction> = {};
  const all = (): Readonly<Record<string, HclFunction>> => table;
  Object.assign(
    table,
    numericFunctions,
    stringFunctions,
    collectionFunctions,
    externalFunctions(opts.external),
    encodingFunctions,
    cryptoFunctions,
    networkFunctions,
    conversionFunctions,
    datetimeFunctions(opts.now ? { now: opts.now } : {}),
    filesystemFunctions({
      fs: opts.fs,
      baseDir: opts.baseDir,
      ...(opts.homeDir !== undefined ? { homeDir: opts.homeDir } : {}),
      ...(opts.parser ? { parseTemplate: templateParser(opts.parser) } : {}),
      functions: all,
    }),
  );
  return new Map(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
}
