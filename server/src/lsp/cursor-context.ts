/**
 * Where the cursor is, read from the text before it with a small HCL scanner rather than from the syntax tree:
 * a half-typed block or expression is exactly what the parser cannot make sense of yet, while brackets, strings,
 * comments and heredocs can always be followed.
 */

export interface BlockFrame {
  readonly kind: 'block';
  readonly type: string;
  readonly labels: readonly string[];
  /** The attribute being assigned at this block's body level, until the end of its line. */
  attribute?: string;
}

interface OtherFrame {
  readonly kind: 'brace' | 'bracket' | 'interp' | 'string' | 'heredoc';
  readonly marker?: string;
  /** For a bracket: the body-level attribute it belongs to. */
  readonly attribute?: string;
}

interface CallFrame {
  readonly kind: 'paren';
  readonly call?: string;
  argIndex: number;
}

type Frame = BlockFrame | OtherFrame | CallFrame;

export interface CursorContext {
  /** Enclosing blocks, outermost first. */
  readonly blocks: readonly BlockFrame[];
  readonly where: 'body' | 'expression' | 'string' | 'comment';
  /** The attribute whose value the cursor is in, for expression contexts. */
  readonly attribute?: string;
  /** The innermost function call the cursor is an argument of. */
  readonly call?: { readonly name: string; readonly argIndex: number };
  /** Text of the current line up to the cursor. */
  readonly linePrefix: string;
  /** The innermost frame is a list (`[`), e.g. `sources = [`. */
  readonly inList: boolean;
}

const HEADER = /^\s*([A-Za-z_][\w-]*)((?:\s+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*)\s*$/;
const LABEL = /"([^"\n]*)"|([A-Za-z_][\w-]*)/g;
const IDENT_BEFORE = /([A-Za-z_][\w-]*)\s*$/;

