/**
 * Filesystem functions (go-cty-funcs filesystem/, Packer's filebase64 and templatefile). Files are read only
 * through the injected FileSystem; paths follow Go's path/filepath rules (Clean, Base, Dir, Join).
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { FunctionError, type FileSystem, type HclFunction } from '../function.js';
import { BOOL, DYNAMIC, STRING, Value, setOf, stringVal, type Type } from '../value.js';
import { impureFunctions, pureFunctions } from './support.js';

/** An HCL template parsed from a file, ready to evaluate with only the given variables and functions in scope. */
export interface ParsedTemplate {
  /** Root names of every variable reference, with a printable source range ("file:line,col-col"). */
  readonly references: readonly { readonly name: string; readonly range: string }[];
  /** Throws FunctionError (or an Error whose message is the diagnostics' text) when evaluation fails. */
  evaluate(vars: ReadonlyMap<string, Value>, functions: Readonly<Record<string, HclFunction>>): Value;
}

export interface FilesystemOptions {
  readonly fs: FileSystem;
  /** path.root: where file, fileexists, fileset and templatefile resolve relative paths. */
  readonly baseDir: string;
  /** The user's home directory, for `~` expansion; unset means `~` cannot be expanded. */
  readonly homeDir?: string;
  /** Parses template text (HCL template syntax); throws with the syntax diagnostics' text on errors. */
  readonly parseTemplate?: (text: string, file: string) => ParsedTemplate;
  /** The whole function table, for templates (templatefile itself is replaced by a stub that refuses recursion). */
  readonly functions?: () => Readonly<Record<string, HclFunction>>;
}

const sep = path.sep;
const str = (v: Value): string => v.raw as string;

/** Go's filepath.Clean. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const n = path.normalize(p);
  return n.length > 1 && n.endsWith(sep) ? n.slice(0, -1) : n;
}

/** Go's filepath.Base. */
export function basename(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(new RegExp(`${sep === '\\' ? '[\\\\/]' : '/'}+$`), '');
  if (trimmed === '') return sep;
  const i = Math.max(trimmed.lastIndexOf('/'), sep === '\\' ? trimmed.lastIndexOf('\\') : -1);
  return trimmed.slice(i + 1);
}

/** Go's filepath.Dir. */
export function dirname(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), sep === '\\' ? p.lastIndexOf('\\') : -1);
  return cleanPath(p.slice(0, i + 1));
}

const toSlash = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

export function filesystemFunctions(opts: FilesystemOptions): Readonly<Record<string, HclFunction>> {
  const { fs, baseDir } = opts;

  const expandHome = (p: string): string => {
    if (!p.startsWith('~')) return p;
    if (p.length > 1 && p[1] !== '/' && p[1] !== sep) {
      throw new FunctionError('failed to expand ~: cannot expand user-specific home dir');
    }
    if (opts.homeDir === undefined) throw new FunctionError('failed to expand ~: the home directory is not known');
    return opts.homeDir + p.slice(1);
  };

  const resolveFromBase = (p: string): string => {
    const expanded = expandHome(p);
    return cleanPath(path.isAbsolute(expanded) ? expanded : path.join(baseDir, expanded));
  };

  const readFileBytes = (p: string): Uint8Array => {
    const full = resolveFromBase(p);
    if (!fs.exists(full)) throw new FunctionError(`no file exists at ${full}`);
    if (fs.isDirectory(full)) throw new FunctionError(`failed to read ${full}`);
    try {
      return fs.readFile(full);
    } catch {
      throw new FunctionError(`failed to read ${full}`);
    }
  };

  const readTextFile = (p: string): string => {
    const bytes = readFileBytes(p);
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes).normalize('NFC');
    } catch {
      throw new FunctionError(
        `contents of ${p} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead`,
      );
    }
  };

  const pathParam = [{ name: 'path', type: STRING }] as const;
  const simple = (description: string, result: Type, fn: (p: string) => Value): HclFunction => ({
    description,
    params: pathParam,
    returnType: () => result,
    impl: ([p]) => fn(str(p)),
  });

  const templatefile = makeTemplatefile(opts, readTextFile);

  return {
    // Files, the working directory (abspath) and the home directory (pathexpand).
    ...impureFunctions({
      abspath: simple('Converts a string containing a filesystem path to an absolute path.', STRING, (p) =>
        stringVal(toSlash(cleanPath(path.isAbsolute(p) ? p : path.join(fs.cwd(), p)))),
      ),
      pathexpand: simple('Expands a leading ~ to the home directory of the current user.', STRING, (p) =>
        stringVal(expandHome(p)),
      ),
      file: simple('Reads the contents of a file at the given path and returns them as a string.', STRING, (p) =>
        stringVal(readTextFile(p)),
      ),
      filebase64: simple('Reads a file and encodes it as a base64 string.', STRING, (p) => {
        const full = path.isAbsolute(p) ? p : path.join(fs.cwd(), p);
        if (!fs.exists(full) || fs.isDirectory(full)) {
          const why = fs.exists(full) ? 'is a directory' : 'no such file or directory';
          throw new FunctionError(`failed to read file ${JSON.stringify(p)}: open ${p}: ${why}`);
        }
        return stringVal(Buffer.from(fs.readFile(full)).toString('base64'));
      }),
      fileexists: simple('Determines whether a file exists at the given path.', BOOL, (p) => {
        const full = resolveFromBase(p);
        if (!fs.exists(full)) return new Value(BOOL, false);
        if (fs.isDirectory(full)) throw new FunctionError(`${full} is not a regular file, but a directory`);
        return new Value(BOOL, true);
      }),
      fileset: {
        description: 'Enumerates a set of regular file names given a path and pattern.',
        params: [
          { name: 'path', type: STRING },
          { name: 'pattern', type: STRING },
        ],
        returnType: () => setOf(STRING),
        impl: ([dirArg, patternArg]) => {
          const dir = path.isAbsolute(str(dirArg)) ? str(dirArg) : path.join(baseDir, str(dirArg));
          // filepath.Join(path, pattern) cleans the pattern; matching is then relative to `dir`.
          const pattern = toSlash(path.relative(cleanPath(dir), cleanPath(path.join(dir, str(patternArg)))));
          const isMatch = picomatch(pattern, { dot: true });
          const files = fs.exists(dir) && fs.isDirectory(dir) ? fs.listFiles(dir).map(toSlash) : [];
          const matches = files.filter((f) => isMatch(f));
          const sorted = [...new Set(matches)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          return new Value(setOf(STRING), sorted.map(stringVal));
        },
      },
      templatefile,
    }),
    // Only text operations on the path.
    ...pureFunctions({
      basename: simple('Returns the last element of a path.', STRING, (p) => stringVal(basename(p))),
      dirname: simple('Returns all but the last element of path, typically the path\'s directory.', STRING, (p) =>
        stringVal(dirname(p)),
      ),
    }),
  };
}

