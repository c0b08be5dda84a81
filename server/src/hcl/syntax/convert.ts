/**
 * Converts the copied tree-sitter tree into the typed syntax model of ast.ts.
 *
 * The HCL grammar for tree-sitter flattens postfix operators: `a.b[0]` is an `expression` whose children are the
 * siblings `variable_expr`, `get_attr`, `index`; binary operations inline their operand terms the same way. The
 * term sequences are rebuilt here into nested nodes with HCL's shapes (splats get an AnonSymbolExpr, attribute-only
 * splats stop at the first `[index]` as in hclsyntax).
 *
 * Depth: the AST is converted recursively, guarded by MAX_NESTING. Beyond it the subtree becomes an InvalidExpr
 * with a "Nesting too deep" diagnostic. A bound (rather than an iterative converter) is chosen because every
 * consumer of the AST (evaluator, formatter, language server walkers) recurses over it; bounding the model here
 * protects all of them at once.
 */
import type * as ast from '../ast.js';
import { comparePositions, type Diagnostic, type Position, type Range } from '../diagnostic.js';
import { boolVal, nullVal, numberVal, NUMBER, Value, Decimal } from '../value.js';
import type { LineIndex } from '../text.js';
import type { SyntaxNode } from './tree.js';
import { convertTemplateParts } from './template.js';
import { decodeQuotedText } from './escapes.js';
import { explainQuoted } from './explain.js';

export const MAX_NESTING = 400;

const BINARY_OPS = new Set<string>(['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%']);

export type LastItem =
  | { readonly kind: 'argument'; readonly nameStart: number; readonly valueStart: number; readonly end: number }
  | { readonly kind: 'block'; readonly typeStart: number; readonly end: number };

export class Converter {
  readonly diagnostics: Diagnostic[] = [];
  private depth = 0;
  private tooDeep = false;

  constructor(
    readonly text: string,
    readonly file: string,
    readonly lines: LineIndex,
  ) {}

  range(start: number, end: number): Range {
    return { file: this.file, start: this.position(start), end: this.position(end) };
  }

  /**
   * From a position of another node (copied: no two nodes share a Position object, as syntax moved by an edit
   * moves each of its positions once, see shift.ts).
   */
  rangeFrom(start: Position, end: number): Range {
    return { file: this.file, start: copy(start), end: this.position(end) };
  }

  /** The offset of a position in this text. */
  offsetOf(p: Position): number {
    return this.lines.offsetOf(p);
  }

  /** The line last looked up: conversion moves forward through the text, so it is usually the answer. */
  private line = 0;

  private position(offset: number): Position {
    const lines = this.lines;
    const at = Math.max(0, Math.min(offset, this.text.length));
    let line = this.line;
    const start = lines.lineStart(line);
    if (at < start || (line + 1 < lines.lineCount && at >= lines.lineStart(line + 1))) {
      line = lines.lineOf(at);
      this.line = line;
    }
    return { line, character: at - lines.lineStart(line) };
  }

  /** "file:line,column" as HCL prints a position inside messages. */
  describe(offset: number): string {
    const p = this.lines.position(offset);
    return `${this.file}:${p.line + 1},${p.character + 1}`;
  }

  /**
   * Every error() call, kept or not: an item converted without any is clean (see reuse.ts), even where its
   * diagnostics would have been dropped.
   */
  reports = 0;
  /** hclsyntax's parser is recovering from an earlier error: it suppresses most of its diagnostics from there on. */
  recovering = false;
  /**
   * The last item converted (offsets): an ERROR node after it on its last line continues an argument's value, or
   * is what follows a block's closing brace without a newline.
   */
  lastItem: LastItem | undefined;
  /**
   * Regions hclsyntax's recovery skips after an error ([from, to) offsets): it reports nothing found there. The
   * third offset is where the broken item starts (at or before `from`), what recover.ts blanks to read on.
   */
  private readonly skipped: [number, number, number][] = [];

  /**
   * hclsyntax resumes parsing only at `to` after an error at `from`; later errors starting in between are dropped.
   * `item`: where the item with the error starts, when not at `from` (the name of an argument whose value broke,
   * an item inside the block read from `from`).
   */
  skip(from: number, to: number, item = from): void {
    if (to > from) this.skipped.push([from, to, Math.min(item, to)]);
  }

