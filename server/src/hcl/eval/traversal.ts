/** Attribute access and indexing with hcl.GetAttr / hcl.Index semantics and messages. */
import type { Diagnostic, Range } from '../diagnostic.js';
import { ConversionError, convert } from '../convert.js';
import { typeName } from '../types.js';
import {
  DYNAMIC_UNKNOWN,
  NUMBER,
  STRING,
  type Mark,
  type Type,
  type Value,
  Decimal,
  elementsOf,
  entriesOfValue,
  isPrimitiveType,
  unknownVal,
} from '../value.js';
import { error } from './diagnostics.js';

export interface StepResult {
  readonly value: Value;
  readonly diagnostics: Diagnostic[];
}

const ok = (value: Value): StepResult => ({ value, diagnostics: [] });
const fail = (summary: string, detail: string, range: Range): StepResult => ({
  value: DYNAMIC_UNKNOWN,
  diagnostics: [error(summary, detail, range)],
});

const INVALID_INDEX = 'Invalid index';
const NO_ELEMENT = 'The given key does not identify an element in this collection value';

export function getAttr(obj: Value, name: string, range: Range): StepResult {
  if (obj.isNull) {
    return fail('Attempt to get attribute from null value', 'This value is null, so it does not have any attributes.', range);
  }
  const t = obj.type;
  const unsupported = 'Unsupported attribute';
  switch (t.kind) {
    case 'object': {
      const attrType = t.attrs.get(name);
      if (!attrType) return fail(unsupported, `This object does not have an attribute named "${name}".`, range);
      if (!obj.isKnown) return ok(unknownVal(attrType).withMarks(obj.marks));
      return ok(entriesOfValue(obj).get(name)!.withMarks(obj.marks));
    }
    case 'map': {
      if (!obj.isKnown) return ok(unknownVal(t.elem).withMarks(obj.marks));
      const elem = entriesOfValue(obj).get(name);
      if (!elem) return fail('Missing map element', `This map does not have an element with the key "${name}".`, range);
      return ok(elem.withMarks(obj.marks));
    }
    case 'dynamic':
      return ok(DYNAMIC_UNKNOWN.withMarks(obj.marks));
    case 'list':
      if (t.elem.kind === 'object') {
        const detail = t.elem.attrs.has(name)
          ? `Can't access attributes on a list of objects. Did you mean to access attribute "${name}" for a specific element of the list, or across all elements of the list?`
          : "Can't access attributes on a list of objects. Did you mean to access an attribute for a specific element of the list, or across all elements of the list?";
        return fail(unsupported, detail, range);
      }
      break;
    case 'set':
      if (t.elem.kind === 'object') {
        return fail(
          unsupported,
          "Can't access attributes on a set of objects. Did you mean to access an attribute across all elements of the set?",
          range,
        );
      }
      break;
    default:
      if (isPrimitiveType(t)) {
        return fail(unsupported, `Can't access attributes on a primitive-typed value (${typeName(t)}).`, range);
      }
  }
  return fail(unsupported, 'This value does not have any attributes.', range);
}

export function index(collection: Value, key: Value, range: Range): StepResult {
  if (collection.isNull) {
    return fail('Attempt to index null value', 'This value is null, so it does not have any indices.', range);
  }
  if (key.isNull) return fail(INVALID_INDEX, "Can't use a null value as an indexing key.", range);
  const t = collection.type;
  if (key.type.kind === 'dynamic' || t.kind === 'dynamic') return ok(DYNAMIC_UNKNOWN.withMarks(collection.marks));
  const marks = [...collection.marks, ...key.marks];
  switch (t.kind) {
    case 'list':
    case 'tuple':
    case 'map': {
      const wanted: Type = t.kind === 'map' ? STRING : NUMBER;
      let k: Value;
      try {
        k = convert(key.unmarked(), wanted);
      } catch (e) {
        if (e instanceof ConversionError) return fail(INVALID_INDEX, `${NO_ELEMENT}: ${e.message}.`, range);
        throw e;
      }
      if (!k.isKnown || !collection.isKnown) {
        return ok((t.kind === 'tuple' ? DYNAMIC_UNKNOWN : unknownVal(t.elem)).withMarks(marks));
      }
      if (t.kind === 'map') {
        const elem = entriesOfValue(collection).get(k.raw as string);
        return elem ? ok(elem.withMarks(marks)) : fail(INVALID_INDEX, `${NO_ELEMENT}.`, range);
      }
      return indexSequence(collection, k, range, marks);
    }
    case 'object': {
      const wasNumber = key.type.kind === 'number';
      let k: Value;
      try {
        k = convert(key.unmarked(), STRING);
      } catch (e) {
        if (e instanceof ConversionError) return fail(INVALID_INDEX, `${NO_ELEMENT}: ${e.message}.`, range);
        throw e;
      }
      if (!k.isKnown) return ok(DYNAMIC_UNKNOWN.withMarks(collection.marks));
      const name = k.raw as string;
      const attrType = t.attrs.get(name);
      if (!attrType) {
        const hint = wasNumber ? ' An object only supports looking up attributes by name, not by numeric index.' : '';
        return fail(INVALID_INDEX, `${NO_ELEMENT}.${hint}`, range);
      }
      if (!collection.isKnown) return ok(unknownVal(attrType).withMarks(marks));
      return ok(entriesOfValue(collection).get(name)!.withMarks(marks));
    }
    case 'set':
      return fail(
        INVALID_INDEX,
        "Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set.",
        range,
      );
    default:
      return fail(INVALID_INDEX, 'This value does not have any indices.', range);
  }
}

function indexSequence(collection: Value, key: Value, range: Range, marks: Iterable<Mark>): StepResult {
  const elems = elementsOf(collection);
  const n = key.raw as Decimal;
  if (n.isInteger() && !n.isNegative() && n.lessThan(elems.length)) return ok(elems[n.toNumber()]!.withMarks(marks));
  if (!n.isInteger()) {
    return fail(INVALID_INDEX, `${NO_ELEMENT}: indexing a sequence requires a whole number, but the given index has a fractional part.`, range);
  }
  if (n.isNegative()) {
    return fail(INVALID_INDEX, `${NO_ELEMENT}: a negative number is not a valid index for a sequence.`, range);
  }
  if (elems.length === 0) return fail(INVALID_INDEX, `${NO_ELEMENT}: the collection has no elements.`, range);
  return fail(INVALID_INDEX, `${NO_ELEMENT}: the given index is greater than or equal to the length of the collection.`, range);
}
