/**
 * The items hclsyntax still reads after a syntax error, brought back into the model.
 *
 * hclsyntax recovers item by item: after an error it skips to the end of the broken item (the end of its line,
 * brackets balanced) and reads the next item afresh, so `a = [1 2]` followed by `b = 3` still yields both
 * arguments. tree-sitter's recovery often swallows the rest of the file or block instead, and completion, hover,
 * navigation and symbols would lose every declaration below a typo. The converter records each broken item from
 * its start to where hclsyntax resumes (convert.ts, `brokenItems`); the text is parsed again with those items
 * blanked by spaces, which keeps every position, and the broken items as the first parse converted them are put
 * back where they stand (or, where tree-sitter's reading of a broken head disagrees, as hclsyntax reads it). The
 * first parse's diagnostics are the file's: this only rebuilds the model. Where hclsyntax's recovery swallows the
 * rest of a file or block, the model keeps what follows as tree-sitter reads it: more than hclsyntax, never less.
 */
import type * as ast from '../ast.js';
import { comparePositions, sameSpan, type Position } from '../diagnostic.js';
import type { LineIndex } from '../text.js';
import type { Converter } from './convert.js';
import type { SyntaxNode } from './tree.js';
import { reportMissedError } from './body.js';

type Item = ast.Attribute | ast.Block;
type Region = readonly [start: number, end: number];

/** The model of a text parsed again (itself recovered), without its diagnostics. */
export type Reparse = (text: string) => ast.File;

/**
 * Each pass blanks the broken items one parse found; a file with more broken items than this in a chain of
 * re-parses keeps the model of its last pass (each pass is a whole parse).
 */
const MAX_PASSES = 6;
let passes = 0;

/** One parse's conversion: its converter, the copied tree and whether tree-sitter found an error in it. */
export interface Converted {
  readonly conv: Converter;
  readonly root: SyntaxNode;
  readonly hasError: boolean;
}

/**
 * The model of a parse once its errors are all reported: an error tree-sitter found that the conversion missed
 * is reported (body.ts), then the items tree-sitter lost after the broken items are read again.
 */
export function recoverModel(file: ast.File, parse: Converted, reparse: Reparse): ast.File {
  const { conv } = parse;
  if (parse.hasError && conv.diagnostics.length === 0) reportMissedError(conv, parse.root);
  return recoverItems(file, conv.text, conv.lines, conv.brokenItems(), reparse);
}

/**
 * `file` with the items tree-sitter lost after the `broken` items ([start, end) offsets of `text`, where
 * hclsyntax's recovery skips) read again from the text with those items blanked.
 */
function recoverItems(file: ast.File, text: string, lines: LineIndex, broken: readonly Region[], reparse: Reparse): ast.File {
  const regions = merged(broken.map((r) => readOn(text, r)));
  if (regions.length === 0 || passes >= MAX_PASSES) return file;
  const blanked = blank(text, regions);
  if (blanked === text) return file;
  passes++;
  let base: ast.File;
  try {
    base = reparse(blanked);
  } finally {
    passes--;
  }
  const lost = brokenItemsOf(file.body.items, regions, text, lines, file.range.file);
  let body = withItemsBefore(base.body, file.body.items, lines.position(regions[0]?.[0] ?? 0));
  for (const { item, depth } of lost) body = inserted(body, item, depth);
  return { body, range: base.range };
}

/**
 * The re-parse's top-level items before the first broken item replaced by the first parse's where both read the
 * same item (kind and range): the incremental parse may have handed those over unchanged (see reuse.ts), which
 * editor caches rely on. tree-sitter's recovery may also flatten blocks before an error, so only matches count.
 */
function withItemsBefore(body: ast.Body, first: readonly Item[], at: Position): ast.Body {
  let j = 0;
  let changed = false;
  const items = body.items.map((item) => {
    if (comparePositions(item.range.end, at) > 0) return item;
    while (j < first.length && comparePositions(first[j]?.range.start ?? at, item.range.start) < 0) j++;
    const same = first[j];
    if (!same || same.kind !== item.kind || !sameSpan(same.range, item.range)) return item;
    changed = true;
    return same;
  });
  return changed ? { ...body, items } : body;
}


/**
 * A region that reaches the end of the file (a stray token, an unclosed bracket or string: hclsyntax reads
 * nothing more) is blanked only to the end of its first line, so the re-parse still reads what follows: the
 * model keeps the declarations below a line being typed, more than hclsyntax does and never less.
 */
