/**
 * Component configs for the engine, decoded from the one schema each component declares (packer/schema).
 * The engine receives plain JSON-like records (what the CLI evaluated, or what tests write); they are turned
 * back into values so the schema decoder applies cty's conversions, defaults and required checks exactly as
 * `validate` does. Every error is collected, so a component reports all its problems at once like Packer's
 * prepare step.
 */
import { hasErrors, type Diagnostic } from '../hcl/diagnostic.js';
import { boolVal, nullVal, numberVal, objectVal, stringVal, tupleVal, type Value } from '../hcl/value.js';
import { decodeBuilderConfig, decodeConfig, type BuilderConfigOf, type DecodeBlockInput, type DecodeInput } from '../packer/schema/decode.js';
import type { BodySchema, ComponentSchema, ConfigOf } from '../packer/schema/types.js';
import type { ConfigRecord } from './plan.js';

export class ConfigErrors extends Error {
  constructor(readonly errors: readonly string[]) {
    super(errors.join('\n'));
  }
}

/** The config of a provisioner or post-processor; `rules` adds what the schema cannot express. */
export function decodeComponent<S extends ComponentSchema>(schema: S, values: ConfigRecord, rules?: (c: ConfigOf<S>) => readonly string[]): ConfigOf<S> {
  const { config, diagnostics } = decodeConfig(schema, toDecodeInput(schema, values));
  return finish(config, diagnostics, rules);
}

/** A builder's config, communicator attributes included. */
export function decodeBuilder<S extends ComponentSchema>(
  schema: S,
  values: ConfigRecord,
  rules?: (c: BuilderConfigOf<S>) => readonly string[],
): BuilderConfigOf<S> {
  const { config, diagnostics } = decodeBuilderConfig(schema, toDecodeInput(schema, values));
  return finish(config, diagnostics, rules);
}

function finish<C>(config: C, diagnostics: readonly Diagnostic[], rules?: (c: C) => readonly string[]): C {
  // Rules only run on a config the schema accepted: they rely on its types and defaults.
  const problems = hasErrors(diagnostics) ? [] : [...(rules?.(config) ?? [])];
  const errors = [...diagnostics.filter((d) => d.severity === 'error').map((d) => d.detail || d.summary), ...problems];
  if (errors.length > 0) throw new ConfigErrors(errors);
  return config;
}

/** Keys naming a block of the schema become blocks (one record or a list of them); the rest are attributes. */
function toDecodeInput(schema: BodySchema, values: ConfigRecord): DecodeInput {
  const attrs = new Map<string, Value>();
  const blocks: DecodeBlockInput[] = [];
  for (const [key, v] of Object.entries(values)) {
    const block = schema.blocks[key];
    if (block && v !== null && typeof v === 'object') {
      const records = (Array.isArray(v) ? v : [v]) as ConfigRecord[];
      for (const r of records) blocks.push({ type: key, labels: [], body: toDecodeInput(block, r) });
      continue;
    }
    attrs.set(key, toValue(v));
  }
  return { attrs, blocks };
}

function toValue(v: unknown): Value {
  if (v === null || v === undefined) return nullVal();
  if (typeof v === 'string') return stringVal(v);
  if (typeof v === 'number') return numberVal(v);
  if (typeof v === 'boolean') return boolVal(v);
  if (Array.isArray(v)) return tupleVal(v.map(toValue));
  return objectVal(Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, e]) => [k, toValue(e)])));
}