  /**
   * The broken items hclsyntax recovers after, from their start to where it resumes ([start, end) offsets). An
   * item tree-sitter found inside a region hclsyntax skips is none of hclsyntax's: its region is left out.
   */
  brokenItems(): (readonly [number, number])[] {
    const out: (readonly [number, number])[] = [];
    for (const [, to, item] of this.skipped) {
      if (!out.some(([start, end]) => item >= start && item < end)) out.push([item, to]);
    }
    return out;
  }

  /**
   * An error hclsyntax would not report because it is recovering from an earlier one. The item still does not
   * count as clean: after an edit elsewhere it may have to be reported.
   */
  suppressed(): void {
    this.reports++;
  }

  /** What skip() has recorded so far, for rewinding to it when an item's errors are explained again. */
  skipMark(): number {
    return this.skipped.length;
  }

  rewindSkips(mark: number): void {
    this.skipped.length = mark;
  }

  error(summary: string, detail: string, start: number, end: number, context?: readonly [number, number]): void {
    this.reports++;
    if (this.skipped.some(([from, to]) => start >= from && start < to)) return;
    const diag: Diagnostic = {
      severity: 'error',
      summary,
      detail,
      range: this.range(start, end),
      ...(context ? { context: this.range(context[0], context[1]) } : {}),
      code: 'syntax',
    };
    this.diagnostics.push(diag);
  }

  /** Reports an ERROR node that the context did not explain better. */
  reportError(node: SyntaxNode): void {
    const bad = firstLeaf(node);
    this.error(
      'Invalid expression',
      'Expected the start of an expression, but found an invalid expression token.',
      bad.start,
      Math.max(bad.end, bad.start + 1),
    );
  }

  invalid(start: number, end: number): ast.InvalidExpr {
    return { kind: 'invalid', range: this.range(start, end) };
  }

  missingExpression(start: number, end: number): ast.InvalidExpr {
    return this.invalid(start, end);
  }

  // ---- expressions ----

  /** Runs `convert` one nesting level deeper, or returns `fallback()` past MAX_NESTING (reported once). */
  nested<T>(node: SyntaxNode, convert: () => T, fallback: () => T): T {
    if (this.depth >= MAX_NESTING) {
      if (!this.tooDeep) {
        this.tooDeep = true;
        this.error(
          'Nesting too deep',
          `This nests more than ${MAX_NESTING} levels of blocks, brackets, calls or operators, which is more than this tool supports.`,
          node.start,
          node.end,
        );
      }
      return fallback();
    }
    this.depth++;
    try {
      return convert();
    } finally {
      this.depth--;
    }
  }

  expression(node: SyntaxNode): ast.Expression {
    return this.nested(
      node,
      () => this.expressionNode(node),
      () => this.invalid(node.start, node.end),
    );
  }

  private expressionNode(node: SyntaxNode): ast.Expression {
    if (node.missing) return this.missingAt(node);
    switch (node.type) {
      case 'expression':
        return this.terms(node.children, node.start, node.end);
      case 'conditional':
        return this.conditional(node);
      case 'operation':
        return this.expressionOf(node.children[0], node);
      case 'unary_operation':
        return this.unary(node);
      case 'binary_operation':
        return this.binary(node);
      case 'literal_value':
        return this.literal(node);
      case 'template_expr':
        return this.expressionOf(node.children[0], node);
      case 'quoted_template':
      case 'string_lit':
        return this.quoted(node);
      case 'heredoc_template':
        return this.heredoc(node);
      case 'collection_value':
        return this.expressionOf(node.children[0], node);
      case 'tuple':
        return this.tuple(node);
      case 'object':
        return this.object(node);
      case 'for_expr':
        return this.expressionOf(node.children[0], node);
      case 'for_tuple_expr':
      case 'for_object_expr':
        return this.forExpr(node);
      case 'variable_expr':
        if (node.children[0]?.missing) return this.missingAt(node);
        return { kind: 'variable', name: this.slice(node), range: this.range(node.start, node.end) };
      case 'function_call':
        return this.call(node);
      case 'ERROR':
        this.reportError(node);
        return this.recoverFromError(node);
      default:
        return this.terms([node], node.start, node.end);
    }
  }

