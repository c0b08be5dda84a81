/**
 * Executes a parsed Go template with no data (`tpl.Execute(w, nil)`), the way `hcl2_upgrade` runs templates:
 * text, actions, function calls with Go's argument checks and error messages. Control structures never reach
 * execution here (the upgrader refuses them before).
 */
import { utf8Length } from '../../../hcl/text.js';
import { argString, commandString, TemplateError, type Arg, type Command, type Pipe, type Tree } from './parse.js';

/** `any` accepts every value (Go's `interface{}` parameters of the builtins). */
export type ParamType = 'string' | 'int' | 'any';

export interface GoFunc {
  readonly params: readonly ParamType[];
  /** Element type of a trailing `...T` parameter. */
  readonly variadic?: ParamType;
  /** Throws to report a failing call (Go: a returned error or a recovered panic). */
  readonly call: (args: readonly (string | number)[]) => string;
}

type GoValue =
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'int' | 'float'; readonly v: number }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'invalid' };

const INVALID: GoValue = { t: 'invalid' };

export function execute(tree: Tree, funcs: ReadonlyMap<string, GoFunc>): string {
  return new Executor(tree, funcs).run();
}

type Located = Arg | Command;

class Executor {
  private vars: { name: string; value: GoValue }[] = [{ name: '$', value: INVALID }];
  private node: Located | undefined;

  constructor(
    private readonly tree: Tree,
    private readonly funcs: ReadonlyMap<string, GoFunc>,
  ) {}

  run(): string {
    let out = '';
    for (const n of this.tree.root) {
      if (n.kind === 'text') out += n.text;
      else if (n.kind === 'action') {
        const v = this.pipeline(n.pipe);
        if (n.pipe.decls.length === 0) out += print(v);
      } else this.errorf(`unknown node: ${n.goType}`);
    }
    return out;
  }

  private errorf(message: string): never {
    const name = this.tree.name;
    if (!this.node) throw new TemplateError(`template: ${name}: ${message}`);
    const before = this.tree.text.slice(0, this.node.pos);
    const nl = before.lastIndexOf('\n');
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = utf8Length(before, nl + 1);
    const context = this.node.kind === 'command' ? commandString(this.node) : argString(this.node);
    throw new TemplateError(`template: ${name}:${line}:${col}: executing "${name}" at <${context}>: ${message}`);
  }

  private pipeline(pipe: Pipe): GoValue {
    let value: GoValue | undefined;
    for (const cmd of pipe.cmds) value = this.command(cmd, value);
    const result = value ?? INVALID;
    for (const d of pipe.decls) {
      const existing = pipe.isAssign ? this.vars.find((v) => v.name === d) : undefined;
      if (existing) existing.value = result;
      else this.vars.push({ name: d, value: result });
    }
    return result;
  }

