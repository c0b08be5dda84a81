/**
 * Bodies, attributes and blocks, with hclsyntax's structural rules that the tree-sitter grammar does not enforce:
 * one item per line, block headers and their "{" on one line, and single-line blocks (`a { b = 1 }`) holding one
 * argument and closing on the same line.
 */
import type * as ast from '../ast.js';
import type { SyntaxNode } from './tree.js';
import { firstLeaf, type Converter, type LastItem } from './convert.js';
import { newlineAfter, scanArgument } from './lines.js';
import type { TopLevelItems } from './reuse.js';
import { explainValue, ValueReader, Unmodelled } from './explain.js';
import { afterItem, scanToken } from './text-tokens.js';
import { explainBody } from './explain-body.js';
import { lexicalErrors } from './lexical.js';
import type { Diagnostic } from '../diagnostic.js';

/** `topLevel` tracks the file's own items across incremental parses (see reuse.ts). */
export function convertFile(conv: Converter, root: SyntaxNode, topLevel: TopLevelItems): ast.File {
  const end = conv.text.length;
  const items: (ast.Attribute | ast.Block)[] = [];
  if (root.type === 'config_file') {
    let stray = false;
    for (const child of root.children) {
      if (child.type === 'body') items.push(...convertItems(conv, child.children, false, false, topLevel));
      else if ((child.type === 'object' || child.type === 'ERROR') && !stray && reportBodyError(conv, child, false) === 'stray') {
        // hclsyntax reports the first token that cannot start an item and skips the rest of the file.
        stray = true;
        conv.skip(child.start, end);
      }
    }
  } else {
    items.push(...convertItems(conv, [root], false, false));
  }
  if (conv.diagnostics.length > 0) leadWithLexicalErrors(conv);
  const range = conv.range(0, end);
  const file: ast.File = { body: { kind: 'body', items, range }, range };
  topLevel.finish(file);
  return file;
}

/**
 * tree-sitter found an error that the conversion reported nothing for: its recovery can fold a bad token into a
 * node the model reads past (`"k":= 1`, `list(string?)`, a missing "{" after block labels). A file Packer rejects
 * must not pass, so the top-level item holding the first such error is read as hclsyntax reads it (explain-body.ts)
 * and its first error reported; where that reading does not follow the item, the token is reported as invalid.
 */
export function reportMissedError(conv: Converter, root: SyntaxNode): void {
  const bad = firstError(root);
  if (!bad) return;
  const item = root.children.flatMap((c) => (c.type === 'body' ? c.children : [c])).find((c) => c.start <= bad.start && bad.start < c.end);
  const start = item && startsLine(conv, item.start) ? item.start : undefined;
  const explained = start === undefined ? undefined : explainBody(conv.text, start, { recovering: false, nested: false, single: true });
  if (start !== undefined && explained && explained.errors.length > 0) {
    for (const e of explained.errors) conv.error(e.summary, e.detail, e.start, e.end, e.context);
    conv.skip(start, explained.resume, explained.item);
  } else {
    const leaf = firstLeaf(bad);
    const at = leaf.start < conv.text.length ? leaf.start : Math.max(0, leaf.start - 1);
    conv.error('Invalid expression', 'Expected the start of an expression, but found an invalid expression token.', at, Math.max(leaf.end, at + 1));
    conv.skip(at, afterItem(conv.text, at), start ?? at);
  }
  conv.recovering = true;
  leadWithLexicalErrors(conv);
}

/** The first ERROR node or missing token, in text order. */
function firstError(root: SyntaxNode): SyntaxNode | undefined {
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n) continue;
    if (n.type === 'ERROR' || n.missing) return n;
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i];
      if (c) stack.push(c);
    }
  }
  return undefined;
}

/** hclsyntax reports its scanner's diagnostics before any parser diagnostic (see lexical.ts). */
function leadWithLexicalErrors(conv: Converter): void {
  const lexical = lexicalErrors(conv.text).map(
    (e): Diagnostic => ({ severity: 'error', summary: e.summary, detail: e.detail, range: conv.range(e.start, e.end), code: 'syntax' }),
  );
  if (lexical.length === 0) return;
  const key = (d: Diagnostic): string => `${d.summary}|${d.range?.start.line}:${d.range?.start.character}-${d.range?.end.line}:${d.range?.end.character}`;
  const seen = new Set(lexical.map(key));
  const rest = conv.diagnostics.filter((d) => !seen.has(key(d)));
  conv.diagnostics.length = 0;
  conv.diagnostics.push(...lexical, ...rest);
}

