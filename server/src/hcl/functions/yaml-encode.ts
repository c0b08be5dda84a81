/**
 * yamlencode's output, byte for byte: go-cty-yaml drives the libyaml emitter (block style, double-quoted
 * strings, literal blocks for multi-line strings, 80-column folding), so this follows that emitter's rules
 * for the subset of events go-cty-yaml produces.
 */
import { Decimal, type Value } from '../value.js';

type ScalarStyle = 'plain' | 'double' | 'literal';

type Node =
  | { readonly kind: 'scalar'; readonly value: string; readonly style: ScalarStyle }
  | { readonly kind: 'seq'; readonly items: readonly Node[] }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [Node, Node])[] };

export class YamlEncodeError extends Error {}

function toNode(v: Value): Node {
  if (v.isNull) return { kind: 'scalar', value: 'null', style: 'plain' };
  if (!v.isKnown) throw new YamlEncodeError('cannot serialize unknown value as YAML');
  const raw = v.raw;
  switch (v.type.kind) {
    case 'string': {
      const s = raw as string;
      return { kind: 'scalar', value: s, style: s.includes('\n') ? 'literal' : 'double' };
    }
    case 'number': {
      const n = raw as Decimal;
      const text = n.isFinite() ? n.toFixed() : n.isNeg() ? '-Inf' : '+Inf';
      return { kind: 'scalar', value: text, style: 'plain' };
    }
    case 'bool':
      return { kind: 'scalar', value: raw ? 'true' : 'false', style: 'plain' };
    case 'list':
    case 'set':
    case 'tuple':
      return { kind: 'seq', items: (raw as readonly Value[]).map(toNode) };
    case 'map':
    case 'object':
      return {
        kind: 'map',
        entries: [...(raw as ReadonlyMap<string, Value>)].map(
          ([k, x]) => [{ kind: 'scalar', value: k, style: 'double' }, toNode(x)] as const,
        ),
      };
    default:
      throw new YamlEncodeError(`can't marshal ${v.type.kind} as YAML`);
  }
}

const BEST_INDENT = 2;
const BEST_WIDTH = 80;
const MAX_SIMPLE_KEY_BYTES = 128;

const isBreak = (c: string | undefined): boolean =>
  c === '\r' || c === '\n' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isSpace = (c: string | undefined): boolean => c === ' ';
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** libyaml's is_printable, which (being byte-based) rejects everything outside the BMP. */
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

interface ScalarAnalysis {
  readonly multiline: boolean;
  readonly blockPlainAllowed: boolean;
  readonly flowPlainAllowed: boolean;
  readonly blockAllowed: boolean;
}

function analyzeScalar(chars: readonly string[]): ScalarAnalysis {
  if (chars.length === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, blockAllowed: false };
  }
  const head = chars.slice(0, 3).join('');
  let blockIndicators = head === '---' || head === '...';
  let flowIndicators = blockIndicators;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  chars.forEach((c, i) => {
    const last = i === chars.length - 1;
    const followedByWhitespace = last || isBlank(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) {
        flowIndicators = blockIndicators = true;
      } else if (c === '?' || c === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (c === '-' && followedByWhitespace) {
        flowIndicators = blockIndicators = true;
      }
    } else if (',?[]{}'.includes(c)) {
      flowIndicators = true;
    } else if (c === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (c === '#' && precededByWhitespace) {
      flowIndicators = blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = previousBreak = false;
    }
    precededByWhitespace = isBlank(c) || isBreak(c);
  });
  let flowPlainAllowed = true;
  let blockPlainAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || lineBreaks) {
    flowPlainAllowed = blockPlainAllowed = false;
  }
  if (trailingSpace) blockAllowed = false;
  if (spaceBreak || special) flowPlainAllowed = blockPlainAllowed = blockAllowed = false;
  if (flowIndicators) flowPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, flowPlainAllowed, blockPlainAllowed, blockAllowed };
}

const ESCAPES: Readonly<Record<number, string>> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

interface Context {
  readonly root: boolean;
  readonly mapping: boolean;
  readonly simpleKey: boolean;
}

