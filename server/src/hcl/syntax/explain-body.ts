/**
 * Body items read from the text as hclsyntax's ParseBody and ParseBodyItem read them, up to the first error:
 * for ERROR nodes that swallowed whole items and for items whose conversion reported errors (see explain.ts
 * for the values inside them).
 */
import { ValueReader, Unmodelled, err, type ValueError, type ValueExplanation } from './explain.js';
import { afterItem, closingQuote, scanToken, seekCloser, type Token } from './text-tokens.js';

/**
 * Reads body items from `from` as hclsyntax's ParseBody would, until its first error. `nested`: the items are
 * inside a block, so an unmatched "}" ends them; `single`: only the item at `from` is read.
 */
export function explainBody(
  text: string,
  from: number,
  context: { readonly recovering: boolean; readonly nested: boolean; readonly single?: boolean },
): ValueExplanation | undefined {
  try {
    const item = { start: from };
    const explained = readBody(text, from, context.recovering, context.nested, context.single === true, item);
    return explained && { ...explained, item: Math.min(item.start, explained.resume) };
  } catch (e) {
    if (e instanceof Unmodelled) return undefined;
    throw e;
  }
}

/** `item.start`: set to where each item read starts, so the one with the error is known (end of file: none). */
function readBody(text: string, from: number, recovering: boolean, nested: boolean, single: boolean, item: { start: number }): ValueExplanation | undefined {
  const blocks: { typeStart: number; brace: Token }[] = [];
  const guarded = (error: ValueError, resume: number): ValueExplanation => ({ errors: recovering ? [] : [error], resume });
  let at = from;
  for (let steps = 0; steps < 100_000; steps++) {
    const tok = scanToken(text, at, true);
    if (tok.type === 'newline') {
      at = tok.end;
      continue;
    }
    item.start = tok.start;
    if (tok.type === 'eof') {
      const open = blocks.pop();
      if (!open) return undefined;
      return guarded(err('Unclosed configuration block', 'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', open.brace.start, open.brace.end), text.length);
    }
    if (tok.type === '}') {
      const open = blocks.pop();
      if (!open) {
        if (nested) return undefined;
        return guarded(err('Argument or block definition required', 'An argument or block definition is required here.', tok.start, tok.end), text.length);
      }
      const after = scanToken(text, tok.end, true);
      if (after.type !== 'newline' && after.type !== 'eof') {
        item.start = after.start;
        return guarded(err('Missing newline after block definition', 'A block definition must end with a newline.', after.start, after.end, [open.typeStart, after.end]), afterItem(text, after.start));
      }
      if (single && blocks.length === 0) return undefined;
      at = tok.end;
      continue;
    }
    if (tok.type === 'oquote') return guarded(err('Invalid argument name', 'Argument names must not be quoted.', tok.start, tok.end), text.length);
    if (tok.type !== 'ident') return guarded(err('Argument or block definition required', 'An argument or block definition is required here.', tok.start, tok.end), text.length);
    const head = explainItemHead(text, tok.start, recovering);
    if (head) return head;
    let next = scanToken(text, tok.end, true);
    if (next.type === '=') {
      const reader = new ValueReader(text, { nameStart: tok.start, recovering });
      const explained = reader.read(next.end);
      if (explained) return explained;
      const end = scanToken(text, reader.end, true);
      if (end.type === '}' || end.type === ',') {
        const [summary, detail] =
          end.type === ','
            ? ['Unexpected comma after argument', 'Argument definitions must be separated by newlines, not commas. An argument definition must end with a newline.']
            : ['Missing newline after argument', 'An argument definition must end with a newline.'];
        return guarded(err(summary, detail, end.start, end.end, [tok.start, end.end]), afterItem(text, end.start));
      }
      if (single && blocks.length === 0) return undefined;
      at = end.start;
      continue;
    }
    // A block header (explainItemHead found it well-formed up to "{").
    while (next.type !== '{') {
      if (next.type === 'oquote') next = scanToken(text, closingQuote(text, next.end) ?? text.length, true);
      else if (next.type === 'ident') next = scanToken(text, next.end, true);
      else throw new Unmodelled();
    }
    const first = scanToken(text, next.end, true);
    if (first.type !== 'newline' && first.type !== 'eof' && first.type !== '}') {
      const single = singleLineBlock(text, tok.start, next, first, recovering);
      if (typeof single !== 'number') return single;
      at = single;
      continue;
    }
    blocks.push({ typeStart: tok.start, brace: next });
    at = next.end;
  }
  throw new Unmodelled();
}