/**
 * `nested`: the items of a block's body. `topLevel`: `children` are the items of the file's own body; stand-ins
 * for previous items are taken as they are, and the items that convert cleanly are noted for the next
 * incremental parse.
 */
function convertItems(
  conv: Converter,
  children: readonly SyntaxNode[],
  singleLine: boolean,
  nested: boolean,
  topLevel?: TopLevelItems,
): (ast.Attribute | ast.Block)[] {
  const items: (ast.Attribute | ast.Block)[] = [];
  const nodes: SyntaxNode[] = [];
  let reported = false;
  const visit = (list: readonly SyntaxNode[]): void => {
    for (const child of list) {
      if (child.type === 'attribute' || child.type === 'block') {
        const previous = nodes[nodes.length - 1];
        const previousItem = items[items.length - 1];
        if (previous && previousItem) checkNewlineBetween(conv, previous, previousItem, child);
        const direct = list === children ? topLevel : undefined;
        const reused = direct?.reused(child);
        if (reused) {
          conv.lastItem = lastItemOf(conv, reused);
          items.push(reused);
        } else {
          const before = conv.reports;
          const diagnostics = conv.diagnostics.length;
          const recovering = conv.recovering;
          const skips = conv.skipMark();
          const item = child.type === 'attribute' ? convertAttribute(conv, child, singleLine) : convertBlock(conv, child);
          if (conv.reports === before) direct?.convertedCleanly(child, item);
          else if (startsLine(conv, child.start)) explainItem(conv, child.start, { diagnostics, recovering, skips });
          items.push(item);
        }
        nodes.push(child);
      } else if (child.type === 'body') {
        conv.nested(child, () => visit(child.children), () => undefined);
      } else if (child.type === 'ERROR') {
        if (!reported) reported = reportBodyError(conv, child, nested) === 'stray';
        conv.nested(child, () => visit(child.children), () => undefined);
      }
    }
  };
  visit(children);
  return items;
}

/** What convertAttribute/convertBlock note for an item, from an item reused as it is. */
function lastItemOf(conv: Converter, item: ast.Attribute | ast.Block): LastItem {
  if (item.kind === 'attribute') {
    // The value starts after "=" and blanks, which the text reading skips anyway.
    return { kind: 'argument', nameStart: conv.offsetOf(item.nameRange.start), valueStart: conv.offsetOf(item.expr.range.start), end: conv.offsetOf(item.range.end) };
  }
  return { kind: 'block', typeStart: conv.offsetOf(item.typeRange.start), end: conv.offsetOf(item.body.range.end) };
}

/** Two items on one line: HCL requires a newline after every argument and block. */
function checkNewlineBetween(conv: Converter, node: SyntaxNode, item: ast.Attribute | ast.Block, next: SyntaxNode): void {
  if (item.range.end.line !== conv.lines.lineOf(next.start)) return;
  const bad = firstLeaf(next);
  if (!conv.recovering) {
    if (item.kind === 'attribute') {
      conv.error('Missing newline after argument', 'An argument definition must end with a newline.', bad.start, bad.end, [node.start, bad.end]);
    } else {
      conv.error('Missing newline after block definition', 'A block definition must end with a newline.', bad.start, bad.end, [node.start, bad.end]);
    }
  }
  // hclsyntax skips the rest of the line and reads on from the next one.
  conv.recovering = true;
  conv.skip(bad.start, newlineAfter(conv.text, bad.start).end);
}

/**
 * What went wrong in an argument's value, read again from the text (see explain.ts): when that finds hclsyntax's
 * error, it replaces the diagnostics reported for the value since `before`.
 */
function explainValueErrors(conv: Converter, before: number, nameStart: number, valueStart: number): boolean {
  const explained = explainValue(conv.text, valueStart, { nameStart, recovering: conv.recovering });
  if (!explained) return false;
  conv.diagnostics.length = before;
  for (const e of explained.errors) conv.error(e.summary, e.detail, e.start, e.end, e.context);
  conv.skip(valueStart, explained.resume, nameStart);
  conv.recovering = true;
  return true;
}

interface ItemStart {
  readonly diagnostics: number;
  readonly recovering: boolean;
  readonly skips: number;
}

