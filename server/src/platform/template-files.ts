/**
 * Reads what the template model needs from disk, following Packer's rules: a `.pkr.hcl`/`.pkr.json` file alone,
 * or every such file directly inside a directory plus its `*.auto.pkrvars.hcl` files.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, dirname } from 'node:path';
import type { Diagnostic } from '../hcl/diagnostic.js';
import type { FileSystem } from '../hcl/function.js';
import type { SourceText } from '../packer/load.js';

export interface TemplateFiles {
  readonly files: SourceText[];
  /** path.root as Packer shows it: the directory as given, or the file's directory. */
  readonly rootDir: string;
  readonly diagnostics: Diagnostic[];
}

function fail(summary: string, detail: string): TemplateFiles {
  return { files: [], rootDir: '.', diagnostics: [{ severity: 'error', summary, detail }] };
}

export function readTemplateFiles(path: string, cwd: string): TemplateFiles {
  const abs = isAbsolute(path) ? path : join(cwd, path);
  if (!existsSync(abs)) return fail(`Could not find any config file in ${path}`, `The path ${path} does not exist.`);
  if (statSync(abs).isDirectory()) {
    const names = readdirSync(abs).sort();
    const pick = (suffix: string) => names.filter((n) => n.endsWith(suffix) && statSync(join(abs, n)).isFile());
    const config = [...pick('.pkr.hcl'), ...pick('.pkr.json')];
    if (config.length === 0) return fail(`Could not find any config file in ${path}`, 'A config file must be suffixed with `.pkr.hcl` or `.pkr.json`. A folder can be referenced.');
    const auto = [...pick('.auto.pkrvars.hcl'), ...pick('.auto.pkrvars.json')];
    const files = [...config, ...auto].map((n) => ({ path: join(path, n), text: readFileSync(join(abs, n), 'utf8') }));
    return { files, rootDir: path.replace(/\/+$/, '') || '/', diagnostics: [] };
  }
  if (!/\.pkr\.(hcl|json)$/.test(path)) {
    return fail(
      'Failed to parse file as legacy JSON template: if you are using an HCL template, check your file extensions; they should be either *.pkr.hcl or *.pkr.json; see the docs for more details: https://www.packer.io/docs/templates/hcl_templates.',
      `Original error: ${path} is not a Packer HCL2 configuration file; convert legacy JSON templates with hcl2_upgrade.`,
    );
  }
  return { files: [{ path, text: readFileSync(abs, 'utf8') }], rootDir: dirname(path), diagnostics: [] };
}

export function readVarFiles(paths: readonly string[], cwd: string): { files: SourceText[]; diagnostics: Diagnostic[] } {
  const files: SourceText[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    if (!/\.(hcl|json)$/.test(p)) {
      diagnostics.push({ severity: 'error', summary: `Could not guess format of ${p}`, detail: 'A var file must end in .hcl or .json.' });
      continue;
    }
    const abs = isAbsolute(p) ? p : join(cwd, p);
    if (!existsSync(abs)) {
      diagnostics.push({ severity: 'error', summary: 'Failed to read file', detail: `The file ${p} could not be read.` });
      continue;
    }
    files.push({ path: p, text: readFileSync(abs, 'utf8') });
  }
  return { files, diagnostics };
}

/** The real file system, for file functions (`file`, `fileset`, `templatefile`, ...). */
export function nodeFileSystem(cwd: string): FileSystem {
  const resolve = (p: string) => (isAbsolute(p) ? p : join(cwd, p));
  return {
    readFile: (p) => readFileSync(resolve(p)),
    exists: (p) => existsSync(resolve(p)),
    isDirectory: (p) => existsSync(resolve(p)) && statSync(resolve(p)).isDirectory(),
    listFiles(base) {
      const root = resolve(base);
      const out: string[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const full = join(dir, name);
          const st = statSync(full);
          if (st.isDirectory()) walk(full);
          else if (st.isFile()) out.push(relative(root, full));
        }
      };
      if (existsSync(root) && statSync(root).isDirectory()) walk(root);
      return out.sort();
    },
    cwd: () => cwd,
  };
}

export const HOME_DIR = homedir();
