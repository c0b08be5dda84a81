/**
 * Input variables: declarations (`variable` blocks and legacy `variables {}`), their values from every source in
 * Packer's precedence order (default < PKR_VAR_ < auto var files < -var-file < -var), and validation rules.
 */
import type * as ast from '../hcl/ast.js';
import type { Diagnostic, Range } from '../hcl/diagnostic.js';
import type { HclFunction } from '../hcl/function.js';
import type { HclParser } from '../hcl/parse.js';
import { evaluate, type EvalContext } from '../hcl/eval/index.js';
import { envFunction } from '../hcl/functions/index.js';
import { ConversionError, convert } from '../hcl/convert.js';
import { applyDefaults, typeConstraint } from '../hcl/typeexpr.js';
import { DYNAMIC, type Type, Value, objectVal, stringVal, unknownVal } from '../hcl/value.js';
import { attributesOf, blocksOf } from './body.js';
import { error, posText } from './diagnostics.js';
import { labelCountError } from './labels.js';
import { unsupportedArgument, unsupportedBlock } from './unexpected-content.js';
import type { ConfigFile, ValueSource, Variable, VariableValidation } from './model.js';
import { MovedCache } from '../hcl/syntax/moved.js';
import { EvaluationMemo, ReusedObject, readsOf, type Read } from './memo.js';
import { attributeTraversals, traversalsOf } from './references.js';

/** hclsyntax.ValidIdentifier: what a variable or a local may be named. */
export const NAME_RE = /^[\p{L}_][\p{L}\p{N}_-]*$/u;
const VARIABLE_ATTRS = new Set(['type', 'default', 'description', 'sensitive', 'nullable']);
const VARIABLE_CONTENT = { attributes: [...VARIABLE_ATTRS], blocks: ['validation'] };
const VALIDATION_CONTENT = { attributes: ['condition', 'error_message'], blocks: [] };

function isEmptyCollectionLiteral(e: ast.Expression): boolean {
  return (e.kind === 'tuple' && e.items.length === 0) || (e.kind === 'object' && e.items.length === 0);
}

/**
 * A `variable` block's declaration with its diagnostics, by block: an incremental parse hands back the blocks an
 * edit did not touch, so the language server declares only the edited one again. A default may read the
 * environment (`env()`), so an entry holds the values it read and is reused only while they are the same. A block
 * that only moved (lines added or removed above it, hcl/syntax/shift.ts) keeps its declaration, whose ranges are
 * the block's own and moved with it; one with diagnostics is declared again (their text names lines).
 */
interface Declared {
  readonly variable: Variable;
  readonly diags: readonly Diagnostic[];
  readonly envRead: ReadonlyMap<string, string | undefined>;
}
const declarations = new MovedCache<ast.Block, Declared | undefined>((d) => (d && d.diags.length === 0 ? d : undefined));

function declareCached(block: ast.Block, env: Readonly<Record<string, string | undefined>>, diags: Diagnostic[]): Variable | undefined {
  const cached = declarations.get(block);
  if (cached && [...cached.envRead].every(([k, v]) => env[k] === v)) {
    diags.push(...cached.diags);
    return { ...cached.variable };
  }
  const envRead = new Map<string, string | undefined>();
  // The same env() as every default gets, reading through a view that notes each variable it reads.
  const recorded = new Proxy(env, {
    get: (target, key) => {
      const value = typeof key === 'string' ? target[key] : undefined;
      if (typeof key === 'string') envRead.set(key, value);
      return value;
    },
  });
  const own: Diagnostic[] = [];
  const v = declareOne(block, { functions: new Map([['env', envFunction(recorded)]]) }, own);
  diags.push(...own);
  declarations.set(block, v ? { variable: { ...v }, diags: own, envRead } : undefined);
  return v;
}

/** The condition and message of a `validation` block. */
function validationParts(b: ast.Block): { cond?: ast.Attribute; msg?: ast.Attribute } {
  const attrs = attributesOf(b.body);
  return { cond: attrs.find((a) => a.name === 'condition'), msg: attrs.find((a) => a.name === 'error_message') };
}

function declRangeOf(block: ast.Block): Range {
  return { file: block.range.file, start: block.typeRange.start, end: block.openBraceRange.start };
}

