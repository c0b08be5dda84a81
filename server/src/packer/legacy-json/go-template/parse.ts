/**
 * The parser of Go's text/template (parse tree, `String()` renderings and error messages as Go has them).
 * `hcl2_upgrade` re-renders actions with `String()`, so those renderings must match Go's byte for byte.
 */
import { goQuote, lex, type Item, type ItemType } from './lex.js';
import { goUnquote } from './unquote.js';

export type Arg =
  | { readonly kind: 'identifier'; readonly name: string; readonly pos: number }
  | { readonly kind: 'field'; readonly idents: readonly string[]; readonly pos: number }
  | { readonly kind: 'variable'; readonly idents: readonly string[]; readonly pos: number }
  | { readonly kind: 'dot'; readonly pos: number }
  | { readonly kind: 'nil'; readonly pos: number }
  | { readonly kind: 'bool'; readonly value: boolean; readonly pos: number }
  | { readonly kind: 'number'; readonly text: string; readonly value: number; readonly isInt: boolean; readonly pos: number }
  | { readonly kind: 'string'; readonly quoted: string; readonly text: string; readonly pos: number }
  | { readonly kind: 'chain'; readonly node: Arg; readonly fields: readonly string[]; readonly pos: number }
  | Pipe;

export interface Command {
  readonly kind: 'command';
  readonly args: Arg[];
  readonly pos: number;
}

export interface Pipe {
  readonly kind: 'pipe';
  readonly decls: string[];
  isAssign: boolean;
  readonly cmds: Command[];
  readonly pos: number;
}

export type Node =
  | { readonly kind: 'text'; readonly text: string; readonly pos: number }
  | { readonly kind: 'action'; readonly pipe: Pipe; readonly pos: number }
  /** if / range / with / template / block / break / continue: Go node type name kept for error messages. */
  | { readonly kind: 'other'; readonly goType: string; readonly pos: number };

export interface Tree {
  readonly name: string;
  readonly text: string;
  readonly root: readonly Node[];
}

export class TemplateError extends Error {}

/** Go's text/template builtins: known to the parser even when the caller does not define them. */
export const BUILTINS = new Set(['and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne']);

type Control = { readonly kind: 'end' | 'else'; readonly pos: number };

export function parseTemplate(name: string, text: string, functions: ReadonlySet<string>): Tree {
  return new Parser(name, text, functions).parse();
}

class Parser {
  private readonly items: Item[];
  private index = 0;
  private current: Item;
  private vars: string[] = ['$'];
  private rangeDepth = 0;

  constructor(
    private readonly name: string,
    private readonly text: string,
    private readonly functions: ReadonlySet<string>,
  ) {
    this.items = lex(text);
    this.current = this.items[0];
  }

