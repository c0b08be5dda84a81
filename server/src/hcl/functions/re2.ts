/**
 * Go regular expressions (RE2 syntax, as regexp.Compile accepts it) on top of JS RegExp: the pattern is
 * translated token by token so that Go's meaning is kept where JS differs (`.` and `$`, ASCII-only `\s`, inline
 * flags scoped to groups, `\A`/`\z`, `\Q…\E`, POSIX classes, octal escapes), and RE2's syntax errors are reported
 * with Go's codes. Matching loops reproduce regexp's FindAll/ReplaceAll handling of empty matches.
 */

export class Re2SyntaxError extends Error {
  constructor(
    /** Go's regexp/syntax ErrorCode text, e.g. "missing closing )". */
    readonly code: string,
    /** The offending part of the pattern. */
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

export interface Re2Regex {
  /** Global, unicode-mode JS equivalent; every Go capture group is a plain JS group at the same index. */
  readonly regex: RegExp;
  /** Go's SubexpNames()[1:]: the name of each capture group, "" when unnamed. */
  readonly groupNames: readonly string[];
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

const MAX_REPEAT = 1000;
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};
/** Perl classes inside brackets (RE2's are ASCII-only). */
const PERL_CLASS_BODY: Readonly<Record<string, string>> = { d: '0-9', w: '0-9A-Za-z_', s: '\\t\\n\\f\\r ' };
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const GO_GENERAL_CATEGORIES = /^(?:[CLMNPSZ]|C[cfos]|L[lmotu]|M[cen]|N[dlo]|P[cdefios]|S[ckmo]|Z[lps])$/;
/** Characters whose case-fold orbit has more than the plain upper/lower pair (Go's unicode.SimpleFold). */
const EXTRA_FOLDS: Readonly<Record<string, string>> = {
  k: '\u212a',
  K: '\u212a',
  '\u212a': 'kK',
  s: '\u017f',
  S: '\u017f',
  '\u017f': 'sS',
  '\u00e5': '\u212b',
  '\u00c5': '\u212b',
  '\u212b': '\u00e5\u00c5',
};

const cache = new Map<string, Re2Regex>();

/** Compiles a Go regular expression; throws Re2SyntaxError for patterns regexp.Compile rejects. */
export function compileRe2(pattern: string): Re2Regex {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const translated = new Translator(pattern).translate();
  let regex: RegExp;
  try {
    regex = new RegExp(translated.source, 'gu');
  } catch {
    throw new Re2SyntaxError('invalid or unsupported Perl syntax', pattern);
  }
  const result = { regex, groupNames: translated.groupNames };
  if (cache.size > 500) cache.clear();
  cache.set(pattern, result);
  return result;
}

class Translator {
  private pos = 0;
  private flags: Flags = { i: false, m: false, s: false, U: false };
  private readonly groupNames: string[] = [];
  /** Flags to restore and the group's start offset in `out`, per open group. */
  private readonly stack: { flags: Flags; start: number }[] = [];
  private out = '';
  /** Whether the last emitted item can take a repetition operator, and where it starts in `out`. */
  private lastAtom: number | undefined;
  private lastWasRepeat = false;

  constructor(private readonly p: string) {}

  translate(): { source: string; groupNames: string[] } {
    while (this.pos < this.p.length) this.step();
    if (this.stack.length > 0) throw new Re2SyntaxError('missing closing )', this.p);
    return { source: this.out, groupNames: this.groupNames };
  }

  private atom(js: string): void {
    this.lastAtom = this.out.length;
    this.lastWasRepeat = false;
    this.out += js;
  }

  private nonAtom(js: string): void {
    this.lastAtom = undefined;
    this.lastWasRepeat = false;
    this.out += js;
  }

  private step(): void {
    const p = this.p;
    const c = p[this.pos]!;
    switch (c) {
      case '(':
        return this.openGroup();
      case ')': {
        const g = this.stack.pop();
        if (!g) throw new Re2SyntaxError('unexpected )', p);
        this.flags = g.flags;
        this.pos++;
        this.out += ')';
        this.lastAtom = g.start;
        this.lastWasRepeat = false;
        return;
      }
      case '|':
        this.pos++;
        return this.nonAtom('|');
      case '^':
        this.pos++;
        return this.nonAtom(this.flags.m ? '(?<![^\\n])' : '(?<![\\s\\S])');
      case '$':
        this.pos++;
        return this.nonAtom(this.flags.m ? '(?![^\\n])' : '(?![\\s\\S])');
      case '.':
        this.pos++;
        return this.atom(this.flags.s ? '[\\s\\S]' : '[^\\n]');
      case '[':
        return this.atom(this.charClass());
      case '*':
      case '+':
      case '?':
        return this.repeat(c, 1);
      case '{': {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(this.pos));
        if (!m) {
          this.pos++;
          return this.atom('\\{');
        }
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
        if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
          throw new Re2SyntaxError('invalid repeat count', m[0]);
        }
        return this.repeat(m[0], m[0].length);
      }
      case '\\':
        return this.escape();
      default: {
        const ch = String.fromCodePoint(p.codePointAt(this.pos)!);
        this.pos += ch.length;
        return this.atom(this.literal(ch));
      }
    }
  }

