/** Command-line flags with Go's `flag` package rules, which Packer uses: `-f`, `--f`, `-f=v`, `-f v`. */

export type FlagKind = 'bool' | 'string' | 'list' | 'int';
export type FlagSpec = Readonly<Record<string, FlagKind>>;

export interface ParsedFlags {
  readonly bools: ReadonlyMap<string, boolean>;
  readonly strings: ReadonlyMap<string, string>;
  readonly lists: ReadonlyMap<string, readonly string[]>;
  readonly positional: readonly string[];
}

export class FlagError extends Error {}

const BOOL_TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const BOOL_FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** Parses flags until the first positional argument (or `--`); throws FlagError with Go's message. */
export function parseFlags(args: readonly string[], spec: FlagSpec): ParsedFlags {
  const bools = new Map<string, boolean>();
  const strings = new Map<string, string>();
  const lists = new Map<string, string[]>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const body = a.startsWith('--') ? a.slice(2) : a.slice(1);
    if (body === '' || body.startsWith('-') || body.startsWith('=')) throw new FlagError(`bad flag syntax: ${a}`);
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    const kind = spec[name];
    if (!kind) throw new FlagError(`flag provided but not defined: -${name}`);
    if (kind === 'bool') {
      if (inline === undefined) bools.set(name, true);
      else if (BOOL_TRUE.has(inline)) bools.set(name, true);
      else if (BOOL_FALSE.has(inline)) bools.set(name, false);
      else throw new FlagError(`invalid boolean value "${inline}" for -${name}: parse error`);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= args.length) throw new FlagError(`flag needs an argument: -${name}`);
      value = args[++i]!;
    }
    if (kind === 'int' && !/^[+-]?\d+$/.test(value)) throw new FlagError(`invalid value "${value}" for flag -${name}: parse error`);
    if (kind === 'list') {
      const l = lists.get(name) ?? [];
      l.push(value);
      lists.set(name, l);
    } else {
      strings.set(name, value);
    }
  }
  return { bools, strings, lists, positional: args.slice(i) };
}

/** `-only=a,b -only=c` → [a, b, c]. */
export function commaList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).filter((v) => v !== '');
}

/** `-var k=v` pairs in order; Packer rejects a value without `=`. */
export function varPairs(values: readonly string[] | undefined): [string, string][] {
  return (values ?? []).map((raw) => {
    const eq = raw.indexOf('=');
    if (eq < 0) throw new FlagError(`invalid value "${raw}" for flag -var: No '=' value in arg: ${raw}`);
    return [raw.slice(0, eq), raw.slice(eq + 1)];
  });
}
