/** Test helpers: hand-built AST nodes with synthetic ranges (column = a running counter so ranges differ). */
import type * as ast from '../../server/src/hcl/ast.js';
import type { Range } from '../../server/src/hcl/diagnostic.js';
import { type Value, numberVal, boolVal, nullVal } from '../../server/src/hcl/value.js';

let counter = 0;
export function r(): Range {
  const start = counter++;
  return { file: 't.hcl', start: { line: 0, character: start }, end: { line: 0, character: start + 1 } };
}

export const lit = (v: Value): ast.LiteralExpr => ({ kind: 'literal', value: v, range: r() });
export const num = (n: number | string) => lit(numberVal(n));
export const str = (s: string): ast.TemplateExpr => ({ kind: 'template', parts: [{ kind: 'literal', value: s, range: r() }], range: r() });
export const bool = (b: boolean) => lit(boolVal(b));
export const nul = () => lit(nullVal());
export const v = (name: string): ast.VariableExpr => ({ kind: 'variable', name, range: r() });
export const attr = (object: ast.Expression, name: string): ast.GetAttrExpr => ({ kind: 'getattr', object, name, nameRange: r(), range: r() });
export const idx = (object: ast.Expression, key: ast.Expression): ast.IndexExpr => ({ kind: 'index', object, key, legacy: false, range: r() });
export const bin = (left: ast.Expression, op: ast.BinaryOp, right: ast.Expression): ast.BinaryExpr => ({ kind: 'binary', op, left, right, range: r() });
export const not = (operand: ast.Expression): ast.UnaryExpr => ({ kind: 'unary', op: '!', operand, range: r() });
export const neg = (operand: ast.Expression): ast.UnaryExpr => ({ kind: 'unary', op: '-', operand, range: r() });
export const tuple = (...items: ast.Expression[]): ast.TupleExpr => ({ kind: 'tuple', items, range: r() });
export const obj = (items: Record<string, ast.Expression>): ast.ObjectExpr => ({
  kind: 'object',
  items: Object.entries(items).map(([k, value]) => ({ key: v(k), value, keyIsBareName: true, range: r() })),
  range: r(),
});
export const cond = (c: ast.Expression, then: ast.Expression, els: ast.Expression): ast.ConditionalExpr => ({ kind: 'conditional', cond: c, then, else: els, range: r() });
export const call = (name: string, args: ast.Expression[], expandFinal = false): ast.CallExpr => ({ kind: 'call', name, nameRange: r(), args, expandFinal, range: r() });
export const tmpl = (...parts: (string | ast.Expression)[]): ast.TemplateExpr => ({
  kind: 'template',
  parts: parts.map((p) => (typeof p === 'string' ? { kind: 'literal', value: p, range: r() } : { kind: 'interp', expr: p, range: r() })),
  range: r(),
});
export function forList(valueVar: string, collection: ast.Expression, valueExpr: ast.Expression, opts: { keyVar?: string; cond?: ast.Expression } = {}): ast.ForExpr {
  return { kind: 'for', valueVar, collection, valueExpr, group: false, range: r(), ...opts };
}
export function forObject(keyVar: string | undefined, valueVar: string, collection: ast.Expression, keyExpr: ast.Expression, valueExpr: ast.Expression, group = false): ast.ForExpr {
  return { kind: 'for', ...(keyVar !== undefined && { keyVar }), valueVar, collection, keyExpr, valueExpr, group, range: r() };
}
/** `source[*]<rest>` / `source.*<rest>`: `rest` builds the each-expression from the anon placeholder. */
export function splat(source: ast.Expression, rest: (anon: ast.AnonSymbolExpr) => ast.Expression = (a) => a, full = true): ast.SplatExpr {
  const anon: ast.AnonSymbolExpr = { kind: 'anon', range: r() };
  return { kind: 'splat', source, each: rest(anon), full, range: r() };
}