  private repeat(op: string, length: number): void {
    const text = this.p.slice(this.pos, this.pos + length);
    if (this.lastWasRepeat) {
      throw new Re2SyntaxError('invalid nested repetition operator', this.lastRepeatText + text);
    }
    if (this.lastAtom === undefined) throw new Re2SyntaxError('missing argument to repetition operator', text);
    this.pos += length;
    let lazy = false;
    if (this.p[this.pos] === '?') {
      lazy = true;
      this.pos++;
    }
    this.lastRepeatText = lazy ? `${text}?` : text;
    if (this.flags.U) lazy = !lazy;
    // Wrap the atom so that JS applies the operator to exactly what Go does (e.g. a case-folded literal class).
    const atomText = this.out.slice(this.lastAtom);
    this.out = `${this.out.slice(0, this.lastAtom)}(?:${atomText})${op}${lazy ? '?' : ''}`;
    this.lastWasRepeat = true;
  }

  private lastRepeatText = '';

  private openGroup(): void {
    const p = this.p;
    const rest = p.slice(this.pos);
    const startOut = this.out.length;
    const named = /^\(\?P?<([^>]*)>/.exec(rest);
    if (rest.startsWith('(?P<') || rest.startsWith('(?<') && !rest.startsWith('(?<=') && !rest.startsWith('(?<!')) {
      if (!named) throw new Re2SyntaxError('invalid named capture', rest);
      const name = named[1]!;
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Re2SyntaxError('invalid named capture', named[0]);
      if (this.groupNames.includes(name)) throw new Re2SyntaxError('duplicate capture group name', name);
      this.groupNames.push(name);
      this.pos += named[0].length;
      this.push(startOut, '(');
      return;
    }
    if (rest.startsWith('(?')) {
      const m = /^\(\?([imsU-]*)([:)])/.exec(rest);
      if (!m) throw new Re2SyntaxError('invalid or unsupported Perl syntax', rest.slice(0, 3));
      const flags = this.parseFlags(m[1]!, m[0]);
      this.pos += m[0].length;
      if (m[2] === ')') {
        this.flags = flags;
        this.lastAtom = undefined;
        return;
      }
      this.push(startOut, '(?:');
      this.flags = flags;
      return;
    }
    this.groupNames.push('');
    this.pos++;
    this.push(startOut, '(');
  }

  private push(startOut: number, js: string): void {
    this.stack.push({ flags: { ...this.flags }, start: startOut });
    this.nonAtom(js);
  }

  private parseFlags(spec: string, text: string): Flags {
    const flags = { ...this.flags };
    let negate = false;
    let sawFlag = false;
    for (const f of spec) {
      if (f === '-') {
        if (negate) throw new Re2SyntaxError('invalid or unsupported Perl syntax', text);
        negate = true;
        sawFlag = false;
        continue;
      }
      flags[f as keyof Flags] = !negate;
      sawFlag = true;
    }
    if (negate && !sawFlag) throw new Re2SyntaxError('invalid or unsupported Perl syntax', text);
    return flags;
  }

  /** A literal character in JS syntax, expanded to its case-fold orbit under (?i). */
  private literal(ch: string): string {
    if (this.flags.i) {
      const orbit = foldOrbit(ch);
      if (orbit.length > 1) return `[${orbit.map(classChar).join('')}]`;
    }
    return JS_SYNTAX.has(ch) ? `\\${ch}` : ch;
  }

  private escape(): void {
    const p = this.p;
    this.pos++;
    if (this.pos >= p.length) throw new Re2SyntaxError('trailing backslash at end of expression', '');
    const c = p[this.pos]!;
    switch (c) {
      case 'A':
        this.pos++;
        return this.nonAtom('(?<![\\s\\S])');
      case 'z':
        this.pos++;
        return this.nonAtom('(?![\\s\\S])');
      case 'b':
      case 'B':
        this.pos++;
        return this.nonAtom(`\\${c}`);
      case 'Q': {
        const end = p.indexOf('\\E', this.pos + 1);
        const text = p.slice(this.pos + 1, end === -1 ? p.length : end);
        this.pos = end === -1 ? p.length : end + 2;
        for (const ch of text) this.atom(this.literal(ch));
        return;
      }
      case 'C':
        this.pos++;
        return this.atom('[\\s\\S]');
      case 'd':
      case 'w':
        this.pos++;
        return this.atom(`[${PERL_CLASS_BODY[c]}]`);
      case 's':
        this.pos++;
        return this.atom(`[${PERL_CLASS_BODY.s}]`);
      case 'D':
      case 'W':
      case 'S':
        this.pos++;
        return this.atom(`[^${PERL_CLASS_BODY[c.toLowerCase()]}]`);
      case 'p':
      case 'P':
        return this.atom(this.unicodeClass());
      default: {
        const ch = this.escapedChar();
        return this.atom(this.literal(ch));
      }
    }
  }

  /** After a backslash: a single escaped character (shared by classes and the top level); advances past it. */
  private escapedChar(): string {
    const p = this.p;
    const c = p[this.pos]!;
    const simple: Readonly<Record<string, string>> = { a: '\x07', f: '\f', t: '\t', n: '\n', r: '\r', v: '\v' };
    if (simple[c]) {
      this.pos++;
      return simple[c]!;
    }
    if (c >= '0' && c <= '7') {
      const m = /^[0-7]{1,3}/.exec(p.slice(this.pos))!;
      // A lone non-zero digit would be a backreference, which RE2 does not have.
      if (c !== '0' && m[0].length === 1) throw new Re2SyntaxError('invalid escape sequence', `\\${c}`);
      this.pos += m[0].length;
      return String.fromCodePoint(parseInt(m[0], 8));
    }
    if (c === 'x') {
      const braced = /^x\{([0-9A-Fa-f]+)\}/.exec(p.slice(this.pos));
      const plain = /^x([0-9A-Fa-f]{2})/.exec(p.slice(this.pos));
      const m = braced ?? plain;
      const cp = m ? parseInt(m[1]!, 16) : NaN;
      if (!m || cp > 0x10ffff) throw new Re2SyntaxError('invalid escape sequence', p.slice(this.pos - 1, this.pos + 2));
      this.pos += m[0].length;
      return String.fromCodePoint(cp);
    }
    const cp = p.codePointAt(this.pos)!;
    if (cp < 0x80 && !/[A-Za-z0-9]/.test(c)) {
      this.pos++;
      return c;
    }
    throw new Re2SyntaxError('invalid escape sequence', `\\${String.fromCodePoint(cp)}`);
  }

  /** `\pL`, `\p{Greek}`, `\P{Lu}`, `\p{^L}` → a JS property escape. */
  private unicodeClass(): string {
    const p = this.p;
    const negated = p[this.pos] === 'P';
    this.pos++;
    let name: string;
    if (p[this.pos] === '{') {
      const end = p.indexOf('}', this.pos);
      if (end === -1) throw new Re2SyntaxError('invalid character class range', p.slice(this.pos - 2));
      name = p.slice(this.pos + 1, end);
      this.pos = end + 1;
    } else {
      if (this.pos >= p.length) throw new Re2SyntaxError('invalid character class range', p.slice(this.pos - 2));
      name = String.fromCodePoint(p.codePointAt(this.pos)!);
      this.pos += name.length;
    }
    let neg = negated;
    if (name.startsWith('^')) {
      neg = !neg;
      name = name.slice(1);
    }
    const text = `\\${negated ? 'P' : 'p'}{${name}}`;
    const js = name === 'Any' ? 'Any' : GO_GENERAL_CATEGORIES.test(name) ? name : `Script=${name}`;
    const escape = `\\${neg ? 'P' : 'p'}{${js}}`;
    try {
      new RegExp(escape, 'u');
    } catch {
      throw new Re2SyntaxError('invalid character class range', text);
    }
    return escape;
  }

  /** A bracketed class, `[` at pos. */
  private charClass(): string {
    const p = this.p;
    const start = this.pos;
    this.pos++;
    let negated = false;
    if (p[this.pos] === '^') {
      negated = true;
      this.pos++;
    }
    let body = '';
    let first = true;
    for (;;) {
      if (this.pos >= p.length) throw new Re2SyntaxError('missing closing ]', p.slice(start));
      const c = p[this.pos]!;
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[') {
        const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(this.pos));
        if (posix) {
          const cls = POSIX_CLASSES[posix[2]!];
          if (!cls) throw new Re2SyntaxError('invalid character class range', posix[0]);
          if (posix[1]) throw new Re2SyntaxError('invalid or unsupported Perl syntax', posix[0]);
          body += cls;
          this.pos += posix[0].length;
          continue;
        }
      }
      if (c === '\\') {
        const next = p[this.pos + 1];
        if (next !== undefined && 'dwsDWS'.includes(next)) {
          this.pos += 2;
          body += next === next.toLowerCase() ? PERL_CLASS_BODY[next]! : `\\${next}`;
          continue;
        }
        if (next === 'p' || next === 'P') {
          this.pos++;
          body += this.unicodeClass();
          continue;
        }
      }
      const lo = this.classSingle();
      if (p[this.pos] === '-' && p[this.pos + 1] !== ']' && this.pos + 1 < p.length) {
        this.pos++;
        const hi = this.classSingle();
        if (hi.codePointAt(0)! < lo.codePointAt(0)!) {
          throw new Re2SyntaxError('invalid character class range', `${lo}-${hi}`);
        }
        body += this.classRange(lo, hi);
        continue;
      }
      body += this.classRange(lo, lo);
    }
    return `[${negated ? '^' : ''}${body}]`;
  }

