/**
 * The HCL expression evaluator: AST + EvalContext in, cty-like Value + diagnostics out, following hclsyntax's
 * Value methods (messages, ranges, unknown and mark propagation). It never throws: unexpected internal failures
 * and stack exhaustion on absurdly deep nesting become diagnostics.
 */
import type {
  AnonSymbolExpr,
  BinaryExpr,
  ConditionalExpr,
  Expression,
  ForExpr,
  ObjectExpr,
  SplatExpr,
  TemplateExpr,
  TemplatePart,
  UnaryExpr,
} from '../ast.js';
import type { Diagnostic, Range } from '../diagnostic.js';
import { ConversionError, convert, unifyUnsafe } from '../convert.js';
import { typeName } from '../types.js';
import {
  BOOL,
  DYNAMIC,
  DYNAMIC_UNKNOWN,
  EMPTY_TUPLE_VAL,
  type Mark,
  STRING,
  type Type,
  Value,
  elementsOf,
  entriesOfValue,
  listOf,
  listVal,
  nullVal,
  numberVal,
  objectVal,
  rawEquals,
  stringVal,
  tupleOf,
  tupleVal,
  typeEquals,
  unknownVal,
} from '../value.js';
import { type EvalResult, evaluateCall } from './call.js';
import { type EvalContext, allVariableNames, childContext, lookupVariable } from './context.js';
import { error, rangeAfter, rangeBetween } from './diagnostics.js';
import { applyBinary, applyUnary, binarySpec, OperationError, shortCircuit } from './operators.js';
import { nameSuggestion } from './suggest.js';
import { getAttr, index } from './traversal.js';

export type { EvalResult } from './call.js';

/** Evaluates an expression. Never throws. */
export function evaluate(expr: Expression, ctx: EvalContext): EvalResult {
  try {
    const r = new Evaluator().eval(expr, ctx);
    return { value: r.value, diagnostics: dedupe(r.diagnostics) };
  } catch (e) {
    if (e instanceof RangeError) {
      return {
        value: DYNAMIC_UNKNOWN,
        diagnostics: [error('Expression too complex', 'This expression is nested too deeply to be evaluated.', expr.range)],
      };
    }
    return {
      value: DYNAMIC_UNKNOWN,
      diagnostics: [
        error('Internal error in expression evaluation', e instanceof Error ? e.message : String(e), expr.range),
      ],
    };
  }
}

/** Evaluates and converts to a wanted type, reporting a conversion failure at the expression (like gohcl decoding). */
export function evaluateAs(expr: Expression, ctx: EvalContext, want: Type, summary = 'Incorrect attribute value type'): EvalResult {
  const r = evaluate(expr, ctx);
  if (r.diagnostics.some((d) => d.severity === 'error')) return r;
  try {
    return { value: convert(r.value, want), diagnostics: r.diagnostics };
  } catch (e) {
    if (!(e instanceof ConversionError)) throw e;
    return {
      value: unknownVal(want),
      diagnostics: [...r.diagnostics, error(summary, `Inappropriate value for attribute: ${e.message}.`, expr.range)],
    };
  }
}

