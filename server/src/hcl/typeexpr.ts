/**
 * Type constraint expressions (HCL ext/typeexpr): `string`, `list(number)`, `object({ a = optional(string, "x") })`,
 * with typeexpr's diagnostics, and the application of optional-attribute defaults to a value before conversion
 * (typeexpr.Defaults.Apply). Defaults are kept on the object types themselves (Type.defaults).
 */
import type { CallExpr, Expression } from './ast.js';
import type { Diagnostic, Range } from './diagnostic.js';
import { ConversionError, convert, unifyValues } from './convert.js';
import { evaluate } from './eval/evaluate.js';
import {
  BOOL,
  DYNAMIC,
  NUMBER,
  STRING,
  type Type,
  Value,
  elementsOf,
  entriesOfValue,
  listOf,
  mapOf,
  objectVal,
  setOf,
  setVal,
  tupleOf,
  tupleVal,
} from './value.js';

const SUMMARY = 'Invalid type specification';

export interface TypeResult {
  readonly type: Type;
  readonly diagnostics: Diagnostic[];
}

/** A type constraint as in a variable's `type`: `any` allowed, optional() with defaults allowed in objects. */
export function typeConstraint(expr: Expression): TypeResult {
  const diagnostics: Diagnostic[] = [];
  const type = getType(expr, true, diagnostics);
  return { type, diagnostics };
}

/** An exact type: no `any`, no optional(). */
export function exactType(expr: Expression): TypeResult {
  const diagnostics: Diagnostic[] = [];
  const type = getType(expr, false, diagnostics);
  return { type, diagnostics };
}

function err(detail: string, range: Range, context?: Range): Diagnostic {
  return { severity: 'error', summary: SUMMARY, detail, range, ...(context && { context }) };
}

/** hcl.ExprAsKeyword: a bare single name. */
function keyword(expr: Expression): string | undefined {
  return expr.kind === 'variable' ? expr.name : undefined;
}

function argsRange(call: CallExpr): Range {
  return { file: call.range.file, start: call.nameRange.end, end: call.range.end };
}

function getType(expr: Expression, constraint: boolean, diags: Diagnostic[]): Type {
  const kw = keyword(expr);
  if (kw !== undefined) {
    switch (kw) {
      case 'bool':
        return BOOL;
      case 'string':
        return STRING;
      case 'number':
        return NUMBER;
      case 'any':
        if (!constraint) {
          diags.push(err(`The keyword "any" cannot be used in this type specification: an exact type is required.`, expr.range));
        }
        return DYNAMIC;
      case 'list':
      case 'map':
      case 'set':
        diags.push(err(`The ${kw} type constructor requires one argument specifying the element type.`, expr.range));
        return DYNAMIC;
      case 'object':
        diags.push(err('The object type constructor requires one argument specifying the attribute types and values as a map.', expr.range));
        return DYNAMIC;
      case 'tuple':
        diags.push(err('The tuple type constructor requires one argument specifying the element types as a list.', expr.range));
        return DYNAMIC;
      default:
        diags.push(err(`The keyword "${kw}" is not a valid type specification.`, expr.range));
        return DYNAMIC;
    }
  }
  if (expr.kind !== 'call' || expr.expandFinal) {
    diags.push(
      err(
        'A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).',
        expr.range,
      ),
    );
    return DYNAMIC;
  }
  const call = expr;
  const args = argsRange(call);
  switch (call.name) {
    case 'bool':
    case 'string':
    case 'number':
      diags.push(err(`Primitive type keyword "${call.name}" does not expect arguments.`, args));
      return DYNAMIC;
    case 'any':
      diags.push(err(`Type constraint keyword "any" does not expect arguments.`, args));
      return DYNAMIC;
  }
  if (call.args.length !== 1 && ['list', 'set', 'map', 'object', 'tuple'].includes(call.name)) {
    const subject =
      call.args.length > 1 ? { file: args.file, start: call.args[1]!.range.start, end: call.args[call.args.length - 1]!.range.end } : args;
    const detail =
      call.name === 'object'
        ? 'The object type constructor requires one argument specifying the attribute types and values as a map.'
        : call.name === 'tuple'
          ? 'The tuple type constructor requires one argument specifying the element types as a list.'
          : `The ${call.name} type constructor requires one argument specifying the element type.`;
    diags.push(err(detail, subject, args));
    return DYNAMIC;
  }
  switch (call.name) {
    case 'list':
      return listOf(getType(call.args[0]!, constraint, diags));
    case 'set':
      return setOf(getType(call.args[0]!, constraint, diags));
    case 'map':
      return mapOf(getType(call.args[0]!, constraint, diags));
    case 'object':
      return objectType(call, constraint, diags);
    case 'tuple': {
      const list = call.args[0]!;
      if (list.kind !== 'tuple') {
        diags.push(err('Tuple type constructor requires a list of element types.', list.range, call.range));
        return DYNAMIC;
      }
      return tupleOf(list.items.map((item) => getType(item, constraint, diags)));
    }
    case 'optional':
      diags.push(err(`Keyword "optional" is valid only as a modifier for object type attributes.`, call.nameRange));
      return DYNAMIC;
    default:
      diags.push(err(`Keyword "${call.name}" is not a valid type constructor.`, call.range));
      return DYNAMIC;
  }
}