function readOn(text: string, [start, end]: Region): Region {
  if (end < text.length) return [start, end];
  const nl = text.indexOf('\n', start);
  return nl === -1 ? [start, end] : [start, nl + 1];
}

/** Sorted, overlapping regions joined. */
function merged(regions: readonly Region[]): Region[] {
  const sorted = regions.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * `text` with the regions' characters turned into spaces, line breaks kept: every position stays where it was. A
 * line holding only a "}" that closes nothing opened in its region is kept: hclsyntax's recovery may have read
 * it as part of the broken item, but it is the brace of the enclosing block, which would otherwise swallow what
 * follows in the re-parse.
 */
function blank(text: string, regions: readonly Region[]): string {
  let out = '';
  let at = 0;
  for (const [s, e] of regions) {
    out += text.slice(at, s);
    let depth = 0;
    let line = s;
    while (line < e) {
      const nl = text.indexOf('\n', line);
      const end = nl === -1 || nl + 1 > e ? e : nl + 1;
      const content = text.slice(line, end);
      if (depth <= 0 && line > s && content.trim() === '}') out += content;
      else {
        out += content.replace(/[^\r\n]/g, ' ');
        for (const c of content) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
      }
      line = end;
    }
    at = e;
  }
  return out + text.slice(at);
}

/**
 * The items of the first parse that start in a blanked region, clipped to it. Where a region starts a line, the
 * item there is read from the text the way hclsyntax reads its head (an argument whose value is invalid, or a
 * block with the labels before the error and an empty body): tree-sitter's reading of a broken head is kept only
 * when it agrees.
 */
function brokenItemsOf(items: readonly Item[], regions: readonly Region[], text: string, lines: LineIndex, file: string): Lost[] {
  const out: Lost[] = [];
  const heads = new Map<number, Item>();
  for (const region of regions) {
    const head = itemHead(text, region, lines, file);
    if (head) heads.set(region[0], head);
  }
  const visit = (list: readonly Item[], depth: number): void => {
    for (const item of list) {
      const start = lines.offsetOf(item.range.start);
      const region = regions.find(([s, e]) => start >= s && start < e);
      if (region) {
        const head = heads.get(start);
        if (head && !sameHead(item, head)) continue;
        heads.delete(start);
        const end = contentEnd(text, region);
        if (end > start) out.push({ item: clipped(item, lines.position(end)), depth });
      } else if (item.kind === 'block') visit(item.body.items, depth + 1);
    }
  };
  visit(items, 0);
  for (const head of heads.values()) out.push({ item: head, depth: Infinity });
  return out.sort((a, b) => comparePositions(a.item.range.start, b.item.range.start));
}

function sameHead(a: Item, b: Item): boolean {
  return a.kind === 'attribute' ? b.kind === 'attribute' && a.name === b.name : b.kind === 'block' && a.type === b.type;
}

/** Where a region's text ends once the blanks and line breaks before hclsyntax's resume point are left out. */
function contentEnd(text: string, [start, end]: Region): number {
  let at = end;
  while (at > start && /\s/.test(text[at - 1] ?? '')) at--;
  return at;
}

const IDENT = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_-]*/uy;

/** The identifier at `at`, if one starts there: its end. */
function identEnd(text: string, at: number): number | undefined {
  IDENT.lastIndex = at;
  return IDENT.exec(text) ? IDENT.lastIndex : undefined;
}

function skipBlanks(text: string, at: number): number {
  while (text[at] === ' ' || text[at] === '\t') at++;
  return at;
}

/** The closing quote of a label opened at `quote`, on its line. */
function labelEnd(text: string, quote: number): number | undefined {
  for (let i = quote + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
    else if (c === '\n') return undefined;
  }
  return undefined;
}

/**
 * The item a region starts, read as hclsyntax's ParseBodyItem reads it: `name =` is an argument (its value
 * invalid here), `type label... ` a block with the labels read before its error (hclsyntax gives it an empty
 * body). Undefined where the region does not start a line or hclsyntax makes no item of it.
 */
