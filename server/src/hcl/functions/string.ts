/**
 * String functions (cty stdlib string.go, string_replace.go, regexp.go, format.go and Packer's startswith,
 * endswith, strcontains). Go's strings package semantics are kept where JS differs: per-rune case mapping,
 * strings.Title word rules, Unicode White_Space for trimspace, code-point splitting for an empty separator.
 */
import { FunctionError, type HclFunction } from '../function.js';
import {
  BOOL,
  DYNAMIC,
  FALSE,
  NUMBER,
  STRING,
  TRUE,
  type Type,
  type Value,
  elementsOf,
  isWhollyKnown,
  listOf,
  listVal,
  nullVal,
  objectOf,
  objectVal,
  tupleOf,
  tupleVal,
  unknownVal,
} from '../value.js';
import { formatValues } from './printf.js';
import { compileRe2, findAll, findFirst, type Re2Match, type Re2Regex, Re2SyntaxError, replaceAll } from './re2.js';
import { asString, graphemeClusters, nfcString, param, pureFunctions, staticFunction, wholeNumber } from './support.js';

const str = param('str', STRING);

function stringToString(description: string, f: (s: string) => string): HclFunction {
  return staticFunction(description, [str], STRING, ([s]) => nfcString(f(asString(s!))));
}

function stringTest(description: string, second: string, f: (s: string, t: string) => boolean): HclFunction {
  return staticFunction(description, [str, param(second, STRING)], BOOL, ([s, t]) => (f(asString(s!), asString(t!)) ? TRUE : FALSE));
}

// ---------------------------------------------------------------------------------------------------------------
// Case mapping (Go maps rune by rune with simple case mappings; JS uses full, context-sensitive mappings)

const TITLE_DIGRAPHS: Readonly<Record<number, number>> = {
  0x1c4: 0x1c5, 0x1c5: 0x1c5, 0x1c6: 0x1c5,
  0x1c7: 0x1c8, 0x1c8: 0x1c8, 0x1c9: 0x1c8,
  0x1ca: 0x1cb, 0x1cb: 0x1cb, 0x1cc: 0x1cb,
  0x1f1: 0x1f2, 0x1f2: 0x1f2, 0x1f3: 0x1f2,
};

function mapRune(ch: string, to: 'upper' | 'lower' | 'title'): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return to === 'lower' ? ch.toLowerCase() : ch.toUpperCase();
  if (to === 'title' && TITLE_DIGRAPHS[cp] !== undefined) return String.fromCodePoint(TITLE_DIGRAPHS[cp]!);
  // U+0130 is the one letter whose simple lowercase differs from the first rune of its full lowercase.
  if (to === 'lower' && cp === 0x130) return 'i';
  const mapped = to === 'lower' ? ch.toLowerCase() : ch.toUpperCase();
  return [...mapped].length === 1 ? mapped : ch;
}

const mapRunes = (s: string, to: 'upper' | 'lower'): string => {
  let out = '';
  for (const ch of s) out += mapRune(ch, to);
  return out;
};

/** strings.Title's word boundaries: ASCII letters, digits and '_' continue a word; elsewhere only spaces break. */
function isTitleSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return isGoSpace(cp);
}

function goTitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isTitleSeparator(prev) ? mapRune(ch, 'title') : ch;
    prev = ch;
  }
  return out;
}

/** unicode.IsSpace: Latin-1 spaces plus the White_Space property (JS's \s also has U+FEFF, Go's has U+0085). */
function isGoSpace(cp: number): boolean {
  switch (cp) {
    case 0x09:
    case 0x0a:
    case 0x0b:
    case 0x0c:
    case 0x0d:
    case 0x20:
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200a;
  }
}

function trimRunes(s: string, drop: (ch: string) => boolean): string {
  const runes = [...s];
  let start = 0;
  let end = runes.length;
  while (start < end && drop(runes[start]!)) start++;
  while (end > start && drop(runes[end - 1]!)) end--;
  return runes.slice(start, end).join('');
}

const upper = stringToString('Converts letters to uppercase.', (s) => mapRunes(s, 'upper'));
const lower = stringToString('Converts letters to lowercase.', (s) => mapRunes(s, 'lower'));
const title = stringToString('Converts the first letter of each word to uppercase.', goTitle);
const trimspace = stringToString('Removes whitespace from both ends of a string.', (s) => trimRunes(s, (ch) => isGoSpace(ch.codePointAt(0)!)));
const chomp = stringToString('Removes newline characters at the end of a string.', (s) => s.replace(/(?:\r\n?|\n)*$/, ''));
const strrev = stringToString('Reverses the characters (grapheme clusters) of a string.', (s) => graphemeClusters(s).reverse().join(''));

const trim = staticFunction('Removes the given characters from both ends of a string.', [str, param('cutset', STRING)], STRING, ([s, c]) => {
  const cutset = new Set(asString(c!));
  return nfcString(trimRunes(asString(s!), (ch) => cutset.has(ch)));
});