/** Collects the declarations of every config file. */
export function declareVariables(
  files: readonly ConfigFile[],
  env: Readonly<Record<string, string | undefined>>,
  diags: Diagnostic[],
): Map<string, Variable> {
  const vars = new Map<string, Variable>();
  const defaultCtx: EvalContext = { functions: new Map([['env', envFunction(env)]]) };
  const add = (v: Variable) => {
    const prev = vars.get(v.name);
    if (prev) {
      diags.push(error('Duplicate variable', `Duplicate ${v.name} variable definition found.`, v.nameRange));
      return;
    }
    if (!NAME_RE.test(v.name)) {
      diags.push(
        error(
          'Invalid variable name',
          'A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.',
          v.nameRange,
        ),
      );
    }
    vars.set(v.name, v);
  };

  for (const file of files) {
    if (file.kind !== 'config') continue;
    for (const block of blocksOf(file.ast.body)) {
      if (block.type === 'variable') {
        const v = declareCached(block, env, diags);
        if (v) add(v);
      } else if (block.type === 'variables') {
        for (const a of attributesOf(block.body)) {
          const r = evaluate(a.expr, defaultCtx);
          diags.push(...r.diagnostics);
          add({
            name: a.name,
            declRange: a.range,
            nameRange: a.nameRange,
            type: isEmptyCollectionLiteral(a.expr) ? DYNAMIC : r.value.type,
            description: '',
            sensitive: false,
            nullable: true,
            default: r.value,
            defaultRange: a.expr.range,
            validations: [],
            value: r.value,
            source: 'default',
            valueRange: a.expr.range,
          });
        }
      }
    }
  }
  return vars;
}

function declareOne(block: ast.Block, ctx: EvalContext, diags: Diagnostic[]): Variable | undefined {
  const labelError = labelCountError(block, ['name']);
  if (labelError) diags.push(labelError);
  const label = block.labels[0];
  if (!label) return undefined;
  let type: Type = DYNAMIC;
  let typeRange: Range | undefined;
  let description = '';
  let sensitive = false;
  let defaultValue: Value | undefined;
  let defaultRange: Range | undefined;
  let defaultExpr: ast.Expression | undefined;
  let nullable = true;
  const validations: VariableValidation[] = [];

  for (const item of block.body.items) {
    if (item.kind === 'block') {
      if (item.type !== 'validation') {
        diags.push(unsupportedBlock(item.type, item.typeRange, VARIABLE_CONTENT));
        continue;
      }
      const { cond, msg } = validationParts(item);
      if (!cond) {
        diags.push(missingArgument('condition', item.openBraceRange));
        continue;
      }
      validations.push({ condition: cond.expr, errorMessage: msg?.expr, range: item.typeRange });
      checkValidation(label.value, cond.expr, msg?.expr, diags);
      for (const a of attributesOf(item.body)) {
        if (a.name !== 'condition' && a.name !== 'error_message') diags.push(unsupportedArgument(a.name, a.nameRange, VALIDATION_CONTENT));
      }
      continue;
    }
    if (!VARIABLE_ATTRS.has(item.name)) {
      diags.push(unsupportedArgument(item.name, item.nameRange, VARIABLE_CONTENT));
      continue;
    }
    switch (item.name) {
      case 'type': {
        const r = typeConstraint(item.expr);
        diags.push(...r.diagnostics);
        type = r.type;
        typeRange = item.expr.range;
        break;
      }
      case 'default':
        defaultExpr = item.expr;
        defaultRange = item.expr.range;
        break;
      case 'description': {
        const r = evaluate(item.expr, {});
        diags.push(...r.diagnostics);
        if (r.value.type.kind === 'string' && typeof r.value.raw === 'string') description = r.value.raw;
        break;
      }
      case 'sensitive':
      case 'nullable': {
        const r = evaluate(item.expr, {});
        diags.push(...r.diagnostics);
        const b = r.value.raw === true;
        if (item.name === 'sensitive') sensitive = b;
        else nullable = b || r.value.raw === null;
        break;
      }
    }
  }

  if (defaultExpr) {
    const r = evaluate(defaultExpr, ctx);
    diags.push(...r.diagnostics);
    let v = r.value;
    if (!typeRange && !isEmptyCollectionLiteral(defaultExpr) && !v.isNull) type = v.type;
    if (typeRange && r.diagnostics.length === 0) {
      try {
        v = convert(applyDefaults(v, type), type);
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        diags.push(
          error(
            'Invalid default value for variable',
            `This default value is not compatible with the variable's type constraint: ${e.message}.`,
            defaultExpr.range,
          ),
        );
        v = unknownVal(type);
      }
    }
    defaultValue = v;
  }

  const v: Variable = {
    name: label.value,
    declRange: declRangeOf(block),
    nameRange: label.range,
    type,
    ...(typeRange ? { typeRange } : {}),
    description,
    sensitive,
    nullable,
    ...(defaultValue ? { default: defaultValue, defaultRange } : {}),
    validations,
    value: defaultValue ?? unknownVal(type),
    source: defaultValue ? 'default' : 'unset',
    ...(defaultRange ? { valueRange: defaultRange } : {}),
  };
  return v;
}

