/** The core's FileSystem over node:fs, for file functions evaluated by the language server. */
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FileSystem } from '../hcl/function.js';

/** fileset() on a huge tree (a home directory) must not stall the server. */
const MAX_LISTED = 20_000;

export const nodeFileSystem: FileSystem = {
  readFile: (path) => readFileSync(path),
  exists: (path) => {
    try {
      statSync(path);
      return true;
    } catch {
      return false;
    }
  },
  isDirectory: (path) => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
  listFiles: (base) => {
    const out: string[] = [];
    const stack = [base];
    while (stack.length > 0 && out.length < MAX_LISTED) {
      const dir = stack.pop()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const p = join(dir, e.name);
        if (e.isDirectory()) stack.push(p);
        else if (e.isFile()) out.push(relative(base, p));
      }
    }
    return out;
  },
  cwd: () => process.cwd(),
};
