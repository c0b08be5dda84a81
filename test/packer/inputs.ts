// Shared inputs for template-model tests: in-memory files and the real parser and function table.
import { getHclParser } from '../support/parser.js';
import type { TemplateInput } from '../../server/src/packer/load.js';
import { BUILTIN_COMPONENTS } from '../../server/src/packer/catalog.js';
import { packerFunctions } from '../../server/src/hcl/functions/index.js';
import type { FileSystem } from '../../server/src/hcl/function.js';

/** Test double: a file system with no files, so file functions fail as diagnostics. */
export const NO_FILES: FileSystem = {
  readFile: () => {
    throw new Error('no files in this test');
  },
  exists: () => false,
  isDirectory: () => false,
  listFiles: () => [],
  cwd: () => '/work',
};

/** A template input from one `main.pkr.hcl` text or from named files, with `extra` overriding the defaults. */
export async function templateInput(files: string | Readonly<Record<string, string>>, extra: Partial<TemplateInput> = {}): Promise<TemplateInput> {
  const parser = await getHclParser();
  const list = typeof files === 'string' ? [{ path: 'main.pkr.hcl', text: files }] : Object.entries(files).map(([path, text]) => ({ path, text }));
  return {
    files: list,
    varFiles: [],
    vars: [],
    env: {},
    rootDir: '.',
    cwd: '/work',
    parser,
    functions: packerFunctions({ fs: NO_FILES, baseDir: '.', parser }),
    catalog: BUILTIN_COMPONENTS,
    ...extra,
  };
}
