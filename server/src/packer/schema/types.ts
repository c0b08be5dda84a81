/**
 * The shape of a component schema: each builder, provisioner, post-processor, communicator and data source
 * declares its configuration once, as data, with these types. Completion, hover, validation and the engine's
 * config decoding all read that one declaration.
 *
 * Attributes carry a phantom TypeScript type (what decode.ts produces for them), so a component's config
 * interface is derived from its attribute list (`ConfigOf<typeof schema>`) and the two cannot drift.
 */
import { BOOL, NUMBER, STRING, listOf, mapOf, type Type } from '../../hcl/value.js';

export type ComponentKind = 'builder' | 'provisioner' | 'post-processor' | 'communicator' | 'datasource';

/** A default: the decoded value (with how Packer writes it, for hover), or a description of a computed one. */
export type DefaultSpec<T> = { readonly value: T; readonly text?: string } | { readonly computed: string };

declare const decoded: unique symbol;

export interface AttributeSchema<T = unknown, Present extends boolean = boolean> {
  readonly name: string;
  /** The cty type of the attribute in the plugin's HCL spec; values are converted to it with cty's rules. */
  readonly type: Type;
  /** One line for hover and completion. */
  readonly doc: string;
  /** Completion offers it in snippets; validation reports it missing. */
  readonly required?: boolean;
  /** The plugin's own error text when a required attribute is missing (decode reports it). */
  readonly requiredMessage?: string;
  readonly default?: DefaultSpec<T>;
  readonly sensitive?: boolean;
  /** The closed set of accepted values of a string attribute. */
  readonly enum?: readonly string[];
  /** The plugin's error text for a value outside `enum` (`%s` = the value). */
  readonly enumMessage?: string;
  /** Why it is deprecated and what to use instead. */
  readonly deprecated?: string;
  /** A Go duration string (`"5m"`, `"30s"`); decoded to milliseconds. */
  readonly duration?: boolean;
  /** Accepted (the plugin's spec has it) but not offered: keys Packer core injects, internal fields. */
  readonly hidden?: boolean;
  /** Type-level only: the decoded TypeScript type and whether decode always yields a value. */
  readonly [decoded]?: { readonly value: T; readonly present: Present };
}

export type NestingMode = 'single' | 'list';

export interface BodySchema {
  readonly attributes: Readonly<Record<string, AttributeSchema>>;
  readonly blocks: Readonly<Record<string, BlockSchema>>;
}

export interface BlockSchema<B extends BodySchema = BodySchema, N extends NestingMode = NestingMode> extends BodySchema {
  readonly type: string;
  readonly doc: string;
  /** single: at most one block (hcldec BlockSpec); list: repeatable (BlockListSpec). */
  readonly nesting: N;
  /** Label names, for blocks that take labels (none of the plugin blocks shipped today do). */
  readonly labels?: readonly string[];
  readonly required?: boolean;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly attributes: B['attributes'];
  readonly blocks: B['blocks'];
}

export interface CommunicatorSupport {
  /** The communicator used when `communicator` is not set. */
  readonly default: string;
  /** The `communicator` values the builder accepts. */
  readonly supported: readonly string[];
}

export interface GeneratedDataKey {
  readonly name: string;
  readonly doc: string;
}