function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const r = d.range;
    const key = `${d.summary}\0${d.detail}\0${r ? `${r.file}:${r.start.line}.${r.start.character}-${r.end.line}.${r.end.character}` : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const hasErrors = (diags: readonly Diagnostic[]): boolean => diags.some((d) => d.severity === 'error');

function withMarks(v: Value, ...sets: Iterable<Mark>[]): Value {
  const marks = new Set<Mark>();
  for (const s of sets) for (const m of s) marks.add(m);
  return marks.size ? v.withMarks(marks) : v;
}

/** The (key, value) pairs a for-expression or template for-directive iterates, in cty's order. */
function iterate(v: Value): [Value, Value][] {
  switch (v.type.kind) {
    case 'list':
    case 'tuple':
      return elementsOf(v).map((e, i) => [numberVal(i), e]);
    case 'set':
      return elementsOf(v).map((e) => [e, e]);
    default:
      return [...entriesOfValue(v)].map(([k, e]) => [stringVal(k), e]);
  }
}

const canIterate = (t: Type): boolean =>
  ['list', 'tuple', 'set', 'map', 'object'].includes(t.kind);

class Evaluator {
  /** Current element of each splat being evaluated. */
  private readonly anon = new Map<AnonSymbolExpr, Value>();

  eval(expr: Expression, ctx: EvalContext): EvalResult {
    switch (expr.kind) {
      case 'literal':
        return { value: expr.value, diagnostics: [] };
      case 'template':
        return this.template(expr, ctx);
      case 'variable':
        return this.variable(expr.name, expr.range, ctx);
      case 'getattr': {
        const obj = this.eval(expr.object, ctx);
        const step = getAttr(obj.value, expr.name, rangeAfter(expr.object.range, expr.range));
        return { value: step.value, diagnostics: [...obj.diagnostics, ...step.diagnostics] };
      }
      case 'index': {
        const coll = this.eval(expr.object, ctx);
        const key = this.eval(expr.key, ctx);
        const step = index(coll.value, key.value, rangeAfter(expr.object.range, expr.range));
        return { value: step.value, diagnostics: [...coll.diagnostics, ...key.diagnostics, ...step.diagnostics] };
      }
      case 'splat':
        return this.splat(expr, ctx);
      case 'anon':
        return { value: this.anon.get(expr) ?? DYNAMIC_UNKNOWN, diagnostics: [] };
      case 'call':
        return evaluateCall(expr, ctx, (e, c) => this.eval(e, c));
      case 'tuple': {
        const diagnostics: Diagnostic[] = [];
        const elems = expr.items.map((item) => {
          const r = this.eval(item, ctx);
          diagnostics.push(...r.diagnostics);
          return r.value;
        });
        return { value: tupleVal(elems), diagnostics };
      }
      case 'object':
        return this.object(expr, ctx);
      case 'for':
        return this.forExpr(expr, ctx);
      case 'conditional':
        return this.conditional(expr, ctx);
      case 'binary':
        return this.binary(expr, ctx);
      case 'unary':
        return this.unary(expr, ctx);
      case 'parens':
        return this.eval(expr.expr, ctx);
      case 'invalid':
        return { value: DYNAMIC_UNKNOWN, diagnostics: [] };
    }
  }

  private variable(name: string, range: Range, ctx: EvalContext): EvalResult {
    const { value, allowed } = lookupVariable(ctx, name);
    if (value) return { value, diagnostics: [] };
    if (!allowed) {
      return { value: DYNAMIC_UNKNOWN, diagnostics: [error('Variables not allowed', 'Variables may not be used here.', range)] };
    }
    const suggestion = nameSuggestion(name, allVariableNames(ctx));
    const d = error(
      'Unknown variable',
      `There is no variable named "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
      range,
    );
    return {
      value: DYNAMIC_UNKNOWN,
      diagnostics: [suggestion ? { ...d, code: 'unknown-variable', data: { suggestion } } : { ...d, code: 'unknown-variable' }],
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Templates

  private template(expr: TemplateExpr, ctx: EvalContext): EvalResult {
    const only = expr.parts.length === 1 ? expr.parts[0]! : undefined;
    // A template that is just "${x}" yields x itself, keeping its type (HCL's TemplateWrapExpr).
    if (only?.kind === 'interp') return this.eval(only.expr, ctx);
    return this.templateParts(expr.parts, expr.range, ctx);
  }

  private templateParts(parts: readonly TemplatePart[], range: Range, ctx: EvalContext): EvalResult {
    const diagnostics: Diagnostic[] = [];
    const marks = new Set<Mark>();
    let known = true;
    let out = '';
    for (const part of parts) {
      const r = this.templatePart(part, ctx);
      diagnostics.push(...r.diagnostics);
      const v = r.value;
      if (v.isNull) {
        diagnostics.push(
          error(
            'Invalid template interpolation value',
            'The expression result is null. Cannot include a null value in a string template.',
            part.range,
            range,
          ),
        );
        continue;
      }
      for (const m of v.marks) marks.add(m);
      if (!v.isKnown) {
        known = false;
        continue;
      }
      let s: Value;
      try {
        s = convert(v.unmarked(), STRING);
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        diagnostics.push(
          error(
            'Invalid template interpolation value',
            `Cannot include the given value in a string template: ${e.message}.`,
            part.range,
            range,
          ),
        );
        continue;
      }
      out += s.raw as string;
    }
    const value = known ? stringVal(out) : unknownVal(STRING);
    return { value: withMarks(value, marks), diagnostics };
  }

  private templatePart(part: TemplatePart, ctx: EvalContext): EvalResult {
    switch (part.kind) {
      case 'literal':
        return { value: stringVal(part.value), diagnostics: [] };
      case 'interp':
        return this.eval(part.expr, ctx);
      case 'if': {
        const thenR = this.templateParts(part.then, part.range, ctx);
        const elseR = part.else ? this.templateParts(part.else, part.range, ctx) : { value: stringVal(''), diagnostics: [] };
        return this.choose(part.cond, ctx, STRING, thenR, elseR, part.range, {
          then: { range: part.range },
          else: { range: part.range },
        });
      }
      case 'for': {
        const body: TemplateExpr = { kind: 'template', parts: part.body, range: part.range };
        const loop: ForExpr = {
          kind: 'for',
          ...(part.keyVar !== undefined && { keyVar: part.keyVar }),
          valueVar: part.valueVar,
          collection: part.collection,
          valueExpr: body,
          group: false,
          range: part.range,
        };
        return this.join(this.forExpr(loop, ctx), part.range);
      }
    }
  }

  /** HCL's TemplateJoinExpr: concatenates the strings a template for-directive produced. */
  private join(r: EvalResult, range: Range): EvalResult {
    const diagnostics = [...r.diagnostics];
    const tuple = r.value;
    if (tuple.type.kind === 'dynamic' || !tuple.isKnown) return { value: withMarks(unknownVal(STRING), tuple.marks), diagnostics };
    const marks = new Set<Mark>(tuple.marks);
    let out = '';
    for (const v of elementsOf(tuple)) {
      if (v.isNull) {
        diagnostics.push(
          error('Invalid template interpolation value', 'An iteration result is null. Cannot include a null value in a string template.', range),
        );
        continue;
      }
      if (v.type.kind === 'dynamic' || !v.isKnown) return { value: withMarks(unknownVal(STRING), marks), diagnostics };
      let s: Value;
      try {
        s = convert(v, STRING);
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        diagnostics.push(
          error(
            'Invalid template interpolation value',
            `Cannot include one of the interpolation results into the string template: ${e.message}.`,
            range,
          ),
        );
        continue;
      }
      for (const m of s.marks) marks.add(m);
      out += s.raw as string;
    }
    return { value: withMarks(stringVal(out), marks), diagnostics };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Collections

  private object(expr: ObjectExpr, ctx: EvalContext): EvalResult {
    const diagnostics: Diagnostic[] = [];
    const attrs = new Map<string, Value>();
    const marks = new Set<Mark>();
    let known = true;
    for (const item of expr.items) {
      const keyR: EvalResult =
        item.keyIsBareName && item.key.kind === 'variable'
          ? { value: stringVal(item.key.name), diagnostics: [] }
          : this.eval(item.key, ctx);
      diagnostics.push(...keyR.diagnostics);
      const valR = this.eval(item.value, ctx);
      diagnostics.push(...valR.diagnostics);
      if (hasErrors(keyR.diagnostics)) {
        known = false;
        continue;
      }
      const key = keyR.value;
      if (key.isNull) {
        diagnostics.push(error('Null value as key', "Can't use a null value as a key.", item.value.range));
        known = false;
        continue;
      }
      for (const m of key.marks) marks.add(m);
      let k: Value;
      try {
        k = convert(key.unmarked(), STRING);
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        diagnostics.push(error('Incorrect key type', `Can't use this value as a key: ${e.message}.`, item.key.range));
        known = false;
        continue;
      }
      if (!k.isKnown) {
        known = false;
        continue;
      }
      attrs.set(k.raw as string, valR.value);
    }
    if (!known) return { value: DYNAMIC_UNKNOWN, diagnostics };
    return { value: withMarks(objectVal(attrs), marks), diagnostics };
  }

  private forExpr(expr: ForExpr, ctx: EvalContext): EvalResult {
    const diagnostics: Diagnostic[] = [];
    const marks = new Set<Mark>();
    const collR = this.eval(expr.collection, ctx);
    diagnostics.push(...collR.diagnostics);
    const coll = collR.value;
    if (coll.isNull) {
      diagnostics.push(
        error('Iteration over null value', "A null value cannot be used as the collection in a 'for' expression.", expr.collection.range, expr.range),
      );
      return { value: DYNAMIC_UNKNOWN, diagnostics };
    }
    if (coll.type.kind === 'dynamic') return { value: DYNAMIC_UNKNOWN, diagnostics };
    for (const m of coll.marks) marks.add(m);
    if (!canIterate(coll.type)) {
      diagnostics.push(
        error(
          'Iteration over non-iterable value',
          `A value of type ${typeName(coll.type)} cannot be used as the collection in a 'for' expression.`,
          expr.collection.range,
          expr.range,
        ),
      );
      return { value: DYNAMIC_UNKNOWN, diagnostics };
    }
    const scope = (k: Value, v: Value): EvalContext => {
      const vars = new Map<string, Value>();
      if (expr.keyVar !== undefined) vars.set(expr.keyVar, k);
      vars.set(expr.valueVar, v);
      return childContext(ctx, vars);
    };

    if (expr.cond) {
      // Type-check the condition once with unknown iterator values, as HCL does, so that errors surface even for
      // empty or unknown collections.
      const r = this.eval(expr.cond, scope(DYNAMIC_UNKNOWN, DYNAMIC_UNKNOWN));
      diagnostics.push(...r.diagnostics);
      if (r.value.isNull) {
        diagnostics.push(error('Condition is null', "The value of the 'if' clause must not be null.", expr.cond.range, expr.range));
        return { value: DYNAMIC_UNKNOWN, diagnostics };
      }
      for (const m of r.value.marks) marks.add(m);
      try {
        convert(r.value.unmarked(), BOOL);
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        diagnostics.push(
          error("Invalid 'for' condition", `The 'if' clause value is invalid: ${e.message}.`, expr.cond.range, expr.range),
        );
        return { value: DYNAMIC_UNKNOWN, diagnostics };
      }
      if (hasErrors(r.diagnostics)) return { value: DYNAMIC_UNKNOWN, diagnostics };
    }
    if (!coll.isKnown) return { value: withMarks(DYNAMIC_UNKNOWN, marks), diagnostics };

    let known = true;
    const objectVals = new Map<string, Value>();
    const groups = new Map<string, Value[]>();
    const tupleVals: Value[] = [];
    for (const [k, v] of iterate(coll.unmarked())) {
      const itemCtx = scope(k, v);
      if (expr.cond) {
        const r = this.eval(expr.cond, itemCtx);
        diagnostics.push(...r.diagnostics);
        const include = r.value;
        if (include.isNull) {
          if (known) {
            diagnostics.push(error("Invalid 'for' condition", "The value of the 'if' clause must not be null.", expr.cond.range, expr.range));
          }
          known = false;
          continue;
        }
        for (const m of include.marks) marks.add(m);
        if (!include.isKnown) {
          known = false;
          continue;
        }
        let b: Value;
        try {
          b = convert(include.unmarked(), BOOL);
        } catch (e) {
          if (!(e instanceof ConversionError)) throw e;
          if (known) {
            diagnostics.push(
              error("Invalid 'for' condition", `The 'if' clause value is invalid: ${e.message}.`, expr.cond.range, expr.range),
            );
          }
          known = false;
          continue;
        }
        if (!b.isKnown) {
          known = false;
          continue;
        }
        if (b.raw === false) continue;
      }
      if (!expr.keyExpr) {
        const r = this.eval(expr.valueExpr, itemCtx);
        diagnostics.push(...r.diagnostics);
        tupleVals.push(r.value);
        continue;
      }
      const keyR = this.eval(expr.keyExpr, itemCtx);
      diagnostics.push(...keyR.diagnostics);
      const keyRaw = keyR.value;
      if (keyRaw.isNull) {
        if (known) {
          diagnostics.push(
            error('Invalid object key', "Key expression in 'for' expression must not produce a null value.", expr.keyExpr.range, expr.range),
          );
        }
        known = false;
        continue;
      }
      for (const m of keyRaw.marks) marks.add(m);
      if (!keyRaw.isKnown) {
        known = false;
        continue;
      }
      let key: Value;
      try {
        key = convert(keyRaw.unmarked(), STRING);
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        if (known) {
          diagnostics.push(
            error('Invalid object key', `The key expression produced an invalid result: ${e.message}.`, expr.keyExpr.range, expr.range),
          );
        }
        known = false;
        continue;
      }
      const name = key.raw as string;
      const valR = this.eval(expr.valueExpr, itemCtx);
      diagnostics.push(...valR.diagnostics);
      if (expr.group) {
        const g = groups.get(name);
        if (g) g.push(valR.value);
        else groups.set(name, [valR.value]);
      } else if (objectVals.has(name)) {
        diagnostics.push(
          error(
            'Duplicate object key',
            `Two different items produced the key "${name}" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.`,
            expr.keyExpr.range,
            expr.range,
          ),
        );
      } else {
        objectVals.set(name, valR.value);
      }
    }
    if (!known) return { value: withMarks(DYNAMIC_UNKNOWN, marks), diagnostics };
    if (!expr.keyExpr) return { value: withMarks(tupleVal(tupleVals), marks), diagnostics };
    if (expr.group) for (const [k, g] of groups) objectVals.set(k, tupleVal(g));
    return { value: withMarks(objectVal(objectVals), marks), diagnostics };
  }

  private splat(expr: SplatExpr, ctx: EvalContext): EvalResult {
    const anonNode = findAnon(expr.each);
    const sourceR = this.eval(expr.source, ctx);
    const diagnostics = [...sourceR.diagnostics];
    if (hasErrors(sourceR.diagnostics)) {
      diagnostics.push(...this.eval(expr.each, ctx).diagnostics);
      return { value: DYNAMIC_UNKNOWN, diagnostics };
    }
    let source = sourceR.value;
    const kind = source.type.kind;
    const autoUpgrade = !(kind === 'tuple' || kind === 'list' || kind === 'set');
    if (source.isNull) {
      if (autoUpgrade) return { value: withMarks(EMPTY_TUPLE_VAL, source.marks), diagnostics };
      diagnostics.push(
        error(
          'Splat of null value',
          'Splat expressions (with the * symbol) cannot be applied to null sequences.',
          expr.source.range,
          rangeBetween(expr.source.range, expr.range),
        ),
      );
      return { value: DYNAMIC_UNKNOWN, diagnostics };
    }
    if (kind === 'dynamic') return { value: withMarks(DYNAMIC_UNKNOWN, source.marks), diagnostics };
    let upgradedUnknown = false;
    if (autoUpgrade) {
      // We do not track "definitely not null" refinements, so an unknown non-sequence could always be null.
      if (!source.isKnown) upgradedUnknown = true;
      source = withMarks(tupleVal([source.unmarked()]), source.marks);
    }
    const each = (item: Value): EvalResult => {
      if (anonNode) this.anon.set(anonNode, item);
      try {
        return this.eval(expr.each, ctx);
      } finally {
        if (anonNode) this.anon.delete(anonNode);
      }
    };
    const resultType = (): { type: Type; diagnostics: Diagnostic[] } => {
      const t = source.type;
      if (t.kind === 'list' || t.kind === 'set') {
        const r = each(unknownVal(t.elem));
        return { type: listOf(r.value.type), diagnostics: r.diagnostics };
      }
      if (t.kind === 'tuple') {
        const ds: Diagnostic[] = [];
        const types = t.elems.map((et) => {
          const r = each(unknownVal(et));
          ds.push(...r.diagnostics);
          return r.value.type;
        });
        return { type: tupleOf(types), diagnostics: ds };
      }
      return { type: DYNAMIC, diagnostics: [] };
    };
    if (!source.isKnown) {
      const rt = resultType();
      diagnostics.push(...rt.diagnostics);
      return { value: withMarks(unknownVal(rt.type), source.marks), diagnostics };
    }
    const marks = source.marks;
    const vals: Value[] = [];
    let itemsKnown = true;
    for (const item of elementsOf(source)) {
      const r = each(item);
      diagnostics.push(...r.diagnostics);
      if (hasErrors(r.diagnostics)) itemsKnown = false;
      vals.push(r.value);
    }
    if (upgradedUnknown) return { value: withMarks(DYNAMIC_UNKNOWN, marks), diagnostics };
    if (!itemsKnown) return { value: withMarks(unknownVal(resultType().type), marks), diagnostics };
    if (source.type.kind === 'list' || source.type.kind === 'set') {
      if (vals.length === 0) {
        const rt = resultType();
        diagnostics.push(...rt.diagnostics);
        const elem = rt.type.kind === 'list' ? rt.type.elem : DYNAMIC;
        return { value: withMarks(listVal([], elem), marks), diagnostics };
      }
      if (!vals.every((v) => typeEquals(v.type, vals[0]!.type))) {
        diagnostics.push(
          error(
            'Invalid nested splat expressions',
            "The second level of splat expression produced elements of different types, so it isn't possible to construct a valid list to represent the top-level result.\n\nConsider using a for expression instead, to produce a tuple-typed result which can therefore have non-homogenous element types.",
            expr.each.range,
            expr.range,
          ),
        );
        return { value: DYNAMIC_UNKNOWN, diagnostics };
      }
      return { value: withMarks(listVal(vals), marks), diagnostics };
    }
    return { value: withMarks(tupleVal(vals), marks), diagnostics };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Conditionals and operators

  private conditional(expr: ConditionalExpr, ctx: EvalContext): EvalResult {
    const thenR = this.eval(expr.then, ctx);
    const elseR = this.eval(expr.else, ctx);
    const t = thenR.value;
    const f = elseR.value;
    const nullDynamic = nullVal(DYNAMIC);
    let resultType: Type | undefined;
    if (rawEquals(t, nullDynamic)) resultType = f.type;
    else if (rawEquals(f, nullDynamic)) resultType = t.type;
    else if (t.type.kind === 'dynamic' || f.type.kind === 'dynamic') resultType = DYNAMIC;
    else resultType = unifyUnsafe([t.type, f.type]);
    if (!resultType) {
      return {
        value: DYNAMIC_UNKNOWN,
        diagnostics: [
          error(
            'Inconsistent conditional result types',
            `The true and false result expressions must have consistent types. ${describeMismatch(t.type, f.type)}.`,
            rangeBetween(expr.then.range, expr.else.range),
            expr.range,
          ),
        ],
      };
    }
    return this.choose(expr.cond, ctx, resultType, thenR, elseR, expr.range, {
      then: { range: expr.then.range },
      else: { range: expr.else.range },
    });
  }

  /** The shared tail of conditionals and template if-directives: evaluate the condition and pick a branch. */
  private choose(
    condExpr: Expression,
    ctx: EvalContext,
    resultType: Type,
    thenR: EvalResult,
    elseR: EvalResult,
    range: Range,
    ranges: { then: { range: Range }; else: { range: Range } },
  ): EvalResult {
    const condR = this.eval(condExpr, ctx);
    const diagnostics = [...condR.diagnostics];
    const cond = condR.value;
    if (cond.isNull) {
      diagnostics.push(error('Null condition', 'The condition value is null. Conditions must either be true or false.', condExpr.range, range));
      return { value: unknownVal(resultType), diagnostics };
    }
    const marks = [cond.marks, thenR.value.marks, elseR.value.marks];
    const t = thenR.value.unmarked();
    const f = elseR.value.unmarked();
    if (!cond.isKnown) {
      if (t.isNull && f.isNull) return { value: withMarks(nullVal(resultType), ...marks), diagnostics };
      return { value: withMarks(unknownVal(resultType), ...marks), diagnostics };
    }
    let b: Value;
    try {
      b = convert(cond.unmarked(), BOOL);
    } catch (e) {
      if (!(e instanceof ConversionError)) throw e;
      diagnostics.push(error('Incorrect condition type', 'The condition expression must be of type bool.', condExpr.range, range));
      return { value: unknownVal(resultType), diagnostics };
    }
    const pickThen = b.raw === true;
    const chosen = pickThen ? t : f;
    diagnostics.push(...(pickThen ? thenR : elseR).diagnostics);
    let value = chosen;
    if (resultType.kind !== 'dynamic' && !typeEquals(chosen.type, resultType)) {
      try {
        value = convert(chosen, resultType);
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        diagnostics.push(
          error(
            'Inconsistent conditional result types',
            `The ${pickThen ? 'true' : 'false'} result value has the wrong type: ${e.message}.`,
            (pickThen ? ranges.then : ranges.else).range,
            range,
          ),
        );
        value = unknownVal(resultType);
      }
    }
    return { value: withMarks(value, ...marks), diagnostics };
  }

  private binary(expr: BinaryExpr, ctx: EvalContext): EvalResult {
    const { operandType, resultType } = binarySpec(expr.op);
    const diagnostics: Diagnostic[] = [];
    const lhsR = this.eval(expr.left, ctx);
    let lhs = lhsR.value;
    try {
      lhs = convert(lhs, operandType);
    } catch (e) {
      if (!(e instanceof ConversionError)) throw e;
      diagnostics.push(error('Invalid operand', `Unsuitable value for left operand: ${e.message}.`, expr.left.range, expr.range));
    }
    const rhsR = this.eval(expr.right, ctx);
    let rhs = rhsR.value;
    try {
      rhs = convert(rhs, operandType);
    } catch (e) {
      if (!(e instanceof ConversionError)) throw e;
      diagnostics.push(error('Invalid operand', `Unsuitable value for right operand: ${e.message}.`, expr.right.range, expr.range));
    }
    if (diagnostics.length > 0) {
      return { value: unknownVal(resultType), diagnostics: [...diagnostics, ...lhsR.diagnostics, ...rhsR.diagnostics] };
    }
    const marks = [lhs.marks, rhs.marks];
    const plainL = lhs.unmarked();
    const plainR = rhs.unmarked();
    const sc = shortCircuit(expr.op, plainL, plainR);
    if (sc && !(sc.side === 'lhs' && !plainL.isKnown && !plainR.isKnown && hasErrors(lhsR.diagnostics))) {
      return { value: withMarks(sc.value, ...marks), diagnostics: sc.side === 'lhs' ? lhsR.diagnostics : rhsR.diagnostics };
    }
    diagnostics.push(...lhsR.diagnostics, ...rhsR.diagnostics);
    if (hasErrors(diagnostics)) return { value: withMarks(unknownVal(resultType), ...marks), diagnostics };
    try {
      const isEquality = expr.op === '==' || expr.op === '!=';
      const result = isEquality ? applyBinary(expr.op, lhs, rhs) : applyBinary(expr.op, plainL, plainR);
      return { value: withMarks(result, ...marks), diagnostics };
    } catch (e) {
      if (!(e instanceof OperationError)) throw e;
      diagnostics.push(error('Operation failed', `Error during operation: ${e.message}.`, expr.range));
      return { value: unknownVal(resultType), diagnostics };
    }
  }

  private unary(expr: UnaryExpr, ctx: EvalContext): EvalResult {
    const type = expr.op === '!' ? BOOL : binarySpec('-').operandType;
    const r = this.eval(expr.operand, ctx);
    const diagnostics = [...r.diagnostics];
    let v = r.value;
    try {
      v = convert(v, type);
    } catch (e) {
      if (!(e instanceof ConversionError)) throw e;
      diagnostics.push(error('Invalid operand', `Unsuitable value for unary operand: ${e.message}.`, expr.operand.range, expr.range));
    }
    if (hasErrors(diagnostics)) return { value: unknownVal(type), diagnostics };
    try {
      return { value: withMarks(applyUnary(expr.op, v.unmarked()), v.marks), diagnostics };
    } catch (e) {
      if (!(e instanceof OperationError)) throw e;
      diagnostics.push(error('Operation failed', `Error during operation: ${e.message}.`, expr.range));
      return { value: unknownVal(type), diagnostics };
    }
  }
}

/** The placeholder a splat's `each` expression refers to (the innermost-left leaf of the traversal chain). */
function findAnon(expr: Expression): AnonSymbolExpr | undefined {
  let e: Expression = expr;
  for (;;) {
    switch (e.kind) {
      case 'anon':
        return e;
      case 'getattr':
      case 'index':
        e = e.object;
        break;
      case 'splat':
        e = e.source;
        break;
      default:
        return undefined;
    }
  }
}

/** hclsyntax describeConditionalTypeMismatch. */
function describeMismatch(a: Type, b: Type): string {
  if (a.kind === 'object' && b.kind === 'object') {
    for (const name of [...a.attrs.keys()].sort()) {
      const bt = b.attrs.get(name);
      if (!bt) return `The 'true' value includes object attribute "${name}", which is absent in the 'false' value`;
      const at = a.attrs.get(name)!;
      if (!typeEquals(at, bt)) return `Type mismatch for object attribute "${name}": ${describeMismatch(at, bt)}`;
    }
    for (const name of [...b.attrs.keys()].sort()) {
      if (!a.attrs.has(name)) return `The 'false' value includes object attribute "${name}", which is absent in the 'true' value`;
    }
  } else if (a.kind === 'tuple' && b.kind === 'tuple') {
    if (a.elems.length !== b.elems.length) {
      return `The 'true' tuple has length ${a.elems.length}, but the 'false' tuple has length ${b.elems.length}`;
    }
    for (let i = 0; i < a.elems.length; i++) {
      if (!typeEquals(a.elems[i]!, b.elems[i]!)) {
        return `Type mismatch for tuple element ${i}: ${describeMismatch(a.elems[i]!, b.elems[i]!)}`;
      }
    }
  } else if (
    (a.kind === 'list' || a.kind === 'set' || a.kind === 'map') &&
    a.kind === b.kind &&
    ((a.elem.kind === 'object' && b.elem.kind === 'object') || (a.elem.kind === 'tuple' && b.elem.kind === 'tuple'))
  ) {
    return `Mismatched ${a.kind} element types: ${describeMismatch(a.elem, b.elem)}`;
  }
  const an = typeName(a);
  const bn = typeName(b);
  if (an === bn) {
    return "At least one deeply-nested attribute or element is not compatible across both the 'true' and the 'false' value";
  }
  return `The 'true' value is ${an}, but the 'false' value is ${bn}`;
}
