/**
 * Moves syntax by a number of lines, in place: items reused after an edit above them added or removed lines keep
 * their objects, and only the lines of their positions change. Copying them instead cost every item below the
 * edit (half a 5,000-line file on average) on each Enter, and the copies, which outlive a keystroke, left the
 * garbage collector most of that keystroke's work.
 *
 * So a model's positions are valid until the next edit of its document is applied: the model an edit starts from
 * is given up (documents keep only the current one). Anything cached from syntax holds the syntax's own Position
 * objects, which move with it; a cache that derives positions of its own re-bases them (moved.ts).
 *
 * The converter gives every node Position objects of its own, so a clean item (all that is moved, but for the case
 * below) moves each position once by walking its nodes. Broken items and their diagnostics, which the recovery
 * makes, may share positions (a clipped range ending where its last child does): a shift that moves those is
 * `sharing`, and moves each Position object once. Written per node kind because it runs on every keystroke for
 * every item below the edit; the switch is exhaustive, so a new node kind in ast.ts fails to compile until
 * handled here.
 */
import type * as ast from '../ast.js';
import type { Diagnostic, Position, Range } from '../diagnostic.js';

type Movable = { line: number };

export class LineShift {
  private readonly seen: Set<Position> | undefined;

  /** Columns do not change: items are only shifted when the line they start on is untouched. */
  constructor(
    readonly lineDelta: number,
    sharing = false,
  ) {
    this.seen = sharing ? new Set() : undefined;
  }

  item(item: ast.Attribute | ast.Block): void {
    if (item.kind === 'attribute') this.attribute(item);
    else this.block(item);
  }

  diagnostic(d: Diagnostic): void {
    if (d.range) this.range(d.range);
    if (d.context) this.range(d.context);
  }

  position(p: Position): void {
    if (this.seen) {
      if (this.seen.has(p)) return;
      this.seen.add(p);
    }
    (p as Movable).line += this.lineDelta;
  }

  private range(r: Range): void {
    this.position(r.start);
    this.position(r.end);
  }

  private attribute(a: ast.Attribute): void {
    this.range(a.range);
    this.range(a.nameRange);
    this.expr(a.expr);
  }

  private block(b: ast.Block): void {
    this.range(b.range);
    this.range(b.typeRange);
    for (const l of b.labels) this.range(l.range);
    this.range(b.body.range);
    for (const i of b.body.items) this.item(i);
    this.range(b.openBraceRange);
    if (b.closeBraceRange) this.range(b.closeBraceRange);
  }

  private expr(e: ast.Expression): void {
    this.range(e.range);
    switch (e.kind) {
      case 'literal':
      case 'variable':
      case 'anon':
      case 'invalid':
        return;
      case 'template':
        return this.parts(e.parts);
      case 'getattr':
        this.expr(e.object);
        return this.range(e.nameRange);
      case 'index':
        this.expr(e.object);
        return this.expr(e.key);
      case 'splat':
        this.expr(e.source);
        return this.expr(e.each);
      case 'call':
        this.range(e.nameRange);
        for (const a of e.args) this.expr(a);
        return;
      case 'tuple':
        for (const i of e.items) this.expr(i);
        return;
      case 'object':
        for (const i of e.items) {
          this.range(i.range);
          this.expr(i.key);
          this.expr(i.value);
        }
        return;
      case 'for':
        this.expr(e.collection);
        if (e.keyExpr) this.expr(e.keyExpr);
        this.expr(e.valueExpr);
        if (e.cond) this.expr(e.cond);
        return;
      case 'conditional':
        this.expr(e.cond);
        this.expr(e.then);
        return this.expr(e.else);
      case 'binary':
        this.expr(e.left);
        return this.expr(e.right);
      case 'unary':
        return this.expr(e.operand);
      case 'parens':
        return this.expr(e.expr);
      default:
        return unhandled(e);
    }
  }

  private parts(parts: readonly ast.TemplatePart[]): void {
    for (const p of parts) {
      this.range(p.range);
      switch (p.kind) {
        case 'literal':
          break;
        case 'interp':
          this.expr(p.expr);
          break;
        case 'if':
          this.expr(p.cond);
          this.parts(p.then);
          if (p.else) this.parts(p.else);
          break;
        case 'for':
          this.expr(p.collection);
          this.parts(p.body);
          break;
        default:
          unhandled(p);
      }
    }
  }
}

function unhandled(x: never): never {
  throw new Error(`unhandled syntax node ${JSON.stringify(x)}`);
}