export interface ComponentSchema<B extends BodySchema = BodySchema> extends BodySchema {
  readonly kind: ComponentKind;
  readonly type: string;
  readonly doc: string;
  readonly attributes: B['attributes'];
  readonly blocks: B['blocks'];
  /** Builders: which communicators they can use (their `ssh_*`/`winrm_*` attributes join the body). */
  readonly communicator?: CommunicatorSupport;
  /** Builders: the `build.<Key>` names they add besides the common ones. */
  readonly generatedData?: readonly GeneratedDataKey[];
  /** Data sources: the attributes of `data.<type>.<name>`. */
  readonly outputs?: Readonly<Record<string, AttributeSchema>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Declaring attributes

interface AttrOptions<T> {
  readonly required?: boolean;
  readonly requiredMessage?: string;
  readonly default?: DefaultSpec<T>;
  readonly sensitive?: boolean;
  readonly enum?: readonly string[];
  readonly enumMessage?: string;
  readonly deprecated?: string;
  readonly hidden?: boolean;
}

/** Whether decode always yields a value: required, or defaulted with a value (not a computed description). */
type IsPresent<O> = O extends { readonly required: true }
  ? true
  : O extends { readonly default: { readonly value: unknown } }
    ? true
    : false;

/** An attribute before its name is filled in by `attributes()`. */
export type AttrDef<T, P extends boolean> = Omit<AttributeSchema<T, P>, 'name'>;

function make<T>(type: Type, extra: { duration?: boolean }) {
  return <O extends AttrOptions<T> = Record<never, never>>(doc: string, opts?: O): AttrDef<T, IsPresent<O>> => ({
    type,
    doc,
    ...extra,
    ...(opts ?? {}),
  });
}

/** Attribute constructors, one per kind of value a Packer plugin config field decodes into. */
export const attr = {
  string: make<string>(STRING, {}),
  number: make<number>(NUMBER, {}),
  bool: make<boolean>(BOOL, {}),
  /** A Go duration given as a string; decoded to milliseconds. */
  duration: make<number>(STRING, { duration: true }),
  stringList: make<readonly string[]>(listOf(STRING), {}),
  numberList: make<readonly number[]>(listOf(NUMBER), {}),
  stringMap: make<Readonly<Record<string, string>>>(mapOf(STRING), {}),
};

type Named<R extends Record<string, AttrDef<unknown, boolean>>> = {
  readonly [K in keyof R & string]: R[K] & { readonly name: K };
};

/** Fills in each attribute's name from its key. */
export function attributes<R extends Record<string, AttrDef<unknown, boolean>>>(defs: R): Named<R> {
  const out: Record<string, AttributeSchema> = {};
  for (const [name, def] of Object.entries(defs)) out[name] = { ...def, name };
  return out as Named<R>;
}

/** A nested block; `blockType` is its type name as written in templates. */
export function block<
  A extends Readonly<Record<string, AttributeSchema>>,
  Bl extends Readonly<Record<string, BlockSchema>>,
  N extends NestingMode,
>(
  blockType: string,
  nesting: N,
  doc: string,
  body: { attributes: A; blocks?: Bl; labels?: readonly string[]; required?: boolean; minItems?: number; maxItems?: number },
): BlockSchema<{ attributes: A; blocks: Bl }, N> {
  const { blocks, ...rest } = body;
  return { type: blockType, nesting, doc, ...rest, blocks: (blocks ?? {}) as Bl };
}

/** A component declaration; its type keeps whether it declares a communicator (builders that connect). */
export function component<
  A extends Readonly<Record<string, AttributeSchema>>,
  Bl extends Readonly<Record<string, BlockSchema>> = Record<never, never>,
  Cm extends CommunicatorSupport | undefined = undefined,
>(
  c: Omit<ComponentSchema, 'attributes' | 'blocks' | 'communicator'> & { attributes: A; blocks?: Bl; communicator?: Cm },
): ComponentSchema<{ attributes: A; blocks: Bl }> & { readonly communicator: Cm } {
  return { ...c, blocks: (c.blocks ?? {}) as Bl, communicator: c.communicator as Cm };
}

// ---------------------------------------------------------------------------------------------------------------
// Deriving config interfaces

type AttrConfig<A> = A extends AttributeSchema<infer T, infer P> ? (P extends true ? T : T | undefined) : never;

type BlockConfig<B> =
  B extends BlockSchema<infer Body, infer N> ? (N extends 'list' ? readonly ConfigOf<Body>[] : ConfigOf<Body> | undefined) : never;

/** The plain config decode.ts produces for a body: attributes and nested blocks keyed by their HCL names. */
export type ConfigOf<S extends BodySchema> = {
  readonly [K in keyof S['attributes']]: AttrConfig<S['attributes'][K]>;
} & {
  readonly [K in keyof S['blocks']]: BlockConfig<S['blocks'][K]>;
};
