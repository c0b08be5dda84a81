/** Visits every expression of a body (nested blocks included), parents before children. */
import type * as ast from '../hcl/ast.js';

function children(e: ast.Expression): ast.Expression[] {
  switch (e.kind) {
    case 'template':
      return partsExprs(e.parts);
    case 'getattr':
      return [e.object];
    case 'index':
      return [e.object, e.key];
    case 'splat':
      return [e.source, e.each];
    case 'call':
      return [...e.args];
    case 'tuple':
      return [...e.items];
    case 'object':
      return e.items.flatMap((i) => [i.key, i.value]);
    case 'for':
      return [e.collection, ...(e.keyExpr ? [e.keyExpr] : []), e.valueExpr, ...(e.cond ? [e.cond] : [])];
    case 'conditional':
      return [e.cond, e.then, e.else];
    case 'binary':
      return [e.left, e.right];
    case 'unary':
      return [e.operand];
    case 'parens':
      return [e.expr];
    default:
      return [];
  }
}

function partsExprs(parts: readonly ast.TemplatePart[]): ast.Expression[] {
  return parts.flatMap((p) => {
    if (p.kind === 'interp') return [p.expr];
    if (p.kind === 'if') return [p.cond, ...partsExprs(p.then), ...partsExprs(p.else ?? [])];
    if (p.kind === 'for') return [p.collection, ...partsExprs(p.body)];
    return [];
  });
}

export function forEachExpression(body: ast.Body, visit: (e: ast.Expression, attribute: ast.Attribute, block?: ast.Block) => void, block?: ast.Block): void {
  for (const item of body.items) {
    if (item.kind === 'block') {
      forEachExpression(item.body, visit, item);
      continue;
    }
    const stack: ast.Expression[] = [item.expr];
    while (stack.length > 0) {
      const e = stack.pop()!;
      visit(e, item, block);
      const kids = children(e);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
  }
}

/** Every block of a body with its path of block types, outermost first. */
export function forEachBlock(body: ast.Body, visit: (b: ast.Block, path: readonly string[]) => void, path: readonly string[] = []): void {
  for (const item of body.items) {
    if (item.kind !== 'block') continue;
    const p = [...path, item.type];
    visit(item, p);
    forEachBlock(item.body, visit, p);
  }
}
