/**
 * Traversals (`var.x`, `local.y[0]`, `source.docker.app`, ...) found in expressions, with ranges: the template
 * model orders locals by them and checks scopes; the language server uses them for navigation and rename.
 */
import type * as ast from './ast.js';
import { comparePositions, type Range } from './diagnostic.js';

export interface TraversalStep {
  readonly name: string;
  readonly range: Range;
}

export interface Traversal {
  readonly root: string;
  readonly rootRange: Range;
  /** Attribute names (and literal string/number indexes) after the root, as far as they are static. */
  readonly steps: readonly TraversalStep[];
  /** From the root to the last static step. */
  readonly range: Range;
}

function spanning(a: Range, b: Range): Range {
  return { file: a.file, start: a.start, end: b.end };
}

/** Unwinds `root.a.b["c"]` into a traversal, or undefined when the chain does not start at a variable. */
function staticChain(expr: ast.Expression): { root: ast.VariableExpr; steps: TraversalStep[] } | undefined {
  const steps: TraversalStep[] = [];
  let e: ast.Expression = expr;
  for (;;) {
    if (e.kind === 'getattr') {
      steps.unshift({ name: e.name, range: e.nameRange });
      e = e.object;
    } else if (e.kind === 'index' && e.key.kind === 'template' && e.key.parts.length === 1 && e.key.parts[0]!.kind === 'literal') {
      steps.unshift({ name: e.key.parts[0]!.value, range: e.key.range });
      e = e.object;
    } else if (e.kind === 'index' && e.key.kind === 'literal' && e.key.value.type.kind === 'number') {
      steps.unshift({ name: String(e.key.value.raw), range: e.key.range });
      e = e.object;
    } else if (e.kind === 'variable') {
      return { root: e, steps };
    } else {
      return undefined;
    }
  }
}

/**
 * Every traversal in `expr` rooted at a name that is not bound by an enclosing for-expression (or template
 * for-directive) inside `expr`. Each reference is reported once, with its longest static chain.
 */
export function traversalsOf(expr: ast.Expression): Traversal[] {
  const out: Traversal[] = [];
  const stack: { e: ast.Expression; bound: ReadonlySet<string> }[] = [{ e: expr, bound: new Set() }];
  const push = (e: ast.Expression | undefined, bound: ReadonlySet<string>) => {
    if (e) stack.push({ e, bound });
  };
  const pushParts = (parts: readonly ast.TemplatePart[], bound: ReadonlySet<string>) => {
    for (const p of parts) {
      if (p.kind === 'interp') push(p.expr, bound);
      else if (p.kind === 'if') {
        push(p.cond, bound);
        pushParts(p.then, bound);
        if (p.else) pushParts(p.else, bound);
      } else if (p.kind === 'for') {
        push(p.collection, bound);
        const inner = new Set(bound);
        inner.add(p.valueVar);
        if (p.keyVar) inner.add(p.keyVar);
        pushParts(p.body, inner);
      }
    }
  };
  while (stack.length > 0) {
    const { e, bound } = stack.pop()!;
    switch (e.kind) {
      case 'variable':
      case 'getattr':
      case 'index': {
        const chain = staticChain(e);
        if (chain) {
          if (!bound.has(chain.root.name)) {
            const last = chain.steps[chain.steps.length - 1];
            out.push({
              root: chain.root.name,
              rootRange: chain.root.range,
              steps: chain.steps,
              range: last ? spanning(chain.root.range, last.range) : chain.root.range,
            });
          }
          break;
        }
        if (e.kind === 'getattr') push(e.object, bound);
        else if (e.kind === 'index') {
          push(e.object, bound);
          push(e.key, bound);
        }
        break;
      }
      case 'template':
        pushParts(e.parts, bound);
        break;
      case 'splat':
        push(e.source, bound);
        push(e.each, bound);
        break;
      case 'call':
        for (const a of e.args) push(a, bound);
        break;
      case 'tuple':
        for (const a of e.items) push(a, bound);
        break;
      case 'object':
        for (const it of e.items) {
          if (!it.keyIsBareName) push(it.key, bound);
          push(it.value, bound);
        }
        break;
      case 'for': {
        push(e.collection, bound);
        const inner = new Set(bound);
        inner.add(e.valueVar);
        if (e.keyVar) inner.add(e.keyVar);
        push(e.keyExpr, inner);
        push(e.valueExpr, inner);
        push(e.cond, inner);
        break;
      }
      case 'conditional':
        push(e.cond, bound);
        push(e.then, bound);
        push(e.else, bound);
        break;
      case 'binary':
        push(e.left, bound);
        push(e.right, bound);
        break;
      case 'unary':
        push(e.operand, bound);
        break;
      case 'parens':
        push(e.expr, bound);
        break;
      case 'literal':
      case 'anon':
      case 'invalid':
        break;
    }
  }
  return out.sort((a, b) => comparePositions(a.range.start, b.range.start));
}

/**
 * Traversals kept per block and per attribute expression: an incremental re-parse hands back untouched items
 * themselves (moved in place by an edit above, syntax/shift.ts), so the template model and the language server's
 * index (which both ask for every file's traversals on each edit) walk only new syntax. A traversal's ranges are
 * the syntax's own, so they move with it.
 */
const blockTraversals = new WeakMap<ast.Block, readonly Traversal[]>();
const expressionTraversals = new WeakMap<ast.Expression, readonly Traversal[]>();

/** traversalsOf for an attribute's whole expression, cached like blocks' traversals. */
export function attributeTraversals(expr: ast.Expression): readonly Traversal[] {
  let ts = expressionTraversals.get(expr);
  if (!ts) {
    ts = traversalsOf(expr);
    expressionTraversals.set(expr, ts);
  }
  return ts;
}

/** The traversals of one item of a body: an attribute's expression, or everything in a block. */
export function itemTraversals(item: ast.Attribute | ast.Block): readonly Traversal[] {
  if (item.kind === 'attribute') return traversalsOf(item.expr);
  let ts = blockTraversals.get(item);
  if (!ts) {
    ts = traversalsInBody(item.body);
    blockTraversals.set(item, ts);
  }
  return ts;
}

/** The items of a body in the order traversalsInBody reports their traversals: attributes, then blocks last to first. */
export function inTraversalOrder(body: ast.Body): (ast.Attribute | ast.Block)[] {
  const attributes: ast.Attribute[] = [];
  const blocks: ast.Block[] = [];
  for (const item of body.items) {
    if (item.kind === 'attribute') attributes.push(item);
    else blocks.push(item);
  }
  return [...attributes, ...blocks.reverse()];
}

/** All traversals in every attribute of a body, nested blocks included (attributes first, then the blocks last to first). */
export function traversalsInBody(body: ast.Body): Traversal[] {
  const out: Traversal[] = [];
  for (const item of inTraversalOrder(body)) out.push(...itemTraversals(item));
  return out;
}
