/** A directory's contents as sorted lines, for comparing trees in one assertion. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every entry below `dir`, depth first in name order: `sub/` for a directory, `path=contents` for a file. */
export function fileTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) {
        out.push(`${prefix}${name}/`);
        walk(full, `${prefix}${name}/`);
      } else out.push(`${prefix}${name}=${readFileSync(full, 'utf8')}`);
    }
  };
  walk(dir, '');
  return out;
}