/**
 * An item whose conversion reported errors, read again from the text as hclsyntax reads an item (see
 * explain.ts): its first error there replaces what the item reported, given the converter's state when the
 * item began.
 */
function explainItem(conv: Converter, start: number, before: ItemStart): boolean {
  const explained = explainBody(conv.text, start, { recovering: before.recovering, nested: true, single: true });
  if (!explained) return false;
  conv.diagnostics.length = before.diagnostics;
  conv.rewindSkips(before.skips);
  for (const e of explained.errors) conv.error(e.summary, e.detail, e.start, e.end, e.context);
  conv.skip(start, explained.resume, explained.item);
  conv.recovering = true;
  return true;
}

/** The argument at an ERROR node's start, possibly after a block header (`x {\n  a = [1 2]` all in one ERROR). */
function brokenArgument(node: SyntaxNode): { nameStart: number; valueStart: number } | undefined {
  const leaves = realLeaves(node, 64);
  let i = 0;
  if (leaves[0]?.type === 'identifier' && leaves[1]?.type !== '=') {
    // A block header: its type, labels, then "{".
    i = 1;
    while (i < leaves.length && leaves[i]?.type !== '{' && leaves[i]?.type !== '=') i++;
    if (leaves[i]?.type !== '{') return undefined;
    i++;
  }
  const name = leaves[i];
  const eq = leaves[i + 1];
  return name?.type === 'identifier' && eq?.type === '=' ? { nameStart: name.start, valueStart: eq.end } : undefined;
}

/**
 * An ERROR node where a body item should be: `name = ...` is an argument whose value tree-sitter could not place
 * ('argument'); anything else is a token that cannot start an item ('stray'), after which hclsyntax skips the
 * rest of the body.
 */
function reportBodyError(conv: Converter, node: SyntaxNode, nested: boolean): 'argument' | 'block' | 'stray' {
  const first = firstRealLeaf(node);
  const last = conv.lastItem;
  if (last?.kind === 'block' && sameLineAfter(conv, last.end, node.start)) {
    // hclsyntax wants a newline after the closing brace, then skips the rest of the line and goes on.
    if (!conv.recovering) {
      conv.error('Missing newline after block definition', 'A block definition must end with a newline.', first.start, first.end, [last.typeStart, first.end]);
    }
    conv.recovering = true;
    conv.skip(first.start, newlineAfter(conv.text, first.start).end);
    return 'block';
  }
  if (last?.kind === 'argument' && sameLineAfter(conv, last.end, node.start)) {
    // tree-sitter closed the argument's value early; the rest of it is this node.
    if (explainValueErrors(conv, conv.diagnostics.length, last.nameStart, last.valueStart)) return 'argument';
    if (!valueEndsBefore(conv.text, last, node.start)) return reportStray(conv, first);
    // The value is whole: what follows it on its line is hclsyntax's missing newline, and it reads on below.
    const tok = scanToken(conv.text, node.start, true);
    if (!conv.recovering) {
      const [summary, detail] =
        tok.type === ','
          ? ['Unexpected comma after argument', 'Argument definitions must be separated by newlines, not commas. An argument definition must end with a newline.']
          : ['Missing newline after argument', 'An argument definition must end with a newline.'];
      conv.error(summary, detail, tok.start, tok.end, [last.nameStart, tok.end]);
    }
    conv.recovering = true;
    conv.skip(tok.start, afterItem(conv.text, tok.start), last.nameStart);
    return 'argument';
  } else if (startsLine(conv, node.start)) {
    // tree-sitter may have swallowed whole items: read them as hclsyntax would, up to its first error.
    const explained = explainBody(conv.text, node.start, { recovering: conv.recovering, nested });
    if (explained) {
      for (const e of explained.errors) conv.error(e.summary, e.detail, e.start, e.end, e.context);
      conv.skip(node.start, explained.resume, explained.item);
      conv.recovering = true;
      return 'argument';
    }
  }
  const arg = brokenArgument(node);
  if (arg && explainValueErrors(conv, conv.diagnostics.length, arg.nameStart, arg.valueStart)) return 'argument';
  return reportStray(conv, first);
}

/** A token that cannot start an item: hclsyntax reports it and skips the rest of the body. */
function reportStray(conv: Converter, first: SyntaxNode): 'stray' {
  const wasRecovering = conv.recovering;
  conv.recovering = true;
  if (wasRecovering) return 'stray';
  if (first.type === 'quoted_template_start') {
    conv.error('Invalid argument name', 'Argument names must not be quoted.', first.start, first.end);
  } else {
    conv.error('Argument or block definition required', 'An argument or block definition is required here.', first.start, Math.max(first.end, first.start + 1));
  }
  return 'stray';
}