  private classSingle(): string {
    const p = this.p;
    if (p[this.pos] === '\\') {
      this.pos++;
      if (this.pos >= p.length) throw new Re2SyntaxError('missing closing ]', p);
      return this.escapedChar();
    }
    const ch = String.fromCodePoint(p.codePointAt(this.pos)!);
    this.pos += ch.length;
    return ch;
  }

  /** A range in JS class syntax, plus the case variants of its members under (?i) when the range is small. */
  private classRange(lo: string, hi: string): string {
    const base = lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`;
    if (!this.flags.i) return base;
    const a = lo.codePointAt(0)!;
    const b = hi.codePointAt(0)!;
    if (b - a > 5000) return base;
    const extra = new Set<string>();
    for (let cp = a; cp <= b; cp++) {
      for (const v of foldOrbit(String.fromCodePoint(cp))) {
        const vc = v.codePointAt(0)!;
        if (vc < a || vc > b) extra.add(v);
      }
    }
    return base + [...extra].map(classChar).join('');
  }
}

function classChar(ch: string): string {
  if ('\\]-^['.includes(ch)) return `\\${ch}`;
  const cp = ch.codePointAt(0)!;
  return cp < 0x20 ? `\\x${cp.toString(16).padStart(2, '0')}` : ch;
}

/** Every character that matches `ch` case-insensitively (simple case folding). */
function foldOrbit(ch: string): string[] {
  const set = new Set<string>([ch]);
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) if ([...v].length === 1) set.add(v);
  for (const v of EXTRA_FOLDS[ch] ?? '') set.add(v);
  return [...set];
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

/** One match: the groups' texts by Go index (0 = whole match), undefined for groups that did not participate. */
export interface Re2Match {
  readonly index: number;
  readonly end: number;
  readonly groups: readonly (string | undefined)[];
}

function execAt(re: RegExp, s: string, from: number): Re2Match | undefined {
  re.lastIndex = from;
  const m = re.exec(s);
  if (!m) return undefined;
  return { index: m.index, end: m.index + m[0].length, groups: [...m] };
}

function advance(s: string, pos: number): number {
  const cp = s.codePointAt(pos);
  return pos + (cp !== undefined && cp > 0xffff ? 2 : 1);
}

/** regexp.FindAllStringSubmatchIndex(s, -1): an empty match right after the previous match is skipped. */
export function findAll(re: Re2Regex, s: string): Re2Match[] {
  const out: Re2Match[] = [];
  let pos = 0;
  let prevEnd = -1;
  while (pos <= s.length) {
    const m = execAt(re.regex, s, pos);
    if (!m) break;
    let accept = true;
    if (m.end === m.index) {
      if (m.index === prevEnd) accept = false;
      pos = m.index < s.length ? advance(s, m.index) : s.length + 1;
    } else {
      pos = m.end;
    }
    prevEnd = m.end;
    if (accept) out.push(m);
  }
  return out;
}

/** The first match, as regexp.FindStringSubmatchIndex. */
export function findFirst(re: Re2Regex, s: string): Re2Match | undefined {
  return execAt(re.regex, s, 0);
}

/** regexp.ReplaceAllString: `$1`, `${1}`, `$name`, `${name}` and `$$` in the template (Regexp.Expand rules). */
export function replaceAll(re: Re2Regex, s: string, template: string): string {
  let out = '';
  let lastEnd = 0;
  let searchPos = 0;
  while (searchPos <= s.length) {
    const m = execAt(re.regex, s, searchPos);
    if (!m) break;
    out += s.slice(lastEnd, m.index);
    // No replacement for an empty match right after a previous match (Go avoids replacing twice there).
    if (m.end > lastEnd || m.index === 0) out += expand(re, template, m);
    lastEnd = m.end;
    const next = searchPos < s.length ? advance(s, searchPos) : searchPos + 1;
    searchPos = next > m.end ? next : m.end;
  }
  return out + s.slice(lastEnd);
}

function expand(re: Re2Regex, template: string, m: Re2Match): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar === -1) break;
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(template.slice(i));
    if (!ref) {
      out += '$';
      continue;
    }
    i += ref[0].length;
    const name = ref[1] ?? ref[2]!;
    let group: string | undefined;
    if (/^[0-9]+$/.test(name) && name.length <= 8) group = m.groups[Number(name)];
    else {
      const idx = re.groupNames.indexOf(name);
      group = idx === -1 ? undefined : m.groups[idx + 1];
    }
    out += group ?? '';
  }
  return out + template.slice(i);
}