const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}-]*$/u;

const RECURSION_STUB: HclFunction = {
  description: 'templatefile is not available inside a template.',
  params: [
    { name: 'path', type: STRING },
    { name: 'vars', type: DYNAMIC },
  ],
  returnType: () => {
    throw new FunctionError('cannot recursively call templatefile from inside templatefile call');
  },
  impl: () => {
    throw new FunctionError('cannot recursively call templatefile from inside templatefile call');
  },
};

function makeTemplatefile(opts: FilesystemOptions, readTextFile: (p: string) => string): HclFunction {
  const render = (file: string, vars: Value): Value => {
    const { parseTemplate } = opts;
    if (!parseTemplate) throw new FunctionError('templatefile is not available here: no template parser was provided');
    const kind = vars.type.kind;
    if (kind !== 'map' && kind !== 'object') throw new FunctionError('invalid vars value: must be a map', 1);
    const scope = (vars.raw instanceof Map ? vars.raw : new Map()) as ReadonlyMap<string, Value>;
    for (const name of scope.keys()) {
      if (!IDENTIFIER.test(name)) {
        throw new FunctionError(
          `invalid template variable name ${JSON.stringify(name)}: must start with a letter, followed by zero or more letters, digits, and underscores`,
          1,
        );
      }
    }
    let template: ParsedTemplate;
    try {
      template = parseTemplate(readTextFile(file), file);
    } catch (e) {
      throw e instanceof FunctionError ? e : new FunctionError((e as Error).message);
    }
    for (const ref of template.references) {
      if (!scope.has(ref.name)) {
        throw new FunctionError(`vars map does not contain key ${JSON.stringify(ref.name)}, referenced at ${ref.range}`, 1);
      }
    }
    const functions = { ...(opts.functions?.() ?? {}), templatefile: RECURSION_STUB };
    try {
      return template.evaluate(scope, functions);
    } catch (e) {
      throw e instanceof FunctionError ? e : new FunctionError((e as Error).message);
    }
  };

  return {
    description: 'Renders a file as an HCL template with only the given variables (and all functions) in scope.',
    params: [
      { name: 'path', type: STRING },
      { name: 'vars', type: DYNAMIC },
    ],
    // The result type is whatever the template produces, so cty renders it once to find out.
    returnType: ([file, vars]) => (file.isKnown && vars.isKnown ? render(str(file), vars).type : DYNAMIC),
    impl: ([file, vars]) => render(str(file), vars),
  };
}