const trimprefix = staticFunction('Removes a prefix from a string, once.', [str, param('prefix', STRING)], STRING, ([s, p]) => {
  const text = asString(s!);
  const prefix = asString(p!);
  return nfcString(text.startsWith(prefix) ? text.slice(prefix.length) : text);
});

const trimsuffix = staticFunction('Removes a suffix from a string, once.', [str, param('suffix', STRING)], STRING, ([s, p]) => {
  const text = asString(s!);
  const suffix = asString(p!);
  return nfcString(suffix !== '' && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text);
});

const startswith = stringTest('Tells whether a string starts with a prefix.', 'prefix', (s, p) => s.startsWith(p));
const endswith = stringTest('Tells whether a string ends with a suffix.', 'suffix', (s, p) => s.endsWith(p));
const strcontains = stringTest('Tells whether a string contains a substring.', 'substr', (s, p) => s.includes(p));

const indent = staticFunction(
  'Adds the given number of spaces after every newline of a string.',
  [param('spaces', NUMBER), str],
  STRING,
  ([n, s]) => {
    const spaces = wholeNumber(n!);
    // Go's strings.Repeat panics here; say what is wrong instead.
    if (spaces < 0) throw new FunctionError('the number of spaces must not be negative', 0);
    return nfcString(asString(s!).split('\n').join(`\n${' '.repeat(spaces)}`));
  },
);

const replace = staticFunction(
  'Replaces every occurrence of a substring (taken literally) with another string.',
  [str, param('substr', STRING), param('replace', STRING)],
  STRING,
  ([s, sub, rep]) => {
    const text = asString(s!);
    const old = asString(sub!);
    const replacement = asString(rep!);
    // An empty substring matches before every rune and at the end, as in Go.
    if (old === '') return nfcString(replacement + [...text].map((ch) => ch + replacement).join(''));
    return nfcString(text.split(old).join(replacement));
  },
);

const split = staticFunction('Splits a string at every occurrence of a separator.', [param('separator', STRING), str], listOf(STRING), ([sep, s]) => {
  const separator = asString(sep!);
  const text = asString(s!);
  const parts = separator === '' ? [...text] : text.split(separator);
  return listVal(parts.map(nfcString), STRING);
});

const join: HclFunction = {
  description: 'Concatenates the elements of the given lists of strings with a separator.',
  params: [param('separator', STRING)],
  varParam: param('lists', listOf(STRING)),
  returnType: () => STRING,
  impl(args) {
    const sep = asString(args[0]!);
    const lists = args.slice(1);
    if (lists.length === 0) throw new FunctionError('at least one list is required');
    if (!lists.every(isWhollyKnown)) return unknownVal(STRING);
    const items: string[] = [];
    lists.forEach((list, li) => {
      elementsOf(list).forEach((e, ei) => {
        if (e.isNull) {
          const where = lists.length > 1 ? `element ${ei} of list ${li + 1}` : `element ${ei}`;
          throw new FunctionError(`${where} is null; cannot concatenate null values`, li + 1);
        }
        items.push(asString(e));
      });
    });
    return nfcString(items.join(sep));
  },
};

const substr = staticFunction(
  'Extracts a substring by character (grapheme cluster) offset and length.',
  [str, param('offset', NUMBER, { allowDynamicType: true }), param('length', NUMBER, { allowDynamicType: true })],
  STRING,
  ([s, o, l]) => nfcString(goSubstr(graphemeClusters(asString(s!)), wholeNumber(o!), wholeNumber(l!))),
);

/** cty's substr, including its edge cases (a negative offset past the start reads from 0; length 0 then means all). */
function goSubstr(clusters: readonly string[], offset: number, length: number): string {
  let from = 0;
  if (offset < 0) {
    offset += clusters.length;
  } else if (length === 0) {
    return '';
  }
  if (offset > 0) {
    if (offset > clusters.length) return '';
    from = offset;
  }
  const rest = clusters.slice(from);
  if (length <= 0) return rest.join('');
  return rest.slice(0, length).join('');
}

// ---------------------------------------------------------------------------------------------------------------
// format / formatlist

const format: HclFunction = {
  description: 'Produces a string by formatting values according to a printf-style specification.',
  params: [param('format', STRING)],
  varParam: param('args', DYNAMIC, { allowNull: true, allowUnknown: true }),
  returnType: () => STRING,
  impl(args) {
    if (!args.slice(1).every(isWhollyKnown)) return unknownVal(STRING);
    return nfcString(formatValues(asString(args[0]!), args.slice(1)));
  },
};