  private expressionOf(child: SyntaxNode | undefined, parent: SyntaxNode): ast.Expression {
    return child ? this.expressionNode(child) : this.invalid(parent.start, parent.end);
  }

  /** Salvages the first expression inside an ERROR node so editors still see what was written. */
  recoverFromError(node: SyntaxNode): ast.Expression {
    const inner = node.children.find((c) => c.type === 'expression');
    if (!inner) return this.invalid(node.start, node.end);
    const count = this.diagnostics.length;
    const expr = this.expression(inner);
    // Diagnostics from inside a region that is already reported would only repeat the same problem.
    this.diagnostics.length = count;
    return expr;
  }

  private missingAt(node: SyntaxNode): ast.Expression {
    if (this.text.slice(node.start).trim() === '') {
      this.error('Missing expression', 'Expected the start of an expression, but found the end of the file.', node.start, node.end);
    } else {
      const at = this.text.slice(node.start).search(/\S/) + node.start;
      this.error('Invalid expression', 'Expected the start of an expression, but found an invalid expression token.', at, at + 1);
    }
    return this.invalid(node.start, node.end);
  }

  /** A term followed by postfix get_attr/index/splat siblings, or `( expr )` followed by them. */
  private terms(children: readonly SyntaxNode[], start: number, end: number): ast.Expression {
    if (children.length === 0) return this.invalid(start, end);
    let i = 0;
    let expr: ast.Expression;
    const first = children[0];
    if (first && first.type === '(') {
      const inner = children[1];
      const close = children[2];
      const innerExpr = inner && inner.type !== ')' ? this.expression(inner) : this.invalid(first.start, first.end);
      const closeEnd = close && close.type === ')' && !close.missing ? close.end : (inner?.end ?? first.end);
      if (!close || close.type !== ')' || close.missing) {
        this.error('Unbalanced parentheses', 'Expected a closing parenthesis to terminate the expression.', first.start, first.end);
      }
      expr = { kind: 'parens', expr: innerExpr, range: this.range(first.start, closeEnd) };
      i = close && close.type === ')' ? 3 : 2;
    } else if (first) {
      expr = this.expression(first);
      i = 1;
    } else {
      return this.invalid(start, end);
    }
    return this.postfix(expr, children, i);
  }

  private postfix(source: ast.Expression, children: readonly SyntaxNode[], from: number): ast.Expression {
    let expr = source;
    for (let i = from; i < children.length; i++) {
      const node = children[i];
      if (!node) continue;
      switch (node.type) {
        case 'get_attr':
          expr = this.getAttr(expr, node);
          break;
        case 'index':
          expr = this.index(expr, node.children[0] ?? node);
          break;
        case 'splat': {
          const splat = node.children[0];
          if (!splat) break;
          const marker = splat.children[0] ?? splat;
          const anon: ast.AnonSymbolExpr = { kind: 'anon', range: this.range(marker.start, marker.end) };
          const steps = splat.children.slice(1);
          if (splat.type === 'full_splat') {
            // A full splat takes every following traversal step, including further splats.
            const each = this.postfix(anon, [...steps, ...children.slice(i + 1)], 0);
            return { kind: 'splat', source: expr, each, full: true, range: this.span(expr, each) };
          }
          // An attribute-only splat takes `.name` and `.0` steps only; a `[key]` ends it.
          const cut = steps.findIndex((s) => s.type === 'index' && s.children[0]?.type === 'new_index');
          const own = cut === -1 ? steps : steps.slice(0, cut);
          const each = this.postfix(anon, own, 0);
          expr = { kind: 'splat', source: expr, each, full: false, range: this.span(expr, each) };
          if (cut !== -1) expr = this.postfix(expr, steps.slice(cut), 0);
          break;
        }
        case 'ERROR':
          this.reportError(node);
          break;
        default:
          // Anything else here is a recovery artefact; it was reported where it was found.
          break;
      }
    }
    return expr;
  }

  private getAttr(object: ast.Expression, node: SyntaxNode): ast.Expression {
    const name = node.children.find((c) => c.type === 'identifier');
    if (!name || name.missing) {
      const dot = node.children[0] ?? node;
      this.error('Invalid attribute name', 'An attribute name is required after a dot.', dot.end, dot.end + 1);
      return { kind: 'getattr', object, name: '', nameRange: this.range(dot.end, dot.end), range: this.rangeFrom(object.range.start, node.end) };
    }
    return {
      kind: 'getattr',
      object,
      name: this.slice(name),
      nameRange: this.range(name.start, name.end),
      range: this.rangeFrom(object.range.start, name.end),
    };
  }