  private command(cmd: Command, final: GoValue | undefined): GoValue {
    const first = cmd.args[0];
    switch (first.kind) {
      case 'identifier':
        return this.call(first, cmd, cmd.args.slice(1), final);
      case 'field':
      case 'chain':
      case 'variable':
        return this.fieldLike(first, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.pipeline(first);
      default:
        this.node = first;
        this.notAFunction(cmd.args, final);
        return this.constant(first);
    }
  }

  private notAFunction(args: readonly Arg[], final: GoValue | undefined): void {
    if (args.length > 1 || final) this.errorf(`can't give argument to non-function ${argString(args[0])}`);
  }

  private constant(arg: Arg): GoValue {
    switch (arg.kind) {
      case 'bool':
        return { t: 'bool', v: arg.value };
      case 'dot':
        return INVALID;
      case 'nil':
        this.errorf('nil is not a command');
      case 'number':
        return { t: arg.isInt && !/[.eEpP]/.test(arg.text) ? 'int' : 'float', v: arg.value };
      case 'string':
        return { t: 'string', v: arg.text };
      default:
        this.errorf(`can't evaluate command ${argString(arg)}`);
    }
  }

  /** Fields of nil data and variables: Go yields "no value" without an error (missingkey=default). */
  private fieldLike(first: Arg, args: readonly Arg[], final: GoValue | undefined): GoValue {
    this.node = first;
    if (first.kind === 'variable') {
      const v = [...this.vars].reverse().find((x) => x.name === first.idents[0]);
      if (!v) this.errorf(`undefined variable: ${first.idents[0]}`);
      if (first.idents.length === 1) {
        this.notAFunction(args, final);
        return v.value;
      }
      if (v.value.t !== 'invalid') this.errorf(`can't evaluate field ${first.idents[1]} in type ${goTypeName(v.value)}`);
      return INVALID;
    }
    if (first.kind === 'chain') {
      const base = first.node.kind === 'pipe' ? this.pipeline(first.node) : this.argValue(first.node, undefined);
      if (base.t !== 'invalid') this.errorf(`can't evaluate field ${first.fields[0]} in type ${goTypeName(base)}`);
    }
    return INVALID;
  }

  private call(ident: Extract<Arg, { kind: 'identifier' }>, cmd: Command | Arg, args: readonly Arg[], final: GoValue | undefined): GoValue {
    this.node = ident;
    const name = ident.name;
    const fn = this.funcs.get(name) ?? BUILTIN_FUNCS.get(name);
    if (!fn) this.errorf(`${JSON.stringify(name)} is not a defined function`);
    const numIn = args.length + (final ? 1 : 0);
    const fixed = fn.params.length;
    if (fn.variadic) {
      if (numIn < fixed) this.errorf(`wrong number of args for ${name}: want at least ${fixed} got ${args.length}`);
    } else if (numIn !== fixed) {
      this.errorf(`wrong number of args for ${name}: want ${fixed} got ${numIn}`);
    }
    const argv: (string | number)[] = [];
    args.forEach((a, i) => {
      const type = i < fixed ? fn.params[i] : (fn.variadic ?? 'string');
      argv.push(this.arg(a, type));
    });
    if (final) {
      const i = numIn - 1;
      const type = i < fixed ? fn.params[i] : (fn.variadic ?? 'string');
      argv.push(this.validate(final, type));
    }
    try {
      return { t: 'string', v: fn.call(argv) };
    } catch (err) {
      this.node = cmd;
      this.errorf(`error calling ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private arg(a: Arg, type: ParamType): string | number {
    this.node = a;
    switch (a.kind) {
      case 'dot':
      case 'field':
      case 'variable':
      case 'chain':
      case 'pipe':
      case 'identifier':
        return this.validate(this.argValue(a, undefined), type);
      case 'nil':
        this.errorf(`cannot assign nil to ${type}`);
      case 'string':
        if (type !== 'int') return a.text;
        this.errorf(`expected integer; found ${argString(a)}`);
      case 'number':
        if (type === 'any') return print(this.constant(a));
        if (type === 'int' && a.isInt) return a.value;
        this.errorf(type === 'int' ? `expected integer; found ${a.text}` : `expected string; found ${a.text}`);
      case 'bool':
        if (type === 'any') return argString(a);
        this.errorf(type === 'int' ? `expected integer; found ${argString(a)}` : `expected string; found ${argString(a)}`);
    }
  }

  private argValue(a: Arg, final: GoValue | undefined): GoValue {
    switch (a.kind) {
      case 'pipe':
        return this.pipeline(a);
      case 'identifier':
        return this.call(a, a, [], final);
      case 'dot':
        return INVALID;
      case 'field':
      case 'chain':
      case 'variable':
        return this.fieldLike(a, [a], undefined);
      default:
        return this.constant(a);
    }
  }

  private validate(v: GoValue, type: ParamType): string | number {
    if (type === 'any') return v.t === 'string' ? v.v : print(v);
    if (v.t === 'invalid') this.errorf(`invalid value; expected ${type}`);
    if (type === 'string' && v.t === 'string') return v.v;
    if (type === 'int' && v.t === 'int') return v.v;
    this.errorf(`wrong type for value; expected ${type}; got ${goTypeName(v)}`);
  }
}

function goTypeName(v: GoValue): string {
  return v.t === 'float' ? 'float64' : v.t;
}

function print(v: GoValue): string {
  switch (v.t) {
    case 'invalid':
      return '<no value>';
    case 'string':
      return v.v;
    case 'bool':
      return v.v ? 'true' : 'false';
    case 'int':
      return String(v.v);
    case 'float':
      return goFloat(v.v);
  }
}

/** Go's %v of a float64 (strconv 'g' with the shortest precision, exponent when < -4 or >= 21). */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** The builtins a legacy template may plausibly use with literal arguments; the others fail to execute. */
const BUILTIN_FUNCS: ReadonlyMap<string, GoFunc> = new Map<string, GoFunc>([
  ['print', { params: [], variadic: 'any', call: (a) => a.join('') }],
  ['println', { params: [], variadic: 'any', call: (a) => a.join(' ') + '\n' }],
  ['len', { params: ['string'], call: ([s]) => String(Buffer.byteLength(String(s), 'utf8')) }],
]);
