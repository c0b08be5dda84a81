/**
 * Derives hclsyntax-like tokens from a tree-sitter HCL tree: the tree's leaves plus the text between them.
 *
 * tree-sitter treats whitespace as an "extra", also inside templates, so the meaning of a gap between two leaves
 * depends on the node that holds both: inside a template (quoted string, heredoc, template directive body) the
 * gap is literal text; everywhere else it is spaces and newlines. hclsyntax's token boundaries differ from the
 * grammar's in a few places (heredoc introducers own their newline, line comments own theirs, strip markers are
 * part of `${~`/`~}`, splats are several tokens), and those are reshaped here.
 */
import type { Tree } from 'web-tree-sitter';
import { PUNCTUATION, type FormatToken, type TokenKind } from './tokens.js';

export interface TreeTokens {
  /** Every token in source order, ending with an EOF token. */
  readonly tokens: FormatToken[];
  /** Offsets of text that hclsyntax's scanner would not accept as a token. */
  readonly invalidOffsets: number[];
}

/** Node types whose direct gaps are template text rather than whitespace. */
const TEMPLATE_BODIES: ReadonlyMap<string, TokenKind | undefined> = new Map<string, TokenKind | undefined>([
  ['quoted_template', 'QuotedLit'],
  ['string_lit', 'QuotedLit'],
  ['heredoc_template', 'StringLit'],
  // Directive bodies inherit the literal kind of the template they sit in.
  ['template_if', undefined],
  ['template_for', undefined],
]);

const IDENT = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;
const IDENT_START = /[\p{ID_Start}_]/u;
const IDENT_CONTINUE = /[\p{ID_Continue}-]/u;
const BOM = '\uFEFF';

interface Scope {
  readonly literal: boolean;
  readonly literalKind: TokenKind;
}

class TokenSink {
  readonly tokens: FormatToken[] = [];
  readonly invalidOffsets: number[] = [];
  /** Spaces (and tabs, counted as one each like hclwrite does) seen since the last token. */
  private spaces = 0;
  private literalStart = -1;
  private literalEnd = -1;
  private literalKind: TokenKind = 'QuotedLit';

  constructor(private readonly text: string) {}

  push(kind: TokenKind, offset: number, text: string): void {
    this.flushLiteral();
    if (kind === 'Invalid') this.invalidOffsets.push(offset);
    this.tokens.push({ kind, text, offset, spacesBefore: this.spaces });
    this.spaces = 0;
  }

  addSpaces(n: number): void {
    this.spaces += n;
  }

  /** Literal template text accumulates until the next structural token, like hclsyntax's literal chunks. */
  literal(kind: TokenKind, start: number, end: number): void {
    if (start >= end) return;
    if (this.literalStart < 0) {
      this.literalStart = start;
      this.literalKind = kind;
    }
    this.literalEnd = end;
  }

  flushLiteral(): void {
    if (this.literalStart < 0) return;
    const start = this.literalStart;
    this.literalStart = -1;
    this.tokens.push({ kind: this.literalKind, text: this.text.slice(start, this.literalEnd), offset: start, spacesBefore: 0 });
  }

  last(): FormatToken | undefined {
    return this.literalStart >= 0 ? undefined : this.tokens[this.tokens.length - 1];
  }

  replaceLast(token: FormatToken): void {
    this.tokens[this.tokens.length - 1] = token;
  }
}

/** Splits text between leaves outside templates into newline tokens, counted spaces and stray tokens. */
function lexWhitespaceGap(text: string, start: number, end: number, sink: TokenSink): void {
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      sink.addSpaces(1);
      i++;
    } else if (c === '\n') {
      sink.push('Newline', i, '\n');
      i++;
    } else if (c === '\r' && text[i + 1] === '\n' && i + 1 < end) {
      sink.push('Newline', i, '\r\n');
      i += 2;
    } else if (c === BOM && i === 0) {
      // hclsyntax drops a leading byte order mark but still counts its three UTF-8 bytes as spacing.
      sink.addSpaces(3);
      i++;
    } else {
      i = lexStrayToken(text, i, end, sink);
    }
  }
}

/** Text the grammar keeps in hidden nodes (e.g. the digits of a legacy `.0` index) or inside error nodes. */
function lexStrayToken(text: string, i: number, end: number, sink: TokenSink): number {
  const c = text[i];
  if (c >= '0' && c <= '9') {
    let j = i + 1;
    while (j < end && /[0-9.eE]/.test(text[j])) j++;
    sink.push('NumberLit', i, text.slice(i, j));
    return j;
  }
  if (IDENT_START.test(c)) {
    let j = i + 1;
    while (j < end && IDENT_CONTINUE.test(text[j])) j++;
    sink.push('Ident', i, text.slice(i, j));
    return j;
  }
  if (c === '#' || text.startsWith('//', i)) {
    let j = text.indexOf('\n', i);
    j = j < 0 || j >= end ? end : j + 1;
    sink.push('Comment', i, text.slice(i, j));
    return j;
  }
  for (const len of [3, 2, 1]) {
    const candidate = text.slice(i, Math.min(i + len, end));
    const kind = candidate.length === len ? PUNCTUATION.get(candidate) : undefined;
    if (kind !== undefined) {
      sink.push(kind, i, candidate);
      return i + len;
    }
  }
  const width = c.codePointAt(0)! > 0xffff ? 2 : 1;
  sink.push('Invalid', i, text.slice(i, i + width));
  return i + width;
}