  private index(object: ast.Expression, node: SyntaxNode): ast.Expression {
    const start = object.range.start;
    if (node.type === 'legacy_index') {
      // One token: the dot, what the grammar skips after it, and the digits. hclsyntax wants the number on the
      // dot's line; a line end after the dot is its missing attribute name.
      const parts = /^\.([ \t]*)([0-9]+)$/.exec(this.slice(node));
      if (!parts) {
        this.error('Invalid attribute name', 'An attribute name is required after a dot.', node.start + 1, node.start + 2);
        return { kind: 'getattr', object, name: '', nameRange: this.range(node.start + 1, node.start + 1), range: this.rangeFrom(start, node.start + 1) };
      }
      const keyStart = node.start + 1 + (parts[1] ?? '').length;
      const key: ast.LiteralExpr = { kind: 'literal', value: numberVal(parts[2] ?? '0'), range: this.range(keyStart, node.end) };
      return { kind: 'index', object, key, legacy: true, range: this.rangeFrom(start, node.end) };
    }
    const keyNode = node.children.find((c) => c.type === 'expression' || c.type === 'ERROR');
    const close = node.children[node.children.length - 1];
    if (close?.missing) {
      this.error('Missing close bracket on index', 'The index operator must end with a closing bracket ("]").', close.start, close.end);
    }
    const key = keyNode ? this.expression(keyNode) : this.invalid(node.start, node.end);
    return { kind: 'index', object, key, legacy: false, range: this.rangeFrom(start, node.end) };
  }

  private conditional(node: SyntaxNode): ast.Expression {
    const exprs = node.children.filter((c) => c.type === 'expression' || c.type === 'ERROR');
    const [c, t, f] = exprs.map((e) => this.expression(e));
    const cond = c ?? this.invalid(node.start, node.end);
    const then = t ?? this.invalid(node.end, node.end);
    const otherwise = f ?? this.invalid(node.end, node.end);
    const nested = exprs[0]?.children;
    if (cond.kind === 'conditional' && nested?.length === 1 && nested[0]?.type === 'conditional') {
      // The grammar groups `a ? b : c ? d : e` to the left; HCL nests the conditional in the false branch.
      return this.rightNested(cond, then, otherwise);
    }
    return { kind: 'conditional', cond, then, else: otherwise, range: this.range(node.start, node.end) };
  }

  private rightNested(left: ast.ConditionalExpr, then: ast.Expression, otherwise: ast.Expression): ast.ConditionalExpr {
    // A conditional (not a ParensExpr) in the false branch was written without parentheses, so it nests further.
    const inner: ast.ConditionalExpr = left.else.kind === 'conditional' ? this.rightNested(left.else, then, otherwise) : {
      kind: 'conditional',
      cond: left.else,
      then,
      else: otherwise,
      range: { file: this.file, start: copy(left.else.range.start), end: copy(otherwise.range.end) },
    };
    return {
      kind: 'conditional',
      cond: left.cond,
      then: left.then,
      else: inner,
      range: { file: this.file, start: copy(left.range.start), end: copy(otherwise.range.end) },
    };
  }

  private unary(node: SyntaxNode): ast.Expression {
    const [op, ...rest] = node.children;
    const operand = this.terms(rest, op?.end ?? node.start, node.end);
    return {
      kind: 'unary',
      op: op?.type === '!' ? '!' : '-',
      operand,
      range: this.range(node.start, node.end),
    };
  }

  private binary(node: SyntaxNode): ast.Expression {
    const kids = node.children;
    const at = kids.findIndex((c) => !c.named && BINARY_OPS.has(c.type));
    if (at === -1) return this.terms(kids, node.start, node.end);
    const opNode = kids[at];
    const left = this.terms(kids.slice(0, at), node.start, opNode?.start ?? node.start);
    const right = this.terms(kids.slice(at + 1), opNode?.end ?? node.end, node.end);
    return {
      kind: 'binary',
      op: (opNode?.type ?? '+') as ast.BinaryOp,
      left,
      right,
      range: this.range(node.start, node.end),
    };
  }

