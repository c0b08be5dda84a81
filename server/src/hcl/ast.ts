/**
 * The typed syntax model of HCL native syntax, built from the tree-sitter tree by `parse.ts`.
 * Every node carries its exact source range. Literal text is final: escapes decoded, template strip markers
 * (`~`) applied and heredoc (`<<-`) indentation removed, so the evaluator never looks at raw text.
 * Formatting and semantic tokens work on the lossless tree-sitter tree that sits beside this model.
 */
import type { Range } from './diagnostic.js';
import type { Value } from './value.js';

export interface File {
  readonly body: Body;
  readonly range: Range;
}

export interface Body {
  readonly kind: 'body';
  /** Attributes and blocks in source order. */
  readonly items: readonly (Attribute | Block)[];
  readonly range: Range;
}

export interface Attribute {
  readonly kind: 'attribute';
  readonly name: string;
  readonly nameRange: Range;
  readonly expr: Expression;
  readonly range: Range;
}

export interface Label {
  readonly value: string;
  readonly range: Range;
  /** false when written as a bare identifier rather than a quoted string. */
  readonly quoted: boolean;
}

export interface Block {
  readonly kind: 'block';
  readonly type: string;
  readonly typeRange: Range;
  readonly labels: readonly Label[];
  readonly body: Body;
  readonly openBraceRange: Range;
  /** Absent when the block is unclosed. */
  readonly closeBraceRange?: Range;
  readonly range: Range;
}

export type Expression =
  | LiteralExpr
  | TemplateExpr
  | VariableExpr
  | GetAttrExpr
  | IndexExpr
  | SplatExpr
  | AnonSymbolExpr
  | CallExpr
  | TupleExpr
  | ObjectExpr
  | ForExpr
  | ConditionalExpr
  | BinaryExpr
  | UnaryExpr
  | ParensExpr
  | InvalidExpr;

interface ExprBase {
  readonly range: Range;
}

/** Numbers, bools and null. */
export interface LiteralExpr extends ExprBase {
  readonly kind: 'literal';
  readonly value: Value;
}

/** A quoted string or heredoc. A lone `"${x}"` keeps its operand's type when evaluated (HCL's template wrap). */
export interface TemplateExpr extends ExprBase {
  readonly kind: 'template';
  readonly parts: readonly TemplatePart[];
  readonly heredoc?: { readonly marker: string; readonly flush: boolean };
}

export type TemplatePart =
  | { readonly kind: 'literal'; readonly value: string; readonly range: Range }
  | { readonly kind: 'interp'; readonly expr: Expression; readonly range: Range }
  | {
      readonly kind: 'if';
      readonly cond: Expression;
      readonly then: readonly TemplatePart[];
      readonly else?: readonly TemplatePart[];
      readonly range: Range;
    }
  | {
      readonly kind: 'for';
      readonly keyVar?: string;
      readonly valueVar: string;
      readonly collection: Expression;
      readonly body: readonly TemplatePart[];
      readonly range: Range;
    };

/** A bare name: `var`, `local`, `path`, a for-expression variable, ... */
export interface VariableExpr extends ExprBase {
  readonly kind: 'variable';
  readonly name: string;
}

export interface GetAttrExpr extends ExprBase {
  readonly kind: 'getattr';
  readonly object: Expression;
  readonly name: string;
  readonly nameRange: Range;
}

export interface IndexExpr extends ExprBase {
  readonly kind: 'index';
  readonly object: Expression;
  readonly key: Expression;
  /** `a.0` rather than `a[0]`. */
  readonly legacy: boolean;
}

/** `source.*.rest` or `source[*].rest`: `each` is evaluated with the AnonSymbolExpr bound to every element. */
export interface SplatExpr extends ExprBase {
  readonly kind: 'splat';
  readonly source: Expression;
  readonly each: Expression;
  readonly full: boolean;
}

/** The element placeholder inside SplatExpr.each. */
export interface AnonSymbolExpr extends ExprBase {
  readonly kind: 'anon';
}

export interface CallExpr extends ExprBase {
  readonly kind: 'call';
  readonly name: string;
  readonly nameRange: Range;
  readonly args: readonly Expression[];
  /** The last argument was followed by `...`. */
  readonly expandFinal: boolean;
}

export interface TupleExpr extends ExprBase {
  readonly kind: 'tuple';
  readonly items: readonly Expression[];
}

export interface ObjectItem {
  readonly key: Expression;
  readonly value: Expression;
  /** A bare identifier key (`a = 1`) is the string "a", not a variable reference. */
  readonly keyIsBareName: boolean;
  readonly range: Range;
}

export interface ObjectExpr extends ExprBase {
  readonly kind: 'object';
  readonly items: readonly ObjectItem[];
}

export interface ForExpr extends ExprBase {
  readonly kind: 'for';
  readonly keyVar?: string;
  readonly valueVar: string;
  readonly collection: Expression;
  /** Present for `{ for ... : k => v }`, absent for `[ for ... : v ]`. */
  readonly keyExpr?: Expression;
  readonly valueExpr: Expression;
  readonly cond?: Expression;
  /** `v...` grouping in object for-expressions. */
  readonly group: boolean;
}

export interface ConditionalExpr extends ExprBase {
  readonly kind: 'conditional';
  readonly cond: Expression;
  readonly then: Expression;
  readonly else: Expression;
}

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr extends ExprBase {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expression;
  readonly right: Expression;
}

export interface UnaryExpr extends ExprBase {
  readonly kind: 'unary';
  readonly op: '-' | '!';
  readonly operand: Expression;
}

export interface ParensExpr extends ExprBase {
  readonly kind: 'parens';
  readonly expr: Expression;
}

/** Stands where the source had a syntax error; evaluates to an unknown value without a further diagnostic. */
export interface InvalidExpr extends ExprBase {
  readonly kind: 'invalid';
}
