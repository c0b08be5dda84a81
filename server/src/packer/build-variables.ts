/**
 * The `build` object seen by provisioners and post-processors. Before the builder runs, its values are unknown
 * except `name`; the keys are those every builder provides (Packer's BuilderDataCommonKeys), so a misspelt
 * `build.Hots` is still reported.
 */
import { type Value, STRING, objectVal, stringVal, unknownVal } from '../hcl/value.js';
import { builderSchema } from './schema/registry.js';

const COMMON_KEYS = [
  'ID',
  'Host',
  'Port',
  'User',
  'Password',
  'ConnType',
  'PackerRunUUID',
  'PackerHTTPPort',
  'PackerHTTPIP',
  'PackerHTTPAddr',
  'SSHPublicKey',
  'SSHPrivateKey',
  'WinRMPassword',
];

/**
 * `known` holds the builder's generated data once it exists; before that, `generatedKeys` (the builder's declared
 * generated data, e.g. docker's ImageSha256) are unknown like the common keys, as Packer adds a builder's
 * generated-data names to the `build` object its provisioners and post-processors are decoded with.
 */
export function buildVariables(buildName: string | undefined, known: Readonly<Record<string, string>> = {}, generatedKeys: readonly string[] = []): Value {
  const attrs = new Map<string, Value>([...COMMON_KEYS, ...generatedKeys].map((k) => [k, unknownVal(STRING)]));
  attrs.set('name', buildName === undefined ? unknownVal(STRING) : stringVal(buildName));
  for (const [k, v] of Object.entries(known)) attrs.set(k, stringVal(v));
  return objectVal(attrs);
}

/** The names of the generated data a builder type declares (none for a type without a schema). */
export function generatedKeysOf(builderType: string): string[] {
  return (builderSchema(builderType)?.generatedData ?? []).map((g) => g.name);
}