  private literal(node: SyntaxNode): ast.Expression {
    const inner = node.children[0];
    if (!inner) return this.invalid(node.start, node.end);
    const range = this.range(node.start, node.end);
    switch (inner.type) {
      case 'numeric_lit': {
        const value = numberLiteral(this.slice(inner));
        if (!value) {
          this.error('Invalid number literal', 'Failed to recognize the value of this number literal.', inner.start, inner.end);
          return this.invalid(inner.start, inner.end);
        }
        return { kind: 'literal', value, range };
      }
      case 'bool_lit':
        return { kind: 'literal', value: boolVal(this.slice(inner) === 'true'), range };
      case 'null_lit':
        return { kind: 'literal', value: nullVal(), range };
      case 'string_lit':
        return this.quoted(inner);
      default:
        return this.invalid(node.start, node.end);
    }
  }

  private quoted(node: SyntaxNode): ast.Expression {
    const kids = node.children;
    const open = kids[0];
    const close = kids[kids.length - 1];
    const contentStart = open?.end ?? node.start;
    const closed = close !== undefined && close !== open && close.type === 'quoted_template_end' && !close.missing;
    const contentEnd = closed ? close.start : node.end;
    // tree-sitter lets a quoted string run over lines; hclsyntax ends it at the first newline outside `${ }`.
    const newline = this.text.indexOf('\n', contentStart);
    const multiLine = newline !== -1 && newline < contentEnd;
    const explained = !closed || multiLine ? explainQuoted(this.text, node.start, this.recovering) : undefined;
    if (explained) {
      // The argument holding the string reads its value again from the text and sets `recovering` (body.ts).
      for (const e of explained.errors) this.error(e.summary, e.detail, e.start, e.end, e.context);
      if (explained.errors.length === 0) this.suppressed();
    } else if (!closed) {
      this.error('Unterminated template string', 'No closing marker was found for the string.', node.start, contentStart, [node.start, node.end]);
    }
    const parts = convertTemplateParts(this, node, { contentStart, contentEnd, heredoc: false, flush: false, emptyAt: contentStart });
    return { kind: 'template', parts, range: this.range(node.start, node.end) };
  }

  private heredoc(node: SyntaxNode): ast.Expression {
    const kids = node.children;
    const intro = kids[0];
    const openMarker = kids[1];
    const closeMarker = kids[kids.length - 1];
    const marker = openMarker ? this.slice(openMarker) : '';
    const flush = intro !== undefined && this.slice(intro) === '<<-';
    const lineAfterOpen = this.text.indexOf('\n', openMarker?.end ?? node.start);
    const contentStart = lineAfterOpen === -1 ? node.end : lineAfterOpen + 1;
    const closed = closeMarker !== undefined && closeMarker !== openMarker && closeMarker.type === 'heredoc_identifier' && !closeMarker.missing;
    const contentEnd = closed ? this.lines.lineStart(this.lines.lineOf(closeMarker.start)) : node.end;
    if (!closed) {
      this.error('Unterminated template string', 'No closing marker was found for the string.', node.start, openMarker?.end ?? node.end, [node.start, node.end]);
    }
    const parts = convertTemplateParts(this, node, {
      contentStart: Math.min(contentStart, Math.max(contentEnd, contentStart)),
      contentEnd: Math.max(contentEnd, contentStart),
      heredoc: true,
      flush,
      emptyAt: contentStart,
    });
    return { kind: 'template', parts, heredoc: { marker, flush }, range: this.range(node.start, node.end) };
  }

