/**
 * The token model the formatter works on: the same token kinds hclsyntax's scanner produces, because
 * hclwrite's formatting rules are written in terms of them. Only `spacesBefore` is ever changed.
 */

export type TokenKind =
  | 'OBrace'
  | 'CBrace'
  | 'OBrack'
  | 'CBrack'
  | 'OParen'
  | 'CParen'
  | 'OQuote'
  | 'CQuote'
  | 'OHeredoc'
  | 'CHeredoc'
  | 'Star'
  | 'Slash'
  | 'Plus'
  | 'Minus'
  | 'Percent'
  | 'Equal'
  | 'EqualOp'
  | 'NotEqual'
  | 'LessThan'
  | 'LessThanEq'
  | 'GreaterThan'
  | 'GreaterThanEq'
  | 'And'
  | 'Or'
  | 'Bang'
  | 'Dot'
  | 'Comma'
  | 'Ellipsis'
  | 'FatArrow'
  | 'Question'
  | 'Colon'
  | 'TemplateInterp'
  | 'TemplateControl'
  | 'TemplateSeqEnd'
  | 'QuotedLit'
  | 'StringLit'
  | 'NumberLit'
  | 'Ident'
  | 'Comment'
  | 'Newline'
  | 'EOF'
  | 'Invalid';

export interface FormatToken {
  readonly kind: TokenKind;
  /** The token's source text, exactly as written (never changed by formatting). */
  readonly text: string;
  /** UTF-16 offset of the token in the source. */
  readonly offset: number;
  /** Spaces written before the token; formatting rewrites this and nothing else. */
  spacesBefore: number;
}

/** +1 for tokens that open a nesting level, -1 for those that close one (hclwrite's bracket counting). */
export function bracketChange(kind: TokenKind): number {
  switch (kind) {
    case 'OBrace':
    case 'OBrack':
    case 'OParen':
    case 'TemplateControl':
    case 'TemplateInterp':
      return 1;
    case 'CBrace':
    case 'CBrack':
    case 'CParen':
    case 'TemplateSeqEnd':
      return -1;
    default:
      return 0;
  }
}

/** Newline tokens end a line; so do `#` and `//` comments, which own their terminating newline. */
export function endsLine(token: FormatToken): boolean {
  if (token.kind === 'Newline') return true;
  return token.kind === 'Comment' && token.text.endsWith('\n');
}