const TOP_LEVEL_HEADER = /^[A-Za-z_][\w-]*(?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*[ \t]*\{[ \t]*\r?$/;

/**
 * Where scanning can start: the last line before `offset` that opens a top-level block (a header at column 0).
 * Scanning a 5,000-line file from the top on every keystroke would dominate completion time.
 */
function restartPoint(text: string, offset: number): number {
  let lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  while (lineStart > 0) {
    const prevEnd = lineStart - 1;
    // lastIndexOf clamps a negative start to 0, which would find the newline at 0 again: stop there.
    const prevStart = prevEnd > 0 ? text.lastIndexOf('\n', prevEnd - 1) + 1 : 0;
    const c = text.charCodeAt(prevStart);
    if (((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) && TOP_LEVEL_HEADER.test(text.slice(prevStart, prevEnd))) return prevStart;
    lineStart = prevStart;
  }
  return 0;
}

export function cursorContext(text: string, offset: number): CursorContext {
  const stack: Frame[] = [];
  let lineStart = restartPoint(text, Math.min(offset, text.length));
  let i = lineStart;
  let comment: 'line' | 'block' | undefined;
  const end = Math.min(offset, text.length);
  const top = () => stack[stack.length - 1];
  const bodyFrame = (): BlockFrame | undefined => {
    const t = top();
    return t === undefined || t.kind === 'block' ? t : undefined;
  };
  let rootAttribute: string | undefined;

  while (i < end) {
    const c = text[i]!;
    const t = top();
    if (comment === 'line') {
      if (c === '\n') comment = undefined;
      else {
        i++;
        continue;
      }
    }
    if (comment === 'block') {
      if (c === '*' && text[i + 1] === '/') {
        comment = undefined;
        i += 2;
      } else {
        if (c === '\n') lineStart = i + 1;
        i++;
      }
      continue;
    }
    if (c === '\n') {
      lineStart = i + 1;
      const body = bodyFrame();
      if (body) body.attribute = undefined;
      else if (stack.length === 0) rootAttribute = undefined;
      if (t?.kind === 'heredoc') {
        const lineEnd = text.indexOf('\n', i + 1);
        const line = text.slice(i + 1, lineEnd === -1 ? text.length : lineEnd);
        if (line.trim() === t.marker && (lineEnd === -1 ? text.length : lineEnd) <= end) {
          stack.pop();
          i = lineEnd === -1 ? text.length : lineEnd;
          continue;
        }
      }
      i++;
      continue;
    }
    if (t?.kind === 'string' || t?.kind === 'heredoc') {
      if (c === '\\' && t.kind === 'string') i += 2;
      else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        if (text[i - 1] === c && text[i - 2] !== c) i += 2;
        else {
          stack.push({ kind: 'interp' });
          i += 2;
        }
      } else if (c === '"' && t.kind === 'string') {
        stack.pop();
        i++;
      } else i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      comment = 'line';
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      comment = 'block';
      i += 2;
      continue;
    }
    if (c === '"') {
      stack.push({ kind: 'string' });
      i++;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (m) {
        stack.push({ kind: 'heredoc', marker: m[1]! });
        i += m[0].length - 1;
        continue;
      }
    }
    if (c === '{') {
      const body = bodyFrame();
      const header = HEADER.exec(text.slice(lineStart, i));
      if ((body || stack.length === 0) && header && !(body?.attribute ?? rootAttribute)) {
        const labels = [...(header[2] ?? '').matchAll(LABEL)].map((m) => m[1] ?? m[2] ?? '');
        stack.push({ kind: 'block', type: header[1]!, labels });
      } else stack.push({ kind: 'brace' });
    } else if (c === '}') {
      // A `}` closing a template interpolation returns to the string it is in.
      stack.pop();
    } else if (c === '[') {
      stack.push({ kind: 'bracket', ...(attributeOf(stack, rootAttribute) ? { attribute: attributeOf(stack, rootAttribute)! } : {}) });
    } else if (c === ']' || c === ')') {
      if (t && t.kind !== 'block') stack.pop();
    } else if (c === '(') {
      const name = IDENT_BEFORE.exec(text.slice(Math.max(lineStart, i - 80), i))?.[1];
      stack.push({ kind: 'paren', ...(name ? { call: name } : {}), argIndex: 0 });
    } else if (c === ',' && t?.kind === 'paren') {
      t.argIndex++;
    } else if (c === '=' && text[i + 1] !== '=' && text[i - 1] !== '=' && text[i - 1] !== '!' && text[i - 1] !== '<' && text[i - 1] !== '>' && text[i + 1] !== '>') {
      const name = IDENT_BEFORE.exec(text.slice(lineStart, i))?.[1];
      const body = bodyFrame();
      if (body && name) body.attribute = name;
      else if (stack.length === 0 && name) rootAttribute = name;
    }
    i++;
  }

  const blocks = stack.filter((f): f is BlockFrame => f.kind === 'block');
  const t = top();
  const linePrefix = text.slice(lineStart, end);
  let call: CursorContext['call'];
  for (let k = stack.length - 1; k >= 0; k--) {
    const f = stack[k]!;
    if (f.kind === 'paren' && f.call) {
      call = { name: f.call, argIndex: f.argIndex };
      break;
    }
    if (f.kind === 'block') break;
  }
  const attribute = attributeOf(stack, rootAttribute);
  let where: CursorContext['where'];
  if (comment) where = 'comment';
  else if (t?.kind === 'string' || t?.kind === 'heredoc') where = 'string';
  else if ((t === undefined || t.kind === 'block') && !(t?.kind === 'block' ? t.attribute : rootAttribute)) where = 'body';
  else where = 'expression';
  return { blocks, where, ...(attribute ? { attribute } : {}), ...(call ? { call } : {}), linePrefix, inList: t?.kind === 'bracket' };
}

/** The body-level attribute whose value encloses the innermost frames. */
function attributeOf(stack: readonly Frame[], rootAttribute: string | undefined): string | undefined {
  for (let k = stack.length - 1; k >= 0; k--) {
    const f = stack[k]!;
    if (f.kind === 'block') return f.attribute;
    if (f.kind === 'bracket' && f.attribute) return f.attribute;
  }
  return rootAttribute;
}