  /** A quoted block label: its decoded text (labels cannot hold interpolations). */
  quotedLabel(node: SyntaxNode): string {
    const open = node.children[0];
    const close = node.children[node.children.length - 1];
    const start = open?.end ?? node.start;
    const end = close && close.type === 'quoted_template_end' && !close.missing ? close.start : node.end;
    // A label is a plain string literal for hclsyntax: no template sequences, and no newline token.
    const bad = /\$\$\{|%%\{|([$%])\{|\r?\n/g;
    bad.lastIndex = start;
    for (let m = bad.exec(this.text); m && m.index < end; m = bad.exec(this.text)) {
      const sign = m[1];
      if (m[0].endsWith('\n')) {
        const nlEnd = m.index + m[0].length;
        this.error('Invalid string literal', 'This item is not valid in a string literal.', m.index, nlEnd, [node.start, nlEnd]);
        break;
      }
      if (sign) {
        const detail = `Template sequences are not allowed in this string. To include a literal "${sign}", double it (as "${sign}${sign}") to escape it.`;
        this.error('Invalid string literal', detail, m.index, m.index + 2, [node.start, m.index + 2]);
        break;
      }
    }
    return decodeQuotedText(this.text, start, end, (s, e, summary, detail) => this.error(summary, detail, s, e));
  }

  private tuple(node: SyntaxNode): ast.Expression {
    const items: ast.Expression[] = [];
    this.missingOpener(node);
    for (const child of node.children) {
      if (child.type === 'expression') items.push(this.expression(child));
      else if (child.type === 'ERROR') {
        this.reportError(child);
        items.push(this.recoverFromError(child));
      }
    }
    const close = node.children[node.children.length - 1];
    if (!close || close.type !== 'tuple_end' || close.missing || close.children[0]?.missing) {
      this.error(
        'Unterminated tuple constructor expression',
        'There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.',
        node.start,
        node.start + 1,
      );
    }
    return { kind: 'tuple', items, range: this.range(node.start, node.end) };
  }

  private object(node: SyntaxNode): ast.Expression {
    const items: ast.ObjectItem[] = [];
    this.missingOpener(node);
    // The grammar lets object items run on without a separator; HCL wants a comma or a newline between them.
    let previousEnd: number | undefined;
    let separated = false;
    let reported = false;
    for (const child of node.children) {
      if (child.type === ',') separated = true;
      else if (child.type === 'object_elem') {
        if (previousEnd !== undefined && !separated && !reported && !this.text.slice(previousEnd, child.start).includes('\n')) {
          reported = true;
          this.error(
            'Missing attribute separator',
            'Expected a newline or comma to mark the beginning of the next attribute.',
            child.start,
            child.start + firstTokenLength(this.text, child.start),
          );
        }
        items.push(this.objectItem(child));
        previousEnd = child.end;
        separated = false;
      } else if (child.type === 'ERROR') this.reportError(child);
    }
    const close = node.children[node.children.length - 1];
    if (!close || close.type !== 'object_end' || close.missing || close.children[0]?.missing) {
      this.error(
        'Unterminated object constructor expression',
        'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
        node.start,
        node.start + 1,
      );
    }
    return { kind: 'object', items, range: this.range(node.start, node.end) };
  }

  /** tree-sitter's recovery may invent the "[" or "{" of a lone closer; hclsyntax finds no expression there. */
  private missingOpener(node: SyntaxNode): void {
    if (node.children[0]?.children[0]?.missing !== true) return;
    const closer = node.children[node.children.length - 1] ?? node;
    this.error('Invalid expression', 'Expected the start of an expression, but found an invalid expression token.', closer.start, closer.end);
  }

  private objectItem(node: SyntaxNode): ast.ObjectItem {
    const exprs = node.children.filter((c) => c.type === 'expression');
    const keyNode = exprs[0];
    const valueNode = exprs[1];
    if (keyNode && firstLeaf(keyNode).missing) {
      // `{ = 1 }`: tree-sitter invents the key; hclsyntax finds no expression where it should start.
      const eq = node.children.find((c) => c.type === '=' || c.type === ':') ?? keyNode;
      this.error('Invalid expression', 'Expected the start of an expression, but found an invalid expression token.', eq.start, eq.end);
    }
    const separator = node.children.find((c) => c.type === '=' || c.type === ':');
    if (valueNode && separator && this.lines.lineOf(valueNode.start) > this.lines.lineOf(separator.end)) {
      // tree-sitter takes the value from the next line; hclsyntax reads newlines inside an object and finds one
      // where the value should start.
      const nl = this.text.slice(separator.end).search(/\r?\n/) + separator.end;
      if (this.recovering) this.suppressed();
      else this.error('Invalid expression', 'Expected the start of an expression, but found an invalid expression token.', nl, this.text.indexOf('\n', nl) + 1);
      this.recovering = true;
    }
    const bare = keyNode !== undefined && isBareName(keyNode);
    const key: ast.Expression = keyNode
      ? bare
        ? { kind: 'variable', name: this.slice(keyNode), range: this.range(keyNode.start, keyNode.end) }
        : this.expression(keyNode)
      : this.invalid(node.start, node.start);
    const value = valueNode ? this.expression(valueNode) : this.invalid(node.end, node.end);
    return { key, value, keyIsBareName: bare, range: this.range(node.start, node.end) };
  }

  private forExpr(node: SyntaxNode): ast.Expression {
    const kids = node.children;
    const intro = kids.find((c) => c.type === 'for_intro');
    const names = intro?.children.filter((c) => c.type === 'identifier').map((c) => this.slice(c)) ?? [];
    const collNode = intro?.children.find((c) => c.type === 'expression');
    const collection = collNode ? this.expression(collNode) : this.invalid(node.start, node.end);
    const bodyExprs = kids.filter((c) => c.type === 'expression').map((c) => this.expression(c));
    const condNode = kids.find((c) => c.type === 'for_cond')?.children.find((c) => c.type === 'expression');
    const cond = condNode ? this.expression(condNode) : undefined;
    const isObject = node.type === 'for_object_expr';
    const [first, second] = bodyExprs;
    const valueExpr = (isObject ? second : first) ?? this.invalid(node.end, node.end);
    const [n1 = '', n2] = names;
    return {
      kind: 'for',
      ...(n2 === undefined ? { valueVar: n1 } : { keyVar: n1, valueVar: n2 }),
      collection,
      ...(isObject ? { keyExpr: first ?? this.invalid(node.end, node.end) } : {}),
      valueExpr,
      ...(cond ? { cond } : {}),
      group: isObject && kids.some((c) => c.type === 'ellipsis'),
      range: this.range(node.start, node.end),
    };
  }

  private call(node: SyntaxNode): ast.Expression {
    const kids = node.children;
    const name = kids[0];
    const argsNode = kids.find((c) => c.type === 'function_arguments');
    const args: ast.Expression[] = [];
    let expandFinal = false;
    for (const a of argsNode?.children ?? []) {
      if (a.type === 'expression') args.push(this.expression(a));
      else if (a.type === 'ellipsis') expandFinal = true;
      else if (a.type === 'ERROR') {
        this.reportError(a);
        args.push(this.recoverFromError(a));
      }
    }
    const close = kids[kids.length - 1];
    if (!close || close.type !== ')' || close.missing) {
      const open = kids.find((c) => c.type === '(') ?? node;
      this.error(
        'Unterminated function call',
        'There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.',
        name?.start ?? open.start,
        open.end,
      );
    }
    return {
      kind: 'call',
      name: name ? this.slice(name) : '',
      nameRange: this.range(name?.start ?? node.start, name?.end ?? node.start),
      args,
      expandFinal,
      range: this.range(node.start, node.end),
    };
  }

  slice(node: SyntaxNode): string {
    return this.text.slice(node.start, node.end);
  }

  private span(from: ast.Expression, to: ast.Expression): Range {
    const end = comparePositions(to.range.end, from.range.end) > 0 ? to.range.end : from.range.end;
    return { file: this.file, start: copy(from.range.start), end: copy(end) };
  }
}

function copy(p: Position): Position {
  return { line: p.line, character: p.character };
}

const NUMBER_LITERAL = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
/** Integers this short are exact in a 512-bit float, so they skip cty's (costly) normalisation. */
const SHORT_INTEGER = /^[0-9]{1,15}$/;

function numberLiteral(text: string): Value | undefined {
  if (SHORT_INTEGER.test(text)) return new Value(NUMBER, new Decimal(text));
  return NUMBER_LITERAL.test(text) ? numberVal(text) : undefined;
}

function isBareName(node: SyntaxNode): boolean {
  // `expression > variable_expr > identifier` with nothing after it.
  const kids = node.children;
  return kids.length === 1 && kids[0]?.type === 'variable_expr';
}

export function firstLeaf(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.children.length > 0) {
    const next = n.children[0];
    if (!next) break;
    n = next;
  }
  return n;
}

/** The length of the token starting at `at`: an identifier or number, else one character (a quote, a bracket). */
function firstTokenLength(text: string, at: number): number {
  const word = /^[\p{L}\p{N}_-]+/u.exec(text.slice(at, at + 256));
  return word ? word[0].length : 1;
}