/** Walks the tree without recursion (documents may nest thousands of levels deep). */
export function tokensFromTree(text: string, tree: Tree): TreeTokens {
  const sink = new TokenSink(text);
  const cursor = tree.walk();
  const scopes: Scope[] = [{ literal: false, literalKind: 'QuotedLit' }];
  let pos = 0;
  let heredocOpener = -1;
  let heredocIntroEnd = -1;

  const gap = (end: number): void => {
    if (end <= pos) return;
    const scope = scopes[scopes.length - 1];
    if (scope.literal) sink.literal(scope.literalKind, pos, end);
    else lexWhitespaceGap(text, pos, end, sink);
    pos = end;
  };

  const takeNewline = (): string => {
    if (text[pos] === '\n') return '\n';
    if (text[pos] === '\r' && text[pos + 1] === '\n') return '\r\n';
    return '';
  };

  const leaf = (type: string, named: boolean, start: number, end: number): void => {
    if (end <= pos) return; // already consumed by a merged token (e.g. the `}` of `~}`)
    if (type === 'heredoc_identifier' && heredocOpener < 0) {
      // A closing marker: hclsyntax's token spans the whole line up to (not including) its newline.
      const lineStart = Math.max(text.lastIndexOf('\n', start - 1) + 1, pos);
      gap(lineStart);
      let stop = end;
      while (text[stop] === ' ' || text[stop] === '\t') stop++;
      sink.push('CHeredoc', lineStart, text.slice(lineStart, stop));
      pos = stop;
      return;
    }
    gap(start);
    const source = text.slice(start, end);
    switch (type) {
      case 'comment': {
        pos = end;
        const nl = source.startsWith('/*') ? '' : takeNewline();
        sink.push('Comment', start, source + nl);
        pos = end + nl.length;
        return;
      }
      case 'template_literal': {
        const scope = scopes[scopes.length - 1];
        sink.literal(scope.literalKind, start, end);
        pos = end;
        return;
      }
      case 'quoted_template_start':
        sink.push('OQuote', start, source);
        break;
      case 'quoted_template_end':
        sink.push('CQuote', start, source);
        break;
      case 'template_interpolation_start':
        sink.push('TemplateInterp', start, source);
        break;
      case 'template_directive_start':
        sink.push('TemplateControl', start, source);
        break;
      case 'template_interpolation_end':
      case 'template_directive_end':
        sink.push('TemplateSeqEnd', start, source);
        break;
      case 'heredoc_identifier': {
        // The opener: `<<`/`<<-`, the marker and the newline form one token.
        pos = end;
        const nl = takeNewline();
        const contiguous = heredocIntroEnd === start && nl !== '';
        sink.push(contiguous ? 'OHeredoc' : 'Invalid', heredocOpener, text.slice(heredocOpener, end) + nl);
        heredocOpener = -1;
        pos = end + nl.length;
        return;
      }
      case '<<':
      case '<<-':
        heredocOpener = start;
        heredocIntroEnd = end;
        pos = end;
        return;
      case 'strip_marker':
        stripMarker(start, end);
        return;
      case '.*':
        sink.push('Dot', start, '.');
        sink.push('Star', start + 1, '*');
        break;
      case '[*]':
        sink.push('OBrack', start, '[');
        sink.push('Star', start + 1, '*');
        sink.push('CBrack', start + 2, ']');
        break;
      case 'numeric_lit':
        sink.push('NumberLit', start, source);
        break;
      default:
        if (IDENT.test(source)) sink.push('Ident', start, source);
        else if (!named && PUNCTUATION.has(source)) sink.push(PUNCTUATION.get(source)!, start, source);
        else lexWhitespaceGap(text, start, end, sink);
    }
    pos = end;
  };

  const stripMarker = (start: number, end: number): void => {
    const prev = sink.last();
    if (prev && (prev.kind === 'TemplateInterp' || prev.kind === 'TemplateControl') && prev.offset + prev.text.length === start) {
      sink.replaceLast({ ...prev, text: prev.text + '~' });
      pos = end;
    } else if (text[end] === '}') {
      sink.push('TemplateSeqEnd', start, '~}');
      pos = end + 1;
    } else {
      sink.push('Invalid', start, '~');
      pos = end;
    }
  };

  for (;;) {
    const type = cursor.nodeType;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const named = cursor.nodeIsNamed;
    if (cursor.gotoFirstChild()) {
      gap(start);
      const parent = scopes[scopes.length - 1];
      const bodyKind = TEMPLATE_BODIES.get(type);
      const literal = TEMPLATE_BODIES.has(type);
      scopes.push({ literal, literalKind: bodyKind ?? parent.literalKind });
      continue;
    }
    if (start < end) leaf(type, named, start, end);
    // Climb until a next sibling exists, closing the gaps at the end of each finished node.
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        gap(text.length);
        sink.push('EOF', text.length, '');
        return { tokens: sink.tokens, invalidOffsets: sink.invalidOffsets };
      }
      gap(cursor.endIndex);
      scopes.pop();
    }
  }
}
