/**
 * Workspace trust in the language server. The client sends `initializationOptions.trusted` (VS Code's
 * `workspace.isTrusted`) and restarts the server when trust is granted. In an untrusted workspace, file
 * functions (file, fileexists, fileset, templatefile, filebase64, ...) only read inside the workspace folders:
 * a template opened from a stranger's repository must not make the editor read ~/.ssh or /etc into hovers and
 * diagnostics. Data sources are never fetched by the language server, trusted or not (their outputs stay unknown
 * until a build), so there is nothing else to gate here.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { FunctionError, type FileSystem } from '../hcl/function.js';

/** `trusted` from the initialize request's options; a client that says nothing is trusted (plain LSP clients). */
export function trustedFrom(initializationOptions: unknown): boolean {
  if (typeof initializationOptions !== 'object' || initializationOptions === null) return true;
  const trusted = (initializationOptions as { trusted?: unknown }).trusted;
  return trusted !== false;
}

/** The path with symbolic links resolved as far as it exists, so a link inside a folder cannot point out of it. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * A file system that refuses every path outside `roots` with a FunctionError, which the evaluator reports at the
 * function call with this text.
 */
export function workspaceOnlyFileSystem(fs: FileSystem, roots: readonly string[]): FileSystem {
  const realRoots = roots.map((r) => realPath(resolve(r)));
  const check = (path: string): void => {
    const abs = resolve(fs.cwd(), path);
    if (realRoots.some((r) => within(r, abs) && within(r, realPath(abs)))) return;
    throw new FunctionError(`${abs} is outside the workspace: in Restricted Mode file functions only read files inside the workspace folders. Trust the workspace to evaluate it.`);
  };
  return {
    readFile: (path) => {
      check(path);
      return fs.readFile(path);
    },
    exists: (path) => {
      check(path);
      return fs.exists(path);
    },
    isDirectory: (path) => {
      check(path);
      return fs.isDirectory(path);
    },
    listFiles: (base) => {
      check(base);
      return fs.listFiles(base);
    },
    cwd: () => fs.cwd(),
  };
}