function itemHead(text: string, region: Region, lines: LineIndex, file: string): Item | undefined {
  const [start] = region;
  if (text.slice(lines.lineStart(lines.lineOf(start)), start).trim() !== '') return undefined;
  const nameEnd = identEnd(text, start);
  if (nameEnd === undefined) return undefined;
  const end = Math.max(nameEnd, contentEnd(text, region));
  const range = (s: number, e: number): ast.Attribute['range'] => ({ file, start: lines.position(s), end: lines.position(Math.max(s, e)) });
  let at = skipBlanks(text, nameEnd);
  if (text[at] === '=' && text[at + 1] !== '=' && text[at + 1] !== '>') {
    const valueStart = Math.min(skipBlanks(text, at + 1), end);
    const expr: ast.InvalidExpr = { kind: 'invalid', range: range(valueStart, end) };
    return { kind: 'attribute', name: text.slice(start, nameEnd), nameRange: range(start, nameEnd), expr, range: range(start, end) };
  }
  const labels: ast.Label[] = [];
  for (;;) {
    const close = text[at] === '"' ? labelEnd(text, at) : undefined;
    const ident = close === undefined ? identEnd(text, at) : undefined;
    if (close !== undefined) labels.push({ value: text.slice(at + 1, close - 1), range: range(at, close), quoted: true });
    else if (ident !== undefined) labels.push({ value: text.slice(at, ident), range: range(at, ident), quoted: false });
    else {
      // A label whose quote does not close on its line still makes a block in hclsyntax (its label broken).
      if (text[at] === '"') labels.push({ value: '', range: range(at, at + 1), quoted: true });
      break;
    }
    at = skipBlanks(text, close ?? ident ?? at);
  }
  const brace = text[at] === '{' ? range(at, at + 1) : undefined;
  if (labels.length === 0 && !brace) return undefined;
  const typeRange = range(start, nameEnd);
  const open = brace ?? typeRange;
  return {
    kind: 'block',
    type: text.slice(start, nameEnd),
    typeRange,
    labels,
    body: { kind: 'body', items: [], range: { file, start: open.start, end: lines.position(end) } },
    openBraceRange: open,
    range: range(start, end),
  };
}

/** An item cut at `end`: tree-sitter may have read it on past where hclsyntax resumes. */
function clipped(item: Item, end: Position): Item {
  if (comparePositions(item.range.end, end) <= 0) return item;
  const range = { ...item.range, end };
  if (item.kind === 'attribute') {
    const exprStart = comparePositions(item.expr.range.start, end) < 0 ? item.expr.range.start : item.nameRange.end;
    const expr: ast.InvalidExpr = { kind: 'invalid', range: { ...item.expr.range, start: exprStart, end } };
    return { ...item, expr, range };
  }
  const items = item.body.items.filter((i) => comparePositions(i.range.start, end) < 0).map((i) => clipped(i, end));
  const { closeBraceRange: _dropped, ...open } = item;
  return { ...open, body: { ...item.body, items, range: { ...item.body.range, end } }, range };
}

/**
 * A broken item and how many blocks enclosed it in the first parse: an unclosed block of the re-parse (which
 * reaches to the end of the file) takes it only that deep, so an item it swallows stays where tree-sitter had it
 * (unbounded for an item read from the text). Closed blocks take whatever their braces enclose.
 */
interface Lost {
  readonly item: Item;
  readonly depth: number;
}

/** `body` with `item` placed among the items of the innermost block whose braces enclose it, in source order. */
function inserted(body: ast.Body, item: Item, depth: number): ast.Body {
  const at = item.range.start;
  const items = [...body.items];
  const host = items.findIndex((i) => i.kind === 'block' && (depth > 0 || i.closeBraceRange !== undefined) && encloses(i, at));
  const hostBlock = items[host];
  if (hostBlock?.kind === 'block') {
    items[host] = { ...hostBlock, body: inserted(hostBlock.body, item, depth - 1) };
    return { ...body, items };
  }
  let index = items.findIndex((i) => comparePositions(i.range.start, at) > 0);
  if (index === -1) index = items.length;
  items.splice(index, 0, item);
  return { ...body, items };
}

/** Whether `at` lies inside the block's braces (an unclosed block reaches to the end of its body). */
function encloses(block: ast.Block, at: Position): boolean {
  if (comparePositions(at, block.openBraceRange.end) < 0) return false;
  const end = block.closeBraceRange?.start ?? block.body.range.end;
  return comparePositions(at, end) < 0 || (!block.closeBraceRange && comparePositions(at, end) === 0);
}