function checkValidation(name: string, cond: ast.Expression, msg: ast.Expression | undefined, diags: Diagnostic[]): void {
  const refs = traversalsOf(cond);
  let self = false;
  for (const t of refs) {
    if (t.root === 'var' && t.steps[0]?.name === name) {
      self = true;
      continue;
    }
    diags.push(
      error(
        'Invalid reference in variable validation',
        `The condition for variable "${name}" can only refer to the variable itself, using var.${name}.`,
        t.range,
      ),
    );
  }
  if (!self && !refs.some((t) => t.root === 'var')) {
    diags.push(
      error(
        'Invalid variable validation condition',
        `The condition for variable "${name}" must refer to var.${name} in order to test incoming values.`,
        cond.range,
      ),
    );
  }
  if (msg) {
    const r = evaluate(msg, {});
    if (r.diagnostics.length === 0 && typeof r.value.raw === 'string' && !looksLikeSentence(r.value.raw)) {
      diags.push(
        error(
          'Invalid validation error message',
          'Validation error message must be at least one full English sentence starting with an uppercase letter and ending with a period or question mark.',
          msg.range,
        ),
      );
    }
  }
}

function looksLikeSentence(s: string): boolean {
  const t = s.trim();
  if (t === '') return false;
  const first = t[0]!;
  const last = t[t.length - 1]!;
  if (/\p{L}/u.test(first) && first !== first.toUpperCase()) return false;
  return last === '.' || last === '?' || last === '!';
}

export function missingArgument(name: string, range: Range): Diagnostic {
  return error(
    'Missing required argument',
    `The argument "${name}" is required, but no definition was found.`,
    range,
    'missing-argument',
  );
}

/** Whether a raw string (from PKR_VAR_ or -var) is taken literally rather than parsed as an expression. */
function takesRawString(t: Type): boolean {
  return t.kind === 'string' || t.kind === 'number' || t.kind === 'dynamic';
}

export interface VariableInputs {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Auto var files then -var-file files, already parsed, in precedence order. */
  readonly varFiles: readonly ConfigFile[];
  readonly vars: readonly (readonly [string, string])[];
  readonly parser: HclParser;
  readonly warnUndeclared: boolean;
}

/** Assigns values from env, var files and -var in precedence order (later wins). */
export function assignVariables(vars: Map<string, Variable>, inputs: VariableInputs, diags: Diagnostic[]): void {
  const set = (v: Variable, value: Value, source: ValueSource, range: Range | undefined) => {
    v.value = value;
    v.source = source;
    if (range) v.valueRange = range;
    else delete v.valueRange;
  };
  const fromRaw = (v: Variable, raw: string, what: string): Value | undefined => {
    if (takesRawString(v.type)) return stringVal(raw);
    const parsed = inputs.parser.parseExpression(raw, what);
    if (parsed.diagnostics.length > 0) {
      diags.push(...parsed.diagnostics);
      return undefined;
    }
    const r = evaluate(parsed.expr, {});
    if (r.diagnostics.length > 0) {
      diags.push(...r.diagnostics);
      return undefined;
    }
    return r.value;
  };

  for (const [key, raw] of Object.entries(inputs.env)) {
    if (!key.startsWith('PKR_VAR_') || raw === undefined) continue;
    const v = vars.get(key.slice('PKR_VAR_'.length));
    if (!v) continue;
    const value = fromRaw(v, raw, `<value for var.${v.name} from env>`);
    if (!value) continue;
    const converted = convertValue(v, value, diags, 'Invalid value for variable', 'The value for');
    if (converted) set(v, converted, 'env', undefined);
  }

  for (const file of inputs.varFiles) {
    for (const item of file.ast.body.items) {
      if (item.kind === 'block') {
        diags.push(
          item.type === 'variable'
            ? error(
                'Variable declaration in a .pkrvar file',
                `A .pkrvar file is used to assign values to variables that have already been declared in .pkr files, not to declare new variables. To declare variable "${item.labels[0]?.value ?? ''}", place this block in one of your .pkr files, such as variables.pkr.hcl\n\nTo set a value for this variable in ${file.path}, use the definition syntax instead:\n    ${item.labels[0]?.value ?? ''} = <value>`,
                item.typeRange,
              )
            : unsupportedBlock(item.type, item.typeRange),
        );
        continue;
      }
      const v = vars.get(item.name);
      if (!v) {
        if (inputs.warnUndeclared) {
          diags.push({
            severity: 'warning',
            summary: 'Undefined variable',
            detail: `The variable "${item.name}" was set but was not declared as an input variable.\nTo declare variable "${item.name}" place this block in one of your .pkr.hcl files, such as variables.pkr.hcl\n\nvariable "${item.name}" {\n  type    = string\n  default = null\n}`,
            context: item.range,
            code: 'undeclared-variable',
          });
        }
        continue;
      }
      const r = evaluate(item.expr, {});
      diags.push(...r.diagnostics);
      if (r.diagnostics.some((d) => d.severity === 'error')) continue;
      const converted = convertValue(v, r.value, diags, 'Invalid value for variable', 'The value for', item.expr.range);
      if (converted) set(v, converted, 'varfile', item.expr.range);
    }
  }

  for (const [name, raw] of inputs.vars) {
    const v = vars.get(name);
    if (!v) {
      diags.push(
        error(
          'Undefined -var variable',
          `A "${name}" variable was passed in the command line but was not found in known variables. To declare variable "${name}", place this block in one of your .pkr files, such as variables.pkr.hcl`,
        ),
      );
      continue;
    }
    const value = fromRaw(v, raw, `<value for var.${name} from arguments>`);
    if (!value) continue;
    const converted = convertValue(v, value, diags, 'Invalid argument value for -var variable', 'The received arg value for');
    if (converted) set(v, converted, 'cmd', undefined);
  }

  for (const v of vars.values()) {
    if (v.source === 'unset') {
      diags.push(
        error(
          `Unset variable "${v.name}"`,
          'A used variable must be set or have a default value; see https://packer.io/docs/templates/hcl_templates/syntax for details.',
          v.declRange,
          'unset-variable',
        ),
      );
    }
    if (!v.nullable && v.value.isNull) {
      diags.push(error('Invalid value for variable', `The value for ${v.name} must not be null.`, v.valueRange ?? v.declRange));
    }
    if (v.sensitive) v.value = v.value.withMarks(['sensitive']);
  }
}