  parse(): Tree {
    const root: Node[] = [];
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const mark = this.index;
        this.next();
        const t = this.nextNonSpace();
        if (t.type === 'keyword' && t.value === 'define') {
          this.defineControl();
          continue;
        }
        this.index = mark;
      }
      const n = this.textOrAction();
      if ('kind' in n && (n.kind === 'end' || n.kind === 'else')) this.errorf(`unexpected {{${n.kind}}}`);
      root.push(n as Node);
    }
    return { name: this.name, text: this.text, root };
  }

  private errorf(message: string): never {
    throw new TemplateError(`template: ${this.name}:${this.current.line}: ${message}`);
  }

  private next(): Item {
    const item = this.items[Math.min(this.index, this.items.length - 1)];
    this.index++;
    this.current = item;
    if (item.type === 'error') this.errorf(item.value);
    return item;
  }

  private peek(): Item {
    return this.items[Math.min(this.index, this.items.length - 1)];
  }

  private nextNonSpace(): Item {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }

  /** Like Go: the spaces before the token are consumed, the token itself is not. */
  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private backup(): void {
    this.index--;
  }

  private unexpected(item: Item, context: string): never {
    this.errorf(`unexpected ${describe(item)} in ${context}`);
  }

  private expect(type: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  private textOrAction(): Node | Control {
    const t = this.nextNonSpace();
    if (t.type === 'text') return { kind: 'text', text: t.value, pos: t.pos };
    if (t.type === 'leftDelim') return this.action();
    this.unexpected(t, 'input');
  }

  private action(): Node | Control {
    const t = this.nextNonSpace();
    if (t.type === 'keyword') {
      switch (t.value) {
        case 'end':
          return { kind: 'end', pos: this.expect('rightDelim', 'end').pos };
        case 'else': {
          const p = this.peekNonSpace();
          if (p.type === 'keyword' && (p.value === 'if' || p.value === 'with')) return { kind: 'else', pos: p.pos };
          return { kind: 'else', pos: this.expect('rightDelim', 'else').pos };
        }
        case 'if':
          return this.control('if', 'IfNode', t.pos);
        case 'with':
          return this.control('with', 'WithNode', t.pos);
        case 'range':
          return this.control('range', 'RangeNode', t.pos);
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) this.errorf(`{{${t.value}}} outside {{range}}`);
          this.expect('rightDelim', `{{${t.value}}}`);
          return { kind: 'other', goType: t.value === 'break' ? 'BreakNode' : 'ContinueNode', pos: t.pos };
        case 'template':
        case 'block':
          return this.templateControl(t.value, t.pos);
        default:
          break;
      }
    }
    this.backup();
    const p = this.peek();
    return { kind: 'action', pipe: this.pipeline('command', 'rightDelim'), pos: p.pos };
  }

  private control(context: string, goType: string, pos: number): Node {
    const saved = this.vars.length;
    this.pipeline(context, 'rightDelim');
    if (context === 'range') this.rangeDepth++;
    let next = this.itemList();
    if (context === 'range') this.rangeDepth--;
    if (next.kind === 'else') {
      const p = this.peek();
      if ((context === 'if' || context === 'with') && p.type === 'keyword' && p.value === context) {
        this.next();
        this.control(context, goType, p.pos);
      } else {
        next = this.itemList();
        if (next.kind !== 'end') this.errorf(`expected end; found {{${next.kind}}}`);
      }
    }
    this.vars.length = saved;
    return { kind: 'other', goType, pos };
  }

  private itemList(): Control {
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return n;
    }
    this.errorf('unexpected EOF');
  }

  private templateName(context: string): void {
    const t = this.nextNonSpace();
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, context);
    if (goUnquote(t.value) === undefined) this.errorf('invalid syntax');
  }

  private templateControl(keyword: string, pos: number): Node {
    const context = `${keyword} clause`;
    this.templateName(context);
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      this.pipeline(context, 'rightDelim');
    }
    if (keyword === 'block') {
      const end = this.itemList();
      if (end.kind !== 'end') this.errorf(`unexpected {{else}} in block clause`);
    }
    return { kind: 'other', goType: 'TemplateNode', pos };
  }

  private defineControl(): void {
    this.templateName('define clause');
    this.expect('rightDelim', 'define end');
    const end = this.itemList();
    if (end.kind !== 'end') this.errorf(`unexpected {{else}} in define clause`);
  }

  private pipeline(context: string, end: ItemType): Pipe {
    const pipe: Pipe = { kind: 'pipe', decls: [], isAssign: false, cmds: [], pos: this.peekNonSpace().pos };
    const v = this.peekNonSpace();
    if (v.type === 'variable') {
      const mark = this.index;
      this.nextNonSpace();
      const after = this.peekNonSpace();
      if (after.type === 'assign' || after.type === 'declare') {
        pipe.isAssign = after.type === 'assign';
        this.nextNonSpace();
        pipe.decls.push(v.value);
        this.vars.push(v.value);
      } else if (after.type === 'char' && after.value === ',') {
        this.nextNonSpace();
        pipe.decls.push(v.value);
        this.vars.push(v.value);
        if (context !== 'range') this.errorf(`too many declarations in ${context}`);
        const second = this.nextNonSpace();
        if (second.type !== 'variable') this.errorf('range can only initialize variables');
        const op = this.nextNonSpace();
        if (op.type !== 'assign' && op.type !== 'declare') this.unexpected(op, context);
        pipe.decls.push(second.value);
        this.vars.push(second.value);
      } else {
        this.index = mark;
      }
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
        pipe.cmds.forEach((c, i) => {
          const first = c.args[0];
          if (i > 0 && ['bool', 'dot', 'nil', 'number', 'string'].includes(first.kind)) {
            this.errorf(`non executable command in pipeline stage ${i + 1}`);
          }
        });
        return pipe;
      }
      switch (t.type) {
        case 'bool':
        case 'charConstant':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private command(): Command {
    const cmd: Command = { kind: 'command', args: [], pos: this.peekNonSpace().pos };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Arg | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().type !== 'field') return node;
    const fields: string[] = [];
    const pos = this.peek().pos;
    while (this.peek().type === 'field') fields.push(...this.next().value.slice(1).split('.'));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', idents: [...node.idents, ...fields], pos };
      case 'variable':
        return { kind: 'variable', idents: [...node.idents, ...fields], pos };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${goQuote(argString(node))}`);
      default:
        return { kind: 'chain', node, fields, pos };
    }
  }

  private term(): Arg | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!this.functions.has(t.value) && !BUILTINS.has(t.value)) this.errorf(`function ${goQuote(t.value)} not defined`);
        return { kind: 'identifier', name: t.value, pos: t.pos };
      case 'dot':
        return { kind: 'dot', pos: t.pos };
      case 'nil':
        return { kind: 'nil', pos: t.pos };
      case 'variable': {
        const idents = t.value.split('.');
        if (!this.vars.includes(idents[0])) this.errorf(`undefined variable ${goQuote(idents[0])}`);
        return { kind: 'variable', idents, pos: t.pos };
      }
      case 'field':
        return { kind: 'field', idents: t.value.slice(1).split('.'), pos: t.pos };
      case 'bool':
        return { kind: 'bool', value: t.value === 'true', pos: t.pos };
      case 'charConstant':
      case 'number':
        return this.number(t);
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString': {
        const text = goUnquote(t.value);
        if (text === undefined) this.errorf('invalid syntax');
        return { kind: 'string', quoted: t.value, text, pos: t.pos };
      }
      default:
        this.backup();
        return undefined;
    }
  }

  private number(t: Item): Arg {
    if (t.type === 'charConstant') {
      const ch = goUnquote('"' + t.value.slice(1, -1).replace(/\\'/g, "'") + '"');
      if (ch === undefined || [...ch].length !== 1) this.errorf(`malformed character constant: ${t.value}`);
      return { kind: 'number', text: t.value, value: ch.codePointAt(0) ?? 0, isInt: true, pos: t.pos };
    }
    const clean = t.value.replace(/_/g, '');
    let value = Number.NaN;
    let isInt = false;
    if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(clean) || /^[+-]?0[bB][01]+$/.test(clean) || /^[+-]?0[oO][0-7]+$/.test(clean)) {
      const neg = clean.startsWith('-');
      value = Number(clean.replace(/^[+-]/, '')) * (neg ? -1 : 1);
      isInt = true;
    } else if (/^[+-]?0[0-7]+$/.test(clean)) {
      value = parseInt(clean, 8);
      isInt = true;
    } else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) {
      value = Number(clean);
      isInt = Number.isInteger(value);
      // Go reads integer-looking text as an integer only; one that does not fit (or is a bad octal) is refused.
      if (!/[.eEpP]/.test(clean) && (/^[+-]?0\d/.test(clean) || Math.abs(value) >= 2 ** 64)) {
        this.errorf(`integer overflow: ${goQuote(t.value)}`);
      }
    }
    if (Number.isNaN(value)) this.errorf(`illegal number syntax: ${goQuote(t.value)}`);
    return { kind: 'number', text: t.value, value, isInt, pos: t.pos };
  }
}

function describe(item: Item): string {
  if (item.type === 'eof') return 'EOF';
  if (item.type === 'keyword') return `<${item.value}>`;
  const chars = [...item.value];
  if (chars.length > 10) return goQuote(chars.slice(0, 10).join('')) + '...';
  return goQuote(item.value);
}

/** Go's Node.String() for command arguments. */
export function argString(arg: Arg): string {
  switch (arg.kind) {
    case 'identifier':
      return arg.name;
    case 'field':
      return arg.idents.map((i) => '.' + i).join('');
    case 'variable':
      return arg.idents.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return arg.value ? 'true' : 'false';
    case 'number':
      return arg.text;
    case 'string':
      return arg.quoted;
    case 'chain':
      return (arg.node.kind === 'pipe' ? `(${argString(arg.node)})` : argString(arg.node)) + arg.fields.map((f) => '.' + f).join('');
    case 'pipe':
      return pipeString(arg);
  }
}

export function commandString(cmd: Command): string {
  return cmd.args.map((a) => (a.kind === 'pipe' ? `(${pipeString(a)})` : argString(a))).join(' ');
}

export function pipeString(pipe: Pipe): string {
  const decl = pipe.decls.length > 0 ? pipe.decls.join(', ') + (pipe.isAssign ? ' = ' : ' := ') : '';
  return decl + pipe.cmds.map(commandString).join(' | ');
}

export function actionString(pipe: Pipe): string {
  return `{{${pipeString(pipe)}}}`;
}