/** Whether the argument's value, read as hclsyntax reads it, ends before `offset` without an error. */
function valueEndsBefore(text: string, last: { readonly nameStart: number; readonly valueStart: number }, offset: number): boolean {
  const reader = new ValueReader(text, { nameStart: last.nameStart, recovering: false });
  try {
    return reader.read(last.valueStart) === undefined && reader.end <= offset;
  } catch (e) {
    if (e instanceof Unmodelled) return false;
    throw e;
  }
}

/** Whether only blanks precede `offset` on its line: where hclsyntax starts reading a body item. */
function startsLine(conv: Converter, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = conv.text[i];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\uFEFF') return false;
  }
  return true;
}

/** Whether `offset` is at or after `end` and on the same line. */
function sameLineAfter(conv: Converter, end: number, offset: number): boolean {
  return offset >= end && conv.lines.lineOf(offset) === conv.lines.lineOf(end);
}

/** The first `count` leaves of `node` that have text, in order. */
function realLeaves(node: SyntaxNode, count: number): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [node];
  while (stack.length > 0 && out.length < count) {
    const n = stack.pop();
    if (!n || n.missing) continue;
    if (n.children.length === 0) {
      if (n.end > n.start) out.push(n);
      continue;
    }
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i];
      if (c) stack.push(c);
    }
  }
  return out;
}

function firstRealLeaf(node: SyntaxNode): SyntaxNode {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n || n.missing) continue;
    if (n.children.length === 0) return n;
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i];
      if (c) stack.push(c);
    }
  }
  return node;
}

function convertAttribute(conv: Converter, node: SyntaxNode, singleLine: boolean): ast.Attribute {
  const nameNode = node.children[0] ?? node;
  // tree-sitter's recovery may wrap the "=" and part of the value in ERROR nodes; HCL's rules work on the tokens.
  const errorNode = node.children.find((c) => c.type === 'ERROR');
  const kids = errorNode ? node.children.flatMap((c) => (c.type === 'ERROR' ? c.children : [c])) : node.children;
  const eqIndex = kids.findIndex((c) => c.type === '=');
  const eq = kids[eqIndex];
  const name = conv.slice(nameNode);
  const nameRange = conv.range(nameNode.start, nameNode.end);
  if (!eq) {
    conv.error(
      'Argument or block definition required',
      'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
      nameNode.start,
      nameNode.end,
    );
    return { kind: 'attribute', name, nameRange, expr: conv.invalid(nameNode.end, nameNode.end), range: conv.range(node.start, node.end) };
  }
  if (conv.lines.lineOf(eq.start) > conv.lines.lineOf(nameNode.end)) {
    // tree-sitter reads on across the line break; hclsyntax finds a name alone on its line, which it reports even
    // while recovering, and recovers (the "=" below then ends the body for it).
    conv.error(
      'Argument or block definition required',
      'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
      nameNode.start,
      nameNode.end,
    );
    conv.recovering = true;
  }
  const value = kids.slice(eqIndex + 1);
  const problem = scanArgument(conv.text, conv.lines, { type: '=', start: eq.start, end: eq.end }, value, singleLine);
  const before = conv.diagnostics.length;
  const reportsBefore = conv.reports;
  const exprNode = value.find((c) => c.type === 'expression');
  let expr = exprNode ? conv.expression(exprNode) : conv.invalid(eq.end, eq.end);
  if (!exprNode || exprNode.missing) {
    conv.error('Invalid expression', 'Expected the start of an expression, but found an invalid expression token.', ...nextToken(conv, eq.end));
  } else if (conv.lines.lineOf(exprNode.start) > conv.lines.lineOf(eq.end) && !problem) {
    // tree-sitter takes a value from the next line; hclsyntax finds the newline where the value should start.
    if (conv.recovering) conv.suppressed();
    else conv.error('Invalid expression', 'Expected the start of an expression, but found an invalid expression token.', ...nextToken(conv, eq.end));
    conv.recovering = true;
  }
  let end = node.end;
  if (problem) {
    // hclsyntax stops the argument at the problem; what tree-sitter glued on after it is not part of the value.
    conv.diagnostics.length = before;
    conv.error(problem.summary, problem.detail, problem.start, problem.end, [node.start, problem.end]);
    end = problem.valueEnd;
    if (conv.offsetOf(expr.range.end) > problem.valueEnd) expr = conv.invalid(eq.end, Math.max(eq.end, problem.valueEnd));
  } else if (errorNode && conv.diagnostics.length === before) {
    conv.reportError(errorNode);
  }
  conv.lastItem = { kind: 'argument', nameStart: nameNode.start, valueStart: eq.end, end: node.end };
  if (conv.reports > reportsBefore) explainValueErrors(conv, before, nameNode.start, eq.end);
  return { kind: 'attribute', name, nameRange, expr, range: conv.range(node.start, Math.max(end, conv.offsetOf(expr.range.end))) };
}