/** `a { b = 1 }`: hclsyntax's single-argument block body. Returns its error, or the offset after the block. */
function singleLineBlock(text: string, typeStart: number, brace: Token, name: Token, recovering: boolean): ValueExplanation | number {
  const guarded = (error: ValueError, resume: number): ValueExplanation => ({ errors: recovering ? [] : [error], resume });
  if (name.type !== 'ident') {
    return { errors: [err('Argument or block definition required', 'An argument or block definition is required here.', name.start, name.end)], resume: afterItem(text, name.end) };
  }
  const eq = scanToken(text, name.end, true);
  if (eq.type === 'oquote' || eq.type === '{' || eq.type === 'ident') {
    const detail = `A single-line block definition can contain only a single argument. If you meant to define argument "${text.slice(name.start, name.end)}", use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`;
    return { errors: [err('Argument definition required', detail, name.start, eq.end)], resume: afterItem(text, name.end) };
  }
  if (eq.type !== '=') {
    return { errors: [err('Argument or block definition required', 'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.', name.start, name.end)], resume: afterItem(text, name.end) };
  }
  const reader = new ValueReader(text, { nameStart: name.start, recovering, singleLine: true });
  const explained = reader.read(eq.end);
  if (explained) return explained;
  const close = scanToken(text, reader.end, true);
  const resume = (): number => seekCloser(text, close.start, '}');
  switch (close.type) {
    case '}': {
      const eol = scanToken(text, close.end, true);
      if (eol.type === 'newline' || eol.type === 'eof') return close.end;
      return guarded(err('Missing newline after block definition', 'A block definition must end with a newline.', eol.start, eol.end, [typeStart, eol.end]), afterItem(text, eol.start));
    }
    case ',':
      return { errors: [err('Invalid single-argument block definition', 'Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.', close.start, close.end)], resume: resume() };
    case 'newline':
      return {
        errors: [err('Invalid single-argument block definition', "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.", close.start, close.end)],
        resume: resume(),
      };
    case 'eof':
      return guarded(err('Unclosed configuration block', 'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.', brace.start, brace.end, [typeStart, brace.end]), text.length);
    default:
      return guarded(err('Invalid single-argument block definition', 'A single-line block definition must end with a closing brace immediately after its single argument definition.', close.start, close.end), resume());
  }
}

/**
 * The start of a body item at `start`, as hclsyntax's ParseBodyItem reads it: a name, then "=" (an argument,
 * whose value is explainValue's) or block labels up to "{". Returns the error hclsyntax reports when the item
 * cannot be an argument or a block, with where its recovery (the end of the item's line, brackets balanced)
 * resumes; undefined when the head is well-formed or does not start with a name.
 */
function explainItemHead(text: string, start: number, recovering: boolean): ValueExplanation | undefined {
  const name = scanToken(text, start, true);
  if (name.type !== 'ident') return undefined;
  let tok = scanToken(text, name.end, true);
  if (tok.type === '=') return undefined;
  if (tok.type !== '{' && tok.type !== 'oquote' && tok.type !== 'ident') {
    const error = err('Argument or block definition required', 'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.', name.start, name.end);
    return { errors: [error], resume: afterItem(text, name.end) };
  }
  for (;;) {
    if (tok.type === '{') return undefined;
    if (tok.type === 'oquote') {
      const close = closingQuote(text, tok.end);
      const nl = text.indexOf('\n', tok.end);
      // A label with a newline or no end is the string reading's business.
      if (close === undefined || (nl !== -1 && nl < close)) return undefined;
      tok = scanToken(text, close, true);
      continue;
    }
    if (tok.type === 'ident') {
      tok = scanToken(text, tok.end, true);
      continue;
    }
    break;
  }
  const context = [name.start, tok.end] as const;
  const resume = afterItem(text, tok.type === 'newline' ? tok.start : tok.end);
  if (tok.type === '=') {
    return { errors: [err('Invalid block definition', 'The equals sign "=" indicates an argument definition, and must not be used when defining a block.', tok.start, tok.end, context)], resume };
  }
  if (tok.type === 'newline') {
    return { errors: [err('Invalid block definition', 'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.', tok.start, tok.end, context)], resume };
  }
  const error = err('Invalid block definition', 'Either a quoted string block label or an opening brace ("{") is expected here.', tok.start, tok.end, context);
  return { errors: recovering ? [] : [error], resume };
}
