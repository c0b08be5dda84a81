/**
 * Copies of AST nodes moved by a number of lines, for items reused after an edit above them added or removed lines.
 * Written per node kind (rather than as a generic deep copy) because it runs on every keystroke for every item
 * below the edit; the switch is exhaustive, so a new node kind in ast.ts fails to compile until handled here.
 * Keys come in the converter's order, so a shifted item serialises exactly like a freshly converted one.
 */
import type * as ast from '../ast.js';
import type { Position, Range } from '../diagnostic.js';
import { recordMove } from './moved.js';

export class Shift {
  /**
   * Columns do not change: items are only shifted when the line they start on is untouched. `recordMoves` is off
   * for an item just parsed on its own (see syntax/edit-model.ts): it is placed, not moved, and has no origin.
   */
  constructor(
    private readonly lineDelta: number,
    private readonly recordMoves = true,
  ) {}

  moves(lineDelta: number): boolean {
    return this.lineDelta === lineDelta;
  }

  /**
   * A top-level item. The copy and the expressions of all attributes in it (locals, variable defaults,
   * validation conditions) are recorded as moved (moved.ts), what caches key on; nested blocks are not, as
   * recording costs about a microsecond per node on every keystroke.
   */
  item(item: ast.Attribute | ast.Block): ast.Attribute | ast.Block {
    const copy = this.nested(item);
    if (this.recordMoves) recordMove(copy, item, this.lineDelta);
    return copy;
  }

  private nested(item: ast.Attribute | ast.Block): ast.Attribute | ast.Block {
    return item.kind === 'attribute' ? this.attribute(item) : this.block(item);
  }

  private attribute(a: ast.Attribute): ast.Attribute {
    const expr = this.expr(a.expr);
    if (this.recordMoves) recordMove(expr, a.expr, this.lineDelta);
    return { kind: 'attribute', name: a.name, nameRange: this.range(a.nameRange), expr, range: this.range(a.range) };
  }

  private block(b: ast.Block): ast.Block {
    return {
      kind: 'block',
      type: b.type,
      typeRange: this.range(b.typeRange),
      labels: b.labels.map((l) => ({ value: l.value, range: this.range(l.range), quoted: l.quoted })),
      body: { kind: 'body', items: b.body.items.map((i) => this.nested(i)), range: this.range(b.body.range) },
      openBraceRange: this.range(b.openBraceRange),
      ...(b.closeBraceRange ? { closeBraceRange: this.range(b.closeBraceRange) } : {}),
      range: this.range(b.range),
    };
  }

  private exprs(list: readonly ast.Expression[]): ast.Expression[] {
    return list.map((e) => this.expr(e));
  }

  expr(e: ast.Expression): ast.Expression {
    const range = this.range(e.range);
    switch (e.kind) {
      case 'literal':
        return { kind: 'literal', value: e.value, range };
      case 'template':
        return { kind: 'template', parts: this.parts(e.parts), ...(e.heredoc ? { heredoc: e.heredoc } : {}), range };
      case 'variable':
        return { kind: 'variable', name: e.name, range };
      case 'getattr':
        return { kind: 'getattr', object: this.expr(e.object), name: e.name, nameRange: this.range(e.nameRange), range };
      case 'index':
        return { kind: 'index', object: this.expr(e.object), key: this.expr(e.key), legacy: e.legacy, range };
      case 'splat':
        return { kind: 'splat', source: this.expr(e.source), each: this.expr(e.each), full: e.full, range };
      case 'anon':
        return { kind: 'anon', range };
      case 'call':
        return { kind: 'call', name: e.name, nameRange: this.range(e.nameRange), args: this.exprs(e.args), expandFinal: e.expandFinal, range };
      case 'tuple':
        return { kind: 'tuple', items: this.exprs(e.items), range };
      case 'object':
        return {
          kind: 'object',
          items: e.items.map((i) => ({ key: this.expr(i.key), value: this.expr(i.value), keyIsBareName: i.keyIsBareName, range: this.range(i.range) })),
          range,
        };
      case 'for':
        return {
          kind: 'for',
          ...(e.keyVar !== undefined ? { keyVar: e.keyVar } : {}),
          valueVar: e.valueVar,
          collection: this.expr(e.collection),
          ...(e.keyExpr ? { keyExpr: this.expr(e.keyExpr) } : {}),
          valueExpr: this.expr(e.valueExpr),
          ...(e.cond ? { cond: this.expr(e.cond) } : {}),
          group: e.group,
          range,
        };
      case 'conditional':
        return { kind: 'conditional', cond: this.expr(e.cond), then: this.expr(e.then), else: this.expr(e.else), range };
      case 'binary':
        return { kind: 'binary', op: e.op, left: this.expr(e.left), right: this.expr(e.right), range };
      case 'unary':
        return { kind: 'unary', op: e.op, operand: this.expr(e.operand), range };
      case 'parens':
        return { kind: 'parens', expr: this.expr(e.expr), range };
      case 'invalid':
        return { kind: 'invalid', range };
      default:
        return unhandled(e);
    }
  }

  private parts(parts: readonly ast.TemplatePart[]): ast.TemplatePart[] {
    return parts.map((p): ast.TemplatePart => {
      const range = this.range(p.range);
      switch (p.kind) {
        case 'literal':
          return { kind: 'literal', value: p.value, range };
        case 'interp':
          return { kind: 'interp', expr: this.expr(p.expr), range };
        case 'if':
          return { kind: 'if', cond: this.expr(p.cond), then: this.parts(p.then), ...(p.else ? { else: this.parts(p.else) } : {}), range };
        case 'for':
          return {
            kind: 'for',
            valueVar: p.valueVar,
            collection: this.expr(p.collection),
            body: this.parts(p.body),
            range,
            ...(p.keyVar !== undefined ? { keyVar: p.keyVar } : {}),
          };
        default:
          return unhandled(p);
      }
    });
  }

  private range(r: Range): Range {
    return { file: r.file, start: this.position(r.start), end: this.position(r.end) };
  }

  private position(p: Position): Position {
    return { line: p.line + this.lineDelta, character: p.character };
  }
}

function unhandled(x: never): never {
  throw new Error(`unhandled syntax node ${JSON.stringify(x)}`);
}