function nextToken(conv: Converter, offset: number): [number, number] {
  let i = offset;
  while (i < conv.text.length && (conv.text[i] === ' ' || conv.text[i] === '\t')) i++;
  if (i >= conv.text.length) return [i, i];
  if (conv.text[i] === '\n' || conv.text[i] === '\r') {
    const nl = newlineAfter(conv.text, i);
    return [nl.start, nl.end];
  }
  return [i, i + 1];
}

function convertBlock(conv: Converter, node: SyntaxNode): ast.Block {
  const kids = node.children;
  let typeNode = kids[0] ?? node;
  const labels: ast.Label[] = [];
  let open: SyntaxNode | undefined;
  let close: SyntaxNode | undefined;
  let bodyNode: SyntaxNode | undefined;
  const errors: SyntaxNode[] = [];
  for (const child of kids.slice(1)) {
    if (child.type === 'string_lit' && !open) {
      labels.push({ value: conv.quotedLabel(child), range: conv.range(child.start, child.end), quoted: true });
    } else if (child.type === 'identifier' && !open) {
      labels.push({ value: conv.slice(child), range: conv.range(child.start, child.end), quoted: false });
    } else if (child.type === 'block_start') open = child;
    else if (child.type === 'block_end') close = child;
    else if (child.type === 'body') bodyNode = child;
    else if (child.type === 'ERROR') errors.push(child);
  }
  const openNode = open ?? typeNode;
  const closed = close !== undefined && !close.missing && !close.children[0]?.missing;
  const restart = headerRestart(conv, typeNode, labels);
  if (restart) {
    // tree-sitter read on across a line break; hclsyntax rejects the first line and reads the next one afresh.
    typeNode = restart.type;
    labels.splice(0, restart.dropLabels);
  }
  const lastLabel = labels[labels.length - 1];
  const headerEnd = lastLabel ? conv.offsetOf(lastLabel.range.end) : typeNode.end;
  if (open && conv.lines.lineOf(open.start) > conv.lines.lineOf(headerEnd)) {
    const nl = newlineAfter(conv.text, headerEnd);
    conv.error(
      'Invalid block definition',
      'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.',
      nl.start,
      nl.end,
      [typeNode.start, nl.end],
    );
  }
  const firstItem = bodyNode?.children.find((c) => c.type === 'attribute' || c.type === 'block' || c.type === 'ERROR');
  const singleLine = firstItem !== undefined && conv.lines.lineOf(firstItem.start) === conv.lines.lineOf(openNode.end);
  const unclosed = (): void =>
    conv.error(
      'Unclosed configuration block',
      'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
      openNode.start,
      openNode.end,
      ...(singleLine ? [[typeNode.start, openNode.end] as const] : []),
    );
  // hclsyntax reports a single-line block's missing brace before its argument's errors, a body's after them.
  if (!closed && singleLine) unclosed();
  const before = conv.diagnostics.length;
  const items = bodyNode ? conv.nested(bodyNode, () => convertItems(conv, bodyNode.children, singleLine, true), () => []) : [];
  // An ERROR among the block's children usually continues the value of the argument before it.
  for (const error of errors) reportBlockError(conv, error);
  // At the end of the file hclsyntax reports the open body only when it is not recovering from an earlier error.
  if (!closed && !singleLine) {
    if (conv.recovering) conv.suppressed();
    else unclosed();
  }
  if (singleLine && closed && close && conv.diagnostics.length === before) checkSingleLine(conv, items, firstItem, close);
  if (!singleLine && closed && close) checkCloseOnOwnLine(conv, items, close);
  const bodyEnd = closed && close ? close.end : node.end;
  conv.lastItem = { kind: 'block', typeStart: typeNode.start, end: bodyEnd };
  const body: ast.Body = { kind: 'body', items, range: conv.range(openNode.start, bodyEnd) };
  return {
    kind: 'block',
    type: conv.slice(typeNode),
    typeRange: conv.range(typeNode.start, typeNode.end),
    labels,
    body,
    openBraceRange: conv.range(openNode.start, openNode.end),
    ...(closed && close ? { closeBraceRange: conv.range(close.start, close.end) } : {}),
    range: conv.range(typeNode.start, node.end),
  };
}