class Emitter {
  private out = '';
  private indent = -1;
  private readonly indents: number[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private openEnded = false;
  private flowLevel = 0;

  emitDocument(root: Node): string {
    this.node(root, { root: true, mapping: false, simpleKey: false });
    this.writeIndent();
    if (this.openEnded) {
      this.writeIndicator('...', true, false, false);
      this.writeIndent();
    }
    return this.out;
  }

  private put(c: string): void {
    this.out += c;
    this.column++;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  private writeBreak(c: string): void {
    if (c === '\n') {
      this.putBreak();
    } else {
      this.out += c;
      this.column = 0;
    }
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const c of indicator) this.put(c);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
    this.openEnded = false;
  }

  private node(n: Node, ctx: Context): void {
    if (n.kind === 'scalar') this.scalar(n.value, n.style, ctx);
    else if (n.kind === 'seq') this.sequence(n.items, ctx);
    else this.mapping(n.entries);
  }

  private sequence(items: readonly Node[], ctx: Context): void {
    if (this.flowLevel > 0 || items.length === 0) {
      this.emptyFlow('[', ']');
      return;
    }
    this.increaseIndent(false, ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, { root: false, mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  private mapping(entries: readonly (readonly [Node, Node])[]): void {
    if (this.flowLevel > 0 || entries.length === 0) {
      this.emptyFlow('{', '}');
      return;
    }
    this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      if (isSimpleKey(key)) {
        this.node(key, { root: false, mapping: true, simpleKey: true });
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, { root: false, mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, { root: false, mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  /** Only empty collections are written in flow style (go-cty-yaml asks for block style). */
  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private scalar(value: string, requested: ScalarStyle, ctx: Context): void {
    const chars = Array.from(value);
    const a = analyzeScalar(chars);
    let style = requested;
    if (ctx.simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      const plainAllowed = this.flowLevel > 0 ? a.flowPlainAllowed : a.blockPlainAllowed;
      // libyaml would pick single quotes here; go-cty-yaml's plain scalars (numbers, bools, null) never need them.
      if (!plainAllowed || (chars.length === 0 && (this.flowLevel > 0 || ctx.simpleKey))) style = 'double';
    }
    if (style === 'literal' && (!a.blockAllowed || this.flowLevel > 0 || ctx.simpleKey)) style = 'double';
    this.increaseIndent(true, false);
    if (style === 'plain') this.writePlain(chars, !ctx.simpleKey, ctx.root);
    else if (style === 'double') this.writeDoubleQuoted(chars, !ctx.simpleKey);
    else this.writeLiteral(chars);
    this.popIndent();
  }

  private writePlain(chars: readonly string[], allowBreaks: boolean, root: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(chars[i + 1])) this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        spaces = breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
    if (root) this.openEnded = true;
  }

  private writeDoubleQuoted(chars: readonly string[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const cp = c.codePointAt(0) ?? 0;
      if (!isPrintable(c) || cp === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
        this.put('\\');
        const named = ESCAPES[cp];
        if (named !== undefined) {
          this.put(named);
        } else {
          const [letter, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(letter);
          for (const d of cp.toString(16).toUpperCase().padStart(width, '0')) this.put(d);
        }
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (isSpace(chars[i + 1])) this.put('\\');
        } else {
          this.put(c);
        }
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeBlockScalarHints(chars: readonly string[]): void {
    if (isSpace(chars[0]) || isBreak(chars[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    this.openEnded = false;
    const last = chars.length - 1;
    let chomp = '';
    if (chars.length === 0 || !isBreak(chars[last])) chomp = '-';
    else if (last === 0 || isBreak(chars[last - 1])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  private writeLiteral(chars: readonly string[]): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockScalarHints(chars);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

function isSimpleKey(key: Node): boolean {
  if (key.kind !== 'scalar') return false;
  if (Array.from(key.value).some(isBreak)) return false;
  return Buffer.byteLength(key.value, 'utf8') <= MAX_SIMPLE_KEY_BYTES;
}

/** The YAML document go-cty-yaml's Standard converter writes for a wholly known value. */
export function encodeYaml(v: Value): string {
  return new Emitter().emitDocument(toNode(v));
}
