/** Reads a configuration from disk and loads it: the one entry point the CLI and the engine use. */
import type { Diagnostic } from '../hcl/diagnostic.js';
import { packerFunctions } from '../hcl/functions/index.js';
import { BUILTIN_COMPONENTS, BUILTIN_SCHEMAS } from '../packer/catalog.js';
import { loadTemplateWithData } from '../packer/data-sources.js';
import { loadTemplate, type SourceText, type TemplateInput } from '../packer/load.js';
import { fetchDataSource } from './http-data-source.js';
import type { Template } from '../packer/model.js';
import { getHclParser } from './hcl-wasm.js';
import { HOME_DIR, nodeFileSystem, readTemplateFiles, readVarFiles } from './template-files.js';

export interface DiskTemplateOptions {
  readonly path: string;
  readonly varFiles: readonly string[];
  readonly vars: readonly (readonly [string, string])[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly warnUndeclared?: boolean;
  /** Execute data sources that need the network (`http`); otherwise their outputs stay unknown. */
  readonly evaluateDataSources?: boolean;
  readonly signal?: AbortSignal;
}

export interface DiskTemplate {
  readonly template?: Template;
  readonly diagnostics: Diagnostic[];
  /** Texts of every file read, by the path used in diagnostics, for printing source lines. */
  readonly sources: ReadonlyMap<string, string>;
}

export async function loadTemplateFromDisk(opts: DiskTemplateOptions): Promise<DiskTemplate> {
  const found = readTemplateFiles(opts.path, opts.cwd);
  const vf = readVarFiles(opts.varFiles, opts.cwd);
  const sources = new Map<string, string>([...found.files, ...vf.files].map((f: SourceText) => [f.path, f.text]));
  const early = [...found.diagnostics, ...vf.diagnostics];
  if (early.length > 0) return { diagnostics: early, sources };
  const parser = await getHclParser();
  const fs = nodeFileSystem(opts.cwd);
  const input: TemplateInput = {
    files: found.files,
    varFiles: vf.files,
    vars: opts.vars,
    env: opts.env,
    rootDir: found.rootDir,
    cwd: opts.cwd,
    parser,
    functions: packerFunctions({ fs, baseDir: found.rootDir, homeDir: HOME_DIR, parser }),
    catalog: BUILTIN_COMPONENTS,
    schemas: BUILTIN_SCHEMAS,
    ...(opts.warnUndeclared !== undefined ? { warnUndeclared: opts.warnUndeclared } : {}),
  };
  const r = opts.evaluateDataSources ? await loadTemplateWithData(input, fetchDataSource, opts.signal) : loadTemplate(input);
  return { template: r.template, diagnostics: r.diagnostics, sources };
}