/** A multi-line block's "}" on the line of its last item: hclsyntax wants the newline that ends that item. */
function checkCloseOnOwnLine(conv: Converter, items: readonly (ast.Attribute | ast.Block)[], close: SyntaxNode): void {
  const last = items[items.length - 1];
  if (!last || last.range.end.line !== conv.lines.lineOf(close.start)) return;
  if (conv.recovering) conv.suppressed();
  else if (last.kind === 'attribute') {
    conv.error('Missing newline after argument', 'An argument definition must end with a newline.', close.start, close.end, [conv.offsetOf(last.nameRange.start), close.end]);
  } else {
    conv.error('Missing newline after block definition', 'A block definition must end with a newline.', close.start, close.end, [conv.offsetOf(last.typeRange.start), close.end]);
  }
  conv.recovering = true;
}

/** An ERROR among a block's children: a dangling `.` after an argument (`a = var.`) is the common case. */
function reportBlockError(conv: Converter, node: SyntaxNode): void {
  const bad = firstRealLeaf(node);
  if (bad.type === '.') {
    const nl = newlineAfter(conv.text, bad.end);
    conv.error('Invalid attribute name', 'An attribute name is required after a dot.', nl.start, nl.end);
    return;
  }
  reportBodyError(conv, node, true);
}

/**
 * A block header must sit on one line. When a line break splits it, hclsyntax reports the first line and parses
 * the rest as a new item; returns the node that starts that item (when it can start a block) and how many labels
 * belong to the rejected line.
 */
function headerRestart(
  conv: Converter,
  typeNode: SyntaxNode,
  labels: readonly ast.Label[],
): { type: SyntaxNode; dropLabels: number } | undefined {
  let prevEnd = typeNode.end;
  let restart: { type: SyntaxNode; dropLabels: number } | undefined;
  let reported = false;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!label) continue;
    if (label.range.start.line > conv.lines.lineOf(prevEnd)) {
      if (!reported) {
        reported = true;
        if (prevEnd === typeNode.end && !restart) {
          conv.error(
            'Argument or block definition required',
            'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
            typeNode.start,
            typeNode.end,
          );
        } else {
          const nl = newlineAfter(conv.text, prevEnd);
          conv.error(
            'Invalid block definition',
            'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.',
            nl.start,
            nl.end,
            [typeNode.start, nl.end],
          );
        }
      }
      if (label.quoted) return restart;
      restart = {
        type: { type: 'identifier', named: true, missing: false, start: conv.offsetOf(label.range.start), end: conv.offsetOf(label.range.end), children: [] },
        dropLabels: i + 1,
      };
    }
    prevEnd = conv.offsetOf(label.range.end);
  }
  return restart;
}

/** `a { b = 1 }`: one argument, closed on its line (hclsyntax's single-line block rules). */
function checkSingleLine(
  conv: Converter,
  items: readonly (ast.Attribute | ast.Block)[],
  firstNode: SyntaxNode | undefined,
  close: SyntaxNode,
): void {
  const first = items[0];
  if (!first || !firstNode) return;
  if (first.kind === 'block') {
    const after = firstNode.children[1] ?? firstNode;
    conv.error(
      'Argument definition required',
      `A single-line block definition can contain only a single argument. If you meant to define argument "${first.type}", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`,
      conv.offsetOf(first.typeRange.start),
      after.children.length > 0 ? (firstLeaf(after).end) : after.end,
    );
    return;
  }
  const valueEnd = conv.offsetOf(first.range.end);
  if (conv.lines.lineOf(close.start) !== conv.lines.lineOf(valueEnd)) {
    const nl = newlineAfter(conv.text, valueEnd);
    conv.error(
      'Invalid single-argument block definition',
      "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.",
      nl.start,
      nl.end,
    );
  }
}