function convertValue(
  v: Variable,
  value: Value,
  diags: Diagnostic[],
  summary: string,
  lead: string,
  range?: Range,
): Value | undefined {
  try {
    return convert(applyDefaults(value, v.type), v.type);
  } catch (e) {
    if (!(e instanceof ConversionError)) throw e;
    diags.push(error(summary, `${lead} ${v.name} is not compatible with the variable's type constraint: ${e.message}.`, range));
    return undefined;
  }
}

const varObjects = new ReusedObject();

/** The `var` object seen by expressions. */
export function varObject(vars: ReadonlyMap<string, Variable>): Value {
  const list = [...vars.values()];
  return varObjects.of(
    list.map((v) => v.name),
    list.map((v) => v.value),
  );
}

/**
 * Validation conditions evaluated, by their syntax and the variable's value (memo.ts); what a failure reports
 * (the value's source and range, the message) is built afresh each time.
 */
const conditions = new EvaluationMemo<Value>();

/** Evaluates every validation rule of every variable against its winning value. */
export function validateVariables(
  vars: ReadonlyMap<string, Variable>,
  functions: ReadonlyMap<string, HclFunction>,
  diags: Diagnostic[],
): void {
  for (const v of vars.values()) {
    if (v.validations.length === 0 || v.source === 'unset') continue;
    // A condition sees only its own variable: its value is the one input, and a remembered result needs no scope.
    let ctx: EvalContext | undefined;
    const context = () => (ctx ??= { variables: new Map([['var', objectVal(new Map([[v.name, v.value]]))]]), functions });
    const input = (r: Read) => (r.root === 'var' ? v.value : undefined);
    for (const rule of v.validations) {
      const cond = rule.condition;
      const r = conditions.run(cond, cond, readsOf(cond, () => attributeTraversals(cond)), { context, functions, input }, () => {
        const e = evaluate(cond, context());
        return { result: e.value, diagnostics: e.diagnostics };
      });
      if (r.diagnostics.length > 0) {
        diags.push(...r.diagnostics);
        continue;
      }
      if (!r.result.isKnown) continue;
      if (r.result.isNull || r.result.type.kind !== 'bool') {
        diags.push(
          error(
            'Invalid variable validation result',
            'The validation condition must return a boolean value, either true or false.',
            rule.condition.range,
          ),
        );
        continue;
      }
      if (r.result.raw === true) continue;
      const msg = rule.errorMessage ? evaluate(rule.errorMessage, {}) : undefined;
      const text = msg && typeof msg.value.raw === 'string' ? msg.value.raw : 'The value is not valid.';
      diags.push({
        ...error(
          `Invalid value for ${v.source} variable`,
          `${text}\n\nThis was checked by the validation rule at ${posText(rule.range)}.`,
          v.valueRange ?? v.declRange,
          'variable-validation',
        ),
        context: rule.condition.range,
      });
    }
  }
}

