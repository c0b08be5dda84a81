/**
 * Turns an evaluated component body into the plain config the engine works with, the way Packer hands it to a
 * plugin: each value converted to the attribute's cty type (so `"true"` becomes a bool and `5` a string where
 * strings are wanted, with cty's error texts), Go durations parsed to milliseconds, declared defaults applied
 * and the plugin's own "required" checks made. Nested blocks become objects (single) or arrays (list).
 *
 * Keys the schema does not know are ignored here: reporting them is validateBody's job, and core-consumed keys
 * (only, except, pause_before, ...) travel in the same bodies.
 */
import type { Diagnostic, Range } from '../../hcl/diagnostic.js';
import { ConversionError, tryConvert } from '../../hcl/convert.js';
import { type Value, Decimal, elementsOf, entriesOfValue, isWhollyKnown } from '../../hcl/value.js';
import { parseDurationMs } from '../durations.js';
import type { CommunicatorConfig } from './communicators/index.js';
import { builderBodySchema } from './registry.js';
import type { AttributeSchema, BlockSchema, BodySchema, CommunicatorSupport, ComponentSchema, ConfigOf } from './types.js';

/** An evaluated body: structurally what the template model's evaluateBody returns. */
export interface DecodeInput {
  readonly attrs: ReadonlyMap<string, Value>;
  /** Where each attribute's value was written, for diagnostics. */
  readonly attrRanges?: ReadonlyMap<string, Range>;
  readonly blocks?: readonly DecodeBlockInput[];
  /** The body's block, where missing attributes are reported. */
  readonly range?: Range;
}

export interface DecodeBlockInput {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: DecodeInput;
  readonly range?: Range;
}

export interface DecodeResult<C> {
  readonly config: C;
  readonly diagnostics: Diagnostic[];
}

/** A JSON-like decoded value. */
export type PlainValue = string | number | boolean | null | readonly PlainValue[] | { readonly [key: string]: PlainValue };

export function decodeConfig<S extends BodySchema>(schema: S, input: DecodeInput | ReadonlyMap<string, Value>): DecodeResult<ConfigOf<S>> {
  const diagnostics: Diagnostic[] = [];
  const body = input instanceof Map ? { attrs: input } : (input as DecodeInput);
  const config = decodeBody(schema, body, diagnostics) as ConfigOf<S>;
  return { config, diagnostics };
}

/**
 * A builder's config including the communicator attributes every connecting builder accepts
 * (`communicator`, `ssh_*`, `winrm_*`).
 */
export function decodeBuilderConfig<S extends ComponentSchema>(
  schema: S,
  input: DecodeInput | ReadonlyMap<string, Value>,
): DecodeResult<BuilderConfigOf<S>> {
  const effective = builderBodySchema(schema.type) ?? schema;
  const { config, diagnostics } = decodeConfig(effective, input);
  return { config: config as BuilderConfigOf<S>, diagnostics };
}

/** A builder's decoded config: its own attributes, plus the communicator's when it connects to a machine. */
export type BuilderConfigOf<S extends ComponentSchema> = S extends { readonly communicator: CommunicatorSupport }
  ? ConfigOf<S> & CommunicatorConfig
  : ConfigOf<S>;

function decodeBody(schema: BodySchema, input: DecodeInput, diags: Diagnostic[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, attr] of Object.entries(schema.attributes)) {
    const value = decodeAttribute(attr, input.attrs.get(name), input.attrRanges?.get(name), diags);
    if (value !== undefined) {
      out[name] = value;
      continue;
    }
    if (attr.default && 'value' in attr.default) out[name] = attr.default.value;
    else if (attr.required && !isSet(input.attrs.get(name))) {
      diags.push(
        error(
          'Missing required argument',
          attr.requiredMessage ?? `The argument "${name}" is required, but no definition was found.`,
          input.range,
          'missing-argument',
        ),
      );
    }
  }
  for (const [type, block] of Object.entries(schema.blocks)) {
    const found = (input.blocks ?? []).filter((b) => b.type === type);
    const decoded = found.map((b) => decodeBody(block, { ...b.body, range: b.body.range ?? b.range }, diags));
    out[type] = block.nesting === 'single' ? decoded[0] : decoded;
    checkBlockPresence(block, found.length, input.range, diags);
  }
  return out;
}

function checkBlockPresence(block: BlockSchema, count: number, range: Range | undefined, diags: Diagnostic[]): void {
  if (count === 0 && block.required) {
    diags.push(error(`Missing ${block.type} block`, `A block of type "${block.type}" is required here.`, range, 'missing-block'));
  } else if (block.minItems && count < block.minItems) {
    diags.push(error(`Insufficient ${block.type} blocks`, `At least ${block.minItems} "${block.type}" blocks are required.`, range, 'missing-block'));
  }
}

const isSet = (v: Value | undefined): boolean => v !== undefined && !v.isNull;

/** The decoded value, or undefined when unset, null, not yet known or invalid (invalid adds a diagnostic). */
function decodeAttribute(attr: AttributeSchema, value: Value | undefined, range: Range | undefined, diags: Diagnostic[]): PlainValue | undefined {
  if (!value || value.isNull || !isWhollyKnown(value)) return undefined;
  const converted = tryConvert(value, attr.type);
  if (converted instanceof ConversionError) {
    diags.push(error('Incorrect attribute value type', `Inappropriate value for attribute "${attr.name}": ${converted.message}.`, range, 'attribute-type'));
    return undefined;
  }
  const plain = toPlain(converted);
  if (attr.duration && typeof plain === 'string') {
    // Plugins read an empty duration as "not set" and apply their default.
    if (plain === '') return undefined;
    const parsed = parseDurationMs(plain);
    if ('error' in parsed) {
      diags.push(error('Invalid duration', `error decoding '${attr.name}': ${parsed.error}`, range, 'invalid-duration'));
      return undefined;
    }
    return parsed.ms;
  }
  if (attr.enum && typeof plain === 'string' && plain !== '' && !attr.enum.includes(plain)) {
    const detail = attr.enumMessage ? attr.enumMessage.replace('%s', plain) : `The value "${plain}" is not one of: ${attr.enum.join(', ')}.`;
    diags.push(error('Invalid value', detail, range, 'invalid-value'));
    return undefined;
  }
  return plain;
}

/** A known value as JSON-like data: numbers as JS numbers, lists/sets/tuples as arrays, maps/objects as records. */
export function toPlain(v: Value): PlainValue {
  if (v.isNull || !v.isKnown) return null;
  const raw = v.raw;
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (raw instanceof Decimal) return raw.toNumber();
  if (Array.isArray(raw)) return elementsOf(v).map(toPlain);
  const out: Record<string, PlainValue> = {};
  for (const [k, e] of entriesOfValue(v)) out[k] = toPlain(e);
  return out;
}

function error(summary: string, detail: string, range: Range | undefined, code: string): Diagnostic {
  return { severity: 'error', summary, detail, ...(range ? { range } : {}), code };
}
