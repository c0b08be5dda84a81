/** Small readers over AST bodies shared by the model's decoders. */
import type * as ast from '../hcl/ast.js';

export function attributesOf(body: ast.Body): ast.Attribute[] {
  return body.items.filter((i): i is ast.Attribute => i.kind === 'attribute');
}

export function blocksOf(body: ast.Body, type?: string): ast.Block[] {
  return body.items.filter((i): i is ast.Block => i.kind === 'block' && (type === undefined || i.type === type));
}

export function attribute(body: ast.Body, name: string): ast.Attribute | undefined {
  return body.items.find((i): i is ast.Attribute => i.kind === 'attribute' && i.name === name);
}

/** A string literal expression's text (no interpolation), e.g. a quoted `name = "x"`. */
export function staticString(expr: ast.Expression): string | undefined {
  if (expr.kind === 'template' && expr.parts.every((p) => p.kind === 'literal')) {
    return expr.parts.map((p) => (p.kind === 'literal' ? p.value : '')).join('');
  }
  return undefined;
}