function objectType(call: CallExpr, constraint: boolean, diags: Diagnostic[]): Type {
  const map = call.args[0]!;
  if (map.kind !== 'object') {
    diags.push(
      err(
        'Object type constructor requires a map whose keys are attribute names and whose values are the corresponding attribute types.',
        map.range,
        call.range,
      ),
    );
    return DYNAMIC;
  }
  const attrs = new Map<string, Type>();
  const optional = new Set<string>();
  const defaults = new Map<string, Value>();
  for (const item of map.items) {
    const name = item.keyIsBareName ? keyword(item.key) : undefined;
    if (name === undefined) {
      diags.push(err('Object constructor map keys must be attribute names.', item.key.range, call.range));
      continue;
    }
    if (attrs.has(name)) {
      diags.push(err('Object constructor map keys must be unique.', item.key.range, call.range));
      continue;
    }
    let typeExpr = item.value;
    let defaultExpr: Expression | undefined;
    let defaultValue: Value | undefined;
    if (typeExpr.kind === 'call' && typeExpr.name === 'optional') {
      const opt = typeExpr;
      if (opt.args.length < 1) {
        diags.push(err('Optional attribute modifier requires the attribute type as its argument.', argsRange(opt), opt.range));
        continue;
      }
      if (!constraint) {
        diags.push(err('Optional attribute modifier is only for type constraints, not for exact types.', opt.nameRange, opt.range));
      } else if (opt.args.length === 2) {
        defaultExpr = opt.args[1]!;
        const r = evaluate(defaultExpr, {});
        diags.push(...r.diagnostics);
        if (!r.diagnostics.some((d) => d.severity === 'error')) {
          optional.add(name);
          defaultValue = r.value;
        }
      } else if (opt.args.length === 1) {
        optional.add(name);
      } else {
        diags.push(
          err('Optional attribute modifier expects at most two arguments: the attribute type, and a default value.', argsRange(opt), opt.range),
        );
      }
      typeExpr = opt.args[0]!;
    }
    const attrType = getType(typeExpr, constraint, diags);
    if (defaultValue && defaultExpr) {
      try {
        defaults.set(name, convert(defaultValue, attrType));
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        diags.push({
          severity: 'error',
          summary: 'Invalid default value for optional attribute',
          detail: `This default value is not compatible with the attribute's type constraint: ${e.message}.`,
          range: defaultExpr.range,
        });
      }
    }
    attrs.set(name, attrType);
  }
  return {
    kind: 'object',
    attrs,
    ...(optional.size > 0 && { optional }),
    ...(defaults.size > 0 && { defaults }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Defaults (typeexpr.Defaults.Apply), driven by the defaults recorded on object types

function hasDefaults(t: Type): boolean {
  switch (t.kind) {
    case 'object':
      return (t.defaults?.size ?? 0) > 0 || [...t.attrs.values()].some(hasDefaults);
    case 'list':
    case 'set':
    case 'map':
      return hasDefaults(t.elem);
    case 'tuple':
      return t.elems.some(hasDefaults);
    default:
      return false;
  }
}

/** Fills in defaults of optional attributes that are absent or null, at every depth, before conversion to `t`. */
export function applyDefaults(v: Value, t: Type): Value {
  if (!v.isKnown || v.isNull || !hasDefaults(t)) return v;
  const marks = v.marks;
  const plain = v.unmarked();
  const kind = plain.type.kind;
  let out: Value = plain;
  if (kind === 'list' || kind === 'set' || kind === 'tuple') {
    const values = elementsOf(plain).map((e, i) => {
      const child = t.kind === 'tuple' ? t.elems[i] : t.kind === 'list' || t.kind === 'set' || t.kind === 'map' ? t.elem : undefined;
      return child ? applyDefaults(e, child) : e;
    });
    out = kind !== 'tuple' && values.length === 0 ? plain : rebuildSequence(kind, values);
  } else if (kind === 'object' || kind === 'map') {
    const values = new Map<string, Value>();
    for (const [k, e] of entriesOfValue(plain)) {
      const child = t.kind === 'object' ? t.attrs.get(k) : t.kind === 'list' || t.kind === 'set' || t.kind === 'map' ? t.elem : undefined;
      values.set(k, child ? applyDefaults(e, child) : e);
    }
    if (t.kind === 'object') {
      for (const [k, d] of t.defaults ?? []) {
        const current = values.get(k);
        if (!current || current.isNull) values.set(k, applyDefaults(d, t.attrs.get(k) ?? DYNAMIC));
      }
    }
    out = kind === 'map' ? (unifiedMap(values) ?? objectVal(values)) : objectVal(values);
  }
  return marks.size ? out.withMarks(marks) : out;
}

function rebuildSequence(kind: 'list' | 'set' | 'tuple', values: Value[]): Value {
  if (kind === 'tuple') return tupleVal(values);
  const unified = unifyValues(values, true);
  if (!unified) return tupleVal(values);
  return kind === 'set' ? setVal(unified.values) : new Value(listOf(unified.type), unified.values);
}

function unifiedMap(values: Map<string, Value>): Value | undefined {
  if (values.size === 0) return undefined;
  const keys = [...values.keys()].sort();
  const unified = unifyValues(keys.map((k) => values.get(k)!), true);
  if (!unified) return undefined;
  return new Value(mapOf(unified.type), new Map(keys.map((k, i) => [k, unified.values[i]!])));
}
