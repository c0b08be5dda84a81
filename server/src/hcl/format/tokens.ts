/**
 * The token model the formatter works on: the same token kinds hclsyntax's scanner produces, because
 * hclwrite's formatting rules are written in terms of them.
 *
 * Tokens live in parallel typed arrays (kind, start, end, spaces before) rather than one object per token: a
 * 400 KB template has ~100,000 tokens, and as objects with their own text slices they cost a one-shot CLI run
 * more in allocation and garbage collection than the formatting itself. A token's text is `text.slice(start,
 * end)`, taken only where a rule needs it. Formatting changes the spaces before tokens and nothing else.
 */

/** hclsyntax's token types (a regular enum: the names are readable from the values, e.g. in tests). */
export enum Kind {
  OBrace,
  CBrace,
  OBrack,
  CBrack,
  OParen,
  CParen,
  OQuote,
  CQuote,
  OHeredoc,
  CHeredoc,
  Star,
  Slash,
  Plus,
  Minus,
  Percent,
  Equal,
  EqualOp,
  NotEqual,
  LessThan,
  LessThanEq,
  GreaterThan,
  GreaterThanEq,
  And,
  Or,
  Bang,
  Dot,
  Comma,
  Ellipsis,
  FatArrow,
  Question,
  Colon,
  TemplateInterp,
  TemplateControl,
  TemplateSeqEnd,
  QuotedLit,
  StringLit,
  NumberLit,
  Ident,
  Comment,
  Newline,
  EOF,
  Invalid,
}

export interface Tokens {
  /** The source text the offsets point into. */
  readonly text: string;
  /** Number of tokens; the last one is always EOF. */
  readonly count: number;
  readonly kinds: Uint8Array;
  /** UTF-16 offsets of each token's first character and of the character after its last. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Spaces written before each token; formatting rewrites these and nothing else. */
  readonly spaces: Int32Array;
  /** Offsets of text hclsyntax's scanner would reject (it would report them as invalid characters). */
  readonly invalidOffsets: readonly number[];
}

/** +1 for tokens that open a nesting level, -1 for those that close one (hclwrite's bracket counting). */
export function bracketChange(kind: Kind): number {
  switch (kind) {
    case Kind.OBrace:
    case Kind.OBrack:
    case Kind.OParen:
    case Kind.TemplateControl:
    case Kind.TemplateInterp:
      return 1;
    case Kind.CBrace:
    case Kind.CBrack:
    case Kind.CParen:
    case Kind.TemplateSeqEnd:
      return -1;
    default:
      return 0;
  }
}
