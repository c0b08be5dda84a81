/**
 * Type-level helpers with cty's semantics: equality, the friendly names used in messages, conformance and
 * unification (the latter lives with the conversion rules it depends on and is re-exported here).
 */
import { type Type, typeEquals, hasDynamicTypes, isPrimitiveType, isCollectionType, objectOf } from './value.js';

export { typeEquals, hasDynamicTypes, isPrimitiveType, isCollectionType };
export { unify, unifyUnsafe } from './convert.js';

/** cty Type.FriendlyName: "string", "list of number", "map of object", "dynamic", ... */
export function typeName(t: Type): string {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind} of ${typeName(t.elem)}`;
    default:
      return t.kind;
  }
}

/** cty Type.FriendlyNameForConstraint: like typeName but "any type" / "list of any single type" for dynamic. */
export function constraintName(t: Type): string {
  switch (t.kind) {
    case 'dynamic':
      return 'any type';
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind} of ${t.elem.kind === 'dynamic' ? 'any single type' : constraintName(t.elem)}`;
    default:
      return t.kind;
  }
}

/** The type without optional-attribute markers or defaults, at every depth (cty WithoutOptionalAttributesDeep). */
export function withoutOptional(t: Type): Type {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map':
      return { kind: t.kind, elem: withoutOptional(t.elem) };
    case 'tuple':
      return { kind: 'tuple', elems: t.elems.map(withoutOptional) };
    case 'object':
      return objectOf(new Map([...t.attrs].map(([k, a]) => [k, withoutOptional(a)])));
    default:
      return t;
  }
}

/** Whether `given` matches `want` where dynamic in either position acts as a wildcard (cty TestConformance). */
export function typeConforms(given: Type, want: Type): boolean {
  if (want.kind === 'dynamic' || given.kind === 'dynamic') return true;
  switch (want.kind) {
    case 'list':
    case 'set':
    case 'map':
      return given.kind === want.kind && typeConforms(given.elem, want.elem);
    case 'tuple':
      return (
        given.kind === 'tuple' &&
        given.elems.length === want.elems.length &&
        given.elems.every((t, i) => typeConforms(t, want.elems[i]!))
      );
    case 'object': {
      if (given.kind !== 'object' || given.attrs.size !== want.attrs.size) return false;
      for (const [name, t] of want.attrs) {
        const g = given.attrs.get(name);
        if (!g || !typeConforms(g, t)) return false;
      }
      return true;
    }
    default:
      return given.kind === want.kind;
  }
}

/** The element type of a list/set/map, or undefined for other kinds. */
export function elementType(t: Type): Type | undefined {
  return isCollectionType(t) ? t.elem : undefined;
}