const formatlist: HclFunction = {
  description: 'Formats each element of the given lists (scalars repeat) and returns the list of results.',
  params: [param('format', STRING)],
  varParam: param('args', DYNAMIC, { allowNull: true, allowUnknown: true }),
  returnType: () => listOf(STRING),
  impl(all, returnType) {
    const fmt = asString(all[0]!);
    const args = all.slice(1);
    if (args.length === 0) return listVal([nfcString(formatValues(fmt, []))]);
    let iterLen = -1;
    let lenChooser = -1;
    const sequences: (readonly Value[] | undefined)[] = [];
    for (const [i, arg] of args.entries()) {
      const kind = arg.type.kind;
      if ((kind === 'list' || kind === 'set' || kind === 'tuple') && !arg.isNull) {
        if (!arg.isKnown) return unknownVal(returnType);
        const elems = elementsOf(arg);
        if (iterLen === -1) {
          iterLen = elems.length;
          lenChooser = i;
        } else if (elems.length !== iterLen) {
          throw new FunctionError(
            `argument ${i + 1} has length ${elems.length}, which is inconsistent with argument ${lenChooser + 1} of length ${iterLen}`,
            i + 1,
          );
        }
        sequences.push(elems);
      } else {
        if (kind === 'dynamic' && !arg.isKnown) return unknownVal(returnType);
        sequences.push(undefined);
      }
    }
    if (iterLen === 0) return listVal([], STRING);
    const count = iterLen === -1 ? 1 : iterLen;
    const results: Value[] = [];
    for (let n = 0; n < count; n++) {
      const fmtArgs = args.map((arg, i) => sequences[i]?.[n] ?? arg);
      if (!fmtArgs.every(isWhollyKnown)) {
        results.push(unknownVal(STRING));
        continue;
      }
      try {
        results.push(nfcString(formatValues(fmt, fmtArgs)));
      } catch (e) {
        if (e instanceof FunctionError) throw new FunctionError(`error on format iteration ${n}: ${e.message}`);
        throw e;
      }
    }
    return listVal(results, STRING);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Regular expressions

/** regexPatternResultType: string without groups, a tuple for unnamed groups, an object for named ones. */
function regexResultType(pattern: string): Type {
  let re: Re2Regex;
  try {
    re = compileRe2(pattern);
  } catch (e) {
    if (e instanceof Re2SyntaxError) throw new FunctionError(`invalid regexp pattern: ${e.code} in ${e.expr}`, 0);
    throw e;
  }
  const named = re.groupNames.filter((n) => n !== '');
  const unnamed = re.groupNames.length - named.length;
  if (named.length === 0 && unnamed === 0) return STRING;
  if (named.length > 0 && unnamed > 0) {
    throw new FunctionError('invalid regexp pattern: cannot mix both named and unnamed capture groups', 0);
  }
  if (unnamed > 0) return tupleOf(re.groupNames.map(() => STRING));
  return objectOf(new Map(named.map((n) => [n, STRING])));
}

function regexResult(re: Re2Regex, m: Re2Match, type: Type): Value {
  const group = (i: number): Value => {
    const g = m.groups[i];
    return g === undefined ? nullVal(STRING) : nfcString(g);
  };
  if (type.kind === 'string') return group(0);
  if (type.kind === 'tuple') return tupleVal(re.groupNames.map((_, i) => group(i + 1)));
  return objectVal(new Map(re.groupNames.map((name, i) => [name, group(i + 1)])));
}

const patternParams = [param('pattern', STRING), param('string', STRING)];

const regex: HclFunction = {
  description: 'Returns the first match of a regular expression in a string (its groups when it has any).',
  params: patternParams,
  returnType: ([p]) => (p!.isKnown ? regexResultType(asString(p!)) : DYNAMIC),
  impl([p, s], returnType) {
    const re = compileRe2(asString(p!));
    const m = findFirst(re, asString(s!));
    if (!m) throw new FunctionError('pattern did not match any part of the given string');
    return regexResult(re, m, returnType);
  },
};

const regexall: HclFunction = {
  description: 'Returns every match of a regular expression in a string.',
  params: patternParams,
  returnType: ([p]) => listOf(p!.isKnown ? regexResultType(asString(p!)) : DYNAMIC),
  impl([p, s], returnType) {
    const elemType = (returnType as { elem: Type }).elem;
    const re = compileRe2(asString(p!));
    return listVal(
      findAll(re, asString(s!)).map((m) => regexResult(re, m, elemType)),
      elemType,
    );
  },
};

const regexReplace = staticFunction(
  'Replaces every match of a regular expression; $1 or ${name} in the replacement insert groups.',
  [str, param('pattern', STRING), param('replace', STRING)],
  STRING,
  ([s, p, r]) => {
    let re: Re2Regex;
    try {
      re = compileRe2(asString(p!));
    } catch (e) {
      if (e instanceof Re2SyntaxError) throw new FunctionError(e.message);
      throw e;
    }
    return nfcString(replaceAll(re, asString(s!), asString(r!)));
  },
);

export const stringFunctions: Readonly<Record<string, HclFunction>> = pureFunctions({
  chomp,
  endswith,
  format,
  formatlist,
  indent,
  join,
  lower,
  regex,
  regex_replace: regexReplace,
  regexall,
  replace,
  split,
  startswith,
  strcontains,
  strrev,
  substr,
  title,
  trim,
  trimprefix,
  trimspace,
  trimsuffix,
  upper,
});
