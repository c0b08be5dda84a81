/**
 * Values and types with cty's semantics (what Packer evaluates HCL into).
 * A Value is immutable; `raw` holds the payload for its type:
 *   string → string, number → Decimal, bool → boolean,
 *   list/set/tuple → readonly Value[] (sets kept in cty's canonical order),
 *   map/object → ReadonlyMap<string, Value> (keys sorted lexically, as cty iterates them),
 *   and for any type: null (a null value) or UNKNOWN (known only at build time).
 * Marks (e.g. "sensitive") travel with values through operators and functions.
 */
import Decimal from 'decimal.js';

export type Type =
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'bool' }
  /** cty.DynamicPseudoType: "any" in constraints, the type of values whose type is not known yet. */
  | { readonly kind: 'dynamic' }
  | { readonly kind: 'list'; readonly elem: Type }
  | { readonly kind: 'set'; readonly elem: Type }
  | { readonly kind: 'map'; readonly elem: Type }
  | {
      readonly kind: 'object';
      readonly attrs: ReadonlyMap<string, Type>;
      /** Attributes declared with optional() in a type constraint. */
      readonly optional?: ReadonlySet<string>;
      /** Defaults given as optional(type, default) in a type constraint. */
      readonly defaults?: ReadonlyMap<string, Value>;
    }
  | { readonly kind: 'tuple'; readonly elems: readonly Type[] };

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

export type Raw = null | Unknown | string | boolean | Decimal | readonly Value[] | ReadonlyMap<string, Value>;

export type Mark = 'sensitive';
const NO_MARKS: ReadonlySet<Mark> = new Set();

export class Value {
  constructor(
    readonly type: Type,
    readonly raw: Raw,
    readonly marks: ReadonlySet<Mark> = NO_MARKS,
  ) {}

  get isNull(): boolean {
    return this.raw === null;
  }

  get isKnown(): boolean {
    return this.raw !== UNKNOWN;
  }

  get isSensitive(): boolean {
    return this.marks.has('sensitive');
  }

  withMarks(marks: Iterable<Mark>): Value {
    const merged = new Set<Mark>([...this.marks, ...marks]);
    return merged.size === this.marks.size ? this : new Value(this.type, this.raw, merged);
  }

  unmarked(): Value {
    return this.marks.size === 0 ? this : new Value(this.type, this.raw);
  }
}

export const STRING: Type = { kind: 'string' };
export const NUMBER: Type = { kind: 'number' };
export const BOOL: Type = { kind: 'bool' };
export const DYNAMIC: Type = { kind: 'dynamic' };

export const listOf = (elem: Type): Type => ({ kind: 'list', elem });
export const setOf = (elem: Type): Type => ({ kind: 'set', elem });
export const mapOf = (elem: Type): Type => ({ kind: 'map', elem });
export const tupleOf = (elems: readonly Type[]): Type => ({ kind: 'tuple', elems });
export const objectOf = (attrs: ReadonlyMap<string, Type> | Readonly<Record<string, Type>>): Type => ({
  kind: 'object',
  attrs: attrs instanceof Map ? attrs : new Map(Object.entries(attrs)),
});
export const EMPTY_OBJECT: Type = objectOf(new Map());
export const EMPTY_TUPLE: Type = tupleOf([]);

export const stringVal = (s: string): Value => new Value(STRING, s);
export const numberVal = (n: Decimal.Value): Value => new Value(NUMBER, new Decimal(n));
export const boolVal = (b: boolean): Value => new Value(BOOL, b);
export const TRUE = boolVal(true);
export const FALSE = boolVal(false);
export const nullVal = (t: Type = DYNAMIC): Value => new Value(t, null);
export const unknownVal = (t: Type = DYNAMIC): Value => new Value(t, UNKNOWN);
export const DYNAMIC_UNKNOWN = unknownVal(DYNAMIC);

export { Decimal };
