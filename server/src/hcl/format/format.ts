/**
 * `packer fmt` formatting: hclwrite.Format's output, byte for byte. The tree-sitter tree (and the parser's
 * diagnostics) decide whether the document may be formatted; the layout works on scanned tokens (see scan.ts).
 * Pure: text and tree in, text or diagnostics out.
 */
import type { Tree, Node } from 'web-tree-sitter';
import type { Diagnostic, Position, Range } from '../diagnostic.js';
import { hasErrors } from '../diagnostic.js';
import { layoutTokens, renderAsciiBytes, renderTokens } from './layout.js';
import { isPlainHcl } from './plain.js';
import { scanTokens } from './scan.js';

export type FormatResult = { readonly text: string } | { readonly diagnostics: readonly Diagnostic[] };

export interface FormatSource {
  readonly text: string;
  readonly tree: Tree;
  /** The parser's syntax diagnostics; any error refuses formatting like `packer fmt` does. */
  readonly diagnostics?: readonly Diagnostic[];
  /** File name used in diagnostic ranges. */
  readonly file?: string;
}

/** A replacement of whole lines, for editors. */
export interface LineEdit {
  readonly range: { readonly start: Position; readonly end: Position };
  readonly newText: string;
}

/**
 * Formats a whole document. Documents with syntax errors are refused (like `packer fmt`): the result then holds
 * the syntax diagnostics instead of text.
 */
export function formatHcl(source: FormatSource): FormatResult {
  const given = source.diagnostics ?? [];
  if (hasErrors(given)) return { diagnostics: given.filter((d) => d.severity === 'error') };
  const file = source.file ?? '';
  const root = source.tree.rootNode;
  if (root.hasError) {
    const bad = firstErrorNode(root) ?? root;
    return { diagnostics: [syntaxError(source.text, file, bad.startIndex, bad.endIndex)] };
  }
  const { text, invalidOffsets } = formatTokens(source.text);
  if (invalidOffsets.length > 0) return { diagnostics: [syntaxError(source.text, file, invalidOffsets[0], invalidOffsets[0] + 1)] };
  return { text };
}

/**
 * The formatting of a plainly valid document (see plain.ts) without parsing it: exactly what formatHcl gives
 * for that document. Undefined when the document needs the parser to decide (then use formatHcl).
 */
export function formatIfPlain(text: string): string | undefined {
  const tokens = scanTokens(text);
  if (tokens.invalidOffsets.length > 0 || !isPlainHcl(tokens)) return undefined;
  layoutTokens(tokens);
  return renderTokens(tokens);
}

/**
 * formatIfPlain for a text of ASCII characters only (the caller checks), as the formatted text's bytes, which
 * are both its ASCII and its UTF-8 encoding.
 */
export function formatIfPlainAscii(text: string): Uint8Array | undefined {
  const tokens = scanTokens(text);
  if (tokens.invalidOffsets.length > 0 || !isPlainHcl(tokens)) return undefined;
  layoutTokens(tokens);
  return renderAsciiBytes(tokens);
}

/**
 * Formats the lines that intersect `range` and returns one edit per changed line. Formatting never adds or
 * removes newlines, so line N of the formatted text corresponds to line N of the original. In a document with
 * syntax errors, lines that touch an error are left alone.
 */
export function formatRange(source: FormatSource, range: { readonly start: { line: number }; readonly end: { line: number } }): LineEdit[] {
  const formatted = formatTokens(source.text);
  const before = splitLinesKeepEnds(source.text);
  const after = splitLinesKeepEnds(formatted.text);
  if (before.length !== after.length) return [];
  const broken = brokenLines(source.tree);
  for (const offset of formatted.invalidOffsets) broken.add(positionAt(source.text, offset).line);
  for (const d of source.diagnostics ?? []) {
    if (d.severity !== 'error' || !d.range) continue;
    for (let l = d.range.start.line; l <= d.range.end.line; l++) broken.add(l);
  }
  const edits: LineEdit[] = [];
  for (let line = 0; line < before.length; line++) {
    const oldLine = before[line];
    const inRange = line >= range.start.line && line <= range.end.line;
    if (inRange && oldLine !== after[line] && !broken.has(line)) {
      const oldBody = stripEol(oldLine);
      const newBody = stripEol(after[line]);
      edits.push({
        range: { start: { line, character: 0 }, end: { line, character: oldBody.length } },
        newText: newBody,
      });
    }
  }
  return edits;
}

function formatTokens(text: string): { text: string; invalidOffsets: readonly number[] } {
  const tokens = scanTokens(text);
  layoutTokens(tokens);
  return { text: renderTokens(tokens), invalidOffsets: tokens.invalidOffsets };
}

function syntaxError(text: string, file: string, start: number, end: number): Diagnostic {
  return {
    severity: 'error',
    summary: 'Invalid syntax',
    detail: 'This file has a syntax error here; it can only be formatted once the error is fixed.',
    range: { file, start: positionAt(text, start), end: positionAt(text, end) } satisfies Range,
    code: 'syntax-error',
  };
}

function firstErrorNode(root: Node): Node | undefined {
  const cursor = root.walk();
  try {
    for (;;) {
      if (cursor.nodeType === 'ERROR' || cursor.nodeIsMissing) return cursor.currentNode;
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Lines covered by ERROR or MISSING nodes. */
function brokenLines(tree: Tree): Set<number> {
  const lines = new Set<number>();
  if (!tree.rootNode.hasError) return lines;
  const cursor = tree.walk();
  for (;;) {
    const isBroken = cursor.nodeType === 'ERROR' || cursor.nodeIsMissing;
    if (isBroken) {
      for (let l = cursor.startPosition.row; l <= cursor.endPosition.row; l++) lines.add(l);
    }
    if (!isBroken && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return lines;
      }
    }
  }
}

function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

function splitLinesKeepEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    lines.push(text.slice(start, i + 1));
    start = i + 1;
  }
  lines.push(text.slice(start));
  return lines;
}

function stripEol(line: string): string {
  if (line.endsWith('\r\n')) return line.slice(0, -2);
  if (line.endsWith('\n')) return line.slice(0, -1);
  return line;
}
